package ws

import (
	"bytes"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
)

// fuzzMaxMessage is the server's message limit while fuzzing. Inputs are at
// most this long, so a message reassembled from fragments never exceeds
// it: only one frame's announced length can, which Decode checks too.
const fuzzMaxMessage = 16 << 10

// FuzzServeConn drives the connection handler, in the state right after the
// opening handshake, with arbitrary client bytes: delivered in reads of
// chunk bytes, after which the client stops sending. The handler must not
// panic, must return (a hang fails the test), must write only whole, valid
// server frames, and must do what the core's decoder says the input asks
// for: a pong per ping, an echo per message, the client's close echoed, or
// the first broken rule answered with its close code and named in the
// reason. Every borrowed buffer must be back in the pool when it returns.
func FuzzServeConn(f *testing.F) {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	frame := func(h protocol.Header, payload string) []byte {
		h.Masked, h.MaskKey = true, key
		return protocol.AppendFrame(nil, protocol.Frame{Header: h, Payload: []byte(payload)})
	}
	text := protocol.Header{Fin: true, Opcode: protocol.OpText}
	cat := func(frames ...[]byte) []byte { return bytes.Join(frames, nil) }
	f.Add(frame(text, "Hello"), uint8(0), uint16(0))
	f.Add(cat(frame(protocol.Header{Opcode: protocol.OpText}, "Hel"), frame(protocol.Header{Fin: true, Opcode: protocol.OpPing}, "p"),
		frame(protocol.Header{Fin: true, Opcode: protocol.OpContinuation}, "lo")), uint8(2), uint16(3))
	f.Add(cat(frame(text, "a"), frame(protocol.Header{Fin: true, Opcode: protocol.OpClose}, "\x03\xe8bye"), frame(text, "late")), uint8(0), uint16(1))
	f.Add(frame(text, "caf\xc3"), uint8(0), uint16(0))
	f.Add(protocol.AppendHeader(nil, protocol.Header{Fin: true, Opcode: protocol.OpBinary, Length: 70000, Masked: true, MaskKey: key}), uint8(0), uint16(0))
	f.Add(frame(protocol.Header{Fin: true, Opcode: protocol.OpBinary, LengthForm: protocol.Length64}, "not minimal"), uint8(0), uint16(0))
	f.Add([]byte{0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4}, uint8(0), uint16(5))
	f.Add(cat(frame(protocol.Header{Fin: true, Opcode: protocol.OpBinary}, strings.Repeat("b", 300)), []byte{0x88}), uint8(7), uint16(100))

	srv := testServer(fuzzMaxMessage)
	f.Fuzz(func(t *testing.T, input []byte, frag uint8, chunk uint16) {
		if len(input) > fuzzMaxMessage {
			return
		}
		bufs := srv.Pool().Lent()
		nc := &memConn{in: input, chunk: int(chunk)}
		done := make(chan bool, 1)
		go func() { done <- srv.ServeConn(nc, Echo{Frag: int(frag)}) }()
		select {
		case served := <-done:
			if !served {
				t.Fatal("the handler refused the connection")
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the handler did not return")
		}
		if !nc.closed {
			t.Fatal("the handler returned without closing the connection")
		}
		// The handler gives back what it borrowed before it returns.
		if lent := srv.Pool().Lent() - bufs; lent != 0 {
			t.Fatalf("%d pooled buffers not given back", lent)
		}
		checkServerOutput(t, input, nc.out.Bytes(), int(frag), nil)
	})
}

// FuzzServeConnDeflate is FuzzServeConn on a connection that agreed to
// permessage-deflate on Chrome's offer (the server keeps no context, the
// client a 4 KiB window), or with no context either way: compressed
// messages must inflate exactly as the core's decoder inflates them, bombs
// stop at the limit, and RSV1 where it does not belong fails the connection.
func FuzzServeConnDeflate(f *testing.F) {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	frame := func(h protocol.Header, payload []byte) []byte {
		h.Masked, h.MaskKey = true, key
		return protocol.AppendFrame(nil, protocol.Frame{Header: h, Payload: payload})
	}
	hello := []byte{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}
	compressed := protocol.Header{Fin: true, Rsv1: true, Opcode: protocol.OpText}
	f.Add(frame(compressed, hello), uint8(0), uint16(0), false)
	f.Add(bytes.Join([][]byte{frame(compressed, hello), frame(compressed, []byte{0xf2, 0x00, 0x11, 0x00, 0x00})}, nil), uint8(2), uint16(3), false)
	f.Add(bytes.Join([][]byte{frame(protocol.Header{Rsv1: true, Opcode: protocol.OpText}, hello[:3]),
		frame(protocol.Header{Fin: true, Opcode: protocol.OpContinuation}, hello[3:])}, nil), uint8(0), uint16(1), true)
	f.Add(frame(protocol.Header{Fin: true, Rsv1: true, Opcode: protocol.OpPing}, nil), uint8(0), uint16(0), false)
	f.Add(frame(compressed, []byte{0xff}), uint8(0), uint16(0), false)
	f.Add(frame(protocol.Header{Fin: true, Rsv1: true, Opcode: protocol.OpBinary}, zeroBomb()), uint8(0), uint16(0), false)
	f.Add(frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, []byte("plain")), uint8(3), uint16(0), true)

	srv := testServer(fuzzMaxMessage)
	chrome := protocol.DeflateParams{ServerNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 12}
	none := protocol.DeflateParams{ServerNoContextTakeover: true, ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}
	f.Fuzz(func(t *testing.T, input []byte, frag uint8, chunk uint16, noContext bool) {
		if len(input) > fuzzMaxMessage {
			return
		}
		params := chrome
		if noContext {
			params = none
		}
		bufs := srv.Pool().Lent()
		nc := &memConn{in: input, chunk: int(chunk)}
		done := make(chan bool, 1)
		agreed := protocol.Agreement{Deflate: protocol.DeflateAnswer{Accepted: true, Params: params}}
		go func() { done <- srv.ServeConnAgreed(nc, Echo{Frag: int(frag)}, agreed) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("the handler did not return")
		}
		if lent := srv.Pool().Lent() - bufs; lent != 0 {
			t.Fatalf("%d pooled buffers not given back", lent)
		}
		checkServerOutput(t, input, nc.out.Bytes(), int(frag), &params)
	})
}

