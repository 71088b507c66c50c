package protocol

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// push feeds frames to a, interleaving a ping after every non-final frame,
// and returns the data message.
func push(t *testing.T, a *Assembler, frames []Frame) (Message, error) {
	t.Helper()
	for i, f := range frames {
		m, done, err := a.Push(f.Header, f.Payload)
		if err != nil {
			return m, err
		}
		if i == len(frames)-1 {
			require.True(t, done)
			return m, nil
		}
		require.False(t, done, "frame %d of %d does not finish the message", i+1, len(frames))
		require.True(t, a.InMessage())

		ping := []byte{'p', byte(i)}
		pm, done, err := a.Push(Header{Fin: true, Opcode: OpPing, Length: 2}, ping)
		require.NoError(t, err)
		require.True(t, done, "a control frame is handed back at once")
		assert.Equal(t, Message{Opcode: OpPing, Payload: ping, Frames: 1}, pm)
		require.True(t, a.InMessage(), "a ping does not end the message")
	}
	t.Fatal("no frames")
	return Message{}, nil
}

func TestAssemblerRoundTrip(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(12))
	var a Assembler // reused for every message
	for n := 0; n <= 64; n++ {
		payload := make([]byte, n)
		r.Read(payload)
		for size := 1; size <= n+1; size++ {
			frames := SplitMessage(OpBinary, payload, size)
			m, err := push(t, &a, frames)
			require.NoError(t, err)
			assert.Equal(t, OpBinary, m.Opcode)
			assert.Equal(t, len(frames), m.Frames)
			assert.True(t, bytes.Equal(payload, m.Payload), "len %d size %d", n, size)
			assert.False(t, a.InMessage())
		}
	}
	for i := 0; i < 200; i++ {
		payload := make([]byte, r.Intn(5000))
		r.Read(payload)
		frames := SplitMessage(OpBinary, payload, 1+r.Intn(700))
		m, err := push(t, &a, frames)
		require.NoError(t, err)
		require.True(t, bytes.Equal(payload, m.Payload))
	}
}

func TestAssemblerText(t *testing.T) {
	t.Parallel()
	text := []byte("héllo wörld, 你好, 😀 ok")
	require.True(t, utf8.Valid(text))
	var a Assembler
	for size := 1; size <= len(text); size++ {
		// Most sizes cut some character in the middle.
		m, err := push(t, &a, SplitMessage(OpText, text, size))
		require.NoError(t, err, "size %d", size)
		assert.Equal(t, OpText, m.Opcode)
		assert.Equal(t, string(text), string(m.Payload))
	}
}

// TestAssemblerUTF8Offset places an invalid byte at every index of a text
// message and splits it at every size: the violation must come with the frame
// that holds the byte, at the byte's offset in that frame's payload.
func TestAssemblerUTF8Offset(t *testing.T) {
	t.Parallel()
	base := []byte("añb€c😀de")
	for bad := 0; bad <= len(base); bad++ {
		text := append(append(append([]byte(nil), base[:bad]...), 0xff), base[bad:]...)
		global := ValidUTF8(text) // where the stream breaks (before 0xff if it cut a character)
		require.GreaterOrEqual(t, global, 0)
		require.LessOrEqual(t, global, bad)
		for size := 1; size <= len(text); size++ {
			var a Assembler
			frames := SplitMessage(OpText, text, size)
			hit := false
			for i, f := range frames {
				_, done, err := a.Push(f.Header, f.Payload)
				if err == nil {
					continue
				}
				require.ErrorIs(t, err, ErrInvalidUTF8)
				assert.False(t, done)
				assert.Equal(t, global/size, i, "the violation comes with frame %d", global/size)
				assert.Equal(t, int64(global%size), err.(*Violation).Offset, "bad byte %d, size %d", bad, size)
				assert.Equal(t, "0x"+Hex(text[global:global+1]), err.(*Violation).Value)
				assert.Equal(t, !f.Fin, a.InMessage(), "a broken message stays open until its last frame")
				hit = true
				break
			}
			require.True(t, hit, "bad byte %d, size %d", bad, size)
		}
	}
}

