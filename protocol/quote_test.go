package protocol

import (
	"strconv"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// quoteValue writes exactly what strconv.Quote writes for every byte alone,
// for printable and invisible Unicode and for broken UTF-8.
func TestQuoteValueMatchesStrconv(t *testing.T) {
	t.Parallel()
	var inputs []string
	for c := 0; c < 256; c++ {
		inputs = append(inputs, string([]byte{byte(c)}), "a"+string([]byte{byte(c)})+"z")
	}
	inputs = append(inputs,
		"", "websocket", "Upgrade, keep-alive", `say "hi" \ bye`, "tab\there\r\n",
		"é", "中文", "🙂", "\uFFFD", "\u00a0nbsp", "soft\u00adhyphen", "zero\u200bwidth",
		"\u2028\u2029", "rtl\u202e", "\ufeffbom", "\u3000", "\ue000private", "\U000F0000", "\U000E0001",
		"\x80\x9f", "\xc3", "\xe4\xb8", "\xed\xa0\x80", "\xf4\x90\x80\x80",
	)
	for _, in := range inputs {
		assert.Equal(t, strconv.Quote(in), quoteValue(in), "%x", in)
	}
}

// FuzzQuoteValue: the quoted value always reads back as the original bytes,
// and ASCII is quoted exactly as strconv.Quote does.
func FuzzQuoteValue(f *testing.F) {
	for _, s := range []string{"", "websocket\r\n", "\xff\x00", "é\u200b", "\U0010FFFF"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := quoteValue(s)
		back, err := strconv.Unquote(q)
		if err != nil || back != s {
			t.Fatalf("quoteValue(%q) = %s does not read back: %q, %v", s, q, back, err)
		}
		if isASCII(s) && q != strconv.Quote(s) {
			t.Fatalf("quoteValue(%q) = %s, strconv.Quote gives %s", s, q, strconv.Quote(s))
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// digitsValue agrees with strconv.Atoi on runs of digits, up to the int64
// limit, and refuses signs, spaces and the empty string that Atoi would take
// or that isDigits rejects.
func TestDigitsValue(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"0", "1", "01", "101", "426", "0000000001", "9223372036854775807"} {
		want, err := strconv.ParseInt(s, 10, 64)
		got, ok := digitsValue(s)
		assert.NoError(t, err)
		assert.True(t, ok, s)
		assert.Equal(t, want, got, s)
	}
	for _, s := range []string{"", "+1", "-1", " 1", "1 ", "1a", "0x1", "9223372036854775808", "99999999999999999999"} {
		_, ok := digitsValue(s)
		assert.False(t, ok, "%q", s)
	}
}
