package lab

import (
	"encoding/binary"
	"encoding/hex"
	"strings"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
)

// Catalogue is the lab's ready experiments, as GET /lab/experiments serves
// them to the page: built by the core for the host the page reached and
// for this server's settings, so that the page and the tests (which run
// every entry through POST /lab) read the same table.
type Catalogue struct {
	MaxMessage  int          `json:"maxMessage"` // the server's -max-message, for the page's own verdicts
	Deflate     bool         `json:"deflate"`    // the server agrees to permessage-deflate
	Experiments []Experiment `json:"experiments"`
}

// Experiment is one entry: what goes on the wire (the fields of POST /lab)
// and what the RFC requires of a server for it. The question it asks is
// the page's, in both languages, keyed by ID.
type Experiment struct {
	ID      string `json:"id"`
	Request string `json:"request,omitempty"` // the raw request head; "" = the lab's default
	Bytes   string `json:"bytes"`             // hex, after the 101
	Chunk   int    `json:"chunk,omitempty"`
	// RequestChunk is the request head's own chunk (0 = at once), when it
	// differs from Chunk.
	RequestChunk *int        `json:"requestChunk,omitempty"`
	PauseMs      int         `json:"pauseMs,omitempty"`
	Expect       Expectation `json:"expect"`
}

// Expectation is what a server must do, from the rule the bytes break
// (protocol.Rules()) or, for bytes that break none, from the section that
// allows them.
type Expectation struct {
	Rule     string   `json:"rule,omitempty"` // the rule broken; "" = none
	RFC      string   `json:"rfc"`
	Section  string   `json:"section"`
	Status   int      `json:"status"`            // the HTTP answer: 101, a refusal, or 0 for none
	Close    int      `json:"closeCode"`         // the code of the server's close frame; 0 = none or empty
	Replies  []string `json:"replies,omitempty"` // the opcodes of the server's frames, in order
	Headers  []string `json:"headers,omitempty"` // header lines a refusal must carry
	ClosedBy string   `json:"closedBy"`          // "server", or "client": the server waits for more
	// StatusVaries: the RFC asks for no answer, and net/http sends a 400
	// or nothing depending on how much of the head came before the cut.
	StatusVaries bool `json:"statusVaries,omitempty"`
	// AnsweredBy is "net/http" when Go's HTTP server refuses the request
	// before the WebSocket code reads it: the status is right, but no rule
	// is named.
	AnsweredBy string `json:"answeredBy,omitempty"`
	Deflate    bool   `json:"deflate,omitempty"` // the request offers permessage-deflate
}

// sampleKey is the Sec-WebSocket-Key of RFC 6455 section 1.3, so that the
// catalogue's requests are the same on every call.
const sampleKey = "dGhlIHNhbXBsZSBub25jZQ=="

// labMaskKey is the masking key of RFC 6455 section 5.7's examples.
var labMaskKey = [4]byte{0x37, 0xfa, 0x21, 0x3d}

// NewCatalogue builds the experiments for a server reached as host, whose
// -max-message is maxMessage; the permessage-deflate ones only when the
// server agrees to it (deflateOn).
func NewCatalogue(host string, maxMessage int, deflateOn bool) Catalogue {
	exps := append(frameExperiments(maxMessage), fineExperiments()...)
	exps = append(exps, handshakeExperiments(host)...)
	if deflateOn {
		exps = append(exps, deflateExperiments(host)...)
	}
	return Catalogue{MaxMessage: maxMessage, Deflate: deflateOn, Experiments: exps}
}

// breaks is an experiment whose bytes, after a valid handshake, break rule:
// the server fails the connection with the rule's close code.
func breaks(id string, rule *protocol.Rule, frames ...[]byte) Experiment {
	return Experiment{ID: id, Bytes: hexJoin(frames), Expect: Expectation{
		Rule: rule.ID, RFC: rule.RFCNumber(), Section: rule.Section, Status: 101, Close: int(rule.Close),
		Replies: []string{protocol.OpClose.String()}, ClosedBy: "server",
	}}
}

