package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

// These tests follow the sections of the Autobahn test suite: a raw client
// sends what each case sends and checks what a conformant server answers.

// expectFailure checks that the server closes with code and a reason that
// names rule (its id).
func expectFailure(t *testing.T, c *rawClient, code protocol.StatusCode, rule *protocol.Rule) {
	t.Helper()
	cp := c.expectClose()
	assert.Equal(t, code, cp.Code, "close reason: %q", cp.Reason)
	assert.Contains(t, cp.Reason, rule.ID)
	assert.LessOrEqual(t, len(cp.Reason), 123, "a close reason fits in a control frame")
}

// Autobahn 1: echo of text and binary messages around the length boundaries.
func TestFraming(t *testing.T) {
	_, addr, _ := startApp(t, config{})
	c := dial(t, addr, "/ws")
	for _, n := range []int{0, 1, 125, 126, 127, 128, 65535, 65536, 65537, 200000} {
		for _, op := range []protocol.Opcode{protocol.OpText, protocol.OpBinary} {
			payload := bytes.Repeat([]byte("*"), n)
			c.send(op, payload)
			c.expect(op, payload)
		}
	}
}

// Autobahn 2: pings get pongs with the same payload; a pong needs no answer.
func TestPingPong(t *testing.T) {
	_, addr, _ := startApp(t, config{})
	c := dial(t, addr, "/ws")
	for _, payload := range [][]byte{nil, []byte("hello"), {0, 0xFF, 0xFE, 0xFD}, bytes.Repeat([]byte{0xFE}, 125)} {
		c.send(protocol.OpPing, payload)
		c.expect(protocol.OpPong, payload)
	}
	c.send(protocol.OpPong, []byte("unsolicited")) // ignored (section 5.5.3)
	c.send(protocol.OpText, []byte("still here"))
	c.expect(protocol.OpText, []byte("still here"))
	for range 10 { // a burst: every ping is answered in order
		c.send(protocol.OpPing, []byte("burst"))
	}
	for range 10 {
		c.expect(protocol.OpPong, []byte("burst"))
	}
}

func TestPingViolations(t *testing.T) {
	_, addr, _ := startApp(t, config{})
	t.Run("126-byte ping", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		c.send(protocol.OpPing, bytes.Repeat([]byte{1}, 126))
		expectFailure(t, c, protocol.StatusProtocolError, protocol.ErrControlTooLong)
	})
	t.Run("fragmented ping", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		c.write(c.frame(protocol.Header{Opcode: protocol.OpPing}, []byte("a")))
		expectFailure(t, c, protocol.StatusProtocolError, protocol.ErrControlFragmented)
	})
}

// Autobahn 3: RSV bits without a negotiated extension fail the connection,
// even after a good message and on control frames.
func TestReservedBits(t *testing.T) {
	_, addr, _ := startApp(t, config{})
	for i, h := range []protocol.Header{
		{Fin: true, Rsv1: true, Opcode: protocol.OpText},
		{Fin: true, Rsv2: true, Opcode: protocol.OpText},
		{Fin: true, Rsv3: true, Opcode: protocol.OpBinary},
		{Fin: true, Rsv1: true, Rsv2: true, Rsv3: true, Opcode: protocol.OpPing},
	} {
		c := dial(t, addr, "/ws")
		c.send(protocol.OpText, []byte("fine"))
		c.write(c.frame(h, []byte("bad")))
		c.expect(protocol.OpText, []byte("fine"))
		expectFailure(t, c, protocol.StatusProtocolError, protocol.ErrReservedBits)
		_ = i
	}
}

// Autobahn 4: reserved opcodes fail the connection.
func TestReservedOpcodes(t *testing.T) {
	_, addr, _ := startApp(t, config{})
	for _, op := range []protocol.Opcode{3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF} {
		t.Run(op.Hex(), func(t *testing.T) {
			c := dial(t, addr, "/ws")
			c.send(op, []byte("x"))
			expectFailure(t, c, protocol.StatusProtocolError, protocol.ErrReservedOpcode)
		})
	}
}

