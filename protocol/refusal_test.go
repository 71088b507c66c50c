package protocol

import (
	"errors"
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
		{410, "Gone"},
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

func TestVersionRefusal(t *testing.T) {
	t.Parallel()
	req := baseRequest().with("Sec-WebSocket-Version", "8")
	_, err := CheckRequest(&req)
	require.ErrorIs(t, err, ErrVersion)
	assert.Equal(t, 426, ErrVersion.HTTP)
	assert.Equal(t, "4.4", ErrVersion.Section)
	resp := Refusal(err)
	assert.Equal(t, 426, resp.Status)
	assert.Equal(t, "Upgrade Required", resp.Reason)
	wire := string(AppendResponse(nil, resp))
	assert.Contains(t, wire, "HTTP/1.1 426 Upgrade Required\r\n")
	assert.Contains(t, wire, "\r\nSec-WebSocket-Version: 13\r\n")

	// A server that wraps the error still answers 426.
	wrapped := errors.Join(errors.New("handshake from 192.0.2.1"), err)
	assert.Equal(t, 426, Refusal(wrapped).Status)
	assert.Equal(t, "13", Refusal(wrapped).Headers.Get("Sec-WebSocket-Version"))
}

func TestRefusalWithoutViolation(t *testing.T) {
	t.Parallel()
	resp := Refusal(errors.New("boom"))
	assert.Equal(t, 400, resp.Status)
	assert.Equal(t, "Bad Request", resp.Reason)
	assert.Equal(t, "boom\n", resp.Body)

	resp = Refusal(nil)
	assert.Equal(t, 400, resp.Status)
	assert.Contains(t, resp.Body, ErrMalformedHTTP.Text)

	// A client-side rule has no HTTP status: a server falls back to 400.
	resp = Refusal(violation(ErrResponseAccept, -1, ""))
	assert.Equal(t, 400, resp.Status)
}
