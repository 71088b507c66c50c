package rooms

import (
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNormalizeCode(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want, err string
	}{
		{"ABC234", "ABC234", ""},
		{"abc234", "ABC234", ""},
		{"abc-234", "ABC234", ""},
		{" ab c2 34 ", "ABC234", ""},
		{"ABC23", "", "got 5"},
		{"ABC2345", "", "got 7"},
		{"ABC0O4", "", `never use '0' (character 4)`},
		{"ABCDEI", "", `never use 'I' (character 6)`},
		{"L23456", "", `never use 'L' (character 1)`},
		{"ABC23é", "", "got 7"}, // é is two bytes
		{"", "", "got 0"},
	} {
		got, err := NormalizeCode(tc.in)
		if tc.err == "" {
			require.NoError(t, err, tc.in)
			assert.Equal(t, tc.want, got, tc.in)
			continue
		}
		require.Error(t, err, tc.in)
		assert.Contains(t, err.Error(), tc.err, tc.in)
		assert.Equal(t, "bad-code", err.(*Refusal).ID)
	}
}

// The alphabet has none of the look-alikes, and every code is made of it.
func TestCodesAvoidLookAlikes(t *testing.T) {
	t.Parallel()
	assert.Len(t, Alphabet, 31)
	assert.False(t, strings.ContainsAny(Alphabet, "0O1IL"))
	seen := map[string]bool{}
	for range 2000 {
		s := newSecret()
		raw, err := hex.DecodeString(s)
		require.NoError(t, err)
		require.Len(t, raw, 16, "128 bits")
		code := codeOf(digestOf(s))
		require.Len(t, code, CodeLength)
		for _, c := range code {
			require.Contains(t, Alphabet, string(c), code)
		}
		seen[code] = true
	}
	assert.Greater(t, len(seen), 1990, "codes spread over the alphabet")
}

// The code is read from the secret's digest, one way: the same secret
// always gives the same code, and a secret one character off another.
func TestCodeFollowsTheSecret(t *testing.T) {
	t.Parallel()
	s := "00112233445566778899aabbccddeeff"
	assert.Equal(t, codeOf(digestOf(s)), codeOf(digestOf(s)))
	assert.NotEqual(t, codeOf(digestOf(s)), codeOf(digestOf("00112233445566778899aabbccddeefe")))
	assert.True(t, sameDigest(digestOf(s), digestOf(s)))
	assert.False(t, sameDigest(digestOf(s), digestOf(s+" ")))
}

func ExampleNormalizeCode() {
	code, _ := NormalizeCode("k7q-4mz")
	fmt.Println(code)
	_, err := NormalizeCode("K7Q4M0")
	fmt.Println(err)
	// Output:
	// K7Q4MZ
	// rooms: bad-code: room codes never use '0' (character 6); they use only 23456789ABCDEFGHJKMNPQRSTUVWXYZ
}

func FuzzNormalizeCode(f *testing.F) {
	for _, s := range []string{"ABC234", "abc-234", "0", "\xff\xfe", strings.Repeat("Z", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := NormalizeCode(s)
		if err != nil {
			return
		}
		require.Len(t, code, CodeLength)
		again, err := NormalizeCode(code)
		require.NoError(t, err)
		require.Equal(t, code, again)
	})
}
