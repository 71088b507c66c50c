package protocol

import (
	"math/rand"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// properPrefixes is the set of every proper, non-empty prefix of the UTF-8
// encoding of every Unicode scalar value, built from unicode/utf8: the byte
// strings a valid stream can end with while a character is still open.
var properPrefixes = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	buf := make([]byte, 4)
	for r := rune(0x80); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		n := utf8.EncodeRune(buf, r)
		for k := 1; k < n; k++ {
			set[string(buf[:k])] = true
		}
	}
	return set
})

// validPrefix is the brute-force oracle: p is valid UTF-8, or valid UTF-8
// followed by the unfinished start of a character.
func validPrefix(p []byte) bool {
	for tail := 0; tail <= 3 && tail <= len(p); tail++ {
		head := p[:len(p)-tail]
		if utf8.Valid(head) && (tail == 0 || properPrefixes()[string(p[len(p)-tail:])]) {
			return true
		}
	}
	return false
}

// failFast is the index the validator must report, by its definition: the
// first i such that b[:i+1] is no longer a valid prefix; len(b) when b is a
// valid prefix but not valid; -1 when b is valid.
func failFast(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := range b {
		if !validPrefix(b[:i+1]) {
			return i
		}
	}
	return len(b)
}

// utf8Edges are the classic edge cases (Markus Kuhn's decoder test, the
// Autobahn 6.x cases): boundaries, overlongs, surrogates, beyond U+10FFFF,
// lone continuation bytes, truncated sequences.
var utf8Edges = []struct {
	in   string
	want int // fail-fast index, from the definition of well-formed UTF-8 (Unicode table 3-7)
}{
	{"", -1},
	{"Hello", -1},
	{"κόσμε", -1},
	{"\x00\x7f", -1},
	{"\xc2\x80", -1},         // U+0080, first 2-byte
	{"\xdf\xbf", -1},         // U+07FF
	{"\xe0\xa0\x80", -1},     // U+0800, first 3-byte
	{"\xed\x9f\xbf", -1},     // U+D7FF, last before surrogates
	{"\xee\x80\x80", -1},     // U+E000, first after surrogates
	{"\xef\xbf\xbf", -1},     // U+FFFF
	{"\xf0\x90\x80\x80", -1}, // U+10000, first 4-byte
	{"\xf4\x8f\xbf\xbf", -1}, // U+10FFFF, the last scalar value
	{"\x80", 0},              // lone continuation
	{"\xbf", 0},
	{"a\x80b", 1},
	{"\xc0\x80", 0},         // overlong NUL: C0 can never start a character
	{"\xc1\xbf", 0},         // overlong
	{"\xe0\x80\xaf", 1},     // overlong '/': E0 needs A0-BF next
	{"\xe0\x9f\xbf", 1},     // overlong U+07FF
	{"\xf0\x80\x80\xaf", 1}, // overlong '/' in 4 bytes
	{"\xf0\x8f\xbf\xbf", 1}, // overlong U+FFFF
	{"\xed\xa0\x80", 1},     // U+D800, a surrogate
	{"\xed\xbf\xbf", 1},     // U+DFFF
	{"\xf4\x90\x80\x80", 1}, // U+110000
	{"\xf5\x80\x80\x80", 0}, // F5 never appears
	{"\xf8\x88\x80\x80\x80", 0},
	{"\xfe", 0},
	{"\xff", 0},
	{"\xc2", 1},             // truncated: the end is the problem
	{"\xe2\x82", 2},         // "€" without its last byte
	{"\xf0\x9f\x98", 3},     // "😀" without its last byte
	{"ab\xc2\x41", 3},       // a 2-byte start followed by ASCII
	{"\xe2\x82\xe2\x82", 2}, // a new start where a continuation must be
	{"κόσμε\xed\xa0\x80edited", 11},
	{"0123456789abcdef\xff", 16}, // after the ASCII fast path
	{"01234567\x80", 8},
}

func TestUTF8Edges(t *testing.T) {
	t.Parallel()
	for _, tt := range utf8Edges {
		b := []byte(tt.in)
		assert.Equal(t, tt.want, ValidUTF8(b), "%q", tt.in)
		assert.Equal(t, tt.want, failFast(b), "oracle disagrees with the table for %q", tt.in)
		assert.Equal(t, utf8.Valid(b), ValidUTF8(b) < 0, "%q", tt.in)
	}
}

// randomUTF8ish mixes valid characters of every length with bytes that
// often break them.
func randomUTF8ish(r *rand.Rand, n int) []byte {
	nasty := []byte{0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x9f, 0xa0, 0x8f, 0x90}
	var b []byte
	for len(b) < n {
		switch r.Intn(10) {
		case 0, 1, 2:
			b = append(b, byte(r.Intn(0x80)))
		case 3, 4:
			b = utf8.AppendRune(b, rune(0x80+r.Intn(0x800-0x80)))
		case 5:
			b = utf8.AppendRune(b, rune(0x800+r.Intn(0x10000-0x800)))
		case 6:
			b = utf8.AppendRune(b, rune(0x10000+r.Intn(0x110000-0x10000)))
		case 7:
			b = append(b, nasty[r.Intn(len(nasty))])
		case 8:
			b = append(b, byte(r.Intn(256)))
		default:
			if len(b) > 0 { // drop the last byte: truncation
				b = b[:len(b)-1]
			}
		}
	}
	return b
}

