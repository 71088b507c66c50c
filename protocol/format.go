package protocol

import (
	"strconv"
	"strings"
)

// How the package writes the values it quotes in violations and notes. A
// Violation's Value is data, never prose, so every language can show it as
// it is: a byte as "0x0a", a header value in Go quotes, a number in decimal.

// hexByte writes a byte as two lowercase hex digits after "0x", e.g. "0x0a".
func hexByte(b byte) string {
	return "0x" + string([]byte{hexDigits[b>>4], hexDigits[b&15]})
}

// byteValue is b[i] as hexByte writes it, or "" when the input ended before
// byte i (there is no byte to show).
func byteValue(b []byte, i int) string {
	if i >= len(b) {
		return ""
	}
	return hexByte(b[i])
}

// quoteByte shows a printable ASCII character in single quotes ('g') and any
// other byte as "byte 0x0a".
func quoteByte(c byte) string {
	if c >= 0x20 && c < 0x7F {
		return "'" + string(c) + "'"
	}
	return "byte " + hexByte(c)
}

// quoteList shows the values of a repeated header, or nothing when there
// were none.
func quoteList(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return quoteValue(strings.Join(vs, ", "))
}

func itoa(n int) string    { return strconv.Itoa(n) }
func utoa(n uint64) string { return strconv.FormatUint(n, 10) }

// bitsOf writes the low width bits of v as binary digits, most significant
// first, as the diagram of section 5.2 draws them.
func bitsOf(v uint64, width int) string {
	b := make([]byte, width)
	for i := range b {
		b[i] = '0' + byte(v>>(width-1-i)&1)
	}
	return string(b)
}