// refused is an experiment whose request breaks rule: the server answers
// with the rule's status and closes.
func refused(id string, rule *protocol.Rule, request string) Experiment {
	return Experiment{ID: id, Request: request, Expect: Expectation{
		Rule: rule.ID, RFC: rule.RFCNumber(), Section: rule.Section, Status: rule.HTTP, ClosedBy: "server",
	}}
}

// fine is an experiment that breaks no rule: section allows it, and the
// server answers with replies (opcodes), then waits for more.
func fine(id, section string, replies []protocol.Opcode, frames ...[]byte) Experiment {
	names := make([]string, len(replies))
	for i, op := range replies {
		names[i] = op.String()
	}
	return Experiment{ID: id, Bytes: hexJoin(frames), Expect: Expectation{
		RFC: "6455", Section: section, Status: 101, Replies: names, ClosedBy: "client",
	}}
}

// frameExperiments break each frame rule a client can break (RFC 6455
// sections 5 to 8 and 10.4).
func frameExperiments(maxMessage int) []Experiment {
	tooBig := protocol.Header{Fin: true, Opcode: protocol.OpBinary, Length: uint64(maxMessage) + 1, Masked: true, MaskKey: labMaskKey}
	highBit := protocol.Header{Fin: true, Opcode: protocol.OpBinary, Length: 1<<63 | 5, LengthForm: protocol.Length64, Masked: true, MaskKey: labMaskKey}
	utf8 := breaks("invalid-utf8", protocol.ErrInvalidUTF8,
		masked(fin(protocol.OpText), append([]byte("ok\xff"), "and the rest never has to arrive"...)))
	// One byte a write after a request sent at once: the close comes right
	// after 0xff.
	utf8.Chunk, utf8.PauseMs, utf8.RequestChunk = 1, 50, new(int)
	return []Experiment{
		breaks("unmasked", protocol.ErrUnmaskedClientFrame,
			protocol.AppendFrame(nil, protocol.Frame{Header: fin(protocol.OpText), Payload: []byte("Hello")})),
		breaks("reserved-opcode", protocol.ErrReservedOpcode, masked(fin(0x3), []byte("Hello"))),
		breaks("rsv-bits", protocol.ErrReservedBits, masked(protocol.Header{Fin: true, Rsv2: true, Opcode: protocol.OpText}, []byte("Hello"))),
		breaks("long-ping", protocol.ErrControlTooLong, masked(fin(protocol.OpPing), []byte(strings.Repeat("p", 126)))),
		breaks("fragmented-ping", protocol.ErrControlFragmented, masked(protocol.Header{Opcode: protocol.OpPing}, []byte("Hel"))),
		breaks("length-high-bit", protocol.ErrLengthHighBit, protocol.AppendHeader(nil, highBit)),
		breaks("length-not-minimal", protocol.ErrLengthNotMinimal,
			masked(protocol.Header{Fin: true, Opcode: protocol.OpText, LengthForm: protocol.Length16}, []byte("Hello"))),
		breaks("too-big", protocol.ErrTooBig, protocol.AppendHeader(nil, tooBig)), // the header alone: the payload is never awaited
		breaks("close-one-byte", protocol.ErrCloseBodyOneByte, masked(fin(protocol.OpClose), []byte{0x03})),
		breaks("close-code-999", protocol.ErrCloseCodeInvalid, closeFrame(999, "")),
		breaks("close-code-1005", protocol.ErrCloseCodeLocal, closeFrame(protocol.StatusNoStatusReceived, "")),
		utf8,
		breaks("close-reason-utf8", protocol.ErrCloseReasonUTF8, closeFrame(protocol.StatusNormalClosure, "bye\xff")),
		breaks("continuation-first", protocol.ErrContinuationWithoutStart, masked(fin(protocol.OpContinuation), []byte("lo"))),
		breaks("text-inside-fragments", protocol.ErrDataInsideFragmented,
			masked(protocol.Header{Opcode: protocol.OpText}, []byte("Hel")), masked(fin(protocol.OpText), []byte("lo"))),
	}
}

