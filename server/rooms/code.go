package rooms

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"encoding/hex"
	"strings"
)

// Alphabet is what join codes are made of: digits and capitals without the
// look-alikes 0/O, 1/I/L, so a code read off a projector is typed right.
const Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// CodeLength is the number of characters in a join code: 31^6, about 887
// million codes.
const CodeLength = 6

// secretBytes is the teacher secret's size: 128 bits from crypto/rand.
const secretBytes = 16

// newSecret makes a teacher secret, as 32 hex digits.
func newSecret() string {
	var b [secretBytes]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand's contract since Go 1.24)
	return hex.EncodeToString(b[:])
}

// digestOf is the one-way function from a secret to what the server keeps:
// SHA-256 with the package's own prefix. The room code is read from it, so
// the code students see cannot be turned back into the secret.
func digestOf(secret string) [sha256.Size]byte {
	return sha256.Sum256([]byte("wsplay room v1\x00" + secret))
}

// codeOf maps the first 8 bytes of a digest onto CodeLength characters of
// Alphabet (base 31, least significant first).
func codeOf(d [sha256.Size]byte) string {
	n := binary.BigEndian.Uint64(d[:8])
	var b [CodeLength]byte
	for i := range b {
		b[i] = Alphabet[n%uint64(len(Alphabet))]
		n /= uint64(len(Alphabet))
	}
	return string(b[:])
}

// sameDigest compares in constant time, so a timing cannot reveal how much
// of a guessed secret was right.
func sameDigest(a, b [sha256.Size]byte) bool { return subtle.ConstantTimeCompare(a[:], b[:]) == 1 }

// NormalizeCode reads a code as a person types it: lower case and spaces
// or dashes allowed. It says which character is wrong, and why.
func NormalizeCode(s string) (string, error) {
	code := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(s))
	if len(code) != CodeLength {
		return "", refusef(StatusBadRequest, "bad-code", "a room code has %d characters from %s; got %d", CodeLength, Alphabet, len(code))
	}
	for i := 0; i < len(code); i++ {
		if strings.IndexByte(Alphabet, code[i]) < 0 {
			return "", refusef(StatusBadRequest, "bad-code", "room codes never use %q (character %d); they use only %s", code[i], i+1, Alphabet)
		}
	}
	return code, nil
}
