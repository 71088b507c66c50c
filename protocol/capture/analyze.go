package capture

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/wsplay/wsplay/protocol"
)

// connection turns a flow into the Connection the caller sees: who is the
// client, what the connection carries, and its frames when it is a
// WebSocket.
func (r *reader) connection(f *flow) *Connection {
	c := f.conn
	ci := clientSide(f)
	cs, ss := &f.dirs[ci], &f.dirs[1-ci]
	cs.gap()
	ss.gap()
	c.Number, c.Packets = f.number, f.packets
	c.Client = direction(cs, protocol.FromClient, f.ends, ci)
	c.Server = direction(ss, protocol.FromServer, f.ends, 1-ci)
	c.First, c.Last = cs.first.time, cs.last.time
	if ss.first.packet != 0 && (cs.first.packet == 0 || ss.first.packet < cs.first.packet) {
		c.First = ss.first.time
	}
	if ss.last.packet > cs.last.packet {
		c.Last = ss.last.time
	}
	c.MidStream = !cs.syn && !ss.syn
	if c.MidStream {
		if p := r.problem(ErrMidStream, -1, min(firstPacket(cs), firstPacket(ss)), ""); p != nil {
			c.Problems = append(c.Problems, p)
		}
	}
	c.Kind, c.Reason = r.classify(c, cs, ss)
	if c.Kind == KindWebSocket {
		var ext uint8
		if c.Deflate() {
			ext = protocol.ExtensionsDeflate
		}
		client, server := r.frames(c, &c.Client, cs, ext), r.frames(c, &c.Server, ss, ext)
		if p, ok := c.DeflateParams(); ok {
			zc, zs := inflaters(p, r.lim.MaxInflated)
			r.inflate(c, client, zc)
			r.inflate(c, server, zs)
		}
		c.Frames = merge(client, server, func(a, b Frame) bool { return b.Packet < a.Packet })
	}
	return c
}

func firstPacket(s *stream) int {
	if s.first.packet == 0 {
		return int(^uint(0) >> 1)
	}
	return s.first.packet
}

// clientSide picks the direction that opened the connection: the SYN
// without ACK, else the side that sent an HTTP request line, else the side
// with the higher port (an ephemeral one, RFC 6335 section 6).
func clientSide(f *flow) int {
	for i := range f.dirs {
		if f.dirs[i].opened {
			return i
		}
	}
	for i := range f.dirs {
		if looksLikeRequest(f.dirs[i].data) {
			return i
		}
	}
	if f.ends.a.Port > f.ends.b.Port {
		return 0
	}
	return 1
}

