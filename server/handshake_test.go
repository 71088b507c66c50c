package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

func TestHandshakeAccepts(t *testing.T) {
	_, addr, _ := startApp(t, config{})
	c := dial(t, addr, "/ws")
	res, _, err := protocol.ParseResponse(c.head)
	require.NoError(t, err)
	assert.Equal(t, protocol.AcceptKey(c.wsKey), res.Headers.Get("Sec-WebSocket-Accept"))
	assert.Empty(t, res.Headers.Values("Sec-WebSocket-Extensions"), "no extension is accepted")
	assert.Empty(t, res.Headers.Values("Sec-WebSocket-Protocol"), "no subprotocol is chosen")
	c.send(protocol.OpText, []byte("hi"))
	c.expect(protocol.OpText, []byte("hi"))
}

// Requests that are valid though unusual, as browsers and proxies send them.
func TestHandshakeAcceptsVariants(t *testing.T) {
	_, addr, _ := startApp(t, config{})
	key := protocol.NewKey()
	for name, raw := range map[string]string{
		"connection list":  "GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n",
		"letter case":      "GET /ws HTTP/1.1\r\nhost: h\r\nUPGRADE: WebSocket\r\nconnection: UPGRADE\r\nsec-websocket-key: " + key + "\r\nSEC-WEBSOCKET-VERSION: 13\r\n\r\n",
		"offers extension": "GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\nSec-WebSocket-Protocol: chat\r\n\r\n",
		"same origin":      "GET /ws HTTP/1.1\r\nHost: " + addr + "\r\nOrigin: http://" + addr + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			c := dialHTTP(t, addr)
			c.write([]byte(raw))
			res := c.readResponse()
			require.Equal(t, 101, res.Status, "%s", c.head)
			require.NoError(t, protocol.CheckResponse(&res, key, nil, nil))
		})
	}
}

// Every refusal comes with the status the broken rule names and a body
// that says which rule.
func TestHandshakeRefusals(t *testing.T) {
	_, addr, _ := startApp(t, config{Origins: []string{"https://docs.example.org"}})
	key := protocol.NewKey()
	good := map[string]string{
		"Host": addr, "Upgrade": "websocket", "Connection": "Upgrade",
		"Sec-WebSocket-Key": key, "Sec-WebSocket-Version": "13",
	}
	order := []string{"Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version"}
	build := func(start string, change map[string]string, extra string) string {
		var b strings.Builder
		b.WriteString(start + "\r\n")
		for _, name := range order {
			v, changed := change[name]
			if !changed {
				v = good[name]
			}
			if v != "-" {
				b.WriteString(name + ": " + v + "\r\n")
			}
		}
		b.WriteString(extra + "\r\n")
		return b.String()
	}
	cases := []struct {
		name    string
		request string
		status  int
		says    string // in the body
	}{
		{"POST", build("POST /ws HTTP/1.1", nil, "Content-Length: 0\r\n"), 405, protocol.ErrMethodNotGet.ID},
		{"HTTP/1.0", build("GET /ws HTTP/1.0", nil, ""), 400, protocol.ErrHTTPVersion.ID},
		{"no Upgrade", build("GET /ws HTTP/1.1", map[string]string{"Upgrade": "-"}, ""), 400, protocol.ErrUpgradeHeader.ID},
		{"Upgrade: h2c", build("GET /ws HTTP/1.1", map[string]string{"Upgrade": "h2c"}, ""), 400, protocol.ErrUpgradeHeader.ID},
		{"no Connection", build("GET /ws HTTP/1.1", map[string]string{"Connection": "-"}, ""), 400, protocol.ErrConnectionHeader.ID},
		{"Connection: keep-alive", build("GET /ws HTTP/1.1", map[string]string{"Connection": "keep-alive"}, ""), 400, protocol.ErrConnectionHeader.ID},
		{"no key", build("GET /ws HTTP/1.1", map[string]string{"Sec-WebSocket-Key": "-"}, ""), 400, protocol.ErrMissingKey.ID},
		{"two keys", build("GET /ws HTTP/1.1", nil, "Sec-WebSocket-Key: "+protocol.NewKey()+"\r\n"), 400, protocol.ErrMissingKey.ID},
		{"short key", build("GET /ws HTTP/1.1", map[string]string{"Sec-WebSocket-Key": "c2hvcnQ="}, ""), 400, protocol.ErrInvalidKey.ID},
		{"key not base64", build("GET /ws HTTP/1.1", map[string]string{"Sec-WebSocket-Key": "!!!!!!!!!!!!!!!!!!!!!!=="}, ""), 400, protocol.ErrInvalidKey.ID},
		{"version 8", build("GET /ws HTTP/1.1", map[string]string{"Sec-WebSocket-Version": "8"}, ""), 426, protocol.ErrVersion.ID},
		{"no version", build("GET /ws HTTP/1.1", map[string]string{"Sec-WebSocket-Version": "-"}, ""), 426, protocol.ErrVersion.ID},
		{"foreign origin", build("GET /ws HTTP/1.1", nil, "Origin: https://evil.example\r\n"), 403, "cross-site WebSocket hijacking"},
		{"look-alike origin", build("GET /ws HTTP/1.1", nil, "Origin: https://docs.example.org.evil.example\r\n"), 403, "-origins"},
		{"bad tap id", build("GET /ws?tap=1234 HTTP/1.1", nil, ""), 400, "32 hex digits"},
		{"bad frag", build("GET /ws?frag=0 HTTP/1.1", nil, ""), 400, "frag"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := dialHTTP(t, addr)
			c.write([]byte(tc.request))
			res := c.readResponse()
			assert.Equal(t, tc.status, res.Status, "%s%s", c.head, res.Body)
			assert.Contains(t, res.Body, tc.says)
			assert.Equal(t, "close", res.Headers.Get("Connection"))
			if tc.status == 426 {
				assert.Equal(t, "13", res.Headers.Get("Sec-WebSocket-Version"), "426 lists the version the server speaks (section 4.4)")
			}
		})
	}
}

