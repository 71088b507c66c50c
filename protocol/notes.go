package protocol

import "strings"

// Note is a sentence by stable id, with the values it mentions. The English
// wording lives in this package; a page keeps its own wording per language
// under the same ids and fills {0}, {1}… with Args.
type Note struct {
	ID   string
	Args []string
}

// English renders the note with its English template. An unknown id renders
// as the id itself, which the tests forbid.
func (n Note) English() string {
	t, ok := english[n.ID]
	if !ok {
		return n.ID
	}
	for i, a := range n.Args {
		t = strings.ReplaceAll(t, "{"+itoa(i)+"}", a)
	}
	return t
}

// NoteIDs lists every note id the package can emit, sorted: the keys a
// translation must cover.
func NoteIDs() []string {
	ids := make([]string, 0, len(english))
	for id := range english {
		ids = append(ids, id)
	}
	sortStrings(ids)
	return ids
}

// sortStrings sorts a few hundred ids by insertion. sort.Strings would
// link slices.Sort's pdqsort for strings into the wasm, about 5 KB of
// brotli, for a list the page asks for once.
func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// EnglishTemplate returns the English template of id, with its {n}
// placeholders, and whether the id exists.
func EnglishTemplate(id string) (string, bool) {
	t, ok := english[id]
	return t, ok
}

func init() {
	for _, r := range allRules {
		english[r.NoteID()] = r.Text
	}
}

