package protocol

// UTF8Validator checks UTF-8 incrementally, so that a text message split
// across frames (or a frame read in pieces) is judged as one byte stream and
// rejected at the first byte that can no longer start or continue a valid
// sequence (section 8.1; Autobahn's "fail fast" cases expect exactly this).
// The zero value is ready for a new stream.
type UTF8Validator struct {
	need   uint8 // continuation bytes still expected
	lo, hi byte  // allowed range of the next continuation byte
}

// Write feeds p and returns the index in p of the first byte that makes the
// stream invalid, or -1.
func (v *UTF8Validator) Write(p []byte) int {
	i := 0
	for i < len(p) {
		if v.need == 0 {
			// Skip ASCII eight bytes at a time; text is mostly ASCII.
			for i+8 <= len(p) && (uint64(p[i])|uint64(p[i+1])|uint64(p[i+2])|uint64(p[i+3])|
				uint64(p[i+4])|uint64(p[i+5])|uint64(p[i+6])|uint64(p[i+7]))&0x80 == 0 {
				i += 8
			}
			if i == len(p) {
				break
			}
			c := p[i]
			switch {
			case c < 0x80:
			case c >= 0xC2 && c <= 0xDF:
				v.need, v.lo, v.hi = 1, 0x80, 0xBF
			case c == 0xE0: // no overlong 3-byte forms
				v.need, v.lo, v.hi = 2, 0xA0, 0xBF
			case c == 0xED: // no UTF-16 surrogates U+D800-U+DFFF
				v.need, v.lo, v.hi = 2, 0x80, 0x9F
			case c >= 0xE1 && c <= 0xEF:
				v.need, v.lo, v.hi = 2, 0x80, 0xBF
			case c == 0xF0: // no overlong 4-byte forms
				v.need, v.lo, v.hi = 3, 0x90, 0xBF
			case c >= 0xF1 && c <= 0xF3:
				v.need, v.lo, v.hi = 3, 0x80, 0xBF
			case c == 0xF4: // nothing above U+10FFFF
				v.need, v.lo, v.hi = 3, 0x80, 0x8F
			default: // 0x80-0xC1 cannot start a sequence, 0xF5-0xFF never appear
				return i
			}
			i++
			continue
		}
		c := p[i]
		if c < v.lo || c > v.hi {
			return i
		}
		v.need--
		v.lo, v.hi = 0x80, 0xBF
		i++
	}
	return -1
}

// Complete reports whether the stream so far ends on a character boundary:
// a text message whose last frame leaves a sequence open is invalid.
func (v *UTF8Validator) Complete() bool { return v.need == 0 }

// Reset prepares v for a new stream.
func (v *UTF8Validator) Reset() { *v = UTF8Validator{} }

// ValidUTF8 reports whether the whole of p is valid UTF-8, with the index of
// the first offending byte (len(p) when p ends inside a sequence), or -1.
func ValidUTF8(p []byte) int {
	var v UTF8Validator
	if i := v.Write(p); i >= 0 {
		return i
	}
	if !v.Complete() {
		return len(p)
	}
	return -1
}

// unfinishedStart returns the index in p of the first byte of the character
// that a valid stream ends inside of, or -1 when that character began before
// p. Only the last three bytes can belong to it.
// unfinishedHex returns, as hex, the bytes of the character left unfinished
// at the end of p, or "" when it began before p.
func unfinishedHex(p []byte) string {
	if i := unfinishedStart(p); i >= 0 {
		return Hex(p[i:])
	}
	return ""
}

func unfinishedStart(p []byte) int {
	for i := len(p) - 1; i >= 0 && i >= len(p)-3; i-- {
		if p[i] >= 0xC0 {
			return i
		}
	}
	return -1
}