// Autobahn 5: fragmented messages are reassembled, with control frames
// allowed between fragments; broken sequences fail.
func TestFragmentation(t *testing.T) {
	_, addr, _ := startApp(t, config{})
	t.Run("fragments with pings between", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		c.write(c.frame(protocol.Header{Opcode: protocol.OpText}, []byte("frag")))
		c.send(protocol.OpPing, []byte("p1"))
		c.write(c.frame(protocol.Header{Opcode: protocol.OpContinuation}, []byte("men")))
		c.send(protocol.OpPing, []byte("p2"))
		c.write(c.frame(protocol.Header{Fin: true, Opcode: protocol.OpContinuation}, []byte("ted")))
		c.expect(protocol.OpPong, []byte("p1"))
		c.expect(protocol.OpPong, []byte("p2"))
		c.expect(protocol.OpText, []byte("fragmented"))
	})
	t.Run("one byte per frame", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		msg := []byte("byte by byte")
		for _, f := range protocol.SplitMessage(protocol.OpBinary, msg, 1) {
			c.write(c.frame(f.Header, f.Payload))
		}
		c.expect(protocol.OpBinary, msg)
		c.send(protocol.OpText, []byte("next")) // the reassembly state is clean
		c.expect(protocol.OpText, []byte("next"))
	})
	t.Run("empty fragments", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		c.write(c.frame(protocol.Header{Opcode: protocol.OpText}, nil))
		c.write(c.frame(protocol.Header{Opcode: protocol.OpContinuation}, nil))
		c.write(c.frame(protocol.Header{Fin: true, Opcode: protocol.OpContinuation}, nil))
		c.expect(protocol.OpText, nil)
	})
	t.Run("continuation without start", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		c.write(c.frame(protocol.Header{Fin: true, Opcode: protocol.OpContinuation}, []byte("lost")))
		expectFailure(t, c, protocol.StatusProtocolError, protocol.ErrContinuationWithoutStart)
	})
	t.Run("new message inside a fragmented one", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		c.write(c.frame(protocol.Header{Opcode: protocol.OpText}, []byte("one")))
		c.write(c.frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, []byte("two")))
		expectFailure(t, c, protocol.StatusProtocolError, protocol.ErrDataInsideFragmented)
	})
	t.Run("echo in frames of the chosen size", func(t *testing.T) {
		c := dial(t, addr, "/ws?frag=4")
		c.send(protocol.OpText, []byte("0123456789"))
		var got []byte
		for i, want := range []struct {
			op  protocol.Opcode
			fin bool
		}{{protocol.OpText, false}, {protocol.OpContinuation, false}, {protocol.OpContinuation, true}} {
			h, payload, err := c.readFrame()
			require.NoError(t, err)
			assert.Equal(t, want.op, h.Opcode, "frame %d", i)
			assert.Equal(t, want.fin, h.Fin, "frame %d", i)
			assert.LessOrEqual(t, len(payload), 4)
			got = append(got, payload...)
		}
		assert.Equal(t, "0123456789", string(got))
		c.send(protocol.OpPing, []byte("short")) // control frames are never cut
		c.expect(protocol.OpPong, []byte("short"))
	})
}

// Autobahn 6: text must be valid UTF-8, checked across fragments, and a
// server fails fast at the first byte that cannot become valid.
func TestUTF8(t *testing.T) {
	_, addr, _ := startApp(t, config{})
	euro := []byte("€") // e2 82 ac
	t.Run("valid, split inside a character", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		msg := []byte("price: 5€, κόσμε")
		for _, f := range protocol.SplitMessage(protocol.OpText, msg, 1) {
			c.write(c.frame(f.Header, f.Payload))
		}
		c.expect(protocol.OpText, msg)
	})
	for name, payload := range map[string][]byte{
		"lone continuation byte": {'a', 0x80, 'b'},
		"overlong slash":         {0xC0, 0xAF},
		"surrogate":              {0xED, 0xA0, 0x80},
		"above U+10FFFF":         {0xF4, 0x90, 0x80, 0x80},
		"ends inside character":  euro[:2],
	} {
		t.Run(name, func(t *testing.T) {
			c := dial(t, addr, "/ws")
			c.send(protocol.OpText, payload)
			expectFailure(t, c, protocol.StatusInvalidPayload, protocol.ErrInvalidUTF8)
		})
	}
	t.Run("message ends inside a character begun in an earlier frame", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		c.write(c.frame(protocol.Header{Opcode: protocol.OpText}, euro[:1]))
		c.write(c.frame(protocol.Header{Fin: true, Opcode: protocol.OpContinuation}, euro[1:2]))
		expectFailure(t, c, protocol.StatusInvalidPayload, protocol.ErrInvalidUTF8)
	})
	t.Run("binary is not checked", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		c.send(protocol.OpBinary, []byte{0xFF, 0xC0})
		c.expect(protocol.OpBinary, []byte{0xFF, 0xC0})
	})
}

