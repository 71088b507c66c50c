package server

import (
	"bytes"
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
	t.Parallel()
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
	t.Parallel()
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
// timeout; one that keeps talking is not. The talking one opens first, so
// when the quiet one is closed, it has been open longer than the timeout.
func TestIdleTimeout(t *testing.T) {
	t.Parallel()
	const idle = 2 * time.Second
	_, addr, _ := startServer(t, Config{IdleTimeout: idle})
	busy := testutil.Dial(t, addr, "/ws")
	quiet := testutil.Dial(t, addr, "/ws")
	closed := make(chan frameOrError, 1)
	go func() { closed <- readFrame(quiet) }()

	// Traffic with gaps far shorter than the timeout, until the quiet
	// connection is told goodbye (bounded by count; ReadFrame's deadline
	// guards the wait).
	tick := time.NewTicker(idle / 20)
	defer tick.Stop()
	var got frameOrError
	for n := 0; got.h.Opcode == 0 && got.err == nil; n++ {
		require.Less(t, n, 10_000, "the quiet connection was never closed")
		busy.Send(protocol.OpText, []byte("tick"))
		busy.Expect(protocol.OpText, []byte("tick"))
		select {
		case got = <-closed:
		case <-tick.C:
		}
	}
	require.NoError(t, got.err)
	require.Equal(t, protocol.OpClose, got.h.Opcode)
	cp, err := protocol.ParseClose(got.payload)
	require.NoError(t, err)
	assert.Equal(t, protocol.StatusGoingAway, cp.Code)
	assert.Contains(t, cp.Reason, "idle")
	quiet.ExpectEOF()

	busy.Send(protocol.OpText, []byte("still here"))
	busy.Expect(protocol.OpText, []byte("still here"))
}

// frameOrError is what ReadFrame returned, passed between goroutines.
type frameOrError struct {
	h       protocol.Header
	payload []byte
	err     error
}

// readFrame reads c's next frame, for a goroutine that may not fail the
// test itself; the payload is copied.
func readFrame(c *testutil.Client) frameOrError {
	h, payload, err := c.ReadFrame()
	return frameOrError{h: h, payload: bytes.Clone(payload), err: err}
}

// Graceful shutdown: every WebSocket gets a close frame with 1001, the
// server waits for the client's answer, and serve returns without error.
func TestShutdownClosesWith1001(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	srv, addr, stop := startServer(t, Config{CloseTimeout: 100 * time.Millisecond})
	testutil.Dial(t, addr, "/ws") // never reads, never answers
	require.Equal(t, 1, srv.ws.Open())
	require.NoError(t, stop())
	assert.Equal(t, 0, srv.ws.Open())
}
