package protocol

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRequestIncomplete(t *testing.T) {
	t.Parallel()
	for k := 0; k < len(rfcRequest); k++ {
		r, n, err := ParseRequest([]byte(rfcRequest[:k]))
		require.NoError(t, err, "prefix %d", k)
		require.Zero(t, n, "prefix %d", k)
		require.Equal(t, Request{}, r)
	}
	for k := 0; k < len(rfcResponse); k++ {
		r, n, err := ParseResponse([]byte(rfcResponse[:k]))
		require.NoError(t, err, "prefix %d", k)
		require.Zero(t, n, "prefix %d", k)
		require.Zero(t, r.Status)
	}
}

func TestParsePipelined(t *testing.T) {
	t.Parallel()
	frame := "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"
	r, n, err := ParseRequest([]byte(rfcRequest + frame))
	require.NoError(t, err)
	assert.Equal(t, len(rfcRequest), n, "n is the head's length")
	assert.Equal(t, frame, (rfcRequest + frame)[n:])
	assert.Equal(t, "/chat", r.Target)

	// Bytes that look like another blank line come after the head.
	body := "\r\n\r\nmore"
	_, n, err = ParseResponse([]byte(rfcResponse + body))
	require.NoError(t, err)
	assert.Equal(t, len(rfcResponse), n)
}

func TestParseLFOnly(t *testing.T) {
	t.Parallel()
	lf := strings.ReplaceAll(rfcRequest, "\r\n", "\n")
	r, n, err := ParseRequest([]byte(lf + "tail"))
	require.NoError(t, err)
	assert.Equal(t, len(lf), n)
	crlf, _, err := ParseRequest([]byte(rfcRequest))
	require.NoError(t, err)
	assert.Equal(t, crlf, r)
}

func TestParseMalformed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		head   string
		offset int64
	}{
		{"space before colon", "GET / HTTP/1.1\r\nHost : example.com\r\n\r\n", 16},
		{"second line bad", "GET / HTTP/1.1\r\nHost: a\r\nUpgrade websocket\r\n\r\n", 25},
		{"folded line", "GET / HTTP/1.1\r\nHost: a\r\n continued\r\n\r\n", 25},
		{"empty name", "GET / HTTP/1.1\r\n: value\r\n\r\n", 16},
		{"separator in name", "GET / HTTP/1.1\r\nX(y): value\r\n\r\n", 16},
		{"non-ASCII name", "GET / HTTP/1.1\r\nHöst: a\r\n\r\n", 16},
		{"request line of two parts", "GET /\r\nHost: a\r\n\r\n", 0},
		{"request line of four parts", "GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n", 0},
		{"double space", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 0},
		{"empty start line", "\r\nHost: a\r\n\r\n", 0},
		{"only a blank line", "\r\n\r\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, n, err := ParseRequest([]byte(tt.head + "after"))
			require.ErrorIs(t, err, ErrMalformedHTTP)
			assert.Equal(t, 400, ErrMalformedHTTP.HTTP)
			assert.NotZero(t, n, "the head is complete even though it is malformed")
			assert.LessOrEqual(t, n, len(tt.head))
			assert.Equal(t, tt.offset, err.(*Violation).Offset, "offset of the offending line")
			assert.Equal(t, 400, Refusal(err).Status)
		})
	}

	responses := []struct {
		name, head string
	}{
		{"status not a number", "HTTP/1.1 1O1 Switching Protocols\r\n\r\n"},
		{"status with a sign", "HTTP/1.1 +01 Switching Protocols\r\n\r\n"},
		{"negative status", "HTTP/1.1 -01 Switching Protocols\r\n\r\n"},
		{"status of 4 digits", "HTTP/1.1 1010 Switching Protocols\r\n\r\n"},
		{"not HTTP", "FTP/1.1 101 Switching Protocols\r\n\r\n"},
		{"no status", "HTTP/1.1\r\n\r\n"},
		{"space before colon", "HTTP/1.1 101 Switching Protocols\r\nUpgrade : websocket\r\n\r\n"},
	}
	for _, tt := range responses {
		t.Run("response "+tt.name, func(t *testing.T) {
			t.Parallel()
			_, n, err := ParseResponse([]byte(tt.head))
			require.ErrorIs(t, err, ErrMalformedHTTP)
			assert.Equal(t, len(tt.head), n)
		})
	}

	t.Run("response without reason", func(t *testing.T) {
		t.Parallel()
		r, _, err := ParseResponse([]byte("HTTP/1.1 101\r\n\r\n"))
		require.NoError(t, err)
		assert.Equal(t, 101, r.Status)
		assert.Empty(t, r.Reason)
	})
}