// looksLikeRequest reports whether b starts like a request line: a method in
// capitals and a space.
func looksLikeRequest(b []byte) bool {
	sp := bytes.IndexByte(b[:min(len(b), 16)], ' ')
	if sp <= 0 || bytes.HasPrefix(b, []byte("HTTP/")) {
		return false
	}
	for _, c := range b[:sp] {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

func direction(s *stream, from protocol.Role, ends endpoints, i int) Direction {
	addr := ends.a
	if i == 1 {
		addr = ends.b
	}
	return Direction{From: from, Addr: addr, Bytes: len(s.data), Segments: s.segments, SYN: s.syn,
		FIN: s.fin, RST: s.rst, Missing: len(s.pending) > 0, Truncated: s.full}
}

// isTLS recognises a TLS record header (RFC 8446 section 5.1): a content type
// from 20 (change_cipher_spec) to 23 (application_data), 22 being the
// handshake a connection opens with, and a version 0x0300 to 0x0304.
func isTLS(b []byte) bool {
	return len(b) >= 3 && b[0] >= 0x14 && b[0] <= 0x17 && b[1] == 0x03 && b[2] <= 0x04
}

// classify reads the heads at the start of both streams with the core and
// says what the connection is.
func (r *reader) classify(c *Connection, cs, ss *stream) (Kind, string) {
	switch {
	case len(cs.data) == 0 && len(ss.data) == 0:
		if c.Client.RST || c.Server.RST {
			return KindNoData, "no payload in either direction; the connection was reset"
		}
		return KindNoData, "no payload in either direction"
	case isTLS(cs.data) || len(cs.data) == 0 && isTLS(ss.data):
		return KindTLS, "TLS (" + tlsRecord(cs.data, ss.data) +
			"): a wss:// or https:// connection, whose bytes cannot be read without the TLS session keys"
	case cs.head == 0:
		if c.MidStream {
			return KindMidStream, "the capture starts inside this connection (no SYN) and its bytes do not start with an HTTP head, so frames cannot be found"
		}
		if looksLikeRequest(cs.data) {
			return KindNotHTTP, "the client's HTTP request head does not end in the bytes the capture holds (looked in the first " +
				strconv.Itoa(min(len(cs.data), MaxHeadBytes)) + ")"
		}
		return KindNotHTTP, "not HTTP: the client's first bytes are " + preview(cs.data)
	}
	c.RequestHead = cs.data[:cs.head]
	req, _, err := protocol.ParseRequest(c.RequestHead)
	if err != nil {
		c.RequestErr = err
		return KindNotHTTP, "the client's first bytes do not read as an HTTP request head: " + err.Error()
	}
	c.Request = &req
	r.readResponse(c, ss)
	if !req.Headers.HasToken("Upgrade", "websocket") {
		return KindHTTP, "HTTP without a WebSocket upgrade: " + req.Method + " " + req.Target + answer(c)
	}
	up, err := protocol.CheckRequest(&req)
	if err != nil {
		c.RequestErr = err
		return KindBadUpgrade, "the upgrade request breaks a rule: " + err.Error() + answer(c)
	}
	c.Upgrade = &up
	switch {
	case c.Response == nil && c.ResponseErr != nil:
		return KindNoAnswer, "the server's answer does not read as an HTTP response head: " + c.ResponseErr.Error()
	case c.Response == nil:
		return KindNoAnswer, "the capture holds no answer to the upgrade request"
	case c.Response.Status != 101:
		return KindRefused, "the server refused the upgrade" + answer(c)
	}
	c.Extensions = c.Response.Headers.Tokens("Sec-WebSocket-Extensions")
	c.Protocol = c.Response.Headers.Get("Sec-WebSocket-Protocol")
	c.ResponseErr = protocol.CheckResponse(c.Response, up.Key, up.Protocols, up.Extensions)
	if c.ResponseErr != nil {
		return KindWebSocket, "the 101 breaks a rule a client checks, so a client would fail the connection; its frames are shown anyway: " + c.ResponseErr.Error()
	}
	return KindWebSocket, ""
}

// readResponse parses the server's head, when the capture has one.
func (r *reader) readResponse(c *Connection, ss *stream) {
	if ss.head == 0 {
		return
	}
	c.ResponseHead = ss.data[:ss.head]
	resp, _, err := protocol.ParseResponse(c.ResponseHead)
	if err != nil {
		c.ResponseErr = err
		return
	}
	c.Response = &resp
}

// answer describes the server's status line for a reason.
func answer(c *Connection) string {
	if c.Response == nil {
		return ""
	}
	return "; the server answered " + strconv.Itoa(c.Response.Status) + " " + c.Response.Reason
}

func extensionName(e string) string {
	name, _, _ := strings.Cut(e, ";")
	return strings.TrimSpace(name)
}

// tlsRecord describes the TLS record that c, or else s, starts with.
func tlsRecord(c, s []byte) string {
	if !isTLS(c) {
		c = s
	}
	return "record type 0x" + hexByte(c[0]) + ", version 0x" + hexByte(c[1]) + hexByte(c[2])
}

func hexByte(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// preview shows the first bytes of a stream as hex.
func preview(b []byte) string {
	const n = 16
	s := protocol.Hex(b[:min(len(b), n)])
	if len(b) > n {
		s += "…"
	}
	if len(b) == 0 {
		return "none (only the server sent bytes)"
	}
	return s
}

// frames decodes one direction's bytes after its head with the core, the
// way the page's decoder reads them, and dates each frame.
func (r *reader) frames(c *Connection, d *Direction, s *stream, ext uint8) []Frame {
	ws := s.data[s.head:]
	end := protocol.FramesEnd(ws, r.framesLeft)
	dec := protocol.Decode(ws[:end], protocol.Limits{From: d.From, Extensions: ext, NoFields: r.lim.NoFields})
	r.framesLeft -= len(dec.Frames)
	d.Unread, d.NeedMore, d.OpenMessage = len(ws)-dec.Consumed, dec.NeedMore, dec.OpenMessage
	if end < len(ws) {
		if p := r.problem(ErrTooManyFrames, -1, 0, strconv.Itoa(len(ws)-end)+" bytes from the "+d.From.String()+" not decoded"); p != nil {
			c.Problems = append(c.Problems, p)
		}
	}
	out := make([]Frame, len(dec.Frames))
	compressed := false
	for i, f := range dec.Frames {
		fr := Frame{DecodedFrame: f, From: d.From, Complete: dec.Consumed > f.Offset}
		if op := f.Header.Opcode; op.IsData() && !op.IsReserved() {
			if op != protocol.OpContinuation {
				compressed = ext&4 != 0 && f.Header.Rsv1
			}
			if fr.Compressed = compressed; compressed {
				fr.Violations = withoutRule(fr.Violations, protocol.ErrInvalidUTF8)
			}
		}
		a := s.last
		if fr.Complete {
			a = s.frameTime(s.head + f.Offset + f.HeaderSize + int(f.Header.Length))
		}
		fr.Time, fr.Packet = a.time, a.packet
		out[i] = fr
	}
	return out
}

// withoutRule drops the violations of rule r.
func withoutRule(vs []*protocol.Violation, r *protocol.Rule) []*protocol.Violation {
	var out []*protocol.Violation
	for _, v := range vs {
		if v.Rule != r {
			out = append(out, v)
		}
	}
	return out
}
