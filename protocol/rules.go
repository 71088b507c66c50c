package protocol

import "strconv"

// Rule is one requirement of RFC 6455 that input can break. Rules are
// comparable sentinels: errors.Is(err, ErrReservedOpcode) reports whether err
// is a violation of that rule.
type Rule struct {
	ID      string     // stable id, e.g. "reserved-opcode"; notes use "rule."+ID
	Section string     // RFC 6455 section, e.g. "5.2"
	Text    string     // the rule in one English sentence
	Close   StatusCode // close code an endpoint fails the connection with (frames)
	HTTP    int        // status a server answers with (handshake); 0 for frame rules
	RFC     string     // the RFC of Section; empty means "6455" (permessage-deflate rules say "7692")
}

func (r *Rule) Error() string {
	return r.Text + " (RFC " + r.RFCNumber() + " section " + r.Section + ")"
}

// RFCNumber is the RFC that defines the rule, "6455" unless it is an
// extension's.
func (r *Rule) RFCNumber() string {
	if r.RFC == "" {
		return "6455"
	}
	return r.RFC
}

// NoteID is the id of the rule's sentence in the catalogue of notes.
func (r *Rule) NoteID() string { return "rule." + r.ID }

// Violation is a Rule broken by a particular input: where (a byte offset into
// what was parsed) and by what value.
type Violation struct {
	Rule   *Rule
	Offset int64  // byte offset of the offending byte, -1 when not tied to one
	Value  string // the offending value as read, e.g. "0x3" or "1005"
}

func (v *Violation) Error() string {
	s := "wsplay: " + v.Rule.ID + ": " + v.Rule.Error()
	if v.Offset >= 0 {
		s += " at byte " + strconv.FormatInt(v.Offset, 10)
	}
	if v.Value != "" {
		s += " (found " + v.Value + ")"
	}
	return s
}

// Unwrap lets errors.Is match the violated Rule.
func (v *Violation) Unwrap() error { return v.Rule }

// shifted returns a copy of v whose offset is moved by base, for violations
// found inside a payload that starts at base.
func (v *Violation) shifted(base int64) *Violation {
	c := *v
	if c.Offset >= 0 {
		c.Offset += base
	}
	return &c
}

func violation(r *Rule, off int64, value string) *Violation {
	return &Violation{Rule: r, Offset: off, Value: value}
}

func frameRule(id, section, text string, code StatusCode) *Rule {
	r := &Rule{ID: id, Section: section, Text: text, Close: code}
	allRules = append(allRules, r)
	return r
}

func handshakeRule(id, section, text string, status int) *Rule {
	r := &Rule{ID: id, Section: section, Text: text, HTTP: status}
	allRules = append(allRules, r)
	return r
}

// extensionRule is a rule of an extension's RFC (RFC 7692 for
// permessage-deflate).
func extensionRule(rfc, id, section, text string, code StatusCode) *Rule {
	r := &Rule{ID: id, Section: section, Text: text, Close: code, RFC: rfc}
	allRules = append(allRules, r)
	return r
}

var allRules []*Rule

// Rules returns every rule the package can report, in a stable order.
func Rules() []*Rule { return append([]*Rule(nil), allRules...) }

// Framing rules (RFC 6455 sections 5 to 8).
var (
	ErrReservedOpcode = frameRule("reserved-opcode", "5.2",
		"opcodes 0x3-0x7 and 0xB-0xF are reserved; an endpoint that receives one must fail the connection", StatusProtocolError)
	ErrReservedBits = frameRule("rsv-without-extension", "5.2",
		"RSV1, RSV2 and RSV3 must be 0 unless a negotiated extension gives them a meaning", StatusProtocolError)
	ErrUnmaskedClientFrame = frameRule("client-frame-unmasked", "5.1",
		"every frame a client sends must be masked; a server must close the connection on an unmasked frame", StatusProtocolError)
	ErrMaskedServerFrame = frameRule("server-frame-masked", "5.1",
		"a server must not mask the frames it sends; a client must close the connection on a masked frame", StatusProtocolError)
	ErrControlTooLong = frameRule("control-too-long", "5.5",
		"a control frame's payload must be 125 bytes or less", StatusProtocolError)
	ErrControlFragmented = frameRule("control-fragmented", "5.5",
		"control frames must not be fragmented: FIN must be 1", StatusProtocolError)
	ErrLengthHighBit = frameRule("length-high-bit", "5.2",
		"the most significant bit of a 64-bit payload length must be 0", StatusProtocolError)
	ErrLengthNotMinimal = frameRule("length-not-minimal", "5.2",
		"the payload length must use the fewest bytes: 7 bits up to 125, 16 bits up to 65535, 64 bits beyond", StatusProtocolError)
	ErrTooBig = frameRule("too-big", "10.4",
		"the payload is larger than this endpoint accepts; it closes with 1009", StatusMessageTooBig)
	ErrCloseBodyOneByte = frameRule("close-body-one-byte", "5.5.1",
		"a close frame's body is empty or starts with a 2-byte status code, so it can never be 1 byte long", StatusProtocolError)
	ErrCloseCodeInvalid = frameRule("close-code-invalid", "7.4.2",
		"the close code is in a range that is not used or not yet assigned (valid: 1000-1003, 1007-1014, 3000-4999)", StatusProtocolError)
	ErrCloseCodeLocal = frameRule("close-code-local-only", "7.4.1",
		"1005, 1006 and 1015 describe a closure to the application and must never be sent in a close frame", StatusProtocolError)
	ErrInvalidUTF8 = frameRule("text-invalid-utf8", "8.1",
		"a text message must be valid UTF-8 once reassembled; the endpoint closes with 1007 at the first byte that cannot become valid", StatusInvalidPayload)
	ErrCloseReasonUTF8 = frameRule("close-reason-invalid-utf8", "5.5.1",
		"the reason in a close frame must be valid UTF-8", StatusInvalidPayload)
	ErrContinuationWithoutStart = frameRule("continuation-without-start", "5.4",
		"a continuation frame (opcode 0x0) must follow a data frame whose FIN was 0", StatusProtocolError)
	ErrDataInsideFragmented = frameRule("data-inside-fragmented", "5.4",
		"while a fragmented message is open, only continuation frames and control frames may arrive, not a new text or binary frame", StatusProtocolError)
)

