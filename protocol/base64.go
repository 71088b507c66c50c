package protocol

// Standard base64 (RFC 4648 section 4), the only form the handshake uses.
// Written here rather than taken from encoding/base64, whose four encodings
// and general decoder cost the wasm about 2 KB of brotli (21 KB raw) for a
// 16- and a 20-byte value.

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// encodeBase64 is base64.StdEncoding.EncodeToString: "=" pads the last group.
func encodeBase64(b []byte) string {
	out := make([]byte, 0, (len(b)+2)/3*4)
	for i := 0; i < len(b); i += 3 {
		chars, _ := base64Quantum(b[i:min(i+3, len(b))])
		out = append(out, chars[:]...)
	}
	return string(out)
}

// base64Quantum encodes one group of 1 to 3 bytes (RFC 4648 section 4): its
// four characters, "=" for padding, and the 6-bit indices behind them, of
// which the first len(group)+1 are used.
func base64Quantum(group []byte) (chars [4]byte, indices [4]int) {
	var bits uint32
	for j := 0; j < 3; j++ {
		bits <<= 8
		if j < len(group) {
			bits |= uint32(group[j])
		}
	}
	for k := range chars {
		if k > len(group) { // 1 byte gives 2 characters, 2 bytes give 3
			chars[k] = '='
			continue
		}
		indices[k] = int(bits>>(18-6*k)) & 63
		chars[k] = base64Alphabet[indices[k]]
	}
	return chars, indices
}

// isBase64Of16Bytes reports whether key is what
// base64.StdEncoding.DecodeString accepts as exactly 16 bytes: 22 alphabet
// characters and "==". (The decoder would also skip CR and LF, but a key
// holding one is too short for 16 bytes; and it does not ask the last
// character's unused bits to be zero, so neither does this.)
func isBase64Of16Bytes(key string) bool {
	if len(key) != 24 || key[22:] != "==" {
		return false
	}
	for i := 0; i < 22; i++ {
		if !isBase64Char(key[i]) {
			return false
		}
	}
	return true
}

func isBase64Char(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/'
}