// zeroBomb is a compressed message of 1 MiB of zeros: fixed-Huffman
// matches of 258 bytes at distance 1, far past fuzzMaxMessage.
func zeroBomb() []byte {
	return deflate.NewCompressor(deflate.CompressorOptions{NoContextTakeover: true}).Compress(nil, make([]byte, 1<<20))
}

// checkServerOutput compares what the server wrote with what the core's
// decoder finds in the client's input.
// With params set, permessage-deflate was agreed with them: both sides'
// messages are inflated as the core's decoder inflates them.
func checkServerOutput(t *testing.T, input, output []byte, frag int, params *protocol.DeflateParams) {
	t.Helper()
	outLimits := protocol.Limits{From: protocol.FromServer}
	inLimits := protocol.Limits{From: protocol.FromClient, MaxPayload: fuzzMaxMessage}
	if params != nil {
		_, serverSide := params.ClientCodecs(0)
		_, clientSide := params.ServerCodecs(fuzzMaxMessage)
		outLimits.Extensions, outLimits.Inflater = 4, serverSide
		inLimits.Extensions, inLimits.Inflater = 4, clientSide
	}
	got := protocol.Decode(output, outLimits)
	if len(got.Violations) > 0 || got.NeedMore > 0 {
		t.Fatalf("the server wrote frames that break rules: %v (needs %d more)\n% x", got.Violations, got.NeedMore, output)
	}
	// A message echoed in fragments comes in frames of frag bytes, or
	// larger ones when that would take more than maxFrames frames.
	largest := max(frag, (fuzzMaxMessage+maxFrames-1)/maxFrames)
	for i, fr := range got.Frames {
		if fr.Header.Opcode == protocol.OpClose && i != len(got.Frames)-1 {
			t.Fatalf("frame %d follows the server's close frame", i+1)
		}
		if frag > 0 && !fr.Header.Opcode.IsControl() && len(fr.Payload) > largest {
			t.Fatalf("an echoed frame of %d bytes; fragments of %d were asked for", len(fr.Payload), frag)
		}
	}

	// What the server should have written, frame by frame of the input, up
	// to the first frame that ends the connection.
	in := protocol.Decode(input, inLimits)
	var want []protocol.Message // pongs and echoes, in order
	var end *protocol.DecodedFrame
	for i := range in.Frames {
		fr := &in.Frames[i]
		if len(fr.Violations) > 0 || fr.Close != nil {
			end = fr
			break
		}
		if m := fr.Message; m != nil {
			switch m.Opcode {
			case protocol.OpPing:
				want = append(want, protocol.Message{Opcode: protocol.OpPong, Payload: m.Payload})
			case protocol.OpText, protocol.OpBinary:
				want = append(want, *m)
			}
		}
	}

	// Reassemble the server's frames into messages.
	var sent []protocol.Message
	var closing *protocol.ClosePayload
	asm := protocol.DeflateAssembler{}
	if params != nil {
		_, asm.Inflater = params.ClientCodecs(0)
	}
	for _, fr := range got.Frames {
		m, _, done, err := asm.Push(fr.Header, fr.Payload)
		if err != nil {
			t.Fatalf("the server's frames do not reassemble: %v", err)
		}
		switch {
		case !done:
		case m.Opcode == protocol.OpClose:
			closing = m.Close
		default:
			m.Payload = append([]byte(nil), m.Payload...)
			sent = append(sent, m)
		}
	}
	if len(sent) < len(want) {
		t.Fatalf("the server answered %d of %d pings and messages", len(sent), len(want))
	}
	for i, w := range want {
		if sent[i].Opcode != w.Opcode || !bytes.Equal(sent[i].Payload, w.Payload) {
			t.Fatalf("answer %d: got %v %q, want %v %q", i, sent[i].Opcode, sent[i].Payload, w.Opcode, w.Payload)
		}
	}

	switch {
	case end != nil && end.Close != nil && len(end.Violations) == 0:
		// The client's close frame is echoed, code and reason.
		if closing == nil || closing.Code != end.Close.Code || closing.Reason != end.Close.Reason || len(sent) != len(want) {
			t.Fatalf("the client's close %v was not echoed alone: got %v after %d answers", end.Close, closing, len(sent))
		}
	case end != nil:
		// The first broken rule of that frame closes the connection.
		if closing == nil || len(sent) != len(want) {
			t.Fatalf("violations %v: no close frame, or answers after it", end.Violations)
		}
		for _, v := range end.Violations {
			if closing.Code == v.Rule.Close && strings.HasPrefix(closing.Reason, v.Rule.ID+" ") {
				return
			}
		}
		t.Fatalf("violations %v, but the server closed with %v", end.Violations, closing)
	case closing != nil:
		// Only fail-fast UTF-8 may close on a frame that has not all
		// arrived: the decoder judges only whole frames.
		if in.NeedMore == 0 || closing.Code != protocol.StatusInvalidPayload ||
			!strings.HasPrefix(closing.Reason, protocol.ErrInvalidUTF8.ID+" ") {
			t.Fatalf("the server closed with %v on input the decoder finds valid", closing)
		}
	case len(sent) != len(want):
		t.Fatalf("the server sent %d messages, %d expected", len(sent), len(want))
	}
}