// TestAssemblerTruncatedText ends a text message inside a character.
func TestAssemblerTruncatedText(t *testing.T) {
	t.Parallel()
	t.Run("character starts in the last frame", func(t *testing.T) {
		t.Parallel()
		var a Assembler
		_, done, err := a.Push(Header{Opcode: OpText}, []byte("ab"))
		require.NoError(t, err)
		require.False(t, done)
		_, _, err = a.Push(Header{Fin: true, Opcode: OpContinuation}, []byte("c\xe2\x82"))
		require.ErrorIs(t, err, ErrInvalidUTF8)
		assert.Equal(t, int64(1), err.(*Violation).Offset, "the unfinished character starts at byte 1 of the frame")
		assert.False(t, a.InMessage())
	})
	t.Run("character starts in an earlier frame", func(t *testing.T) {
		t.Parallel()
		var a Assembler
		_, _, err := a.Push(Header{Opcode: OpText}, []byte("ab\xf0\x9f"))
		require.NoError(t, err)
		_, _, err = a.Push(Header{Fin: true, Opcode: OpContinuation}, []byte("\x98"))
		require.ErrorIs(t, err, ErrInvalidUTF8)
		assert.Equal(t, int64(-1), err.(*Violation).Offset, "no byte of this frame is to blame; its FIN is")
	})
	t.Run("empty final frame", func(t *testing.T) {
		t.Parallel()
		var a Assembler
		_, _, err := a.Push(Header{Opcode: OpText}, []byte("\xc3"))
		require.NoError(t, err)
		_, _, err = a.Push(Header{Fin: true, Opcode: OpContinuation}, nil)
		require.ErrorIs(t, err, ErrInvalidUTF8)
		assert.Equal(t, int64(-1), err.(*Violation).Offset)
	})
	t.Run("single frame", func(t *testing.T) {
		t.Parallel()
		var a Assembler
		_, _, err := a.Push(Header{Fin: true, Opcode: OpText}, []byte("\xc3"))
		require.ErrorIs(t, err, ErrInvalidUTF8)
		assert.Equal(t, int64(0), err.(*Violation).Offset)
	})
}

func TestAssemblerBinaryIsNotChecked(t *testing.T) {
	t.Parallel()
	var a Assembler
	m, done, err := a.Push(Header{Fin: true, Opcode: OpBinary}, []byte{0xff, 0xc0})
	require.NoError(t, err)
	assert.True(t, done)
	assert.Equal(t, []byte{0xff, 0xc0}, m.Payload)
}

func TestAssemblerOrder(t *testing.T) {
	t.Parallel()
	t.Run("continuation without start", func(t *testing.T) {
		t.Parallel()
		var a Assembler
		_, done, err := a.Push(Header{Fin: true, Opcode: OpContinuation}, []byte("x"))
		require.ErrorIs(t, err, ErrContinuationWithoutStart)
		assert.False(t, done)
		assert.Equal(t, int64(-1), err.(*Violation).Offset)
		assert.Equal(t, "5.4", err.(*Violation).Rule.Section)
	})
	t.Run("continuation after a finished message", func(t *testing.T) {
		t.Parallel()
		var a Assembler
		_, done, err := a.Push(Header{Fin: true, Opcode: OpText}, []byte("x"))
		require.NoError(t, err)
		require.True(t, done)
		_, _, err = a.Push(Header{Fin: true, Opcode: OpContinuation}, []byte("y"))
		require.ErrorIs(t, err, ErrContinuationWithoutStart)
	})
	for _, op := range []Opcode{OpText, OpBinary} {
		t.Run("new "+op.String()+" inside a fragmented message", func(t *testing.T) {
			t.Parallel()
			var a Assembler
			_, _, err := a.Push(Header{Opcode: OpBinary}, []byte("x"))
			require.NoError(t, err)
			_, done, err := a.Push(Header{Fin: true, Opcode: op}, []byte("y"))
			require.ErrorIs(t, err, ErrDataInsideFragmented)
			assert.False(t, done)
			assert.Equal(t, op.Hex(), err.(*Violation).Value)
		})
	}
}

func TestAssemblerMaxMessage(t *testing.T) {
	t.Parallel()
	payload := bytes.Repeat([]byte("x"), 100)
	for _, size := range []int{0, 1, 7, 50, 100} {
		a := Assembler{MaxMessage: 100}
		m, err := push(t, &a, SplitMessage(OpBinary, payload, size))
		require.NoError(t, err, "exactly at the limit")
		assert.Len(t, m.Payload, 100)

		a = Assembler{MaxMessage: 99}
		frames := SplitMessage(OpBinary, payload, size)
		var got error
		for _, f := range frames {
			if _, _, err := a.Push(f.Header, f.Payload); err != nil {
				got = err
				break
			}
		}
		require.ErrorIs(t, got, ErrTooBig, "size %d", size)
		assert.Equal(t, StatusMessageTooBig, got.(*Violation).Rule.Close)
		assert.Equal(t, "100", got.(*Violation).Value)
		assert.False(t, a.InMessage())
	}
}