// The server must close at the first bad byte, while the rest of the
// message has not been sent: within a fragmented message, and within a
// single frame that arrives in pieces. The client sends the rest only after
// the close frame arrived, so a server that waited for it would hang here.
func TestUTF8FailFast(t *testing.T) {
	_, addr, _ := startApp(t, config{})
	t.Run("second fragment", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		c.write(c.frame(protocol.Header{Opcode: protocol.OpText}, []byte("good ")))
		c.write(c.frame(protocol.Header{Opcode: protocol.OpContinuation}, []byte{'b', 0xFF}))
		h, payload, err := c.readFrame()
		require.NoError(t, err)
		require.Equal(t, protocol.OpClose, h.Opcode)
		cp, err := protocol.ParseClose(payload)
		require.NoError(t, err)
		assert.Equal(t, protocol.StatusInvalidPayload, cp.Code)
		c.write(c.frame(protocol.Header{Fin: true, Opcode: protocol.OpContinuation}, []byte("never judged")))
		c.expectEOF()
	})
	t.Run("inside one frame", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		payload := append([]byte("valid start "), 0xF8)
		payload = append(payload, bytes.Repeat([]byte("x"), 1000)...)
		wire := c.frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, payload)
		bad := 2 + 2 + 4 + len("valid start ") + 1 // header (16-bit length), key, good text, bad byte
		c.write(wire[:bad])
		h, body, err := c.readFrame()
		require.NoError(t, err)
		require.Equal(t, protocol.OpClose, h.Opcode)
		cp, err := protocol.ParseClose(body)
		require.NoError(t, err)
		assert.Equal(t, protocol.StatusInvalidPayload, cp.Code)
		assert.Contains(t, cp.Reason, "0xf8")
		c.write(wire[bad:])
		c.expectEOF()
	})
}

// Autobahn 7: the closing handshake.
func TestClose(t *testing.T) {
	_, addr, _ := startApp(t, config{})
	t.Run("empty body is answered with an empty body", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		c.send(protocol.OpClose, nil)
		h, payload, err := c.readFrame()
		require.NoError(t, err)
		assert.Equal(t, protocol.OpClose, h.Opcode)
		assert.Empty(t, payload)
		c.expectEOF()
	})
	for _, code := range []protocol.StatusCode{1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999} {
		t.Run("echoes "+code.String(), func(t *testing.T) {
			c := dial(t, addr, "/ws")
			c.send(protocol.OpClose, protocol.AppendClose(nil, code, "bye ✓"))
			cp := c.expectClose()
			assert.Equal(t, code, cp.Code)
			assert.Equal(t, "bye ✓", cp.Reason)
		})
	}
	t.Run("longest reason", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		reason := strings.Repeat("r", 123)
		c.send(protocol.OpClose, protocol.AppendClose(nil, 1000, reason))
		assert.Equal(t, reason, c.expectClose().Reason)
	})
	t.Run("one-byte body", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		c.send(protocol.OpClose, []byte{0x03})
		expectFailure(t, c, protocol.StatusProtocolError, protocol.ErrCloseBodyOneByte)
	})
	for _, code := range []uint16{0, 999, 1004, 1016, 1100, 2000, 2999, 5000, 65535} {
		t.Run("refuses "+protocol.StatusCode(code).String(), func(t *testing.T) {
			c := dial(t, addr, "/ws")
			c.send(protocol.OpClose, []byte{byte(code >> 8), byte(code)})
			expectFailure(t, c, protocol.StatusProtocolError, protocol.ErrCloseCodeInvalid)
		})
	}
	for _, code := range []uint16{1005, 1006, 1015} {
		t.Run("refuses local-only "+protocol.StatusCode(code).String(), func(t *testing.T) {
			c := dial(t, addr, "/ws")
			c.send(protocol.OpClose, []byte{byte(code >> 8), byte(code)})
			expectFailure(t, c, protocol.StatusProtocolError, protocol.ErrCloseCodeLocal)
		})
	}
	t.Run("reason not UTF-8", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		c.send(protocol.OpClose, []byte{0x03, 0xE8, 'o', 0xFF})
		expectFailure(t, c, protocol.StatusInvalidPayload, protocol.ErrCloseReasonUTF8)
	})
	t.Run("nothing is echoed after a close", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		wire := c.frame(protocol.Header{Fin: true, Opcode: protocol.OpClose}, protocol.AppendClose(nil, 1000, ""))
		wire = append(wire, c.frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, []byte("late"))...)
		c.write(wire)
		h, _, err := c.readFrame()
		require.NoError(t, err)
		assert.Equal(t, protocol.OpClose, h.Opcode, "the close answer comes first and alone")
		c.expectEOF()
	})
}

