package ws

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

// Large frames go out in one vectored write, headers apart from payloads;
// on the wire they are the same frames a copy would have made, whatever the
// number of frames (one and two use buffers on the stack, more a pooled
// one) and around vectorMin.
func TestVectoredSendsAreTheSameFrames(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		size, frag int
	}{
		{"below vectorMin, copied", vectorMin - 1, 0},
		{"one frame at vectorMin", vectorMin, 0},
		{"one 1 MiB frame", 1 << 20, 0},
		{"two frames", 2 * vectorMin, vectorMin},
		{"five frames, the last short", 4*5000 + 123, 5000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := testServer(2 << 20)
			c := socketPair(t, s, Echo{Frag: tc.frag})
			payload := bytes.Repeat([]byte("vectored"), tc.size/8+1)[:tc.size]
			// Sent in two fragments, the echo is a fresh Send (or
			// SendFragments), not SendBack's reuse of the client's frame.
			require.NoError(t, c.WriteMessage(protocol.OpBinary, payload, tc.size/2+1))
			per := tc.size
			if tc.frag > 0 {
				per = tc.frag
			}
			frames := (tc.size + per - 1) / per
			var got []byte
			for i := range frames {
				h, p, err := c.ReadFrame()
				require.NoError(t, err)
				assert.Equal(t, i == frames-1, h.Fin, "frame %d", i)
				assert.Equal(t, i == 0, h.Opcode == protocol.OpBinary, "frame %d", i)
				assert.False(t, h.Masked)
				got = append(got, p...)
			}
			assert.True(t, bytes.Equal(payload, got), "the echo differs")
			_, err := c.Close(protocol.StatusNormalClosure, "")
			require.NoError(t, err)
			eventually(t, func() bool { return s.Open() == 0 }, "the connection was not released")
			assert.Zero(t, s.Pool().Lent(), "every buffer is back")
		})
	}
}
