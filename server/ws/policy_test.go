package ws

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

// ?deflate=0 declines compression on one connection, whether the request
// was read off the wire (RequestURI as sent) or built in code (no
// RequestURI); a bad value is an error for a 400.
func TestPolicyForReadsDeflateQuery(t *testing.T) {
	t.Parallel()
	s := NewServer(Config{Policy: protocol.WsplayServer()})
	for _, tt := range []struct {
		target  string
		deflate bool
	}{
		{"/ws", true},
		{"/ws?deflate=1&tap=00", true},
		{"/ws?tap=00&deflate=0", false},
	} {
		r := httptest.NewRequest("GET", tt.target, nil)
		p, err := s.policyFor(r)
		require.NoError(t, err, tt.target)
		assert.Equal(t, tt.deflate, p.Deflate != nil, tt.target)

		r.RequestURI = ""
		p, err = s.policyFor(r)
		require.NoError(t, err, tt.target)
		assert.Equal(t, tt.deflate, p.Deflate != nil, "built in code: %s", tt.target)
	}
	_, err := s.policyFor(httptest.NewRequest("GET", "/ws?deflate=yes", nil))
	assert.ErrorContains(t, err, "want 0 (no compression) or 1")
}
