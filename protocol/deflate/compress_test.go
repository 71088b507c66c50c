package deflate

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompressRFC7692Examples(t *testing.T) {
	t.Parallel()
	ex := loadExamples(t)
	c := NewCompressor(CompressorOptions{})
	first, ch := c.CompressExplained(nil, []byte("Hello"))
	assert.Equal(t, Hex(ex["7.2.3.1-payload"].Deflate), Hex(first))
	assert.Equal(t, BlockFixed, ch.Type)
	second, ch := c.CompressExplained(nil, []byte("Hello"))
	assert.Equal(t, Hex(ex["7.2.3.2-takeover"].Deflate), Hex(second), "the window is shared")
	assert.Equal(t, []Token{{Literal: 'H'}, {Length: 4, Distance: 5}}, ch.Tokens)
	assert.Equal(t, 4, ch.EarlierBytes)

	n := NewCompressor(CompressorOptions{NoContextTakeover: true})
	for range 2 {
		assert.Equal(t, Hex(ex["7.2.3.2-no-takeover"].Deflate), Hex(n.Compress(nil, []byte("Hello"))))
	}
	assert.Equal(t, "00", Hex(n.Compress(nil, nil)), "an empty message is the sync flush alone")
}

// Hex is a test helper: lowercase hex of b.
func Hex(b []byte) string {
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, hexDigits[c>>4], hexDigits[c&15])
	}
	return string(out)
}

func compressTexts() map[string][]byte {
	r := rand.New(rand.NewSource(3))
	random := make([]byte, 100000)
	r.Read(random)
	return map[string][]byte{
		"empty":      {},
		"one":        {'x'},
		"random":     random,
		"repetitive": []byte(strings.Repeat("Hello, permessage-deflate! ", 5000)),
		"zeros":      make([]byte, 200000),
		"text":       benchText(70000),
		"dna":        []byte(strings.Repeat("ACGTTGCAACGT", 17) + "GATTACA"),
	}
}

func TestCompressInflatesWithGo(t *testing.T) {
	t.Parallel()
	for name, text := range compressTexts() {
		for _, opts := range []CompressorOptions{{}, {WindowBits: 8}, {WindowBits: 10, NoContextTakeover: true}} {
			c := NewCompressor(opts)
			z := NewInflater(Options{WindowBits: opts.WindowBits, NoContextTakeover: opts.NoContextTakeover})
			var history []byte
			for round := 0; round < 3; round++ { // the same text again: with takeover it shrinks
				msg := c.Compress(nil, text)
				dict := lastWindow(history, max(opts.WindowBits, 15))
				if opts.NoContextTakeover {
					dict = nil
				}
				got, err := goInflate(append(append(msg, Tail[:]...), 0x01, 0, 0, 0xff, 0xff), dict)
				require.NoError(t, err, name)
				require.True(t, bytes.Equal(text, got), name)
				mine, err := z.Inflate(nil, msg)
				require.NoError(t, err, name)
				require.True(t, bytes.Equal(text, mine), name)
				history = append(history, text...)
			}
		}
	}
}

func TestCompressChoosesTheSmallestBlock(t *testing.T) {
	t.Parallel()
	texts := compressTexts()
	for name, want := range map[string]BlockType{"random": BlockStored, "repetitive": BlockDynamic, "text": BlockDynamic, "one": BlockFixed} {
		_, ch := NewCompressor(CompressorOptions{}).CompressExplained(nil, texts[name])
		assert.Equal(t, want, ch.Type, name)
		assert.LessOrEqual(t, min(ch.StoredBits, ch.FixedBits, ch.DynamicBits), ch.StoredBits, name)
	}
	msg := NewCompressor(CompressorOptions{}).Compress(nil, texts["repetitive"])
	assert.Less(t, len(msg), len(texts["repetitive"])/50)
}

func FuzzCompressRoundTrip(f *testing.F) {
	f.Add([]byte("Hello"), []byte("Hello"), uint8(15), false)
	f.Add([]byte(strings.Repeat("ab", 300)), []byte{}, uint8(8), true)
	f.Fuzz(func(t *testing.T, first, second []byte, bits uint8, noContext bool) {
		opts := CompressorOptions{WindowBits: 8 + int(bits%8), NoContextTakeover: noContext}
		c := NewCompressor(opts)
		z := NewInflater(Options{WindowBits: opts.WindowBits, NoContextTakeover: noContext})
		var hist []byte
		for _, text := range [][]byte{first, second} {
			msg := c.Compress(nil, text)
			dict := lastWindow(hist, opts.WindowBits)
			if noContext {
				dict = nil
			}
			got, err := goInflate(append(append(msg, Tail[:]...), 0x01, 0, 0, 0xff, 0xff), dict)
			require.NoError(t, err)
			require.True(t, bytes.Equal(text, got))
			mine, err := z.Inflate(nil, msg)
			require.NoError(t, err)
			require.True(t, bytes.Equal(text, mine))
			hist = append(hist, text...)
		}
	})
}

func TestCompressForcedCodes(t *testing.T) {
	t.Parallel()
	texts := compressTexts()
	for _, tc := range []struct {
		codes Codes
		want  BlockType
	}{{CodesFixed, BlockFixed}, {CodesDynamic, BlockDynamic}} {
		for _, name := range []string{"random", "one", "repetitive", "dna"} {
			msg, ch := NewCompressor(CompressorOptions{Codes: tc.codes}).CompressExplained(nil, texts[name])
			assert.Equal(t, tc.want, ch.Type, name)
			got, err := goInflate(append(append(msg, Tail[:]...), 0x01, 0, 0, 0xff, 0xff), nil)
			require.NoError(t, err, name)
			assert.True(t, bytes.Equal(texts[name], got), name)
		}
	}
	_, ch := NewCompressor(CompressorOptions{Codes: CodesDynamic}).CompressExplained(nil, nil)
	assert.Equal(t, BlockStored, ch.Type, "an empty message is the sync flush alone, whatever the codes")
}

func TestInsertionSortIsStable(t *testing.T) {
	t.Parallel()
	freq := []int{3, 1, 3, 0, 1, 2}
	syms := []int{0, 1, 2, 3, 4, 5}
	insertionSort(syms, func(a, b int) bool { return freq[a] < freq[b] })
	assert.Equal(t, []int{3, 1, 4, 5, 0, 2}, syms)
	depth := []int{2, 5, 1, 5, 3}
	insertionSort(depth, func(a, b int) bool { return a > b })
	assert.Equal(t, []int{5, 5, 3, 2, 1}, depth)
}
