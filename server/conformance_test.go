package server

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/testutil"
)

// These tests follow the sections of the Autobahn test suite: a raw client
// sends what each case sends and checks what a conformant server answers.

// Autobahn 1: echo of text and binary messages around the length boundaries.
func TestFraming(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	c := testutil.Dial(t, addr, "/ws")
	for _, n := range []int{0, 1, 125, 126, 127, 128, 65535, 65536, 65537, 200000} {
		for _, op := range []protocol.Opcode{protocol.OpText, protocol.OpBinary} {
			payload := bytes.Repeat([]byte("*"), n)
			c.Send(op, payload)
			c.Expect(op, payload)
		}
	}
}

// Autobahn 2: pings get pongs with the same payload; a pong needs no answer.
func TestPingPong(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	c := testutil.Dial(t, addr, "/ws")
	for _, payload := range [][]byte{nil, []byte("hello"), {0, 0xFF, 0xFE, 0xFD}, bytes.Repeat([]byte{0xFE}, 125)} {
		c.Send(protocol.OpPing, payload)
		c.Expect(protocol.OpPong, payload)
	}
	c.Send(protocol.OpPong, []byte("unsolicited")) // ignored (section 5.5.3)
	c.Send(protocol.OpText, []byte("still here"))
	c.Expect(protocol.OpText, []byte("still here"))
	for range 10 { // a burst: every ping is answered in order
		c.Send(protocol.OpPing, []byte("burst"))
	}
	for range 10 {
		c.Expect(protocol.OpPong, []byte("burst"))
	}
}

func TestPingViolations(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	t.Run("126-byte ping", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		c.Send(protocol.OpPing, bytes.Repeat([]byte{1}, 126))
		c.ExpectFailure(protocol.StatusProtocolError, protocol.ErrControlTooLong)
	})
	t.Run("fragmented ping", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		c.Write(c.Frame(protocol.Header{Opcode: protocol.OpPing}, []byte("a")))
		c.ExpectFailure(protocol.StatusProtocolError, protocol.ErrControlFragmented)
	})
}

// Autobahn 3: RSV bits without a negotiated extension fail the connection,
// even after a good message and on control frames.
func TestReservedBits(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	for i, h := range []protocol.Header{
		{Fin: true, Rsv1: true, Opcode: protocol.OpText},
		{Fin: true, Rsv2: true, Opcode: protocol.OpText},
		{Fin: true, Rsv3: true, Opcode: protocol.OpBinary},
		{Fin: true, Rsv1: true, Rsv2: true, Rsv3: true, Opcode: protocol.OpPing},
	} {
		c := testutil.Dial(t, addr, "/ws")
		c.Send(protocol.OpText, []byte("fine"))
		c.Write(c.Frame(h, []byte("bad")))
		c.Expect(protocol.OpText, []byte("fine"))
		c.ExpectFailure(protocol.StatusProtocolError, protocol.ErrReservedBits)
		_ = i
	}
}

// Autobahn 4: reserved opcodes fail the connection.
func TestReservedOpcodes(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	for _, op := range []protocol.Opcode{3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF} {
		t.Run(op.Hex(), func(t *testing.T) {
			c := testutil.Dial(t, addr, "/ws")
			c.Send(op, []byte("x"))
			c.ExpectFailure(protocol.StatusProtocolError, protocol.ErrReservedOpcode)
		})
	}
}

// Autobahn 5: fragmented messages are reassembled, with control frames
// allowed between fragments; broken sequences fail.
func TestFragmentation(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	t.Run("fragments with pings between", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		c.Write(c.Frame(protocol.Header{Opcode: protocol.OpText}, []byte("frag")))
		c.Send(protocol.OpPing, []byte("p1"))
		c.Write(c.Frame(protocol.Header{Opcode: protocol.OpContinuation}, []byte("men")))
		c.Send(protocol.OpPing, []byte("p2"))
		c.Write(c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpContinuation}, []byte("ted")))
		c.Expect(protocol.OpPong, []byte("p1"))
		c.Expect(protocol.OpPong, []byte("p2"))
		c.Expect(protocol.OpText, []byte("fragmented"))
	})
	t.Run("one byte per frame", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		msg := []byte("byte by byte")
		for _, f := range protocol.SplitMessage(protocol.OpBinary, msg, 1) {
			c.Write(c.Frame(f.Header, f.Payload))
		}
		c.Expect(protocol.OpBinary, msg)
		c.Send(protocol.OpText, []byte("next")) // the reassembly state is clean
		c.Expect(protocol.OpText, []byte("next"))
	})
	t.Run("empty fragments", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		c.Write(c.Frame(protocol.Header{Opcode: protocol.OpText}, nil))
		c.Write(c.Frame(protocol.Header{Opcode: protocol.OpContinuation}, nil))
		c.Write(c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpContinuation}, nil))
		c.Expect(protocol.OpText, nil)
	})
	t.Run("continuation without start", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		c.Write(c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpContinuation}, []byte("lost")))
		c.ExpectFailure(protocol.StatusProtocolError, protocol.ErrContinuationWithoutStart)
	})
	t.Run("new message inside a fragmented one", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		c.Write(c.Frame(protocol.Header{Opcode: protocol.OpText}, []byte("one")))
		c.Write(c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, []byte("two")))
		c.ExpectFailure(protocol.StatusProtocolError, protocol.ErrDataInsideFragmented)
	})
	t.Run("echo in frames of the chosen size", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws?frag=4")
		c.Send(protocol.OpText, []byte("0123456789"))
		var got []byte
		for i, want := range []struct {
			op  protocol.Opcode
			fin bool
		}{{protocol.OpText, false}, {protocol.OpContinuation, false}, {protocol.OpContinuation, true}} {
			h, payload, err := c.ReadFrame()
			require.NoError(t, err)
			assert.Equal(t, want.op, h.Opcode, "frame %d", i)
			assert.Equal(t, want.fin, h.Fin, "frame %d", i)
			assert.LessOrEqual(t, len(payload), 4)
			got = append(got, payload...)
		}
		assert.Equal(t, "0123456789", string(got))
		c.Send(protocol.OpPing, []byte("short")) // control frames are never cut
		c.Expect(protocol.OpPong, []byte("short"))
	})
}

