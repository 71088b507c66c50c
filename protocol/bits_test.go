package protocol

import (
	"encoding/binary"
	"encoding/hex"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestByteOrder compares the package's byte-order helpers with
// encoding/binary, which the package avoids for the size of the wasm build.
func TestByteOrder(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(16))
	for i := 0; i < 2000; i++ {
		v := r.Uint64()
		if i < 4 {
			v = []uint64{0, 1, 1<<63 | 1, ^uint64(0)}[i]
		}
		b := make([]byte, 8)
		binary.BigEndian.PutUint64(b, v)
		require.Equal(t, binary.BigEndian.Uint64(b), be64(b))
		require.Equal(t, binary.BigEndian.Uint16(b), be16(b))
		require.Equal(t, binary.LittleEndian.Uint32(b), le32(b))
		require.Equal(t, binary.LittleEndian.Uint64(b), le64(b))
		require.Equal(t, binary.BigEndian.AppendUint64([]byte{9}, v), appendBE64([]byte{9}, v))
		require.Equal(t, binary.BigEndian.AppendUint16([]byte{9}, uint16(v)), appendBE16([]byte{9}, uint16(v)))
		got := make([]byte, 10)
		want := make([]byte, 10)
		putLE64(got[1:], v)
		binary.LittleEndian.PutUint64(want[1:], v)
		require.Equal(t, want, got, "putLE64 writes 8 bytes and no more")
	}
	assert.Panics(t, func() { be64(make([]byte, 7)) }, "short input is a bug, not a silent zero")
}

func TestHexString(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(17))
	for n := 0; n < 70; n++ {
		b := make([]byte, n)
		r.Read(b)
		assert.Equal(t, hex.EncodeToString(b), Hex(b))
	}
}

func TestParseHex(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string // hex.EncodeToString of the result
	}{
		{"", ""},
		{"818537fa213d7f9f4d5158", "818537fa213d7f9f4d5158"},
		{"81 85 37 FA 21 3D 7F 9F 4D 51 58", "818537fa213d7f9f4d5158"},
		{"0x8185", "8185"},
		{"0X8185", "8185"},
		{"0x", ""},
		{"81:85\n37\tfa\r\n", "818537fa"},
		{"8 1", "81"}, // spaces may split a byte
		{"DeadBeef", "deadbeef"},
	}
	for _, tt := range tests {
		b, err := ParseHex(tt.in)
		require.NoError(t, err, "%q", tt.in)
		assert.Equal(t, tt.want, hex.EncodeToString(b), "%q", tt.in)
	}

	r := rand.New(rand.NewSource(18))
	for i := 0; i < 200; i++ {
		b := make([]byte, r.Intn(40))
		r.Read(b)
		var spaced strings.Builder // "81 85 37 fa", as dumps print it
		for _, c := range b {
			spaced.WriteString(hex.EncodeToString([]byte{c}) + " ")
		}
		for _, s := range []string{hex.EncodeToString(b), strings.ToUpper(hex.EncodeToString(b)), spaced.String(), "0x" + hex.EncodeToString(b)} {
			got, err := ParseHex(s)
			require.NoError(t, err)
			require.Equal(t, hex.EncodeToString(b), hex.EncodeToString(got))
		}
	}
}

func TestParseHexErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		index int
		char  byte
		odd   bool
	}{
		{"zz", 0, 'z', false},
		{"81 8g", 4, 'g', false},
		{"0x8g", 3, 'g', false},      // the index counts the "0x" the learner typed
		{"0x81 0x85", 6, 'x', false}, // a prefix only at the start
		{"81\x0185", 2, 0x01, false}, // a control character
		{"818", 3, 0, true},          // odd: the index is the end of the input
		{"0xabc", 5, 0, true},
		{"81 8", 4, 0, true},
		{"é", 0, 0xc3, false},
	}
	for _, tt := range tests {
		_, err := ParseHex(tt.in)
		require.Error(t, err, "%q", tt.in)
		var he *HexError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, tt.index, he.Index, "%q", tt.in)
		assert.Equal(t, tt.odd, he.Odd, "%q", tt.in)
		if !tt.odd {
			assert.Equal(t, tt.char, he.Char, "%q", tt.in)
			assert.Equal(t, tt.char, tt.in[he.Index], "Index points at the character in the input")
			assert.Contains(t, he.Error(), "index "+itoa(tt.index))
		} else {
			assert.Contains(t, he.Error(), "odd number of digits")
		}
	}
	_, err := ParseHex("8g")
	assert.Contains(t, err.Error(), "'g'")
	_, err = ParseHex("8\x01")
	assert.Contains(t, err.Error(), "byte 0x01")
}
