package protocol

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSplitMessage(t *testing.T) {
	t.Parallel()
	payload := []byte("0123456789abcdefghijklmnopqrstuvwxyz0123")
	for n := 0; n <= len(payload); n++ {
		p := payload[:n]
		for size := -1; size <= n+2; size++ {
			frames := SplitMessage(OpBinary, p, size)
			wantFrames := 1
			if size > 0 && n > size {
				wantFrames = (n + size - 1) / size
			}
			require.Len(t, frames, wantFrames, "len %d size %d", n, size)
			var joined []byte
			for i, f := range frames {
				last := i == len(frames)-1
				assert.Equal(t, last, f.Fin, "only the last frame has FIN")
				if i == 0 {
					assert.Equal(t, OpBinary, f.Opcode)
				} else {
					assert.Equal(t, OpContinuation, f.Opcode)
				}
				assert.Equal(t, uint64(len(f.Payload)), f.Length)
				assert.False(t, f.Masked)
				if size > 0 {
					assert.LessOrEqual(t, len(f.Payload), size)
				}
				if !last {
					assert.Len(t, f.Payload, size, "every frame but the last is full")
				}
				joined = append(joined, f.Payload...)
			}
			assert.Equal(t, string(p), string(joined))
		}
	}
	// The frames share the payload's memory.
	frames := SplitMessage(OpText, payload, 10)
	payload[0] = 'X'
	assert.Equal(t, byte('X'), frames[0].Payload[0])
	payload[0] = '0'
}