func TestHandshakeAllowedOrigins(t *testing.T) {
	_, addr, _ := startApp(t, config{Origins: []string{"https://docs.example.org", "http://localhost:3000"}})
	for _, origin := range []string{"https://docs.example.org", "HTTPS://Docs.Example.org:443", "http://localhost:3000", "http://" + addr} {
		dial(t, addr, "/ws", protocol.HeaderField{Name: "Origin", Value: origin})
	}
	_, addr, _ = startApp(t, config{Origins: []string{"*"}})
	dial(t, addr, "/ws", protocol.HeaderField{Name: "Origin", Value: "https://anywhere.example"})
}

// net/http itself refuses some requests before /ws sees them; they still get
// an answer, not a hang.
func TestHandshakeRefusedByHTTP(t *testing.T) {
	_, addr, _ := startApp(t, config{MaxHeaderBytes: 1024})
	for name, tc := range map[string]struct {
		request string
		status  int
	}{
		"no Host":          {"GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n", http.StatusBadRequest},
		"header too large": {"GET /ws HTTP/1.1\r\nHost: h\r\nX-Big: " + strings.Repeat("a", 8000) + "\r\n\r\n", http.StatusRequestHeaderFieldsTooLarge},
	} {
		t.Run(name, func(t *testing.T) {
			c := dialHTTP(t, addr)
			c.write([]byte(tc.request))
			assert.Equal(t, tc.status, c.readResponse().Status)
		})
	}
}

func TestMaxConns(t *testing.T) {
	a, addr, _ := startApp(t, config{MaxConns: 2})
	first := dial(t, addr, "/ws")
	dial(t, addr, "/ws")
	c := dialHTTP(t, addr)
	c.write(protocol.AppendRequest(nil, protocol.NewRequest(protocol.ClientRequest{Host: addr, Path: "/ws"})))
	res := c.readResponse()
	assert.Equal(t, http.StatusServiceUnavailable, res.Status)
	assert.Contains(t, res.Body, "too many WebSocket connections")
	assert.NotEmpty(t, res.Headers.Get("Retry-After"))

	// A slot frees up when a connection ends.
	first.send(protocol.OpClose, protocol.AppendClose(nil, protocol.StatusNormalClosure, ""))
	first.expectClose()
	require.Eventually(t, func() bool { return a.ws.open() == 1 }, ioTimeout, ioTimeout/1000)
	dial(t, addr, "/ws")
}

// A client may send frames right behind its handshake, in the same packet;
// they sit in net/http's read buffer and must not be lost.
func TestPipelinedFrames(t *testing.T) {
	_, addr, _ := startApp(t, config{})
	c := dialHTTP(t, addr)
	req := protocol.NewRequest(protocol.ClientRequest{Host: addr, Path: "/ws"})
	wire := protocol.AppendRequest(nil, req)
	wire = append(wire, c.frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, []byte("first"))...)
	wire = append(wire, c.frame(protocol.Header{Fin: true, Opcode: protocol.OpBinary}, []byte{0, 1, 2})...)
	c.write(wire)
	res := c.readResponse()
	require.Equal(t, 101, res.Status)
	c.expect(protocol.OpText, []byte("first"))
	c.expect(protocol.OpBinary, []byte{0, 1, 2})
}

func TestOriginPolicy(t *testing.T) {
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
