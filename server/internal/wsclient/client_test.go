package wsclient

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/gorillapeer"
	"github.com/wsplay/wsplay/server/internal/peers"
)

// The peer in these tests is gorilla/websocket (and, for the echo, gobwas/ws
// and the floor), an independent implementation: a client that only agreed
// with itself would prove nothing.

var upgrader = websocket.Upgrader{}

var gorillaEcho = gorillapeer.Echo

func serve(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(h) // binds 127.0.0.1
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

func dial(t *testing.T, addr, path string) *Conn {
	t.Helper()
	c, err := Dial(context.Background(), Options{Addr: addr, Path: path, Timeout: 5 * time.Second})
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Abort() })
	return c
}

// Every peer (gorilla, gobwas, the floor) echoes every length form,
// fragmented messages and a message at its limit, answers a ping and
// echoes the close code: the client works with three independent servers,
// and the comparisons measure servers that do the same work.
func TestEchoEveryLengthFormAndFragmentation(t *testing.T) {
	t.Parallel()
	for _, kind := range peers.Kinds() {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			echo, _ := peers.Echo(kind)
			c := dial(t, serve(t, echo), "/")
			for _, tc := range []struct {
				size, fragment int
				op             protocol.Opcode
			}{
				{0, 0, protocol.OpText}, {125, 0, protocol.OpText}, {126, 0, protocol.OpBinary},
				{65535, 0, protocol.OpBinary}, {65536, 0, protocol.OpBinary}, {gorillapeer.MaxMessage, 0, protocol.OpBinary},
				{1000, 7, protocol.OpText}, {70000, 4096, protocol.OpBinary},
			} {
				payload := bytes.Repeat([]byte("abcdefghij"), tc.size/10+1)[:tc.size]
				require.NoError(t, c.WriteMessage(tc.op, payload, tc.fragment), "size %d", tc.size)
				op, got, err := c.ReadMessage()
				require.NoError(t, err, "size %d", tc.size)
				assert.Equal(t, tc.op, op, "size %d", tc.size)
				assert.True(t, bytes.Equal(payload, got), "size %d fragment %d: echo differs", tc.size, tc.fragment)
			}
			require.NoError(t, c.WritePing([]byte("there?")))
			require.NoError(t, c.WriteMessage(protocol.OpText, []byte("after the ping"), 0))
			_, got, err := c.ReadMessage() // the pong is taken on the way
			require.NoError(t, err)
			assert.Equal(t, "after the ping", string(got))
			assert.Equal(t, 1, c.Pongs(), "the ping was answered")
			cp, err := c.Close(protocol.StatusNormalClosure, "done")
			require.NoError(t, err)
			assert.Equal(t, protocol.StatusNormalClosure, cp.Code, "the peer echoes the close code")
		})
	}
}

func TestHandshakeRequestIsWhatTheCoreBuilds(t *testing.T) {
	t.Parallel()
	seen := make(chan *http.Request, 1)
	addr := serve(t, func(w http.ResponseWriter, r *http.Request) {
		seen <- r
		gorillaEcho(w, r)
	})
	c, err := Dial(context.Background(), Options{Addr: addr, Path: "/ws?tap=abc", Origin: "http://" + addr})
	require.NoError(t, err)
	defer c.Abort()
	r := <-seen
	assert.Equal(t, "/ws?tap=abc", r.URL.RequestURI())
	assert.Equal(t, "http://"+addr, r.Header.Get("Origin"))
	assert.Equal(t, "13", r.Header.Get("Sec-WebSocket-Version"))
	assert.Contains(t, string(c.Request), "Sec-WebSocket-Key: "+r.Header.Get("Sec-WebSocket-Key")+"\r\n")
	assert.Equal(t, 101, c.Response.Status)
}

// A client from another loopback address, with a header of its own: what a
// proxy test needs to stand for a second visitor.
func TestLocalIPAndExtraHeader(t *testing.T) {
	t.Parallel()
	seen := make(chan *http.Request, 1)
	addr := serve(t, func(w http.ResponseWriter, r *http.Request) {
		seen <- r
		gorillaEcho(w, r)
	})
	c, err := Dial(context.Background(), Options{Addr: addr, Path: "/", LocalIP: "127.0.0.2",
		Header: protocol.Headers{{Name: "X-Forwarded-For", Value: "203.0.113.7"}}})
	require.NoError(t, err)
	defer c.Abort()
	r := <-seen
	assert.True(t, strings.HasPrefix(r.RemoteAddr, "127.0.0.2:"), r.RemoteAddr)
	assert.Equal(t, "203.0.113.7", r.Header.Get("X-Forwarded-For"))
	assert.Equal(t, "127.0.0.2", c.LocalAddr().(*net.TCPAddr).IP.String())

	_, err = Dial(context.Background(), Options{Addr: addr, LocalIP: "192.0.2.1"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "loopback")
}

func TestPingsAreAnsweredWithPongs(t *testing.T) {
	t.Parallel()
	addr := serve(t, func(w http.ResponseWriter, r *http.Request) {
		ws, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		pong := make(chan string, 1)
		ws.SetPongHandler(func(data string) error { pong <- data; return nil })
		_ = ws.WriteControl(websocket.PingMessage, []byte("are you there"), time.Now().Add(time.Second))
		go func() { _, _, _ = ws.ReadMessage() }() // runs the pong handler
		select {
		case data := <-pong:
			_ = ws.WriteMessage(websocket.TextMessage, []byte("pong:"+data))
		case <-time.After(5 * time.Second):
			_ = ws.WriteMessage(websocket.TextMessage, []byte("no pong"))
		}
	})
	c := dial(t, addr, "/")
	_, got, err := c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, "pong:are you there", string(got))
	assert.Equal(t, 1, c.Pings())
}

