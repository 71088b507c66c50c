package protocol

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	rfcKey13    = "dGhlIHNhbXBsZSBub25jZQ==" // RFC 6455 section 1.3
	rfcAccept13 = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
	tutorialKey = "w4v7O6xFTi36lq3RNcgctw=="
	tutorialAcc = "Oy4NRAQ13jhfONC7bP8dTKb4PTU="
)

// refAccept computes Sec-WebSocket-Accept from its definition in section 1.3
// with the standard library.
func refAccept(key string) string {
	sum := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func TestAcceptKey(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", GUID, "the GUID of section 1.3")
	assert.Equal(t, rfcAccept13, AcceptKey(rfcKey13), "RFC 6455 section 1.3")
	assert.Equal(t, tutorialAcc, AcceptKey(tutorialKey), "tutorial example")

	r := rand.New(rand.NewSource(7))
	keys := []string{"", "x", "not base64 at all", strings.Repeat("A", 1000)}
	for i := 0; i < 100; i++ {
		b := make([]byte, 16)
		r.Read(b)
		keys = append(keys, base64.StdEncoding.EncodeToString(b))
	}
	for _, k := range keys {
		assert.Equal(t, refAccept(k), AcceptKey(k), "key %q", k)
	}
}

func TestNewKey(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		k := NewKey()
		require.Len(t, k, 24)
		b, err := base64.StdEncoding.DecodeString(k)
		require.NoError(t, err)
		assert.Len(t, b, 16)
		assert.NoError(t, CheckKey(k))
		assert.False(t, seen[k], "NewKey repeated %q", k)
		seen[k] = true
	}
}

func TestCheckKey(t *testing.T) {
	t.Parallel()
	b17 := base64.StdEncoding.EncodeToString(make([]byte, 17))
	b15 := base64.StdEncoding.EncodeToString(make([]byte, 15))
	tests := []struct {
		key  string
		rule *Rule // nil: valid
	}{
		{rfcKey13, nil},
		{tutorialKey, nil},
		{"AAAAAAAAAAAAAAAAAAAAAA==", nil},
		{"", ErrMissingKey},
		{b15, ErrInvalidKey},
		{b17, ErrInvalidKey},
		{"dGhlIHNhbXBsZSBub25jZQ", ErrInvalidKey},    // padding missing
		{"dGhlIHNhbXBsZSBub25jZQ=", ErrInvalidKey},   // half the padding
		{"dGhlIHNhbXBsZSBub25jZQ===", ErrInvalidKey}, // too much padding
		{"dGhlIHNhbXBsZSBub25jZQ==x", ErrInvalidKey},
		{"dGhlIHNhbXBsZSBub25j!Q==", ErrInvalidKey},   // not in the alphabet
		{"dGhlIHNhbXBsZSBub25jZQ-_", ErrInvalidKey},   // URL alphabet
		{"dGhlIHNhbXBs\nZSBub25jZQ==", ErrInvalidKey}, // 25 characters: the decoder skips newlines, the rule does not
		{"dGhlIHNhbXBs\r\nZSBub25jZQ==", ErrInvalidKey},
		{" dGhlIHNhbXBsZSBub25jZQ==", ErrInvalidKey},
	}
	for _, tt := range tests {
		err := CheckKey(tt.key)
		if tt.rule == nil {
			assert.NoError(t, err, "%q", tt.key)
			continue
		}
		require.ErrorIs(t, err, tt.rule, "%q", tt.key)
		assert.Equal(t, "4.2.1", err.(*Violation).Rule.Section)
	}
}

func TestTraceAccept(t *testing.T) {
	t.Parallel()
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for _, key := range []string{rfcKey13, tutorialKey, NewKey()} {
		t.Run(key, func(t *testing.T) {
			t.Parallel()
			tr := TraceAccept(key)
			assert.NoError(t, tr.Err)
			assert.Equal(t, key, tr.Key)
			assert.Equal(t, GUID, tr.GUID)
			assert.Equal(t, key+GUID, tr.Concat)
			assert.Equal(t, []byte(key+GUID), tr.ConcatBytes)
			assert.Equal(t, sha1.Sum([]byte(key+GUID)), tr.SHA1)
			assert.Equal(t, hex.EncodeToString(tr.SHA1[:]), tr.SHA1Hex)
			assert.Equal(t, refAccept(key), tr.Accept)

			// 20 bytes = 6 groups of 3 and a last group of 2.
			require.Len(t, tr.Groups, 7)
			var chars strings.Builder
			var digest []byte
			for i, g := range tr.Groups {
				chars.WriteString(g.Chars)
				digest = append(digest, g.Bytes...)
				require.Len(t, g.Chars, 4)
				if i < 6 {
					assert.Len(t, g.Bytes, 3)
					assert.Zero(t, g.Padding)
					assert.Len(t, g.Indices, 4)
				} else {
					assert.Len(t, g.Bytes, 2)
					assert.Equal(t, 1, g.Padding, "20 = 6*3 + 2: one '='")
					assert.Len(t, g.Indices, 3)
					assert.Equal(t, byte('='), g.Chars[3])
				}
				for k, idx := range g.Indices {
					assert.GreaterOrEqual(t, idx, 0)
					assert.Less(t, idx, 64)
					assert.Equal(t, alphabet[idx], g.Chars[k])
				}
			}
			assert.Equal(t, tr.Accept, chars.String(), "the groups spell the accept value")
			assert.Equal(t, tr.SHA1[:], digest, "the groups cover the digest in order")
		})
	}
	// The RFC example is a known value.
	assert.Equal(t, rfcAccept13, TraceAccept(rfcKey13).Accept)
	assert.Equal(t, "b37a4f2cc0624f1690f64606cf385945b2bec4ea", TraceAccept(rfcKey13).SHA1Hex,
		"RFC 6455 section 1.3 lists this SHA-1 as 0xb3 0x7a 0x4f 0x2c ...")
}