var english = map[string]string{
	// Field names (section 5.2 diagram).
	"field.fin":          "FIN",
	"field.rsv1":         "RSV1",
	"field.rsv2":         "RSV2",
	"field.rsv3":         "RSV3",
	"field.opcode":       "Opcode",
	"field.mask":         "MASK",
	"field.length7":      "Payload length (7 bits)",
	"field.length16":     "Extended payload length (16 bits)",
	"field.length64":     "Extended payload length (64 bits)",
	"field.mask-key":     "Masking key",
	"field.payload":      "Payload data",
	"field.close-code":   "Close status code",
	"field.close-reason": "Close reason",

	// Field meanings.
	"fin.1":          "FIN is 1: this frame ends its message.",
	"fin.0":          "FIN is 0: more frames of this message follow.",
	"rsv.0":          "{0} is 0, as it must be when no extension gives it a meaning.",
	"rsv.1":          "{0} is 1: only allowed when a negotiated extension defines it (permessage-deflate uses RSV1 for compressed messages).",
	"mask.1":         "MASK is 1: a 4-byte masking key follows the length and the payload is XORed with it. Clients must mask every frame.",
	"mask.0":         "MASK is 0: no key, the payload travels as it is. Servers never mask.",
	"length7.direct": "The payload is {0} bytes. Up to 125 fits directly in these 7 bits.",
	"length7.ext16":  "126 is a marker: the payload is longer than 125 bytes, so the real length follows in 16 bits (up to 65535).",
	"length7.ext64":  "127 is a marker: the payload is longer than 65535 bytes, so the real length follows in 64 bits.",
	"length16":       "The payload is {0} bytes, written as a 16-bit unsigned number, most significant byte first (network byte order).",
	"length64":       "The payload is {0} bytes, written as a 64-bit unsigned number, most significant byte first; its top bit must be 0.",
	"mask-key":       "Masking key {0}, chosen at random by the client for each frame: payload byte i is XORed with key byte i mod 4.",
	"payload.plain":  "{0} bytes of application data, sent as they are.",
	"payload.masked": "{0} bytes of application data as they travel, masked; XOR with the key again to read them.",
	"close-reason":   "{0} bytes of UTF-8 text that say why the endpoint is closing; meant for debugging, not for users.",

	// Opcodes (section 5.2, 11.8).
	"opcode.continuation":     "0x0 continuation: carries the next piece of a fragmented message.",
	"opcode.text":             "0x1 text: starts a message of UTF-8 text.",
	"opcode.binary":           "0x2 binary: starts a message of arbitrary bytes.",
	"opcode.close":            "0x8 close: starts or answers the closing handshake.",
	"opcode.ping":             "0x9 ping: a heartbeat; the other side must answer with a pong.",
	"opcode.pong":             "0xA pong: answers a ping with the same payload, or serves as a one-way heartbeat.",
	"opcode.reserved-data":    "{0} is reserved for future data frames; receiving it fails the connection.",
	"opcode.reserved-control": "{0} is reserved for future control frames; receiving it fails the connection.",

	// Close status codes (section 7.4).
	"status.normal-closure":      "{0}: normal closure, the purpose of the connection is fulfilled.",
	"status.going-away":          "{0}: going away, e.g. a server shutting down or a browser leaving the page.",
	"status.protocol-error":      "{0}: the endpoint received something that breaks the protocol.",
	"status.unsupported-data":    "{0}: the endpoint received a kind of data it cannot accept (e.g. binary when it only reads text).",
	"status.reserved-1004":       "{0}: reserved, no meaning has been given to it.",
	"status.no-status-received":  "{0}: no status code was present. Only reported to applications, never sent.",
	"status.abnormal-closure":    "{0}: the connection dropped without a close frame. Only reported to applications, never sent.",
	"status.invalid-payload":     "{0}: a message's data did not match its type, e.g. invalid UTF-8 in a text message.",
	"status.policy-violation":    "{0}: a message broke the endpoint's policy; a generic code when nothing more specific fits.",
	"status.message-too-big":     "{0}: a message was too big to process.",
	"status.mandatory-extension": "{0}: the client needed an extension the server did not agree to.",
	"status.internal-error":      "{0}: the server met an unexpected condition.",
	"status.service-restart":     "{0}: the service is restarting (registered with IANA after RFC 6455).",
	"status.try-again-later":     "{0}: the service is overloaded, try again later (registered with IANA after RFC 6455).",
	"status.bad-gateway":         "{0}: a gateway got a bad answer from upstream (registered with IANA after RFC 6455).",
	"status.tls-handshake":       "{0}: the TLS handshake failed. Only reported to applications, never sent.",
	"status.unused":              "{0}: below 1000, never used.",
	"status.reserved":            "{0}: in the range 1000-2999 kept for the protocol, and not assigned.",
	"status.registered":          "{0}: 3000-3999, for libraries and frameworks, registered with IANA.",
	"status.private":             "{0}: 4000-4999, free for private use by applications.",
	"status.out-of-range":        "{0}: above 4999, not a valid close code.",

	// Sec-WebSocket-Accept, step by step (section 1.3, 4.2.2).
	"accept.key":         "The client sends a random Sec-WebSocket-Key: 16 random bytes in base64, fresh for every connection.",
	"accept.guid":        "The server appends the fixed GUID {0}, which only WebSocket servers know.",
	"accept.concat":      "Key and GUID together: {0} characters, hashed as their ASCII bytes.",
	"accept.sha1":        "SHA-1 of those bytes gives a 20-byte digest: {0}.",
	"accept.base64":      "Base64 reads the digest 3 bytes (24 bits) at a time and turns each group into four 6-bit numbers, each an index into A-Z a-z 0-9 + /.",
	"accept.group":       "Bytes {0} → 6-bit indices {1} → \"{2}\".",
	"accept.padding-1":   "The last group has only 2 bytes: its bits are filled with zeros to make 3 indices, and one \"=\" pads it to 4 characters.",
	"accept.padding-2":   "The last group has only 1 byte: it gives 2 indices, and \"==\" pads it to 4 characters.",
	"accept.result":      "Sec-WebSocket-Accept: {0}. A client that gets any other value must fail the connection.",
	"accept.key-invalid": "This key is not 16 bytes in base64, so a conforming server refuses the handshake with 400; the value shown is what a careless server would compute.",

	// Masking (section 5.3).
	"mask.step": "Byte {0}: j = {0} mod 4 = {1}; {2} XOR key[{1}] {3} = {4}.",

	// Handshake lines (section 4).
	"start.request":                   "A GET request for the WebSocket resource, in HTTP/1.1 or later.",
	"start.101":                       "101 Switching Protocols: from the next byte on, both sides speak WebSocket frames.",
	"start.426":                       "426 Upgrade Required: the server does not speak the requested WebSocket version.",
	"start.refused":                   "Any status other than 101 means the server refused the upgrade; the connection stays HTTP.",
	"header.host":                     "Host: which server and port the client wants, as in any HTTP/1.1 request.",
	"header.upgrade":                  "Upgrade: websocket asks to switch this connection from HTTP to the WebSocket protocol.",
	"header.connection":               "Connection: Upgrade tells any proxy in between that the Upgrade header is for this hop.",
	"header.sec-websocket-key":        "Sec-WebSocket-Key: a fresh random nonce; the server proves it understood WebSocket by transforming it into Sec-WebSocket-Accept.",
	"header.sec-websocket-version":    "Sec-WebSocket-Version: 13 is the only version of RFC 6455.",
	"header.origin":                   "Origin: the page that opened the socket. Browsers always send it; servers check it to stop other sites from connecting in the user's name.",
	"header.sec-websocket-protocol":   "Sec-WebSocket-Protocol: application protocols the client offers (or, in a response, the one the server chose).",
	"header.sec-websocket-extensions": "Sec-WebSocket-Extensions: extensions offered (or accepted), e.g. permessage-deflate for compression.",
	"header.sec-websocket-accept":     "Sec-WebSocket-Accept: base64(SHA-1(key + GUID)), proof that this server read the client's key.",
	"header.user-agent":               "User-Agent: the browser or library that made the request; WebSocket does not use it.",
	"header.other":                    "An ordinary HTTP header; WebSocket gives it no meaning (cookies and authentication work as usual).",
}

// HeaderNote returns the note that explains a handshake header line.
func HeaderNote(name string) Note {
	id := "header." + lowerASCII(name)
	if _, ok := english[id]; !ok {
		id = "header.other"
	}
	return Note{ID: id}
}

// StartLineNote returns the note that explains a response's status line
// (or, for status 0, a request line).
func StartLineNote(status int) Note {
	switch status {
	case 0:
		return Note{ID: "start.request"}
	case 101:
		return Note{ID: "start.101"}
	case 426:
		return Note{ID: "start.426"}
	}
	return Note{ID: "start.refused"}
}
