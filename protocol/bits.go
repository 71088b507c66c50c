package protocol

import "unsafe"

// Small byte-order and hex helpers. The package writes these itself instead
// of importing encoding/binary and encoding/hex, which pull reflect and fmt
// into the WebAssembly build. The compiler turns the shift-and-or patterns
// into single loads and stores.

func be16(b []byte) uint16 { _ = b[1]; return uint16(b[0])<<8 | uint16(b[1]) }

func be64(b []byte) uint64 {
	_ = b[7]
	return uint64(b[0])<<56 | uint64(b[1])<<48 | uint64(b[2])<<40 | uint64(b[3])<<32 |
		uint64(b[4])<<24 | uint64(b[5])<<16 | uint64(b[6])<<8 | uint64(b[7])
}

func appendBE16(b []byte, v uint16) []byte { return append(b, byte(v>>8), byte(v)) }

func appendBE64(b []byte, v uint64) []byte {
	return append(b, byte(v>>56), byte(v>>48), byte(v>>40), byte(v>>32),
		byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

func le32(b []byte) uint32 {
	_ = b[3]
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

func le64(b []byte) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

func putLE64(b []byte, v uint64) {
	_ = b[7]
	b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
	b[4], b[5], b[6], b[7] = byte(v>>32), byte(v>>40), byte(v>>48), byte(v>>56)
}

const hexDigits = "0123456789abcdef"

// Hex returns b as lowercase hex, the text twin of every byte string the
// package and its adapters show. Payloads may be megabytes, so the digits are
// written once and handed over as the string without a second copy.
func Hex(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = hexDigits[c>>4], hexDigits[c&15]
	}
	return unsafe.String(unsafe.SliceData(out), len(out)) // out is never written again
}

// ParseHex decodes hex digits in either case, ignoring spaces, tabs,
// newlines and an optional "0x" prefix, so that a learner can paste a dump
// as it is printed. It reports the first bad character's index in s, or an
// odd number of digits, as an error.
func ParseHex(s string) ([]byte, error) {
	start := 0 // indices in errors count from the start of s, prefix included
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		start = 2
	}
	out := make([]byte, 0, len(s)/2)
	var hi byte
	half := false
	for i := start; i < len(s); i++ {
		c := s[i]
		var v byte
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':':
			continue
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			return nil, &HexError{Index: i, Char: c}
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		return nil, &HexError{Index: len(s), Odd: true}
	}
	return out, nil
}

// HexError reports input that is not hex.
type HexError struct {
	Index int  // index of the offending character
	Char  byte // the character, when not Odd
	Odd   bool // an odd number of hex digits: the last byte is missing a digit
}

func (e *HexError) Error() string {
	if e.Odd {
		return "wsplay: hex input has an odd number of digits; every byte needs two"
	}
	return "wsplay: hex input has " + quoteByte(e.Char) + " at index " + itoa(e.Index) + "; only 0-9 and a-f are hex digits"
}
