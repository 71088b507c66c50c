package server

import (
	"net"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/testutil"
)

// The tutorials' first example: the server speaks first.
func TestGreeting(t *testing.T) {
	logs := &testutil.LockedBuffer{}
	_, addr, _ := startServer(t, Config{Logger: textLogger(logs)})
	c := testutil.Dial(t, addr, "/ws?greet=world")
	c.Expect(protocol.OpText, []byte("world"))
	c.Send(protocol.OpText, []byte("hello"))
	c.Expect(protocol.OpText, []byte("hello"))
	logs.WaitFor(t, "websocket open")
	logs.WaitFor(t, "greeting sent")

	c = testutil.Dial(t, addr, "/ws?greet="+url.QueryEscape("你好"))
	c.Expect(protocol.OpText, []byte("你好"))
}

// The server pings on its own; the payload counts the pings.
func TestServerPings(t *testing.T) {
	_, addr, _ := startServer(t, Config{PingInterval: 20 * time.Millisecond})
	c := testutil.Dial(t, addr, "/ws")
	c.Expect(protocol.OpPing, []byte("1"))
	c.Send(protocol.OpPong, []byte("1"))
	c.Expect(protocol.OpPing, []byte("2"))
	c.Send(protocol.OpText, []byte("between pings")) // the echo still works
	for {
		h, payload, err := c.ReadFrame()
		require.NoError(t, err)
		if h.Opcode == protocol.OpText {
			assert.Equal(t, "between pings", string(payload))
			break
		}
		require.Equal(t, protocol.OpPing, h.Opcode)
	}
}

// A connection that sends nothing is closed with 1001 after the idle
// timeout; one that keeps talking is not.
func TestIdleTimeout(t *testing.T) {
	_, addr, _ := startServer(t, Config{IdleTimeout: time.Second})
	busy := testutil.Dial(t, addr, "/ws")
	quiet := testutil.Dial(t, addr, "/ws")
	for range 30 { // 1.5 s of traffic, longer than the timeout, with gaps far shorter
		busy.Send(protocol.OpText, []byte("tick"))
		busy.Expect(protocol.OpText, []byte("tick"))
		time.Sleep(50 * time.Millisecond)
	}
	cp := quiet.ExpectClose()
	assert.Equal(t, protocol.StatusGoingAway, cp.Code)
	assert.Contains(t, cp.Reason, "idle")
}

// Graceful shutdown: every WebSocket gets a close frame with 1001, the
// server waits for the client's answer, and serve returns without error.
func TestShutdownClosesWith1001(t *testing.T) {
	srv, addr, stop := startServer(t, Config{})
	clients := []*testutil.Client{testutil.Dial(t, addr, "/ws"), testutil.Dial(t, addr, "/ws?frag=2"), testutil.Dial(t, addr, "/ws")}
	clients[1].Send(protocol.OpText, []byte("mid-conversation"))
	for range 8 {
		_, _, err := clients[1].ReadFrame()
		require.NoError(t, err)
	}
	require.Equal(t, 3, srv.ws.Open())

	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	for _, c := range clients {
		h, payload, err := c.ReadFrame()
		require.NoError(t, err)
		require.Equal(t, protocol.OpClose, h.Opcode)
		cp, err := protocol.ParseClose(payload)
		require.NoError(t, err)
		assert.Equal(t, protocol.StatusGoingAway, cp.Code)
		assert.Equal(t, "server shutting down", cp.Reason)
		c.ExpectEOF() // answers the close, then sees the server hang up
	}
	select {
	case err := <-stopped:
		require.NoError(t, err)
	case <-time.After(testutil.IOTimeout):
		t.Fatal("shutdown did not finish")
	}
	assert.Equal(t, 0, srv.ws.Open())
	_, err := net.DialTimeout("tcp", addr, time.Second)
	assert.Error(t, err, "the listener is closed")
}

// A client that never answers the close frame is cut after the close
// timeout, so shutdown still ends.
func TestShutdownWithSilentClient(t *testing.T) {
	srv, addr, stop := startServer(t, Config{CloseTimeout: 100 * time.Millisecond})
	testutil.Dial(t, addr, "/ws") // never reads, never answers
	require.Equal(t, 1, srv.ws.Open())
	require.NoError(t, stop())
	assert.Equal(t, 0, srv.ws.Open())
}
