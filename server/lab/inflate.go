package lab

import (
	"strings"
	"unicode/utf8"

	"github.com/wsplay/wsplay/protocol"
)

// agreedDeflate reads the permessage-deflate parameters a 101 agreed to
// (RFC 7692 section 7.1), if it agreed to any.
func agreedDeflate(hs protocol.Headers) (protocol.DeflateParams, bool) {
	for _, e := range protocol.ParseExtensions(hs.Values("Sec-WebSocket-Extensions")...) {
		if strings.EqualFold(e.Name, protocol.PerMessageDeflate) {
			p, why := protocol.ParseDeflateParams(e)
			return p, why == nil
		}
	}
	return protocol.DeflateParams{}, false
}

// inflateInto feeds one server frame to the connection's assembler and,
// when it completes a compressed text message, puts the inflated text on
// the frame's line. The server's frames are not judged here: a frame the
// core cannot put together just keeps its raw bytes.
func inflateInto(ev *frameEvent, a *protocol.DeflateAssembler, h protocol.Header, payload []byte) {
	m, compressed, done, err := a.Push(h, payload)
	ev.Compressed = compressed
	if err == nil && done && compressed && m.Opcode == protocol.OpText && utf8.Valid(m.Payload) {
		ev.Text = string(m.Payload)
	}
}
