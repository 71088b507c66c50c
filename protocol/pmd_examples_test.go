package protocol

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol/deflate"
	"github.com/wsplay/wsplay/protocol/protocoltest"
)

func TestRFC7692ExamplesMatchTheVectors(t *testing.T) {
	t.Parallel()
	vectors := protocoltest.LoadDeflate(t)
	examples := RFC7692Examples()
	require.Len(t, examples, len(vectors), "every vector is an example")
	for _, ex := range examples {
		v, ok := vectors[ex.ID]
		require.True(t, ok, ex.ID)
		assert.True(t, strings.HasPrefix(v.Section, ex.Section), ex.ID) // the masked one adds "with RFC 6455 5.7's key"
		assert.Equal(t, v.Text, ex.Text, ex.ID)
		assert.Equal(t, v.Previous, ex.Previous, ex.ID)
		assert.Equal(t, v.Deflate, ex.Payload, ex.ID)
		assert.Equal(t, v.Wire, ex.Frames, ex.ID)
	}
}

func TestRFC7692ExamplesInflate(t *testing.T) {
	t.Parallel()
	for _, ex := range RFC7692Examples() {
		z := deflate.NewInflater(deflate.Options{})
		if ex.Previous != "" {
			_, err := z.Inflate(nil, deflate.NewCompressor(deflate.CompressorOptions{}).Compress(nil, []byte(ex.Previous)))
			require.NoError(t, err)
		}
		if ex.Payload != nil {
			out, err := z.Inflate(nil, ex.Payload)
			require.NoError(t, err, ex.ID)
			assert.Equal(t, ex.Text, string(out), ex.ID)
			continue
		}
		var wire []byte
		for _, f := range ex.Frames {
			wire = append(wire, f...)
		}
		from := FromServer
		if ex.FromClient {
			from = FromClient
		}
		d := Decode(wire, Limits{From: from, Extensions: 4, Inflater: z})
		assert.Empty(t, d.Violations, ex.ID)
		last := d.Frames[len(d.Frames)-1]
		require.NotNil(t, last.Message, ex.ID)
		assert.Equal(t, ex.Text, string(last.Message.Payload), ex.ID)
	}
}

func ExampleRFC7692Examples() {
	for _, ex := range RFC7692Examples()[:2] {
		fmt.Println(ex.ID, Hex(ex.Payload), len(ex.Frames))
	}
	// Output:
	// 7.2.3.1-payload f248cdc9c90700 0
	// 7.2.3.1-frame  1
}
