package protocol

import (
	"errors"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// piecewise gives one frame to a as StartFrame, FeedPayload per piece and
// FinishFrame, stopping at the first error, and says which step failed
// ("start", "feed 0", "feed 1"…, "finish").
func piecewise(a *Assembler, h Header, pieces ...[]byte) (m Message, done bool, step string, err error) {
	var payload []byte
	for _, p := range pieces {
		payload = append(payload, p...)
	}
	h.Length = uint64(len(payload))
	if err := a.StartFrame(h); err != nil {
		return m, false, "start", err
	}
	for i, p := range pieces {
		if err := a.FeedPayload(p); err != nil {
			return m, false, "feed " + itoa(i), err
		}
	}
	m, done, err = a.FinishFrame(payload)
	return m, done, "finish", err
}

func TestAssemblerPieces(t *testing.T) {
	t.Parallel()
	text := func(fin bool) Header { return Header{Fin: fin, Opcode: OpText} }
	cont := func(fin bool) Header { return Header{Fin: fin, Opcode: OpContinuation} }
	type frame struct {
		h      Header
		pieces []string
	}
	tests := []struct {
		name   string
		max    int
		before []frame // pushed whole first, without error
		frame  frame
		step   string // where it fails, "" for none
		rule   *Rule
		offset int64
		value  string
		want   string // the message, when the frame completes one
	}{
		{name: "text in three pieces", frame: frame{text(true), []string{"h\xc3", "\xa9llo", " wörld"}}, want: "héllo wörld"},
		{name: "a character split across pieces", frame: frame{text(true), []string{"a\xe2", "\x82", "\xac"}}, want: "a€"},
		{name: "bad byte in the second piece", frame: frame{text(true), []string{"abc", "d\xffe", "never read"}},
			step: "feed 1", rule: ErrInvalidUTF8, offset: 4, value: "0xff"},
		{name: "impossible continuation across pieces", frame: frame{text(true), []string{"ab\xe2", "\x28"}},
			step: "feed 1", rule: ErrInvalidUTF8, offset: 3, value: "0x28"},
		{name: "offset counts from this frame, not the message", before: []frame{{text(false), []string{"first"}}},
			frame: frame{cont(true), []string{"ok", "\xc0"}}, step: "feed 1", rule: ErrInvalidUTF8, offset: 2, value: "0xc0"},
		{name: "text ends inside a character", frame: frame{text(true), []string{"ab", "\xf0\x9f"}},
			step: "finish", rule: ErrInvalidUTF8, offset: 2, value: "f09f"},
		{name: "binary is not checked", frame: frame{Header{Fin: true, Opcode: OpBinary}, []string{"\xff", "\xfe"}}, want: "\xff\xfe"},
		{name: "too big from the header, before any byte", max: 4, frame: frame{text(true), []string{"\xff", "2345"}},
			step: "start", rule: ErrTooBig, offset: -1, value: "5"},
		{name: "too big counts earlier fragments", max: 6, before: []frame{{text(false), []string{"1234"}}},
			frame: frame{cont(true), []string{"56", "7"}}, step: "start", rule: ErrTooBig, offset: -1, value: "7"},
		{name: "continuation without start", frame: frame{cont(true), []string{"\xff"}},
			step: "start", rule: ErrContinuationWithoutStart, offset: -1, value: "0x0"},
		{name: "new message inside a fragmented one", before: []frame{{text(false), []string{"a"}}},
			frame: frame{Header{Fin: true, Opcode: OpBinary}, []string{"b"}}, step: "start", rule: ErrDataInsideFragmented, offset: -1, value: "0x2"},
		{name: "ping between fragments", before: []frame{{text(false), []string{"a"}}},
			frame: frame{Header{Fin: true, Opcode: OpPing}, []string{"p", "ing"}}, want: "ping"},
		{name: "close reason checked when the frame is whole", frame: frame{Header{Fin: true, Opcode: OpClose}, []string{"\x03\xe8", "\xff"}},
			step: "finish", rule: ErrCloseReasonUTF8, offset: 2, value: "0xff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := Assembler{MaxMessage: tt.max}
			for _, f := range tt.before {
				_, _, _, err := piecewise(&a, f.h, bytesOf(f.pieces)...)
				require.NoError(t, err)
			}
			m, done, step, err := piecewise(&a, tt.frame.h, bytesOf(tt.frame.pieces)...)
			if tt.rule == nil {
				require.NoError(t, err)
				require.True(t, done)
				assert.Equal(t, tt.want, string(m.Payload))
				return
			}
			assert.Equal(t, tt.step, step)
			var v *Violation
			require.ErrorAs(t, err, &v)
			assert.Equal(t, tt.rule, v.Rule)
			assert.Equal(t, tt.offset, v.Offset)
			assert.Equal(t, tt.value, v.Value)
			assert.False(t, done)
		})
	}
}

