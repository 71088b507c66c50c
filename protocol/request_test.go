package protocol

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewRequestRoundTrip(t *testing.T) {
	t.Parallel()
	c := ClientRequest{Host: "localhost:8080", Path: "/echo", Key: tutorialKey, Origin: "http://localhost:8080",
		Protocols: []string{"chat", "v2.chat"}, Extensions: []string{"permessage-deflate; client_max_window_bits"}}
	req := NewRequest(c)
	wire := AppendRequest(nil, req)
	assert.True(t, strings.HasPrefix(string(wire), "GET /echo HTTP/1.1\r\nHost: localhost:8080\r\n"), string(wire))
	assert.True(t, strings.HasSuffix(string(wire), "\r\n\r\n"))

	back, n, err := ParseRequest(wire)
	require.NoError(t, err)
	assert.Equal(t, len(wire), n)
	assert.Equal(t, req, back)

	u, err := CheckRequest(&back)
	require.NoError(t, err)
	assert.Equal(t, tutorialAcc, u.Accept)
	assert.Equal(t, []string{"chat", "v2.chat"}, u.Protocols)
	assert.Equal(t, []string{"permessage-deflate; client_max_window_bits"}, u.Extensions)
	assert.Equal(t, "http://localhost:8080", u.Origin)

	resp := Accepted(u, "v2.chat")
	rwire := AppendResponse(nil, resp)
	rback, n, err := ParseResponse(rwire)
	require.NoError(t, err)
	assert.Equal(t, len(rwire), n)
	assert.Equal(t, resp, rback)
	assert.NoError(t, CheckResponse(&rback, tutorialKey, c.Protocols, c.Extensions))

	// Defaults: path "/" and a fresh key.
	d := NewRequest(ClientRequest{Host: "h"})
	assert.Equal(t, "/", d.Target)
	assert.NoError(t, CheckKey(d.Headers.Get("Sec-WebSocket-Key")))
	assert.Empty(t, d.Headers.Values("Origin"))
	assert.Empty(t, d.Headers.Values("Sec-WebSocket-Protocol"))
	_, err = CheckRequest(&d)
	assert.NoError(t, err)
}
