package deflate

import (
	"bytes"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testFixedLit, testFixedDist = fixedEncodings()

// fixedStream writes a final fixed block with tokens, as a stream.
func fixedStream(tokens []Token) []byte {
	w := &bitWriter{}
	w.write(1|1<<1, 3)
	writeTokens(w, tokens, testFixedLit, testFixedDist)
	w.align()
	return w.out
}

// expand applies tokens to hist, the reference LZ77 semantics.
func expand(hist []byte, tokens []Token) []byte {
	out := append([]byte(nil), hist...)
	for _, tk := range tokens {
		if !tk.IsMatch() {
			out = append(out, tk.Literal)
			continue
		}
		for i := 0; i < tk.Length; i++ {
			out = append(out, out[len(out)-tk.Distance])
		}
	}
	return out[len(hist):]
}

// TestEveryLengthAndDistance copies every length 3..258 and the distances
// at both ends of every distance code's range, through the window of an
// earlier message, on the fast and the traced path, and checks the extra
// bits the trace shows.
func TestEveryLengthAndDistance(t *testing.T) {
	t.Parallel()
	hist := make([]byte, maxWindow)
	rand.New(rand.NewSource(5)).Read(hist)
	var distances []int
	for i, b := range distBase {
		distances = append(distances, int(b), int(b)+1<<distExtra[i]-1)
	}
	for length := minMatch; length <= maxMatch; length++ {
		for _, dist := range distances {
			if length != minMatch && length != maxMatch && dist != 1 && dist != maxWindow {
				continue // every length with a few distances, every distance with a few lengths
			}
			tokens := []Token{{Literal: 'a'}, {Length: length, Distance: dist}}
			stream := fixedStream(tokens)
			want := expand(hist, tokens)
			got, err := primed(t, 15, hist).InflateStream(nil, stream)
			require.NoError(t, err, "length %d distance %d", length, dist)
			require.True(t, bytes.Equal(want, got), "length %d distance %d", length, dist)
			goOut, err := goInflate(stream, hist)
			require.NoError(t, err)
			require.True(t, bytes.Equal(want, goOut))

			_, tr, err := primed(t, 15, hist).InflateStreamTraced(nil, stream, TraceOptions{})
			require.NoError(t, err)
			c := findKind(tr, KindCopy)
			require.NotNil(t, c)
			assert.Equal(t, length, c.Copy.Length)
			assert.Equal(t, dist, c.Copy.Distance)
			assert.Equal(t, min(length, max(dist-1, 0)), c.Copy.Earlier, "bytes from the earlier message")
			ls, ds := lengthSymbol(length)-257, distSymbol(dist)
			if lengthExtra[ls] > 0 {
				e := findKind(tr, KindLengthExtra)
				require.NotNil(t, e, "length %d", length)
				assert.Equal(t, int(lengthExtra[ls]), e.Bits)
				assert.Equal(t, itoa(length-int(lengthBase[ls])), e.Value)
			}
			if distExtra[ds] > 0 {
				e := findKind(tr, KindDistanceExtra)
				require.NotNil(t, e, "distance %d", dist)
				assert.Equal(t, itoa(dist-int(distBase[ds])), e.Value)
			}
		}
	}
}

func findKind(tr *Trace, k Kind) *Item {
	for i := range tr.Items {
		if tr.Items[i].Kind == k {
			return &tr.Items[i]
		}
	}
	return nil
}

func itoa(n int) string { return num(uint32(n)) }

func TestLengthAndDistanceSymbols(t *testing.T) {
	t.Parallel()
	tests := []struct{ length, sym int }{{3, 257}, {10, 264}, {11, 265}, {12, 265}, {13, 266}, {227, 284}, {257, 284}, {258, 285}}
	for _, tc := range tests {
		assert.Equal(t, tc.sym, lengthSymbol(tc.length), "length %d", tc.length)
	}
	dists := []struct{ dist, sym int }{{1, 0}, {4, 3}, {5, 4}, {6, 4}, {7, 5}, {24576, 28}, {24577, 29}, {32768, 29}}
	for _, tc := range dists {
		assert.Equal(t, tc.sym, distSymbol(tc.dist), "distance %d", tc.dist)
	}
}

// TestSmallWindow: a window of 2^8 bytes refuses a distance of 257, which
// compress/flate (always 32 KiB) would accept.
func TestSmallWindow(t *testing.T) {
	t.Parallel()
	hist := bytes.Repeat([]byte("0123456789abcdef"), 64)
	for _, tc := range []struct {
		bits, dist int
		ok         bool
	}{{8, 256, true}, {8, 257, false}, {9, 512, true}, {9, 513, false}, {15, 1024, true}} {
		stream := fixedStream([]Token{{Length: 3, Distance: tc.dist}})
		_, err := primed(t, tc.bits, hist).InflateStream(nil, stream)
		if tc.ok {
			assert.NoError(t, err, "%d bits, distance %d", tc.bits, tc.dist)
		} else {
			assert.ErrorIs(t, err, ErrDistanceTooFar, "%d bits, distance %d", tc.bits, tc.dist)
		}
	}
}
