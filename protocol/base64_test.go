package protocol

import (
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEncodeBase64RFC4648Vectors(t *testing.T) {
	t.Parallel()
	// RFC 4648 section 10.
	tests := []struct{ in, want string }{
		{"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
		{"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, encodeBase64([]byte(tt.in)), "%q", tt.in)
	}
	every := make([]byte, 256)
	for i := range every {
		every[i] = byte(i)
	}
	for n := 0; n <= len(every); n++ {
		assert.Equal(t, base64.StdEncoding.EncodeToString(every[:n]), encodeBase64(every[:n]), "first %d bytes", n)
	}
}

func TestIsBase64Of16BytesAgreesWithEncodingBase64(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key  string
		want bool
	}{
		{"AAAAAAAAAAAAAAAAAAAAAA==", true},
		{"/+/+/+/+/+/+/+/+/+/+/w==", true},
		{"AAAAAAAAAAAAAAAAAAAAAB==", true}, // unused bits set: the standard decoder is not strict
		{"AAAAAAAAAAAAAAAAAAAAAA=", false},
		{"AAAAAAAAAAAAAAAAAAAAAAA=", false}, // 17 bytes
		{"AAAAAAAAAAAAAAAAAAAAA===", false},
		{"AAAAAAAAAAAAAAAAAAA\r\nA==", false}, // CR LF skipped by the decoder: too short
		{"AAAAAAAAAAAAAAAAAAAAA\nA==", false},
		{"AAAAAAAAAAAAAAAAAAAA-_==", false}, // the URL alphabet
		{"AAAAAAAAAAAAAAAAAAAAAA=A", false},
		{"AAAAAAAAAAAAAAAAAAAAAAAA", false},
		{"AAAAAAAAAAAAAAAAAAAAAA ==", false},
		{"", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, isBase64Of16Bytes(tt.key), "%q", tt.key)
		assert.Equal(t, stdDecodes16(tt.key), isBase64Of16Bytes(tt.key), "%q against encoding/base64", tt.key)
	}
}

// stdDecodes16 is what CheckKey did with encoding/base64.
func stdDecodes16(key string) bool {
	if len(key) != 24 {
		return false
	}
	b, err := base64.StdEncoding.DecodeString(key)
	return err == nil && len(b) == 16
}

func FuzzBase64(f *testing.F) {
	f.Add("AAAAAAAAAAAAAAAAAAAAAA==")
	f.Add("dGhlIHNhbXBsZSBub25jZQ==")
	f.Add("AAAAAAAAAAAAAAAAAAAA\r\nA==")
	f.Fuzz(func(t *testing.T, s string) {
		assert.Equal(t, stdDecodes16(s), isBase64Of16Bytes(s), "%q", s)
		assert.Equal(t, base64.StdEncoding.EncodeToString([]byte(s)), encodeBase64([]byte(s)))
	})
}