// fineExperiments break no rule but surprise: each shows what a server
// must let through.
func fineExperiments() []Experiment {
	normal := fine("close-normal", "5.5.1", []protocol.Opcode{protocol.OpClose}, closeFrame(protocol.StatusNormalClosure, "bye"))
	normal.Expect.Close, normal.Expect.ClosedBy = int(protocol.StatusNormalClosure), "server"
	empty := fine("close-no-code", "5.5.1", []protocol.Opcode{protocol.OpClose}, masked(fin(protocol.OpClose), nil))
	// Section 7.1.5: a close with no code means 1005 to the one who gets
	// it; the server answers with an empty close too.
	empty.Expect.Close, empty.Expect.ClosedBy = int(protocol.StatusNoStatusReceived), "server"
	return []Experiment{
		fine("masked-hello", "5.7", []protocol.Opcode{protocol.OpText}, masked(fin(protocol.OpText), []byte("Hello"))),
		fine("ping-between-fragments", "5.4", []protocol.Opcode{protocol.OpPong, protocol.OpText},
			masked(protocol.Header{Opcode: protocol.OpText}, []byte("Hel")),
			masked(fin(protocol.OpPing), []byte("still there?")),
			masked(fin(protocol.OpContinuation), []byte("lo"))),
		fine("unsolicited-pong", "5.5.3", []protocol.Opcode{protocol.OpText},
			masked(fin(protocol.OpPong), []byte("nobody asked")), masked(fin(protocol.OpText), []byte("still open"))),
		fine("empty-masked", "5.2", []protocol.Opcode{protocol.OpText}, masked(fin(protocol.OpText), nil)),
		normal,
		empty,
	}
}

// deflateExperiments break the rules of permessage-deflate (RFC 7692) on a
// connection that agreed to it; the first shows a compressed echo.
func deflateExperiments(host string) []Experiment {
	request := RequestWith(host, "GET /ws HTTP/1.1", "Sec-WebSocket-Extensions: permessage-deflate")
	hello := deflate.NewCompressor(deflate.CompressorOptions{}).Compress(nil, []byte("Hello"))
	rsv1 := func(h protocol.Header) protocol.Header { h.Rsv1 = true; return h }
	exps := []Experiment{
		fine("pmd-hello", "7.2.3.1", []protocol.Opcode{protocol.OpText}, masked(rsv1(fin(protocol.OpText)), hello)),
		breaks("pmd-compressed-ping", protocol.ErrCompressedControl, masked(rsv1(fin(protocol.OpPing)), nil)),
		breaks("pmd-compressed-continuation", protocol.ErrCompressedContinuation,
			masked(rsv1(protocol.Header{Opcode: protocol.OpText}), hello[:2]), masked(rsv1(fin(protocol.OpContinuation)), hello[2:])),
		// 0xff starts a DEFLATE block with BTYPE=11, which RFC 1951
		// section 3.2.3 reserves: no inflater can read past it.
		breaks("pmd-bad-deflate", protocol.ErrInflate, masked(rsv1(fin(protocol.OpText)), []byte{0xff})),
	}
	for i := range exps {
		exps[i].Request, exps[i].Expect.Deflate = request, true
	}
	exps[0].Expect.RFC = "7692"
	return exps
}

func fin(op protocol.Opcode) protocol.Header { return protocol.Header{Fin: true, Opcode: op} }

// masked is a client frame masked with RFC 6455 section 5.7's key.
func masked(h protocol.Header, payload []byte) []byte {
	h.Masked, h.MaskKey = true, labMaskKey
	return protocol.AppendFrame(nil, protocol.Frame{Header: h, Payload: payload})
}

// closeFrame is a masked close frame with code and reason (section
// 5.5.1), written even for a code that may not be sent (protocol.AppendClose
// would leave 1005 out): such codes are what the experiments are about.
func closeFrame(code protocol.StatusCode, reason string) []byte {
	body := binary.BigEndian.AppendUint16(nil, uint16(code))
	return masked(fin(protocol.OpClose), append(body, reason...))
}

func hexJoin(frames [][]byte) string {
	var b []byte
	for _, f := range frames {
		b = append(b, f...)
	}
	return hex.EncodeToString(b)
}