func TestUTF8Random(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(9))
	valid := 0
	for i := 0; i < 20000; i++ {
		b := randomUTF8ish(r, r.Intn(24))
		if r.Intn(4) == 0 { // pure noise too
			b = make([]byte, r.Intn(12))
			r.Read(b)
		}
		got := ValidUTF8(b)
		require.Equal(t, utf8.Valid(b), got < 0, "%q", b)
		require.Equal(t, failFast(b), got, "fail-fast index of %q", b)
		if got < 0 {
			valid++
		}
	}
	assert.Greater(t, valid, 1000, "the generator must also produce valid text")
	assert.Less(t, valid, 19000, "and invalid text")
}

// TestUTF8FailFastProperty checks the definition directly: the reported
// byte is the first one that turns a possible prefix into an impossible one.
func TestUTF8FailFastProperty(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(10))
	for i := 0; i < 5000; i++ {
		b := randomUTF8ish(r, 1+r.Intn(16))
		got := ValidUTF8(b)
		switch {
		case got < 0:
			require.True(t, utf8.Valid(b), "%q", b)
		case got == len(b):
			require.True(t, validPrefix(b), "%q ends inside a character", b)
			require.False(t, utf8.Valid(b))
		default:
			require.True(t, validPrefix(b[:got]), "b[:%d] of %q can still become valid", got, b)
			require.False(t, validPrefix(b[:got+1]), "b[:%d] of %q cannot", got+1, b)
		}
	}
}

// TestUTF8Exhaustive compares with unicode/utf8 for every 1- and 2-byte
// input and every 3-byte input that starts with a multi-byte lead.
func TestUTF8Exhaustive(t *testing.T) {
	t.Parallel()
	b := make([]byte, 3)
	for x := 0; x < 1<<16; x++ {
		b[0], b[1] = byte(x>>8), byte(x)
		if (ValidUTF8(b[:2]) < 0) != utf8.Valid(b[:2]) {
			t.Fatalf("disagree on %x", b[:2])
		}
		if (ValidUTF8(b[:1]) < 0) != utf8.Valid(b[:1]) {
			t.Fatalf("disagree on %x", b[:1])
		}
	}
	for lead := 0xE0; lead <= 0xF4; lead++ {
		for x := 0; x < 1<<16; x++ {
			b[0], b[1], b[2] = byte(lead), byte(x>>8), byte(x)
			var v UTF8Validator
			i := v.Write(b)
			ok := i < 0
			if ok != validPrefix(b) {
				t.Fatalf("prefix verdict on %x: index %d", b, i)
			}
			if (ok && v.Complete()) != utf8.Valid(b) {
				t.Fatalf("disagree on %x", b)
			}
		}
	}
}

// TestUTF8Split writes every input in two pieces, cut at every position, and
// byte by byte: the verdict and the index (counted over the whole stream)
// must not depend on the cut.
func TestUTF8Split(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(11))
	inputs := [][]byte{}
	for _, e := range utf8Edges {
		inputs = append(inputs, []byte(e.in))
	}
	for i := 0; i < 500; i++ {
		inputs = append(inputs, randomUTF8ish(r, r.Intn(40)))
	}
	for _, b := range inputs {
		want := ValidUTF8(b)
		for cut := 0; cut <= len(b); cut++ {
			require.Equal(t, want, writeInPieces(b, cut), "%q cut at %d", b, cut)
		}
		// Byte by byte.
		var v UTF8Validator
		got := -1
		for i := range b {
			if v.Write(b[i:i+1]) >= 0 {
				got = i
				break
			}
		}
		if got < 0 && !v.Complete() {
			got = len(b)
		}
		require.Equal(t, want, got, "%q byte by byte", b)
	}
}

func writeInPieces(b []byte, cut int) int {
	var v UTF8Validator
	if i := v.Write(b[:cut]); i >= 0 {
		return i
	}
	if i := v.Write(b[cut:]); i >= 0 {
		return cut + i
	}
	if !v.Complete() {
		return len(b)
	}
	return -1
}

func TestUTF8ValidatorState(t *testing.T) {
	t.Parallel()
	var v UTF8Validator
	assert.True(t, v.Complete())
	assert.Equal(t, -1, v.Write([]byte("\xe2")))
	assert.False(t, v.Complete())
	assert.Equal(t, -1, v.Write([]byte("\x82")))
	assert.False(t, v.Complete())
	assert.Equal(t, -1, v.Write(nil), "an empty write changes nothing")
	assert.False(t, v.Complete())
	assert.Equal(t, -1, v.Write([]byte("\xac")))
	assert.True(t, v.Complete())

	assert.Equal(t, -1, v.Write([]byte("\xf0")))
	v.Reset()
	assert.True(t, v.Complete())
	assert.Equal(t, 0, v.Write([]byte("\x80")), "after Reset a continuation byte has nothing to continue")
}
