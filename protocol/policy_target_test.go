package protocol

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestForTarget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		target   string
		deflate  bool   // the policy still accepts permessage-deflate
		badValue string // a DeflateQueryError for this value; "" = none
	}{
		{"/ws", true, ""},
		{"/ws?", true, ""},
		{"/ws?deflate=1", true, ""},
		{"/ws?deflate=0", false, ""},
		{"/ws?tap=0123&deflate=0&frag=4", false, ""},
		{"/ws?deflate=0&deflate=1", false, ""}, // the first one counts, as in net/url
		{"/ws?deflate=1&deflate=0", true, ""},
		{"/ws?xdeflate=0", true, ""},
		{"/ws?deflate0", true, ""},
		{"/ws?deflate", false, "bad"},
		{"/ws?deflate=", false, "bad"},
		{"/ws?deflate=off", false, "bad"},
		{"/ws?deflate=%30", false, "bad"}, // compared as sent
		{"/ws?deflate=00", false, "bad"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			t.Parallel()
			p, err := WsplayServer().ForTarget(tt.target)
			if tt.badValue != "" {
				var qe *DeflateQueryError
				require.ErrorAs(t, err, &qe)
				assert.Contains(t, err.Error(), "want 0 (no compression) or 1")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.deflate, p.Deflate != nil)
		})
	}
}

// The plain policy stays plain whatever the query says: ?deflate=1 only
// keeps what the server accepts.
func TestForTargetKeepsPlainPlain(t *testing.T) {
	t.Parallel()
	p, err := WsplayServerPlain().ForTarget("/ws?deflate=1")
	require.NoError(t, err)
	assert.Nil(t, p.Deflate)
}

func TestDeflateQueryErrorNamesTheValue(t *testing.T) {
	t.Parallel()
	_, err := WsplayServer().ForTarget("/ws?deflate=yes")
	assert.EqualError(t, err, `deflate: want 0 (no compression) or 1 (compression when the server offers it), not "yes"`)
}

func FuzzForTarget(f *testing.F) {
	for _, s := range []string{"/ws?deflate=0", "/ws?a=b&deflate=1", "/?deflate=&&", "/ws?deflate=\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, target string) {
		p, err := WsplayServer().ForTarget(target)
		if err != nil {
			var qe *DeflateQueryError
			require.ErrorAs(t, err, &qe)
			return
		}
		v, ok := queryValue(target, "deflate")
		assert.Equal(t, ok && v == "0", p.Deflate == nil)
	})
}
