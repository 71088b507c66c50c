package lab

import (
	"encoding/hex"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

func TestDecodeHex(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in string
		want     []byte
		off      int // of the bad character; -1 = valid
	}{
		{"empty", "", []byte{}, -1},
		{"RFC 6455 section 5.7, masked Hello", "818537fa213d7f9f4d5158", []byte{0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}, -1},
		{"upper case", "8A00", []byte{0x8a, 0x00}, -1},
		{"spaces, colons and line breaks between bytes", "81 05:48\n65\r\n6c\t6c 6f", []byte("\x81\x05Hello"), -1},
		{"a separator inside a byte", "8 1", nil, 1},
		{"not a digit", "81g5", nil, 2},
		{"odd count", "810", nil, 2},
		{"a 0x prefix is not hex", "0x81", nil, 1},
		{"non-ASCII", "81é", nil, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, off, err := decodeHex(tc.in)
			if tc.off < 0 {
				require.NoError(t, err)
				assert.Equal(t, tc.want, got)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tc.off, off)
			assert.Contains(t, err.Error(), "offset "+strconv.Itoa(tc.off))
		})
	}
}

func FuzzDecodeHex(f *testing.F) {
	f.Add("818537fa213d7f9f4d5158")
	f.Add("81 05:48")
	f.Add("zz")
	f.Fuzz(func(t *testing.T, s string) {
		got, off, err := decodeHex(s)
		if err != nil {
			require.GreaterOrEqual(t, off, 0)
			require.Less(t, off, len(s))
			return
		}
		// Valid: the same bytes as the standard decoder, separators aside.
		clean := strings.Map(func(r rune) rune {
			if strings.ContainsRune(" \t\r\n:", r) {
				return -1
			}
			return r
		}, s)
		want, stdErr := hex.DecodeString(clean)
		require.NoError(t, stdErr)
		require.Equal(t, want, got)
	})
}

func TestRuleNamed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ text, want string }{
		{protocol.ErrInvalidUTF8.ID + " (RFC 6455 section 8.1): found 0xff at byte 2", protocol.ErrInvalidUTF8.ID},
		{(&protocol.Violation{Rule: protocol.ErrVersion, Offset: -1, Value: "8"}).Error() + "\n", protocol.ErrVersion.ID},
		{"origin https://evil.example may not open a WebSocket here", ""},
		{"not-a-rule: whatever", ""},
		{"", ""},
	} {
		assert.Equal(t, tc.want, ruleNamed(tc.text), tc.text)
	}
}

func TestBuckets(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_000_000, 0)
	b := newBuckets(0.5, 2)
	b.now = func() time.Time { return now }
	a, other := netip.MustParseAddr("2001:db8:1:2::a"), netip.MustParseAddr("198.51.100.7")
	for range 2 {
		ok, _ := b.take(a)
		require.True(t, ok, "the burst")
	}
	ok, wait := b.take(netip.MustParseAddr("2001:db8:1:2::b"))
	assert.False(t, ok, "one /64 is one client")
	assert.Equal(t, 2*time.Second, wait)
	ok, _ = b.take(other)
	assert.True(t, ok, "another address has its own bucket")
	now = now.Add(1500 * time.Millisecond)
	ok, wait = b.take(a)
	assert.False(t, ok)
	assert.Equal(t, 500*time.Millisecond, wait, "three quarters of a token so far")
	now = now.Add(500 * time.Millisecond)
	ok, _ = b.take(a)
	assert.True(t, ok, "a token every 2 s")
}

func TestBucketsForgetFullOnes(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_000_000, 0)
	b := newBuckets(1, 1)
	b.now = func() time.Time { return now }
	for i := range pruneAbove + 1 {
		b.take(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}))
	}
	now = now.Add(time.Second)
	b.take(netip.MustParseAddr("192.0.2.1"))
	assert.Len(t, b.byIP, 1, "every refilled bucket was forgotten; the new one stays")
}
