package deflate

import (
	"bytes"
	"compress/flate"
	"io"
	"math/rand"
	"strings"
	"testing"
)

// benchText is compressible English-like text of n bytes.
func benchText(n int) []byte {
	words := strings.Fields("the quick brown fox jumps over a lazy dog while websocket frames carry compressed messages " +
		"between browser and server with context takeover and a sliding window of thirty two kilobytes")
	r := rand.New(rand.NewSource(1))
	var b bytes.Buffer
	for b.Len() < n {
		b.WriteString(words[r.Intn(len(words))])
		b.WriteByte(' ')
	}
	return b.Bytes()[:n]
}

// syncFlushed compresses text with compress/flate the way a
// permessage-deflate sender does: a sync flush, the tail stripped.
func syncFlushed(b testing.TB, text []byte) []byte {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.DefaultCompression)
	w.Write(text)
	w.Flush()
	out := buf.Bytes()
	if !bytes.HasSuffix(out, Tail[:]) {
		b.Fatal("no sync flush tail")
	}
	return out[:len(out)-4]
}

func benchInflate(b *testing.B, text []byte) {
	msg := syncFlushed(b, text)
	z := NewInflater(Options{NoContextTakeover: true})
	dst := make([]byte, 0, len(text))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		out, err := z.Inflate(dst[:0], msg)
		if err != nil || len(out) != len(text) {
			b.Fatal(err)
		}
	}
}

// benchGo is compress/flate on the same message, with a reader reused via
// Resetter as gorilla/websocket does.
func benchGo(b *testing.B, text []byte) {
	msg := append(syncFlushed(b, text), 0x00, 0x00, 0xff, 0xff, 0x01, 0x00, 0x00, 0xff, 0xff)
	rd := bytes.NewReader(msg)
	fr := flate.NewReader(rd)
	var out bytes.Buffer
	out.Grow(len(text))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		rd.Reset(msg)
		fr.(flate.Resetter).Reset(rd, nil)
		out.Reset()
		if _, err := io.Copy(&out, fr); err != nil || out.Len() != len(text) {
			b.Fatal(err)
		}
	}
}

func BenchmarkInflate64KiB(b *testing.B)       { benchInflate(b, benchText(64<<10)) }
func BenchmarkInflate64KiBGo(b *testing.B)     { benchGo(b, benchText(64<<10)) }
func BenchmarkInflateSmall(b *testing.B)       { benchInflate(b, benchText(100)) }
func BenchmarkInflateSmallGo(b *testing.B)     { benchGo(b, benchText(100)) }
func BenchmarkInflateTraced64KiB(b *testing.B) { benchTraced(b, benchText(64<<10)) }

func benchTraced(b *testing.B, text []byte) {
	msg := syncFlushed(b, text)
	z := NewInflater(Options{NoContextTakeover: true})
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, _, err := z.InflateTraced(nil, msg, TraceOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompress64KiB(b *testing.B) {
	text := benchText(64 << 10)
	c := NewCompressor(CompressorOptions{NoContextTakeover: true})
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(c.Compress(nil, text))
	}
	b.ReportMetric(float64(n), "bytes-out")
}

func BenchmarkCompress64KiBGo(b *testing.B) {
	text := benchText(64 << 10)
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.DefaultCompression)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		w.Reset(&buf)
		w.Write(text)
		w.Flush()
	}
	b.ReportMetric(float64(buf.Len()-4), "bytes-out")
}
