package pagetest

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The page predicts the server's answer: the same request head, given to
// wsplay.checkRequest in the browser and written to the real server's /ws,
// gets the same bytes back (the 101 with its subprotocol choice, or the
// refusal naming the broken rule). Both come from protocol.WsplayServer(),
// which accepts permessage-deflate: each browser's offer gets the same
// Sec-WebSocket-Extensions from both, and /ws?deflate=0 none from either.
func TestPageAndServerAnswerAlike(t *testing.T) {
	t.Parallel()
	addr := startServer(t, defaultConfig())
	p := openPage(t, "/")

	const key = "dGhlIHNhbXBsZSBub25jZQ=="
	headAt := func(method, target, extra string) string {
		return method + " " + target + " HTTP/1.1\r\nHost: " + addr + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + extra + "\r\n"
	}
	head := func(method, extra string) string { return headAt(method, "/ws", extra) }
	valid := "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
	chrome := valid + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
	firefox := valid + "Sec-WebSocket-Extensions: permessage-deflate\r\n"
	answers := map[string]string{
		"plain":                        head("GET", valid),
		"offers protocols":             head("GET", valid+"Sec-WebSocket-Protocol: chat, superchat\r\n"),
		"offers extensions":            head("GET", valid+"Sec-WebSocket-Extensions: x-webkit-deflate-frame\r\n"),
		"Chrome's offer":               head("GET", chrome),
		"Firefox's offer":              head("GET", firefox),
		"Chrome's offer, deflate=0":    headAt("GET", "/ws?deflate=0", chrome),
		"Firefox's offer, deflate=1":   headAt("GET", "/ws?deflate=1", firefox),
		"a bad deflate value":          headAt("GET", "/ws?deflate=no", chrome),
		"an offer declined (window 7)": head("GET", valid+"Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=7\r\n"),
		"version 8":                    head("GET", "Sec-WebSocket-Key: "+key+"\r\nSec-WebSocket-Version: 8\r\n"),
		"no key":                       head("GET", "Sec-WebSocket-Version: 13\r\n"),
		"short key":                    head("GET", "Sec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n"),
		"POST":                         head("POST", valid),
	}
	for name, req := range answers {
		predicted := eval[string](p, `wsplay.checkRequest(`+quote(req)+`).response.text`)
		require.NotEmpty(t, predicted, name)
		assert.Equal(t, predicted, serverAnswer(t, addr, req), name)
	}
	// The test can fail: the answers differ where compression is concerned.
	answer := func(name string) string {
		return eval[string](p, `wsplay.checkRequest(`+quote(answers[name])+`).response.text`)
	}
	assert.Contains(t, answer("Chrome's offer"), "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_max_window_bits=12\r\n")
	assert.Contains(t, answer("Firefox's offer"), "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n")
	assert.NotContains(t, answer("Chrome's offer, deflate=0"), "Sec-WebSocket-Extensions")
	assert.Contains(t, answer("a bad deflate value"), "400 Bad Request")
}

// serverAnswer writes req to the server on a fresh connection and returns
// its answer byte for byte: the head of a 101 (the connection then stays
// open), or a refusal to the end of the connection, which the server closes.
func serverAnswer(t *testing.T, addr, req string) string {
	t.Helper()
	nc, err := net.DialTimeout("tcp", addr, 10*time.Second)
	require.NoError(t, err)
	defer nc.Close()
	require.NoError(t, nc.SetDeadline(time.Now().Add(10*time.Second)))
	_, err = io.WriteString(nc, req)
	require.NoError(t, err)
	var got []byte
	buf := make([]byte, 4096)
	for {
		n, err := nc.Read(buf)
		got = append(got, buf[:n]...)
		if end := bytes.Index(got, []byte("\r\n\r\n")); end >= 0 && bytes.HasPrefix(got, []byte("HTTP/1.1 101 ")) {
			return string(got[:end+4])
		}
		if err != nil {
			require.ErrorIs(t, err, io.EOF, "the server neither switched protocols nor closed")
			return string(got)
		}
	}
}
