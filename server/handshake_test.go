package server

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/testutil"
)

func TestHandshakeAccepts(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	c := testutil.Dial(t, addr, "/ws")
	res, _, err := protocol.ParseResponse(c.ResponseHead)
	require.NoError(t, err)
	assert.Equal(t, protocol.AcceptKey(c.SecKey), res.Headers.Get("Sec-WebSocket-Accept"))
	assert.Empty(t, res.Headers.Values("Sec-WebSocket-Extensions"), "no extension is accepted")
	assert.Empty(t, res.Headers.Values("Sec-WebSocket-Protocol"), "no subprotocol is chosen")
	c.Send(protocol.OpText, []byte("hi"))
	c.Expect(protocol.OpText, []byte("hi"))
}

func TestHandshakeAllowedOrigins(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{Origins: []string{"https://docs.example.org", "http://localhost:3000"}})
	for _, origin := range []string{"https://docs.example.org", "HTTPS://Docs.Example.org:443", "http://localhost:3000", "http://" + addr} {
		testutil.Dial(t, addr, "/ws", protocol.HeaderField{Name: "Origin", Value: origin})
	}
	_, addr, _ = startServer(t, Config{Origins: []string{"*"}})
	testutil.Dial(t, addr, "/ws", protocol.HeaderField{Name: "Origin", Value: "https://anywhere.example"})
}

func TestMaxConns(t *testing.T) {
	t.Parallel()
	srv, addr, _ := startServer(t, Config{MaxConns: 2})
	first := testutil.Dial(t, addr, "/ws")
	testutil.Dial(t, addr, "/ws")
	c := testutil.Connect(t, addr)
	c.Write(protocol.AppendRequest(nil, protocol.NewRequest(protocol.ClientRequest{Host: addr, Path: "/ws"})))
	res := c.Response()
	assert.Equal(t, http.StatusServiceUnavailable, res.Status)
	assert.Contains(t, res.Body, "too many WebSocket connections")
	assert.NotEmpty(t, res.Headers.Get("Retry-After"))

	// A slot frees up when a connection ends.
	first.Send(protocol.OpClose, protocol.AppendClose(nil, protocol.StatusNormalClosure, ""))
	first.ExpectClose()
	require.Eventually(t, func() bool { return srv.ws.Open() == 1 }, testutil.IOTimeout, testutil.IOTimeout/1000)
	testutil.Dial(t, addr, "/ws")
}

func TestOriginPolicy(t *testing.T) {
	t.Parallel()
	p, err := newOriginPolicy(nil)
	require.NoError(t, err)
	assert.True(t, p.allows("", "example.org"), "no Origin: not a browser")
	assert.True(t, p.allows("http://example.org", "example.org"))
	assert.True(t, p.allows("http://example.org", "example.org:80"))
	assert.True(t, p.allows("https://example.org:443", "example.org"))
	assert.False(t, p.allows("http://example.org:8080", "example.org"))
	assert.False(t, p.allows("http://evil.example", "example.org"))
	assert.False(t, p.allows("null", "example.org"))
	assert.False(t, p.allows("not a url", "example.org"))

	_, err = newOriginPolicy([]string{"docs.example.org"})
	assert.Error(t, err, "an origin needs its scheme")
	_, err = newOriginPolicy([]string{"https://docs.example.org/path"})
	assert.Error(t, err, "an origin has no path")
}

// -max-conns caps the process: a class's WebSockets (on their own server,
// without a per-address cap) take the same slots as /ws.
func TestMaxConnsCountsRooms(t *testing.T) {
	t.Parallel()
	addr, _, _, _, _ := openRoom(t, Config{MaxConns: 2}, "only") // the teacher and one student
	c := testutil.Connect(t, addr)
	c.Write(protocol.AppendRequest(nil, protocol.NewRequest(protocol.ClientRequest{Host: addr, Path: "/ws"})))
	res := c.Response()
	assert.Equal(t, http.StatusServiceUnavailable, res.Status)
	assert.Contains(t, res.Body, "too many WebSocket connections (the limit is 2)")
}