// Autobahn 6: text must be valid UTF-8, checked across fragments, and a
// server fails fast at the first byte that cannot become valid.
func TestUTF8(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	euro := []byte("€") // e2 82 ac
	t.Run("valid, split inside a character", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		msg := []byte("price: 5€, κόσμε")
		for _, f := range protocol.SplitMessage(protocol.OpText, msg, 1) {
			c.Write(c.Frame(f.Header, f.Payload))
		}
		c.Expect(protocol.OpText, msg)
	})
	for name, payload := range map[string][]byte{
		"lone continuation byte": {'a', 0x80, 'b'},
		"overlong slash":         {0xC0, 0xAF},
		"surrogate":              {0xED, 0xA0, 0x80},
		"above U+10FFFF":         {0xF4, 0x90, 0x80, 0x80},
		"ends inside character":  euro[:2],
	} {
		t.Run(name, func(t *testing.T) {
			c := testutil.Dial(t, addr, "/ws")
			c.Send(protocol.OpText, payload)
			c.ExpectFailure(protocol.StatusInvalidPayload, protocol.ErrInvalidUTF8)
		})
	}
	t.Run("message ends inside a character begun in an earlier frame", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		c.Write(c.Frame(protocol.Header{Opcode: protocol.OpText}, euro[:1]))
		c.Write(c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpContinuation}, euro[1:2]))
		c.ExpectFailure(protocol.StatusInvalidPayload, protocol.ErrInvalidUTF8)
	})
	t.Run("binary is not checked", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		c.Send(protocol.OpBinary, []byte{0xFF, 0xC0})
		c.Expect(protocol.OpBinary, []byte{0xFF, 0xC0})
	})
}

// The server must close at the first bad byte, while the rest of the
// message has not been sent: within a fragmented message, and within a
// single frame that arrives in pieces. The client sends the rest only after
// the close frame arrived, so a server that waited for it would hang here.
func TestUTF8FailFast(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	t.Run("second fragment", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		c.Write(c.Frame(protocol.Header{Opcode: protocol.OpText}, []byte("good ")))
		c.Write(c.Frame(protocol.Header{Opcode: protocol.OpContinuation}, []byte{'b', 0xFF}))
		h, payload, err := c.ReadFrame()
		require.NoError(t, err)
		require.Equal(t, protocol.OpClose, h.Opcode)
		cp, err := protocol.ParseClose(payload)
		require.NoError(t, err)
		assert.Equal(t, protocol.StatusInvalidPayload, cp.Code)
		c.Write(c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpContinuation}, []byte("never judged")))
		c.ExpectEOF()
	})
	t.Run("inside one frame", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		payload := append([]byte("valid start "), 0xF8)
		payload = append(payload, bytes.Repeat([]byte("x"), 1000)...)
		wire := c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, payload)
		bad := 2 + 2 + 4 + len("valid start ") + 1 // header (16-bit length), key, good text, bad byte
		c.Write(wire[:bad])
		h, body, err := c.ReadFrame()
		require.NoError(t, err)
		require.Equal(t, protocol.OpClose, h.Opcode)
		cp, err := protocol.ParseClose(body)
		require.NoError(t, err)
		assert.Equal(t, protocol.StatusInvalidPayload, cp.Code)
		assert.Contains(t, cp.Reason, "0xf8")
		c.Write(wire[bad:])
		c.ExpectEOF()
	})
}