func bytesOf(ss []string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}

// TestAssemblerPiecesAfterError: once a step fails, the rest of the frame is
// taken without another error and nothing is handed over; the next frame is
// judged afresh.
func TestAssemblerPiecesAfterError(t *testing.T) {
	t.Parallel()
	var a Assembler
	payload := []byte("ab\xffcd")
	require.NoError(t, a.StartFrame(Header{Fin: true, Opcode: OpText, Length: 5}))
	require.ErrorIs(t, a.FeedPayload(payload[:3]), ErrInvalidUTF8)
	assert.NoError(t, a.FeedPayload(payload[3:]), "reported once")
	m, done, err := a.FinishFrame(payload)
	assert.NoError(t, err)
	assert.False(t, done, "a refused message is never handed over")
	assert.Nil(t, m.Payload)
	assert.False(t, a.InMessage())

	// After an error in StartFrame the caller may move on to the next frame.
	require.ErrorIs(t, a.StartFrame(Header{Fin: true, Opcode: OpContinuation, Length: 1}), ErrContinuationWithoutStart)
	m, done, _, err = piecewise(&a, Header{Fin: true, Opcode: OpText}, []byte("o"), []byte("k"))
	require.NoError(t, err)
	assert.True(t, done)
	assert.Equal(t, "ok", string(m.Payload))
}

// TestAssemblerPiecesNoCopy: a message in one frame is handed over in the
// caller's memory, however its payload was fed.
func TestAssemblerPiecesNoCopy(t *testing.T) {
	t.Parallel()
	var a Assembler
	payload := []byte("hello")
	require.NoError(t, a.StartFrame(Header{Fin: true, Opcode: OpText, Length: 5}))
	require.NoError(t, a.FeedPayload(payload[:2]))
	require.NoError(t, a.FeedPayload(payload[2:]))
	m, done, err := a.FinishFrame(payload)
	require.NoError(t, err)
	require.True(t, done)
	assert.Equal(t, unsafe.SliceData(payload), unsafe.SliceData(m.Payload))
}

// TestAssemblerMisuse: calls out of order are the caller's fault; they get
// an error that is not a protocol Violation, never a panic, and a message
// whose bytes may be missing is never handed over.
func TestAssemblerMisuse(t *testing.T) {
	t.Parallel()
	isMisuse := func(t *testing.T, err error, what string) {
		t.Helper()
		require.Error(t, err)
		var v *Violation
		assert.False(t, errors.As(err, &v), "not the peer's fault")
		assert.Contains(t, err.Error(), what)
	}
	var a Assembler
	isMisuse(t, a.FeedPayload([]byte("x")), "FeedPayload without StartFrame")
	_, _, err := a.FinishFrame(nil)
	isMisuse(t, err, "FinishFrame without StartFrame")

	require.NoError(t, a.StartFrame(Header{Fin: true, Opcode: OpText, Length: 2}))
	isMisuse(t, a.FeedPayload([]byte("abc")), "beyond the header's length")
	isMisuse(t, a.StartFrame(Header{Fin: true, Opcode: OpText}), "before the previous frame's FinishFrame")
	require.NoError(t, a.FeedPayload([]byte("a")))
	m, done, err := a.FinishFrame([]byte("ab"))
	isMisuse(t, err, "FinishFrame's payload, the pieces fed and the header's length differ")
	assert.False(t, done)
	assert.Nil(t, m.Payload)
	assert.False(t, a.InMessage())

	// The Assembler is usable again.
	m, done, _, err = piecewise(&a, Header{Fin: true, Opcode: OpBinary}, []byte{1})
	require.NoError(t, err)
	assert.True(t, done)
	assert.Equal(t, []byte{1}, m.Payload)
}