// Autobahn 9 and the size limit: big messages echo; above -max-message the
// server closes with 1009, before reading the payload when one frame
// announces it, and as soon as the fragments add up past it otherwise.
func TestMessageSizeLimit(t *testing.T) {
	const limit = 1 << 20
	_, addr, _ := startApp(t, config{MaxMessage: limit})
	t.Run("exactly the limit, in one frame and in fragments", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		msg := bytes.Repeat([]byte("0123456789abcdef"), limit/16)
		c.send(protocol.OpText, msg)
		c.expect(protocol.OpText, msg)
		for _, f := range protocol.SplitMessage(protocol.OpBinary, msg, 64<<10) {
			c.write(c.frame(f.Header, f.Payload))
		}
		c.expect(protocol.OpBinary, msg)
	})
	t.Run("one frame over the limit", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		// Only the header goes out: the server must not wait for the payload.
		h := protocol.Header{Fin: true, Opcode: protocol.OpBinary, Length: limit + 1, Masked: true, MaskKey: c.key}
		c.write(protocol.AppendHeader(nil, h))
		expectFailure(t, c, protocol.StatusMessageTooBig, protocol.ErrTooBig)
	})
	t.Run("fragments over the limit", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		half := make([]byte, limit/2+1)
		c.write(c.frame(protocol.Header{Opcode: protocol.OpBinary}, half))
		c.write(c.frame(protocol.Header{Fin: true, Opcode: protocol.OpContinuation}, half))
		expectFailure(t, c, protocol.StatusMessageTooBig, protocol.ErrTooBig)
	})
	t.Run("a 64-bit length with the top bit set", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		c.write([]byte{0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4})
		expectFailure(t, c, protocol.StatusProtocolError, protocol.ErrLengthHighBit)
	})
}

// Section 5.1 and 5.2 rules that are not in a numbered Autobahn group.
func TestFrameRules(t *testing.T) {
	_, addr, _ := startApp(t, config{})
	t.Run("unmasked client frame", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		c.write(protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText}, Payload: []byte("plain")}))
		expectFailure(t, c, protocol.StatusProtocolError, protocol.ErrUnmaskedClientFrame)
	})
	t.Run("length not in its shortest form", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		c.write(c.frame(protocol.Header{Fin: true, Opcode: protocol.OpText, LengthForm: protocol.Length16}, []byte("short")))
		expectFailure(t, c, protocol.StatusProtocolError, protocol.ErrLengthNotMinimal)
	})
	t.Run("frame trickled one byte at a time", func(t *testing.T) {
		c := dial(t, addr, "/ws")
		wire := c.frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, []byte("slow but fine"))
		for i := range wire {
			c.write(wire[i : i+1])
		}
		c.expect(protocol.OpText, []byte("slow but fine"))
	})
}

// Every rule's close reason fits in a close frame (123 bytes after the code)
// and names the rule.
func TestCloseReasons(t *testing.T) {
	for _, r := range protocol.Rules() {
		if r.Close == 0 {
			continue
		}
		reason := closeReason(&protocol.Violation{Rule: r, Offset: 12345, Value: strings.Repeat("v", 200)})
		body := protocol.AppendClose(nil, r.Close, reason)
		assert.LessOrEqual(t, len(body), 125, r.ID)
		assert.Contains(t, string(body[2:]), r.ID)
		assert.Equal(t, -1, protocol.ValidUTF8(body[2:]), r.ID)
	}
}