// memConn is a client that sends its input in reads of chunk bytes (all at
// once when 0) and then stops: reads return io.EOF. Everything the server
// writes is kept. Deadlines are not needed: no read ever blocks.
type memConn struct {
	in     []byte
	chunk  int
	mu     sync.Mutex
	out    bytes.Buffer
	closed bool
}

func (c *memConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return 0, net.ErrClosed
	}
	if len(c.in) == 0 {
		return 0, io.EOF
	}
	n := len(c.in)
	if c.chunk > 0 {
		n = min(n, c.chunk)
	}
	n = copy(p, c.in[:n])
	c.in = c.in[n:]
	return n, nil
}

func (c *memConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return 0, net.ErrClosed
	}
	return c.out.Write(p)
}

func (c *memConn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	return nil
}

func (c *memConn) LocalAddr() net.Addr              { return memAddr{} }
func (c *memConn) RemoteAddr() net.Addr             { return memAddr{} }
func (c *memConn) SetDeadline(time.Time) error      { return nil }
func (c *memConn) SetReadDeadline(time.Time) error  { return nil }
func (c *memConn) SetWriteDeadline(time.Time) error { return nil }

type memAddr struct{}

func (memAddr) Network() string { return "memory" }
func (memAddr) String() string  { return "fuzz client" }
