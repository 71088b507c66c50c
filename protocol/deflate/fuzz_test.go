package deflate

import (
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// goInflate is the reference: compress/flate reading stream with dict as
// its preset window.
func goInflate(stream, dict []byte) ([]byte, error) {
	r := flate.NewReaderDict(bytes.NewReader(stream), dict)
	return io.ReadAll(r)
}

// primed returns an inflater of 2^bits bytes whose window holds hist, as if
// hist had been the earlier messages.
func primed(t testing.TB, bits int, hist []byte) *Inflater {
	z := NewInflater(Options{WindowBits: bits})
	for len(hist) > 0 {
		n := min(len(hist), 65535)
		block := []byte{0, byte(n), byte(n >> 8), ^byte(n), ^byte(n >> 8)}
		// The stored block, then the header of the sync flush's empty one.
		out, err := z.Inflate(nil, append(append(block, hist[:n]...), 0))
		require.NoError(t, err)
		require.Equal(t, hist[:n], out)
		hist = hist[n:]
	}
	return z
}

// lastWindow is what a 2^bits window keeps of hist.
func lastWindow(hist []byte, bits int) []byte {
	if w := 1 << bits; len(hist) > w {
		return hist[len(hist)-w:]
	}
	return hist
}

// compareWithGo checks that the inflater is exactly as strict as
// compress/flate: on a complete stream both give the same bytes or both
// fail, except that a window smaller than 32 KiB may refuse a distance
// compress/flate allows. As a message (tail appended), whatever the
// inflater accepts compress/flate reads the same way.
func compareWithGo(t *testing.T, stream, hist []byte, bits int) {
	dict := lastWindow(hist, bits)
	want, goErr := goInflate(stream, dict)
	got, err := primed(t, bits, hist).InflateStream(nil, stream)
	switch {
	case goErr != nil:
		require.Error(t, err, "compress/flate refuses (%v), the inflater must too", goErr)
	case err != nil:
		require.True(t, bits < 15 && errors.Is(err, ErrDistanceTooFar), "compress/flate accepts, the inflater refuses: %v", err)
	default:
		require.True(t, bytes.Equal(want, got), "want %x\n got %x", want, got)
	}

	msg := append(append([]byte(nil), stream...), Tail[:]...)
	want, goErr = goInflate(msg, dict)
	got, err = primed(t, bits, hist).Inflate(nil, stream)
	if goErr == nil && bits == 15 {
		require.NoError(t, err)
	}
	if err == nil {
		require.True(t, bytes.Equal(want, got), "the message reads as compress/flate reads it: want %x\n got %x", want, got)
		require.True(t, goErr == nil || goErr == io.ErrUnexpectedEOF, "compress/flate: %v", goErr)
	}
}

func flateSeeds(t testing.TB) [][]byte {
	var seeds [][]byte
	texts := []string{"", "Hello", strings.Repeat("Hello, world! ", 300), "abababababababababababab",
		strings.Repeat("x", 1000)}
	r := rand.New(rand.NewSource(7))
	random := make([]byte, 3000)
	r.Read(random)
	texts = append(texts, string(random))
	for _, text := range texts {
		for _, level := range []int{flate.NoCompression, flate.BestSpeed, flate.DefaultCompression, flate.HuffmanOnly} {
			var b bytes.Buffer
			w, err := flate.NewWriter(&b, level)
			require.NoError(t, err)
			w.Write([]byte(text))
			w.Close()
			seeds = append(seeds, b.Bytes())
		}
	}
	for _, e := range loadExamples(t) {
		if e.Deflate != nil {
			seeds = append(seeds, e.Deflate)
		}
	}
	return seeds
}

func FuzzInflate(f *testing.F) {
	for _, s := range flateSeeds(f) {
		f.Add(s, []byte(nil), uint8(15))
		f.Add(s, []byte("Hello"), uint8(8))
	}
	f.Add([]byte{0xf2, 0x00, 0x11, 0x00, 0x00}, []byte("Hello"), uint8(15))
	f.Fuzz(func(t *testing.T, stream, hist []byte, bits uint8) {
		compareWithGo(t, stream, hist, 8+int(bits%8))
	})
}

func TestInflateMatchesGoOnSeeds(t *testing.T) {
	t.Parallel()
	for _, s := range flateSeeds(t) {
		compareWithGo(t, s, nil, 15)
		compareWithGo(t, s, []byte("Hello"), 8)
	}
}

// TestInflateMatchesGoOnMutations flips bits and cuts seeds, a fixed,
// bounded sample of what FuzzInflate explores.
func TestInflateMatchesGoOnMutations(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(42))
	seeds := flateSeeds(t)
	for i := 0; i < 20000; i++ {
		s := append([]byte(nil), seeds[r.Intn(len(seeds))]...)
		if len(s) == 0 {
			continue
		}
		for k := r.Intn(3) + 1; k > 0; k-- {
			s[r.Intn(len(s))] ^= 1 << r.Intn(8)
		}
		if r.Intn(4) == 0 {
			s = s[:r.Intn(len(s))]
		}
		compareWithGo(t, s, []byte("Hello, world! Hello"), 8+r.Intn(8))
	}
}
