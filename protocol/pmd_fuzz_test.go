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

// FuzzDecodeInflating is Decode with permessage-deflate agreed and an
// inflater: no panic, every violation inside the input, and every
// compressed message within the inflater's limit.
func FuzzDecodeInflating(f *testing.F) {
	addFrameSeeds(f)
	f.Add(mustHex(f, "4103f248cd"+"8900"+"8004c9c90700"+"c105f200110000"), uint8(1))
	f.Add(mustHex(f, "c101ff"+"c004c9c90700"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, limits uint8) {
		lim := fuzzLimits(limits)
		lim.Extensions |= 4
		lim.Inflater = deflate.NewInflater(deflate.Options{MaxOutput: 1 << 16, WindowBits: 8 + int(limits%8)})
		d := Decode(data, lim)
		for _, v := range d.Violations {
			require.Less(t, v.Offset, int64(len(data)), v.Error())
		}
		for _, fr := range d.Frames {
			if fr.Compressed {
				require.LessOrEqual(t, len(fr.Message.Payload), 1<<16)
			}
		}
	})
}
