package protocol

import "unicode/utf8"

// quoteValue shows a header value as a Go string literal, so that spaces and
// control characters are visible. It writes what strconv.Quote writes for
// every ASCII byte, invalid UTF-8 byte and common invisible character (C1
// controls, no-break and other spaces, zero-width and direction marks, the
// byte-order mark, private use); only unassigned and rare format characters
// stay as they are. strconv.Quote would link Unicode's printable tables into
// the wasm, about 5 KB of brotli with strconv.Atoi's errors.
func quoteValue(s string) string {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = appendEscape(b, 'x', uint32(s[i]), 2)
		case r < utf8.RuneSelf:
			b = appendQuotedASCII(b, byte(r))
		case invisible(r) && r < 0x10000:
			b = appendEscape(b, 'u', uint32(r), 4)
		case invisible(r):
			b = appendEscape(b, 'U', uint32(r), 8)
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(append(b, '"'))
}

// asciiEscapes are the one-letter escapes of a Go string literal.
var asciiEscapes = [...]byte{'\a': 'a', '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '\v': 'v', '"': '"', '\\': '\\'}

func appendQuotedASCII(b []byte, c byte) []byte {
	switch {
	case int(c) < len(asciiEscapes) && asciiEscapes[c] != 0:
		return append(b, '\\', asciiEscapes[c])
	case c < ' ' || c == 0x7F:
		return appendEscape(b, 'x', uint32(c), 2)
	}
	return append(b, c)
}

// appendEscape appends \x, \u or \U and v in digits lowercase hex digits.
func appendEscape(b []byte, kind byte, v uint32, digits int) []byte {
	b = append(b, '\\', kind)
	for shift := 4 * (digits - 1); shift >= 0; shift -= 4 {
		b = append(b, "0123456789abcdef"[v>>shift&0xF])
	}
	return b
}

// invisibleRanges are the non-ASCII characters that unicode.IsPrint rejects
// and a header value could plausibly hold, as inclusive pairs.
var invisibleRanges = [...][2]rune{
	{0x80, 0xA0}, {0xAD, 0xAD}, {0x1680, 0x1680}, {0x180E, 0x180E},
	{0x2000, 0x200F}, {0x2028, 0x202F}, {0x205F, 0x206F}, {0x3000, 0x3000},
	{0xE000, 0xF8FF}, {0xFEFF, 0xFEFF}, {0xFFF9, 0xFFFB},
	{0xE0000, 0xE007F}, {0xF0000, 0x10FFFF},
}

func invisible(r rune) bool {
	for _, rg := range invisibleRanges {
		if rg[0] <= r && r <= rg[1] {
			return true
		}
	}
	return false
}
