package protocoltest

import (
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadDeflateHasTheRFCExamples(t *testing.T) {
	t.Parallel()
	ex := LoadDeflate(t)
	assert.Equal(t, "f248cdc9c90700", hex.EncodeToString(ex["7.2.3.1-payload"].Deflate), "RFC 7692 section 7.2.3.1")
	frag := ex["7.2.3.1-fragmented"].Wire
	require.Len(t, frag, 2)
	assert.Equal(t, "4103f248cd", hex.EncodeToString(frag[0]))
	assert.Equal(t, "8004c9c90700", hex.EncodeToString(frag[1]))
	assert.Equal(t, "Hello", ex["7.2.3.2-takeover"].Previous)
}

func TestParseDeflateRefusesBadFiles(t *testing.T) {
	t.Parallel()
	for name, raw := range map[string]string{
		"not json":        `{`,
		"no examples":     `{"examples": []}`,
		"odd hex":         `{"examples": [{"id": "a", "deflate_hex": "f2f"}]}`,
		"wire not a list": `{"examples": [{"id": "a", "wire_hex": 7}]}`,
		"bad wire hex":    `{"examples": [{"id": "a", "wire_hex": ["zz"]}]}`,
	} {
		_, err := ParseDeflate([]byte(raw))
		assert.Error(t, err, name)
	}
}
