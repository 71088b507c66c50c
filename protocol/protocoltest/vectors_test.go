package protocoltest

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadHasTheRFCExamples(t *testing.T) {
	t.Parallel()
	v := Load(t)
	assert.Contains(t, v.Accept, Accept{Source: "rfc6455 1.3", Key: "dGhlIHNhbXBsZSBub25jZQ==", Accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="})

	byName := map[string]Frame{}
	for _, f := range v.Frames {
		byName[f.Name] = f
	}
	hello := byName["masked text Hello"]
	assert.Equal(t, "818537fa213d7f9f4d5158", hex.EncodeToString(hello.Wire), "RFC 6455 section 5.7")
	assert.Equal(t, "818537fa213d", hex.EncodeToString(hello.Header))
	assert.Equal(t, [4]byte{0x37, 0xfa, 0x21, 0x3d}, hello.MaskKey)
	assert.Equal(t, "Hello", string(hello.Payload))

	long := byName["64KiB binary, 64-bit length"]
	require.Len(t, long.Payload, 65536)
	assert.Equal(t, byte(255), long.Payload[255], "filled with i mod 256")
	assert.Equal(t, "827f0000000000010000", hex.EncodeToString(long.Header))
	assert.Len(t, long.Wire, 10+65536)

	require.NotEmpty(t, v.Invalid)
	for _, iv := range v.Invalid {
		assert.NotEmpty(t, iv.Section, iv.Name)
		assert.True(t, strings.HasPrefix(iv.Rule, "RFC 6455 "+iv.Section+":"), iv.Name)
	}
}

func TestLoadIsFresh(t *testing.T) {
	t.Parallel()
	a := Load(t)
	a.Frames[0].Wire[0] ^= 0xff
	assert.NotEqual(t, a.Frames[0].Wire[0], Load(t).Frames[0].Wire[0], "a test that masks in place spoils no other")
}

func TestParseRefusesBrokenFiles(t *testing.T) {
	t.Parallel()
	const accept = `"accept":[{"source":"s","key":"k","accept":"a"}]`
	const invalid = `"invalid":[{"name":"i","rule":"RFC 6455 5.2: x","wire_hex":"8300","from":"server"}]`
	frame := func(fields string) string {
		return `{` + accept + `,` + invalid + `,"frames":[{"name":"f",` + fields + `}]}`
	}
	tests := []struct {
		name, file, want string
	}{
		{"not JSON", `{`, "unexpected end"},
		{"no vectors", `{}`, "must have accept, frames and invalid"},
		{"bad wire hex", frame(`"wire_hex":"8z00"`), `frame "f": wire_hex`},
		{"neither wire nor header", frame(`"payload_hex":"00"`), "needs wire_hex"},
		{"wire shorter than its payload", frame(`"payload_hex":"0000","wire_hex":"0000"`), "shorter than a header"},
		{"unknown fill", frame(`"payload_len":3,"payload_fill":"ones","header_hex":"8203"`), `unknown payload_fill "ones"`},
		{"masked without a key", frame(`"masked":true,"wire_hex":"8180"`), "mask_key_hex"},
		{"invalid without from", `{` + accept + `,"frames":[{"name":"f","wire_hex":"8100"}],"invalid":[{"name":"i","rule":"RFC 6455 5.2: x","wire_hex":"8300"}]}`, `from must be`},
		{"invalid without a section", `{` + accept + `,"frames":[{"name":"f","wire_hex":"8100"}],"invalid":[{"name":"i","rule":"5.2 x","wire_hex":"8300","from":"client"}]}`, `rule must start`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tt.file))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	_, err := Parse([]byte(frame(`"wire_hex":"8100"`)))
	assert.NoError(t, err, "the smallest good file")
}

func TestDecodeHex(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []byte{0x81, 0x00}, DecodeHex(t, "8100"))
}
