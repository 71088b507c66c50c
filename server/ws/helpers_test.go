package ws

import (
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

// testServer is a Server with small, fixed limits and the plainest helpers
// (no logs, no per-address cap, every origin), for tests that drive
// connections without HTTP.
func testServer(maxMessage int) *Server {
	return NewServer(Config{
		MaxMessage: maxMessage, MaxConns: 100, MaxHeaderBytes: 16 << 10,
		HandshakeTimeout: time.Second, WriteTimeout: time.Second, CloseTimeout: time.Second,
		TapFrameBytes: 1 << 10,
	})
}

// socketPair serves one connection of s with h over a loopback TCP socket, as
// after its handshake, and returns the client's end.
func socketPair(t *testing.T, s *Server, h Handler) *wsclient.Conn {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	t.Cleanup(func() { _ = client.Close() })
	server, err := ln.Accept()
	require.NoError(t, err)
	c := newConn(s, server, s.ids.Add(1), h, nil)
	require.Empty(t, s.admit(c))
	c.adopt(nil, 0)
	go c.serve()
	return wsclient.Over(client, wsclient.Options{Timeout: testutil.IOTimeout})
}

// eventually waits, bounded, for cond.
func eventually(t *testing.T, cond func() bool, what string) {
	t.Helper()
	for deadline := time.Now().Add(testutil.IOTimeout); !cond(); time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal(what)
		}
	}
}
