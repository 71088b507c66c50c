package protocol

import "math/bits"

// sha1Sum returns the SHA-1 digest of b (FIPS 180-4 section 6.1), the hash
// section 4.2.2 prescribes for Sec-WebSocket-Accept. The package computes it
// itself because importing crypto/sha1 links Go's whole FIPS 140 module (AES,
// SHA-2, SHA-3, HMAC, a DRBG) into the WebAssembly build: about 95 KB after
// brotli. SHA-1 only proves here that a server read the key; it guards no
// secret, so speed and constant time do not matter.
func sha1Sum(b []byte) [20]byte {
	h := [5]uint32{0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0}
	// Padding: a 1 bit, zeros up to 56 mod 64, then the length in bits.
	msg := make([]byte, 0, len(b)+72)
	msg = append(msg, b...)
	msg = append(msg, 0x80)
	for len(msg)%64 != 56 {
		msg = append(msg, 0)
	}
	msg = appendBE64(msg, uint64(len(b))*8)

	var w [80]uint32
	for ; len(msg) > 0; msg = msg[64:] {
		for i := range 16 {
			w[i] = uint32(msg[4*i])<<24 | uint32(msg[4*i+1])<<16 | uint32(msg[4*i+2])<<8 | uint32(msg[4*i+3])
		}
		for i := 16; i < 80; i++ {
			w[i] = bits.RotateLeft32(w[i-3]^w[i-8]^w[i-14]^w[i-16], 1)
		}
		a, b, c, d, e := h[0], h[1], h[2], h[3], h[4]
		for i := range 80 {
			var f, k uint32
			switch {
			case i < 20:
				f, k = b&c|^b&d, 0x5A827999
			case i < 40:
				f, k = b^c^d, 0x6ED9EBA1
			case i < 60:
				f, k = b&c|b&d|c&d, 0x8F1BBCDC
			default:
				f, k = b^c^d, 0xCA62C1D6
			}
			a, b, c, d, e = bits.RotateLeft32(a, 5)+f+e+k+w[i], a, bits.RotateLeft32(b, 30), c, d
		}
		h[0], h[1], h[2], h[3], h[4] = h[0]+a, h[1]+b, h[2]+c, h[3]+d, h[4]+e
	}
	var sum [20]byte
	for i, v := range h {
		sum[4*i], sum[4*i+1], sum[4*i+2], sum[4*i+3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
	}
	return sum
}
