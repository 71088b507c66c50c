package protocol

// HTTP compares header names and tokens such as "websocket" and "Upgrade"
// without regard to case in ASCII only (RFC 7230 sections 3.2 and 3.2.6).
// strings.EqualFold and strings.ToLower fold Unicode too: they would take
// "websoc\u212Aet" (with U+212A KELVIN SIGN) for "websocket", which no HTTP
// peer does, and they link the Unicode case tables into the wasm.

// EqualFoldASCII reports whether a and b are equal when ASCII letters are
// compared without regard to case; every other byte must match exactly.
func EqualFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerByte(a[i]) != lowerByte(b[i]) {
			return false
		}
	}
	return true
}

// lowerASCII is s with its ASCII capitals made small; other bytes stay.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerByte(c)
	}
	return string(b)
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