func TestServerInitiatedClose(t *testing.T) {
	t.Parallel()
	addr := serve(t, func(w http.ResponseWriter, r *http.Request) {
		ws, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		_ = ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(1001, "going away"))
		_, _, _ = ws.ReadMessage() // reads our echoed close
	})
	c := dial(t, addr, "/")
	_, _, err := c.ReadMessage()
	var ce *CloseError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, protocol.StatusGoingAway, ce.Code)
	assert.Equal(t, "going away", ce.Reason)
	_, _, err = c.ReadMessage()
	assert.ErrorIs(t, err, ErrClosed)
	got, err := c.Close(protocol.StatusNormalClosure, "")
	require.NoError(t, err)
	assert.Equal(t, protocol.StatusGoingAway, got.Code)
}

func TestRefusedHandshake(t *testing.T) {
	t.Parallel()
	addr := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "origin not allowed", http.StatusForbidden)
	})
	_, err := Dial(context.Background(), Options{Addr: addr, Timeout: 5 * time.Second})
	var he *HandshakeError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, 403, he.Status)
	assert.ErrorIs(t, err, protocol.ErrResponseStatus)
}

// rawServer answers the handshake correctly, then writes extra bytes in the
// same packet as the 101.
func rawServer(t *testing.T, extra []byte) string {
	return serve(t, func(w http.ResponseWriter, r *http.Request) {
		nc, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer nc.Close()
		u, err := protocol.CheckRequest(&protocol.Request{Method: r.Method, Target: r.RequestURI, Proto: r.Proto, Headers: headersOf(r)})
		if err != nil {
			return
		}
		_, _ = nc.Write(append(protocol.AppendResponse(nil, protocol.Accepted(u, "")), extra...))
		// Let the client read before the connection ends: wait until it
		// hangs up (the test's cleanup), within a hang guard.
		_ = nc.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, _ = io.Copy(io.Discard, nc)
	})
}

func headersOf(r *http.Request) protocol.Headers {
	hs := protocol.Headers{{Name: "Host", Value: r.Host}}
	for name, values := range r.Header {
		for _, v := range values {
			hs = append(hs, protocol.HeaderField{Name: name, Value: v})
		}
	}
	return hs
}

func TestFrameSentWithTheHandshakeIsNotLost(t *testing.T) {
	t.Parallel()
	frame := protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText}, Payload: []byte("world")})
	c := dial(t, rawServer(t, frame), "/")
	op, got, err := c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, protocol.OpText, op)
	assert.Equal(t, "world", string(got))
}

func TestMaskedServerFrameIsRefused(t *testing.T) {
	t.Parallel()
	frame := protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText, Masked: true, MaskKey: [4]byte{1, 2, 3, 4}}, Payload: []byte("hi")})
	c := dial(t, rawServer(t, frame), "/")
	_, _, err := c.ReadMessage()
	assert.ErrorIs(t, err, protocol.ErrMaskedServerFrame)
}

func TestInvalidUTF8FromServerIsRefused(t *testing.T) {
	t.Parallel()
	frame := protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText}, Payload: []byte{'o', 'k', 0xFF}})
	c := dial(t, rawServer(t, frame), "/")
	_, _, err := c.ReadMessage()
	assert.ErrorIs(t, err, protocol.ErrInvalidUTF8)
}

func TestOnlyLoopbackIsDialled(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, addr := range []string{"127.0.0.1:80", "127.8.9.10:1", "[::1]:80", "localhost:80"} {
		assert.NoError(t, RequireLoopback(ctx, addr), addr)
	}
	for _, addr := range []string{"10.0.0.1:80", "192.168.1.2:8080", "8.8.8.8:53", "[2001:db8::1]:80", "0.0.0.0:80", "no-port"} {
		assert.Error(t, RequireLoopback(ctx, addr), addr)
	}
	_, err := Dial(ctx, Options{Addr: "192.0.2.1:80", Timeout: time.Second})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not loopback")
}

func TestPingThatCrossesOurCloseIsNotAnError(t *testing.T) {
	t.Parallel()
	ping := protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpPing}, Payload: []byte("late")})
	closing := protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpClose}, Payload: protocol.AppendClose(nil, protocol.StatusNormalClosure, "")})
	addr := serve(t, func(w http.ResponseWriter, r *http.Request) {
		nc, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer nc.Close()
		u, err := protocol.CheckRequest(&protocol.Request{Method: r.Method, Target: r.RequestURI, Proto: r.Proto, Headers: headersOf(r)})
		if err != nil {
			return
		}
		_, _ = nc.Write(protocol.AppendResponse(nil, protocol.Accepted(u, "")))
		var b [64]byte
		_, _ = nc.Read(b[:])                                   // the client's close frame
		_, _ = nc.Write(append(bytes.Clone(ping), closing...)) // a ping sent before the server saw it, then the answer
	})
	c := dial(t, addr, "/")
	got, err := c.Close(protocol.StatusNormalClosure, "")
	require.NoError(t, err)
	assert.Equal(t, protocol.StatusNormalClosure, got.Code)
	assert.Equal(t, 1, c.Pings())
}
