package main

import (
	"bufio"
	"net"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

// The tutorials' first example: the server speaks first.
func TestGreeting(t *testing.T) {
	logs := &syncBuffer{}
	_, addr, _ := startApp(t, config{Logger: newLogger(logs, config{LogFormat: "text"})})
	c := dial(t, addr, "/ws?greet=world")
	c.expect(protocol.OpText, []byte("world"))
	c.send(protocol.OpText, []byte("hello"))
	c.expect(protocol.OpText, []byte("hello"))
	logs.waitFor(t, "websocket open")
	logs.waitFor(t, "greeting sent")

	c = dial(t, addr, "/ws?greet="+url.QueryEscape("你好"))
	c.expect(protocol.OpText, []byte("你好"))
}

// The server pings on its own; the payload counts the pings.
func TestServerPings(t *testing.T) {
	_, addr, _ := startApp(t, config{PingInterval: 20 * time.Millisecond})
	c := dial(t, addr, "/ws")
	c.expect(protocol.OpPing, []byte("1"))
	c.send(protocol.OpPong, []byte("1"))
	c.expect(protocol.OpPing, []byte("2"))
	c.send(protocol.OpText, []byte("between pings")) // the echo still works
	for {
		h, payload, err := c.readFrame()
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
	_, addr, _ := startApp(t, config{IdleTimeout: time.Second})
	busy := dial(t, addr, "/ws")
	quiet := dial(t, addr, "/ws")
	for range 30 { // 1.5 s of traffic, longer than the timeout, with gaps far shorter
		busy.send(protocol.OpText, []byte("tick"))
		busy.expect(protocol.OpText, []byte("tick"))
		time.Sleep(50 * time.Millisecond)
	}
	cp := quiet.expectClose()
	assert.Equal(t, protocol.StatusGoingAway, cp.Code)
	assert.Contains(t, cp.Reason, "idle")
}

// Graceful shutdown: every WebSocket gets a close frame with 1001, the
// server waits for the client's answer, and serve returns without error.
func TestShutdownClosesWith1001(t *testing.T) {
	a, addr, stop := startApp(t, config{})
	clients := []*rawClient{dial(t, addr, "/ws"), dial(t, addr, "/ws?frag=2"), dial(t, addr, "/ws")}
	clients[1].send(protocol.OpText, []byte("mid-conversation"))
	for range 8 {
		_, _, err := clients[1].readFrame()
		require.NoError(t, err)
	}
	require.Equal(t, 3, a.ws.open())

	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	for _, c := range clients {
		h, payload, err := c.readFrame()
		require.NoError(t, err)
		require.Equal(t, protocol.OpClose, h.Opcode)
		cp, err := protocol.ParseClose(payload)
		require.NoError(t, err)
		assert.Equal(t, protocol.StatusGoingAway, cp.Code)
		assert.Equal(t, "server shutting down", cp.Reason)
		c.expectEOF() // answers the close, then sees the server hang up
	}
	select {
	case err := <-stopped:
		require.NoError(t, err)
	case <-time.After(ioTimeout):
		t.Fatal("shutdown did not finish")
	}
	assert.Equal(t, 0, a.ws.open())
	_, err := net.DialTimeout("tcp", addr, time.Second)
	assert.Error(t, err, "the listener is closed")
}

// A client that never answers the close frame is cut after the close
// timeout, so shutdown still ends.
func TestShutdownWithSilentClient(t *testing.T) {
	a, addr, stop := startApp(t, config{CloseTimeout: 100 * time.Millisecond})
	dial(t, addr, "/ws") // never reads, never answers
	require.Equal(t, 1, a.ws.open())
	require.NoError(t, stop())
	assert.Equal(t, 0, a.ws.open())
}

// The connection handler needs no socket and no HTTP: over net.Pipe it
// echoes, and it fails a broken rule the same way.
func TestHandlerOverPipe(t *testing.T) {
	a := newApp(config{})
	server, client := net.Pipe()
	done := make(chan bool, 1)
	go func() { done <- a.ws.serveConn(server, wsOptions{frag: 2}) }()
	c := &rawClient{t: t, nc: client, br: bufio.NewReader(client), key: protocol.NewMaskKey()}
	c.send(protocol.OpBinary, []byte{1, 2, 3})
	for _, want := range [][]byte{{1, 2}, {3}} {
		_, payload, err := c.readFrame()
		require.NoError(t, err)
		assert.Equal(t, want, payload)
	}
	c.send(protocol.OpText, []byte{0xFF})
	expectFailure(t, c, protocol.StatusInvalidPayload, protocol.ErrInvalidUTF8)
	select {
	case served := <-done:
		assert.True(t, served)
	case <-time.After(ioTimeout):
		t.Fatal("the handler did not return")
	}
	assert.Equal(t, 0, a.ws.open())
}