func TestTraceAcceptInvalidKey(t *testing.T) {
	t.Parallel()
	for _, key := range []string{"", "short", "dGhlIHNhbXBsZSBub25jZQ"} {
		tr := TraceAccept(key)
		require.Error(t, tr.Err, "%q", key)
		assert.True(t, errorsIsAny(tr.Err, ErrInvalidKey, ErrMissingKey))
		assert.Equal(t, refAccept(key), tr.Accept, "a careless server would still compute this")
		ids := noteIDs(tr.Notes())
		assert.Contains(t, ids, "accept.key-invalid")
	}
}

func TestAcceptTraceNotes(t *testing.T) {
	t.Parallel()
	tr := TraceAccept(tutorialKey)
	notes := tr.Notes()
	want := []string{"accept.key", "accept.guid", "accept.concat", "accept.sha1", "accept.base64",
		"accept.group", "accept.group", "accept.group", "accept.group", "accept.group", "accept.group",
		"accept.group", "accept.padding-1", "accept.result"}
	assert.Equal(t, want, noteIDs(notes))
	assert.Equal(t, []string{"60"}, notes[2].Args, "24 key characters + 36 GUID characters")
	assert.Equal(t, []string{tr.SHA1Hex}, notes[3].Args)
	assert.Equal(t, []string{tutorialAcc}, notes[len(notes)-1].Args)
	assert.Contains(t, notes[len(notes)-1].English(), tutorialAcc)

	// Each group note names its bytes, indices and characters.
	g := tr.Groups[0]
	n := g.Note()
	assert.Equal(t, hex.EncodeToString(g.Bytes), n.Args[0])
	idx := make([]string, len(g.Indices))
	for i, v := range g.Indices {
		idx[i] = itoa(v)
	}
	assert.Equal(t, strings.Join(idx, " "), n.Args[1])
	assert.Equal(t, g.Chars, n.Args[2])
}

// TestBase64Groups compares the groups with encoding/base64 for every length
// from 0 to 30.
func TestBase64Groups(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(8))
	for n := 0; n <= 30; n++ {
		for rep := 0; rep < 5; rep++ {
			b := make([]byte, n)
			r.Read(b)
			if rep == 1 {
				b = bytes.Repeat([]byte{0xff}, n)
			}
			groups := Base64Groups(b)
			require.Len(t, groups, (n+2)/3)
			var chars strings.Builder
			var back []byte
			for _, g := range groups {
				chars.WriteString(g.Chars)
				back = append(back, g.Bytes...)
				assert.Equal(t, 3-len(g.Bytes), g.Padding)
				assert.Len(t, g.Indices, 4-g.Padding)
				assert.Equal(t, strings.Repeat("=", g.Padding), g.Chars[4-g.Padding:])
				// Independent check of the indices: decode the group's
				// characters and compare bit by bit.
				dec, err := base64.StdEncoding.DecodeString(g.Chars)
				require.NoError(t, err)
				assert.Equal(t, g.Bytes, dec)
			}
			assert.Equal(t, base64.StdEncoding.EncodeToString(b), chars.String(), "length %d", n)
			if n > 0 {
				assert.Equal(t, b, back)
			}
			// Bytes are copies: changing the input later does not change them.
			if n > 0 {
				before := groups[0].Bytes[0]
				b[0] ^= 0xff
				assert.Equal(t, before, groups[0].Bytes[0])
			}
		}
	}
	// Indices of the three padding shapes, from RFC 4648 section 10:
	// BASE64("f") = "Zg==", BASE64("fo") = "Zm8=", BASE64("foo") = "Zm9v".
	assert.Equal(t, []int{25, 32}, Base64Groups([]byte("f"))[0].Indices)
	assert.Equal(t, []int{25, 38, 60}, Base64Groups([]byte("fo"))[0].Indices)
	assert.Equal(t, []int{25, 38, 61, 47}, Base64Groups([]byte("foo"))[0].Indices)
}

func noteIDs(ns []Note) []string {
	ids := make([]string, len(ns))
	for i, n := range ns {
		ids[i] = n.ID
	}
	return ids
}

// errorsIsAny reports whether err matches one of rules.
func errorsIsAny(err error, rules ...*Rule) bool {
	for _, r := range rules {
		if errors.Is(err, r) {
			return true
		}
	}
	return false
}
