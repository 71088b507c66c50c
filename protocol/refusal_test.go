package protocol

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlainRefusalWire(t *testing.T) {
	t.Parallel()
	got := string(AppendResponse(nil, PlainRefusal(403, "origin https://evil.example is not allowed")))
	assert.Equal(t, "HTTP/1.1 403 Forbidden\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\n"+
		"Connection: close\r\n"+
		"Content-Length: 43\r\n"+
		"\r\n"+
		"origin https://evil.example is not allowed\n", got)
}

func TestPlainRefusalStatuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status int
		reason string
	}{
		{400, "Bad Request"},
		{403, "Forbidden"},
		{404, "Not Found"},
		{405, "Method Not Allowed"},
		{409, "Conflict"},
		{426, "Upgrade Required"},
		{429, "Too Many Requests"},
		{431, "Request Header Fields Too Large"},
		{500, "Internal Server Error"},
		{503, "Service Unavailable"},
		{599, "Error"}, // no phrase known: a generic one, never an empty reason
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.status), func(t *testing.T) {
			t.Parallel()
			r := PlainRefusal(tt.status, "why")
			assert.Equal(t, "HTTP/1.1", r.Proto)
			assert.Equal(t, tt.status, r.Status)
			assert.Equal(t, tt.reason, r.Reason)
			assert.Equal(t, "why\n", r.Body)
			assert.Equal(t, "close", r.Headers.Get("Connection"))
			assert.Equal(t, "text/plain; charset=utf-8", r.Headers.Get("Content-Type"))
			assert.Equal(t, tt.status == 426, r.Headers.Get("Sec-WebSocket-Version") == "13",
				"only a 426 lists the version (section 4.4)")

			parsed, n, err := ParseResponse(AppendResponse(nil, r))
			require.NoError(t, err)
			require.NotZero(t, n)
			assert.Equal(t, tt.status, parsed.Status)
		})
	}
}

func TestPlainRefusalExtraHeader(t *testing.T) {
	t.Parallel()
	// A server adds its own headers, e.g. Retry-After on 503; a second
	// refusal built afterwards does not share them.
	busy := PlainRefusal(503, "full")
	busy.Headers = append(busy.Headers, HeaderField{"Retry-After", "5"})
	assert.Equal(t, "5", busy.Headers.Get("Retry-After"))
	assert.Empty(t, PlainRefusal(503, "full").Headers.Get("Retry-After"))
}

func TestRefusalIsPlainRefusalOfTheRule(t *testing.T) {
	t.Parallel()
	for _, r := range Rules() {
		if r.HTTP == 0 {
			continue
		}
		v := violation(r, -1, `"x"`)
		assert.Equal(t, PlainRefusal(r.HTTP, v.Error()), Refusal(v), r.ID)
	}
}