func TestAssemblerControlFrames(t *testing.T) {
	t.Parallel()
	var a Assembler
	m, done, err := a.Push(Header{Fin: true, Opcode: OpClose}, closeBody(1000, "bye"))
	require.NoError(t, err)
	require.True(t, done)
	require.NotNil(t, m.Close)
	assert.Equal(t, ClosePayload{Code: 1000, Reason: "bye"}, *m.Close)

	m, done, err = a.Push(Header{Fin: true, Opcode: OpClose}, nil)
	require.NoError(t, err)
	require.True(t, done)
	assert.Equal(t, StatusNoStatusReceived, m.Close.Code)

	_, done, err = a.Push(Header{Fin: true, Opcode: OpClose}, closeBody(1005, ""))
	require.ErrorIs(t, err, ErrCloseCodeLocal)
	assert.False(t, done)

	m, done, err = a.Push(Header{Fin: true, Opcode: OpPong}, []byte("p"))
	require.NoError(t, err)
	assert.True(t, done)
	assert.Nil(t, m.Close)
	assert.Equal(t, OpPong, m.Opcode)
}

// TestMessagesOverTheWire sends fragmented messages from a client, masked,
// with pings in between, and reads them back with Decode.
func TestMessagesOverTheWire(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(13))
	for i := 0; i < 100; i++ {
		op := OpBinary
		var payload []byte
		if i%2 == 0 {
			op = OpText
			payload = []byte(strings.Repeat("żółw 🐢 ", r.Intn(40)))
		} else {
			payload = make([]byte, r.Intn(3000))
			r.Read(payload)
		}
		var wire []byte
		frames := SplitMessage(op, payload, 1+r.Intn(300))
		for j, f := range frames {
			f.Masked = true
			r.Read(f.MaskKey[:])
			wire = AppendFrame(wire, f)
			if j < len(frames)-1 {
				wire = AppendFrame(wire, Frame{Header: Header{Fin: true, Opcode: OpPing, Masked: true, MaskKey: [4]byte{1, 2, 3, 4}}, Payload: []byte("hb")})
			}
		}
		d := Decode(wire, Limits{From: FromClient})
		require.Empty(t, d.Violations)
		require.Len(t, d.Frames, 2*len(frames)-1)
		assert.Equal(t, len(wire), d.Consumed)
		last := d.Frames[len(d.Frames)-1]
		require.NotNil(t, last.Message)
		assert.Equal(t, op, last.Message.Opcode)
		assert.True(t, bytes.Equal(payload, last.Message.Payload))
		assert.Equal(t, len(frames), last.Message.Frames)
		for _, f := range d.Frames[:len(d.Frames)-1] {
			if f.Header.Opcode == OpPing {
				require.NotNil(t, f.Message)
				assert.Equal(t, "hb", string(f.Message.Payload))
			} else {
				assert.Nil(t, f.Message)
			}
		}
	}
}

// TestAssemblerBrokenMessage: once a message breaks a rule, its remaining
// fragments are skipped quietly up to FIN, and the next message is fine.
func TestAssemblerBrokenMessage(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		asm   Assembler
		first []byte
		rule  *Rule
	}{
		{"invalid UTF-8", Assembler{}, []byte("a\xff"), ErrInvalidUTF8},
		{"too big", Assembler{MaxMessage: 1}, []byte("ab"), ErrTooBig},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := tt.asm
			_, done, err := a.Push(Header{Opcode: OpText}, tt.first)
			require.ErrorIs(t, err, tt.rule)
			assert.False(t, done)
			assert.True(t, a.InMessage(), "the broken message's continuations are still to come")

			_, done, err = a.Push(Header{Opcode: OpContinuation}, []byte("\xff\xff"))
			assert.NoError(t, err, "reported once")
			assert.False(t, done)
			m, done, err := a.Push(Header{Fin: true, Opcode: OpPing}, []byte("p"))
			require.NoError(t, err)
			assert.True(t, done)
			assert.Equal(t, OpPing, m.Opcode)
			_, done, err = a.Push(Header{Fin: true, Opcode: OpContinuation}, []byte("z"))
			assert.NoError(t, err)
			assert.False(t, done, "a broken message is never handed over")
			assert.False(t, a.InMessage())

			// A continuation now has no start, and a new message works.
			_, _, err = a.Push(Header{Fin: true, Opcode: OpContinuation}, nil)
			assert.ErrorIs(t, err, ErrContinuationWithoutStart)
			m, done, err = a.Push(Header{Fin: true, Opcode: OpText}, []byte("x"))
			require.NoError(t, err)
			assert.True(t, done)
			assert.Equal(t, "x", string(m.Payload))
		})
	}

	// A new data frame inside a broken message is still a violation.
	var a Assembler
	_, _, err := a.Push(Header{Opcode: OpText}, []byte{0xff})
	require.ErrorIs(t, err, ErrInvalidUTF8)
	_, _, err = a.Push(Header{Fin: true, Opcode: OpBinary}, nil)
	assert.ErrorIs(t, err, ErrDataInsideFragmented)
}
