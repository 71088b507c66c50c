package tap

// ParseID accepts exactly 32 hex digits (128 bits) and returns them in
// lowercase; anything shorter would be guessable.
func ParseID(s string) (string, bool) {
	if len(s) != 32 {
		return "", false
	}
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
		case c >= 'A' && c <= 'F':
			b[i] = c + 'a' - 'A'
		default:
			return "", false
		}
	}
	return string(b), true
}
