package protocol

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Without fields Decode finds the same frames, messages and violations.
func TestDecodeNoFieldsChangesNothingElse(t *testing.T) {
	t.Parallel()
	wire := mustHex(t, "010348656c"+"8980"+"80026c6f"+"8102c328"+"88020003"+"0300")
	for _, from := range []Role{0, FromClient, FromServer} {
		full := Decode(wire, Limits{From: from})
		bare := Decode(wire, Limits{From: from, NoFields: true})
		require.Len(t, bare.Frames, len(full.Frames))
		for i := range full.Frames {
			assert.NotEmpty(t, full.Frames[i].Fields)
			assert.Empty(t, bare.Frames[i].Fields)
			full.Frames[i].Fields = nil
		}
		assert.Equal(t, full, bare)
	}
}
