package protocol

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The opening handshake of RFC 6455 section 1.3, as the RFC prints it.
const (
	rfcRequest = "GET /chat HTTP/1.1\r\n" +
		"Host: server.example.com\r\n" +
		"Upgrade: websocket\r\n" +
		"Connection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
		"Origin: http://example.com\r\n" +
		"Sec-WebSocket-Protocol: chat, superchat\r\n" +
		"Sec-WebSocket-Version: 13\r\n" +
		"\r\n"
	rfcResponse = "HTTP/1.1 101 Switching Protocols\r\n" +
		"Upgrade: websocket\r\n" +
		"Connection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n" +
		"Sec-WebSocket-Protocol: chat\r\n" +
		"\r\n"
)

func TestRFCHandshake(t *testing.T) {
	t.Parallel()
	r, n, err := ParseRequest([]byte(rfcRequest))
	require.NoError(t, err)
	assert.Equal(t, len(rfcRequest), n)
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, "/chat", r.Target)
	assert.Equal(t, "HTTP/1.1", r.Proto)
	require.Len(t, r.Headers, 7)
	assert.Equal(t, HeaderField{"Host", "server.example.com"}, r.Headers[0])

	u, err := CheckRequest(&r)
	require.NoError(t, err)
	assert.Equal(t, Upgrade{
		Host:      "server.example.com",
		Key:       rfcKey13,
		Accept:    rfcAccept13,
		Origin:    "http://example.com",
		Protocols: []string{"chat", "superchat"},
	}, u)

	resp := Accepted(u, "chat")
	assert.Equal(t, rfcResponse, string(AppendResponse(nil, resp)), "the RFC's answer byte for byte")

	pr, n, err := ParseResponse([]byte(rfcResponse))
	require.NoError(t, err)
	assert.Equal(t, len(rfcResponse), n)
	assert.Equal(t, 101, pr.Status)
	assert.Equal(t, "Switching Protocols", pr.Reason)
	assert.NoError(t, CheckResponse(&pr, rfcKey13, []string{"chat", "superchat"}, nil))
}

// baseRequest is a minimal valid client handshake.
func baseRequest() Request {
	return Request{Method: "GET", Target: "/", Proto: "HTTP/1.1", Headers: Headers{
		{"Host", "example.com"},
		{"Upgrade", "websocket"},
		{"Connection", "Upgrade"},
		{"Sec-WebSocket-Key", tutorialKey},
		{"Sec-WebSocket-Version", "13"},
	}}
}

func (r Request) without(name string) Request {
	var hs Headers
	for _, h := range r.Headers {
		if !strings.EqualFold(h.Name, name) {
			hs = append(hs, h)
		}
	}
	r.Headers = hs
	return r
}

func (r Request) with(name, value string) Request {
	r = r.without(name)
	r.Headers = append(r.Headers, HeaderField{name, value})
	return r
}

func (r Request) plus(name, value string) Request {
	r.Headers = append(append(Headers(nil), r.Headers...), HeaderField{name, value})
	return r
}
