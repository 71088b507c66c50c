package deflate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInflateRFC7692Examples(t *testing.T) {
	t.Parallel()
	ex := loadExamples(t)
	for _, id := range []string{"7.2.3.1-payload", "7.2.3.2-no-takeover", "7.2.3.3-stored", "7.2.3.4-bfinal", "7.2.3.5-two-blocks", "7.2.3.2-takeover"} {
		e := ex[id]
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			z := NewInflater(Options{})
			if e.Previous != "" {
				_, err := z.Inflate(nil, ex["7.2.3.1-payload"].Deflate)
				require.NoError(t, err)
			}
			out, err := z.Inflate(nil, e.Deflate)
			require.NoError(t, err)
			assert.Equal(t, e.Text, string(out))

			z2 := NewInflater(Options{})
			if e.Previous != "" {
				_, _, err := z2.InflateTraced(nil, ex["7.2.3.1-payload"].Deflate, TraceOptions{})
				require.NoError(t, err)
			}
			out, tr, err := z2.InflateTraced(nil, e.Deflate, TraceOptions{})
			require.NoError(t, err)
			assert.Equal(t, e.Text, string(out))
			require.NotEmpty(t, tr.Items)
			for _, it := range tr.Items {
				t.Logf("%-16s bit %3d +%2d %-10s %s %v", it.Kind, it.Bit, it.Bits, it.Value, it.ID, it.Args)
			}
		})
	}
}