// Opening handshake rules (RFC 6455 section 4).
var (
	ErrMalformedHTTP = handshakeRule("http-malformed", "4.1",
		"the handshake must be a well-formed HTTP/1.1 message: a start line, header lines ending in CRLF, and an empty line", 400)
	ErrMethodNotGet = handshakeRule("handshake-method", "4.2.1",
		"the opening handshake must be an HTTP GET request", 405)
	ErrHTTPVersion = handshakeRule("handshake-http-version", "4.2.1",
		"the opening handshake must use HTTP/1.1 or later", 400)
	ErrMissingHost = handshakeRule("handshake-host", "4.2.1",
		"the request must carry a Host header", 400)
	ErrUpgradeHeader = handshakeRule("handshake-upgrade", "4.2.1",
		"the request must carry an Upgrade header whose value is \"websocket\" (any letter case)", 400)
	ErrConnectionHeader = handshakeRule("handshake-connection", "4.2.1",
		"the Connection header must include the token \"Upgrade\" (any letter case)", 400)
	ErrMissingKey = handshakeRule("handshake-key-missing", "4.2.1",
		"the request must carry exactly one Sec-WebSocket-Key header", 400)
	ErrInvalidKey = handshakeRule("handshake-key-invalid", "4.2.1",
		"Sec-WebSocket-Key must be the base64 encoding of exactly 16 bytes (24 characters ending in \"==\")", 400)
	ErrVersion = handshakeRule("handshake-version", "4.4",
		"Sec-WebSocket-Version must be 13; a server answers 426 and lists the versions it speaks in Sec-WebSocket-Version", 426)
	ErrResponseStatus = handshakeRule("response-status", "4.1",
		"the server's answer must have status 101 Switching Protocols, otherwise the handshake failed", 0)
	ErrResponseUpgrade = handshakeRule("response-upgrade", "4.1",
		"the response must carry an Upgrade header whose value is \"websocket\" (any letter case)", 0)
	ErrResponseConnection = handshakeRule("response-connection", "4.1",
		"the response's Connection header must include the token \"Upgrade\" (any letter case)", 0)
	ErrResponseAccept = handshakeRule("response-accept", "4.1",
		"Sec-WebSocket-Accept must equal base64(SHA-1(key + GUID)) for the key the client sent", 0)
	ErrResponseExtension = handshakeRule("response-extension", "4.1",
		"the server may only accept extensions the client offered", 0)
	ErrResponseProtocol = handshakeRule("response-protocol", "4.1",
		"the server may only choose a subprotocol the client offered", 0)
)

// permessage-deflate rules (RFC 7692).
var (
	ErrCompressedControl = extensionRule("7692", "pmd-rsv1-control", "6",
		"control frames are never compressed: with permessage-deflate, RSV1 on a ping, pong or close frame fails the connection", StatusProtocolError)
	ErrCompressedContinuation = extensionRule("7692", "pmd-rsv1-continuation", "6",
		"RSV1 marks a compressed message on its first frame only; a continuation frame with RSV1 fails the connection", StatusProtocolError)
	ErrInflate = extensionRule("7692", "pmd-inflate", "7.2.2",
		"a compressed message, with 00 00 ff ff appended, must be valid DEFLATE data; the endpoint closes with 1007", StatusInvalidPayload)
	ErrResponseDeflate = extensionRule("7692", "response-deflate", "7.1",
		"the server's permessage-deflate parameters must be known, each given once with a valid value, and only what the client's offer allows", 0)
)
