package ws

import (
	"bytes"
	"compress/flate"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol/deflate"
)

// The compressors a server could use for server_no_context_takeover, side
// by side on the same messages:
//
//	go test -run '^$' -bench Compressors -benchmem ./server/ws/
//
// ratio is compressed bytes over message bytes; B/op counts what each
// message allocates (pooled state is not counted, but it is held by the
// pool, not by idle connections).
var compressors = []struct {
	name string
	new  func() messageCompressor
}{
	{"core", func() messageCompressor {
		return deflate.NewCompressor(deflate.CompressorOptions{NoContextTakeover: true})
	}},
	{"klauspost-stateless", func() messageCompressor { return statelessCompressor{} }},
	{"stdlib-flate-1", func() messageCompressor { return newStdlibCompressor(flate.BestSpeed) }},
	{"stdlib-flate-default", func() messageCompressor { return newStdlibCompressor(flate.DefaultCompression) }},
}

// benchMessages are a small JSON-like text, a compressible 64 KiB text and
// 64 KiB of random bytes.
func benchMessages() []struct {
	name string
	msg  []byte
} {
	var text bytes.Buffer
	for i := 0; text.Len() < 64<<10; i++ {
		text.WriteString(`{"user":"learner` + strconv.Itoa(i%50) + `","text":"hello, websocket playground","seq":` + strconv.Itoa(i) + "}\n")
	}
	random := make([]byte, 64<<10)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	return []struct {
		name string
		msg  []byte
	}{
		{"small-90B", []byte(`{"user":"learner7","text":"hello, websocket playground","seq":42,"at":"2026-12-03T09:00:00Z"}`)},
		{"text-64KiB", text.Bytes()[:64<<10]},
		{"random-64KiB", random},
	}
}

func BenchmarkCompressors(b *testing.B) {
	for _, m := range benchMessages() {
		for _, c := range compressors {
			b.Run(m.name+"/"+c.name, func(b *testing.B) {
				comp := c.new()
				out := make([]byte, 0, 2*len(m.msg)+64)
				b.SetBytes(int64(len(m.msg)))
				b.ReportAllocs()
				var n int
				for b.Loop() {
					n = len(comp.Compress(out[:0], m.msg))
				}
				b.ReportMetric(float64(n)/float64(len(m.msg)), "ratio")
			})
		}
	}
}

// Every compressor's output is a permessage-deflate message the core
// inflates back, so the benchmark compares like with like.
func TestCompressorsRoundTrip(t *testing.T) {
	t.Parallel()
	for _, m := range benchMessages() {
		for _, c := range compressors {
			z := deflate.NewInflater(deflate.Options{NoContextTakeover: true})
			got, err := z.Inflate(nil, c.new().Compress(nil, m.msg))
			require.NoError(t, err, "%s %s", c.name, m.name)
			require.True(t, bytes.Equal(m.msg, got), "%s %s", c.name, m.name)
		}
	}
}

// stdlibCompressor is compress/flate's Writer, pooled as a server would
// have to (each holds about 1 MiB), reset per message and sync-flushed.
type stdlibCompressor struct{ pool *sync.Pool }

func newStdlibCompressor(level int) stdlibCompressor {
	return stdlibCompressor{pool: &sync.Pool{New: func() any {
		w, _ := flate.NewWriter(nil, level)
		return w
	}}}
}

func (s stdlibCompressor) Compress(dst, msg []byte) []byte {
	w := s.pool.Get().(*flate.Writer)
	defer s.pool.Put(w)
	aw := &appendWriter{b: dst}
	w.Reset(aw)
	_, _ = w.Write(msg)
	_ = w.Flush()
	return aw.b[:len(aw.b)-len(deflate.Tail)]
}
