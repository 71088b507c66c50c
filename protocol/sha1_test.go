package protocol

import (
	"crypto/sha1"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSHA1SumKnownDigests(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":    "da39a3ee5e6b4b0d3255bfef95601890afd80709", // FIPS 180-4 examples
		"abc": "a9993e364706816aba3e25717850c26c9cd0d89d",
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq": "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
		"dGhlIHNhbXBsZSBub25jZQ==" + GUID:                          "b37a4f2cc0624f1690f64606cf385945b2bec4ea", // RFC 6455 section 1.3
	} {
		sum := sha1Sum([]byte(in))
		assert.Equal(t, want, hex.EncodeToString(sum[:]), "%q", in)
	}
}

func TestSHA1SumMatchesCryptoSHA1(t *testing.T) {
	t.Parallel()
	// Every length around the 55/56/64-byte padding boundaries, and beyond
	// one block.
	b := make([]byte, 300)
	for i := range b {
		b[i] = byte(i*7 + 3)
	}
	for n := 0; n <= len(b); n++ {
		assert.Equal(t, sha1.Sum(b[:n]), sha1Sum(b[:n]), "length %d", n)
	}
}
