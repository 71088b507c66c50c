package protocol

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFramesEnd(t *testing.T) {
	t.Parallel()
	hello := AppendFrame(nil, Frame{Header: Header{Fin: true, Opcode: OpText}, Payload: []byte("Hello")}) // 7 bytes
	masked := AppendFrame(nil, Frame{Header: Header{Fin: true, Opcode: OpBinary, Masked: true, MaskKey: [4]byte{1, 2, 3, 4}}, Payload: make([]byte, 300)})
	stream := append(append(append([]byte{}, hello...), masked...), hello...)

	assert.Equal(t, 0, FramesEnd(stream, 0))
	assert.Equal(t, len(hello), FramesEnd(stream, 1))
	assert.Equal(t, len(hello)+len(masked), FramesEnd(stream, 2))
	assert.Equal(t, len(stream), FramesEnd(stream, 3))
	assert.Equal(t, len(stream), FramesEnd(stream, 10), "fewer frames than asked for")

	// An incomplete frame, a partial header or a hostile length counts as
	// the rest of the input: Decode reports what is missing.
	assert.Equal(t, len(hello)+4, FramesEnd(append(append([]byte{}, hello...), hello[:4]...), 2))
	assert.Equal(t, 1, FramesEnd([]byte{0x81}, 1))
	hostile := []byte{0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0}
	assert.Equal(t, len(hostile), FramesEnd(hostile, 1))

	// Decoding the prefix finds exactly the frames it holds.
	zeros := make([]byte, 4096) // 2048 empty continuation frames
	end := FramesEnd(zeros, 100)
	assert.Equal(t, 200, end)
	d := Decode(zeros[:end], Limits{})
	assert.Len(t, d.Frames, 100)
	assert.Equal(t, end, d.Consumed)
}
