package deflate

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bomb is a message of about n bytes that would inflate to about 516 times
// as much: a dynamic block where a 258-byte copy costs two bits.
func bomb(n int) []byte {
	lit, dist := make([]int, maxLitCodes), make([]int, maxDistCodes)
	lit['a'], lit[endOfBlock], lit[285], dist[0] = 1, 1, 1000, 1000
	p := planDynamic(lit, dist)
	w := &bitWriter{}
	w.write(2<<1, 3)
	p.writeHeader(w)
	p.lit.put(w, 'a')
	for len(w.out) < n {
		p.lit.put(w, 285)
		p.dist.put(w, 0)
	}
	p.lit.put(w, endOfBlock)
	w.write(0, 3)
	w.align()
	return w.out
}

// TestBombCostsTheLimit: a 256 KiB message that would inflate to about
// 135 MB stops at a 1 MiB limit, having allocated about that much.
func TestBombCostsTheLimit(t *testing.T) {
	msg := bomb(1 << 18)
	const limit = 1 << 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	out, err := NewInflater(Options{MaxOutput: limit}).Inflate(nil, msg)
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, ErrTooBig)
	assert.LessOrEqual(t, len(out), limit)
	spent := after.TotalAlloc - before.TotalAlloc
	t.Logf("a %d-byte bomb cost %d bytes of allocation at a %d-byte limit", len(msg), spent, limit)
	assert.Less(t, spent, uint64(2*limit+64<<10), "growing the output to the limit, never past it")

	small := bomb(1 << 10)
	out, err = NewInflater(Options{}).Inflate(nil, small)
	require.NoError(t, err)
	assert.Greater(t, len(out), 500*len(small), "the bomb is real: %d bytes from %d", len(out), len(small))
}

func TestContextTakeover(t *testing.T) {
	t.Parallel()
	ex := loadExamples(t)
	hello, again := ex["7.2.3.1-payload"].Deflate, ex["7.2.3.2-takeover"].Deflate

	z := NewInflater(Options{})
	_, err := z.Inflate(nil, hello)
	require.NoError(t, err)
	assert.Equal(t, "Hello", string(z.Window()))
	out, err := z.Inflate(nil, again)
	require.NoError(t, err)
	assert.Equal(t, "Hello", string(out))
	assert.Equal(t, "HelloHello", string(z.Window()))

	z.Reset()
	_, err = z.Inflate(nil, again)
	assert.ErrorIs(t, err, ErrDistanceTooFar, "after Reset the first Hello is gone")

	n := NewInflater(Options{NoContextTakeover: true})
	_, err = n.Inflate(nil, hello)
	require.NoError(t, err)
	_, err = n.Inflate(nil, again)
	assert.ErrorIs(t, err, ErrDistanceTooFar, "without context takeover no message reaches into another")
	assert.Empty(t, n.Window())

	// The window slides: 2^8 bytes are kept, the newest.
	s := NewInflater(Options{WindowBits: 8})
	long := make([]byte, 300)
	for i := range long {
		long[i] = byte(i)
	}
	c := NewCompressor(CompressorOptions{WindowBits: 8, NoContextTakeover: true})
	out, err = s.Inflate(nil, c.Compress(nil, long))
	require.NoError(t, err)
	assert.Equal(t, long, out)
	assert.Equal(t, long[44:], s.Window())
	out, err = s.Inflate([]byte("prefix:"), c.Compress(nil, []byte("xy")))
	require.NoError(t, err)
	assert.Equal(t, "prefix:xy", string(out), "Inflate appends to dst")
	assert.Equal(t, append(append([]byte(nil), long[46:]...), 'x', 'y'), s.Window())
}

func TestTraceModel(t *testing.T) {
	t.Parallel()
	c := NewCompressor(CompressorOptions{})
	z := NewInflater(Options{})
	for _, text := range []string{"Hello, Hello, Hello! A dynamic block needs a longer text, so here is one: Hello, Hello, Hello!", "Hello, Hello!"} {
		msg := c.Compress(nil, []byte(text))
		out, tr, err := z.InflateTraced(nil, msg, TraceOptions{})
		require.NoError(t, err)
		require.Equal(t, text, string(out))
		// Items tile the input: each starts where the one before ended,
		// copies excepted (they sum up the items of their match).
		next := int64(0)
		templates := NoteTemplates()
		for _, it := range tr.Items {
			assert.Contains(t, templates, it.ID)
			if it.Kind == KindCopy || it.Kind == KindInfo {
				continue
			}
			assert.Equal(t, next, it.Bit, "%s", it.ID)
			next = it.Bit + int64(it.Bits)
		}
		assert.Equal(t, tr.InputBits, next, "the last item ends with the tail")
		assert.Equal(t, KindTail, tr.Items[len(tr.Items)-1].Kind)
		assert.Equal(t, 7692, tr.Items[len(tr.Items)-1].RFC)
	}
	_, tr, err := NewInflater(Options{}).InflateTraced(nil, c.Compress(nil, []byte("abcabcabcabc")), TraceOptions{MaxItems: 3})
	require.NoError(t, err)
	assert.True(t, tr.Truncated)
	assert.Len(t, tr.Items, 3)
}

// Prime sets the window from bytes already known, as inflating them would:
// RFC 7692's second "Hello" then copies "ello" from it; cut to the window's
// size; and nothing with NoContextTakeover.
func TestPrime(t *testing.T) {
	t.Parallel()
	second := []byte{0xf2, 0x00, 0x11, 0x00, 0x00}
	z := NewInflater(Options{})
	z.Prime([]byte("Hello"))
	out, err := z.Inflate(nil, second)
	require.NoError(t, err)
	assert.Equal(t, "Hello", string(out))

	small := NewInflater(Options{WindowBits: 8})
	small.Prime(append(bytes.Repeat([]byte{'x'}, 1000), "Hello"...))
	assert.Len(t, small.Window(), 256)
	assert.True(t, bytes.HasSuffix(small.Window(), []byte("Hello")))

	none := NewInflater(Options{NoContextTakeover: true})
	none.Prime([]byte("Hello"))
	assert.Empty(t, none.Window())
	_, err = none.Inflate(nil, second)
	assert.Error(t, err, "no window: the copy reaches too far")
}
