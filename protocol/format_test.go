package protocol

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHexByte(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   byte
		want string
	}{
		{0x00, "0x00"}, {0x0a, "0x0a"}, {0x3a, "0x3a"}, {0x80, "0x80"}, {0xff, "0xff"},
	} {
		assert.Equal(t, tt.want, hexByte(tt.in))
	}
	for b := 0; b < 256; b++ {
		want := "0x" + strconv.FormatUint(uint64(b)|0x100, 16)[1:] // always two digits
		assert.Equal(t, want, hexByte(byte(b)))
	}
}

func TestByteValue(t *testing.T) {
	t.Parallel()
	b := []byte{0x61, 0xf8}
	assert.Equal(t, "0x61", byteValue(b, 0))
	assert.Equal(t, "0xf8", byteValue(b, 1))
	assert.Equal(t, "", byteValue(b, 2), "past the end there is no byte to show")
}

func TestQuoteByte(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "'g'", quoteByte('g'))
	assert.Equal(t, "' '", quoteByte(' '))
	assert.Equal(t, "'~'", quoteByte('~'))
	assert.Equal(t, "byte 0x0a", quoteByte('\n'))
	assert.Equal(t, "byte 0x7f", quoteByte(0x7f))
	assert.Equal(t, "byte 0xe2", quoteByte(0xe2))
}

func TestQuoteList(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "", quoteList(nil))
	assert.Equal(t, `"a"`, quoteList([]string{"a"}))
	assert.Equal(t, `"a, b\r"`, quoteList([]string{"a", "b\r"}))
}

func TestBitsOf(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "1", bitsOf(1, 1))
	assert.Equal(t, "0001", bitsOf(1, 4))
	assert.Equal(t, "101", bitsOf(0xFD, 3), "only the low width bits")
	assert.Equal(t, "0000000001111110", bitsOf(126, 16))
	assert.Equal(t, strconv.FormatUint(1<<63|5, 2), bitsOf(1<<63|5, 64))
}
