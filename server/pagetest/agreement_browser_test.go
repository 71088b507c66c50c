package pagetest

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server"
)

// The page predicts the server's answer: the same request head, given to
// wsplay.checkRequest in the browser and written to the real server's /ws,
// gets the same bytes back (the 101 with its subprotocol choice, or the
// refusal naming the broken rule). Both come from protocol.WsplayServer().
func TestPageAndServerAnswerAlike(t *testing.T) {
	t.Parallel()
	addr := startServer(t, server.Config{})
	p := openPage(t, "/")

	const key = "dGhlIHNhbXBsZSBub25jZQ=="
	head := func(method, extra string) string {
		return method + " /ws HTTP/1.1\r\nHost: " + addr + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + extra + "\r\n"
	}
	valid := "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
	for name, req := range map[string]string{
		"plain":             head("GET", valid),
		"offers protocols":  head("GET", valid+"Sec-WebSocket-Protocol: chat, superchat\r\n"),
		"offers extensions": head("GET", valid+"Sec-WebSocket-Extensions: x-webkit-deflate-frame\r\n"),
		"version 8":         head("GET", "Sec-WebSocket-Key: "+key+"\r\nSec-WebSocket-Version: 8\r\n"),
		"no key":            head("GET", "Sec-WebSocket-Version: 13\r\n"),
		"short key":         head("GET", "Sec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n"),
		"POST":              head("POST", valid),
	} {
		predicted := eval[string](p, `wsplay.checkRequest(`+quote(req)+`).response.text`)
		require.NotEmpty(t, predicted, name)
		assert.Equal(t, predicted, serverAnswer(t, addr, req), name)
	}
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
