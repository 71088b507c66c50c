package protocol

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol/deflate"
)

// FuzzInflateMessage feeds hostile compressed payloads to the read path of
// a permessage-deflate endpoint: it never panics, never returns more than
// the limit, and every refusal is ErrInflate (1007) or ErrTooBig (1009).
func FuzzInflateMessage(f *testing.F) {
	f.Add([]byte{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}, uint16(3))
	f.Add([]byte{0xff}, uint16(100))
	f.Add(deflate.NewCompressor(deflate.CompressorOptions{}).Compress(nil, make([]byte, 100000)), uint16(1000))
	f.Fuzz(func(t *testing.T, payload []byte, limit uint16) {
		z := deflate.NewInflater(deflate.Options{MaxOutput: int(limit) + 1})
		out, err := InflateMessage(z, nil, payload)
		require.LessOrEqual(t, len(out), int(limit)+1)
		if err != nil {
			v, ok := err.(*Violation)
			require.True(t, ok)
			require.Contains(t, []*Rule{ErrInflate, ErrTooBig}, v.Rule)
		}
	})
}