// Autobahn 7: the closing handshake.
func TestClose(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	t.Run("empty body is answered with an empty body", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		c.Send(protocol.OpClose, nil)
		h, payload, err := c.ReadFrame()
		require.NoError(t, err)
		assert.Equal(t, protocol.OpClose, h.Opcode)
		assert.Empty(t, payload)
		c.ExpectEOF()
	})
	for _, code := range []protocol.StatusCode{1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999} {
		t.Run("echoes "+code.String(), func(t *testing.T) {
			c := testutil.Dial(t, addr, "/ws")
			c.Send(protocol.OpClose, protocol.AppendClose(nil, code, "bye ✓"))
			cp := c.ExpectClose()
			assert.Equal(t, code, cp.Code)
			assert.Equal(t, "bye ✓", cp.Reason)
		})
	}
	t.Run("longest reason", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		reason := strings.Repeat("r", 123)
		c.Send(protocol.OpClose, protocol.AppendClose(nil, 1000, reason))
		assert.Equal(t, reason, c.ExpectClose().Reason)
	})
	t.Run("one-byte body", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		c.Send(protocol.OpClose, []byte{0x03})
		c.ExpectFailure(protocol.StatusProtocolError, protocol.ErrCloseBodyOneByte)
	})
	for _, code := range []uint16{0, 999, 1004, 1016, 1100, 2000, 2999, 5000, 65535} {
		t.Run("refuses "+protocol.StatusCode(code).String(), func(t *testing.T) {
			c := testutil.Dial(t, addr, "/ws")
			c.Send(protocol.OpClose, []byte{byte(code >> 8), byte(code)})
			c.ExpectFailure(protocol.StatusProtocolError, protocol.ErrCloseCodeInvalid)
		})
	}
	for _, code := range []uint16{1005, 1006, 1015} {
		t.Run("refuses local-only "+protocol.StatusCode(code).String(), func(t *testing.T) {
			c := testutil.Dial(t, addr, "/ws")
			c.Send(protocol.OpClose, []byte{byte(code >> 8), byte(code)})
			c.ExpectFailure(protocol.StatusProtocolError, protocol.ErrCloseCodeLocal)
		})
	}
	t.Run("reason not UTF-8", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		c.Send(protocol.OpClose, []byte{0x03, 0xE8, 'o', 0xFF})
		c.ExpectFailure(protocol.StatusInvalidPayload, protocol.ErrCloseReasonUTF8)
	})
	t.Run("nothing is echoed after a close", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		wire := c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpClose}, protocol.AppendClose(nil, 1000, ""))
		wire = append(wire, c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, []byte("late"))...)
		c.Write(wire)
		h, _, err := c.ReadFrame()
		require.NoError(t, err)
		assert.Equal(t, protocol.OpClose, h.Opcode, "the close answer comes first and alone")
		c.ExpectEOF()
	})
}

// Autobahn 9 and the size limit: big messages echo; above -max-message the
// server closes with 1009, before reading the payload when one frame
// announces it, and as soon as the fragments add up past it otherwise.
func TestMessageSizeLimit(t *testing.T) {
	t.Parallel()
	const limit = 1 << 20
	_, addr, _ := startServer(t, Config{MaxMessage: limit})
	t.Run("exactly the limit, in one frame and in fragments", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		msg := bytes.Repeat([]byte("0123456789abcdef"), limit/16)
		c.Send(protocol.OpText, msg)
		c.Expect(protocol.OpText, msg)
		for _, f := range protocol.SplitMessage(protocol.OpBinary, msg, 64<<10) {
			c.Write(c.Frame(f.Header, f.Payload))
		}
		c.Expect(protocol.OpBinary, msg)
	})
	t.Run("one frame over the limit", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		// Only the header goes out: the server must not wait for the payload.
		h := protocol.Header{Fin: true, Opcode: protocol.OpBinary, Length: limit + 1, Masked: true, MaskKey: c.Key}
		c.Write(protocol.AppendHeader(nil, h))
		c.ExpectFailure(protocol.StatusMessageTooBig, protocol.ErrTooBig)
	})
	t.Run("fragments over the limit", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		half := make([]byte, limit/2+1)
		c.Write(c.Frame(protocol.Header{Opcode: protocol.OpBinary}, half))
		c.Write(c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpContinuation}, half))
		c.ExpectFailure(protocol.StatusMessageTooBig, protocol.ErrTooBig)
	})
	t.Run("a 64-bit length with the top bit set", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		c.Write([]byte{0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4})
		c.ExpectFailure(protocol.StatusProtocolError, protocol.ErrLengthHighBit)
	})
}

// Section 5.1 and 5.2 rules that are not in a numbered Autobahn group.
func TestFrameRules(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	t.Run("unmasked client frame", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		c.Write(protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText}, Payload: []byte("plain")}))
		c.ExpectFailure(protocol.StatusProtocolError, protocol.ErrUnmaskedClientFrame)
	})
	t.Run("length not in its shortest form", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		c.Write(c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpText, LengthForm: protocol.Length16}, []byte("short")))
		c.ExpectFailure(protocol.StatusProtocolError, protocol.ErrLengthNotMinimal)
	})
	t.Run("frame trickled one byte at a time", func(t *testing.T) {
		c := testutil.Dial(t, addr, "/ws")
		wire := c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, []byte("slow but fine"))
		for i := range wire {
			c.Write(wire[i : i+1])
		}
		c.Expect(protocol.OpText, []byte("slow but fine"))
	})
}
