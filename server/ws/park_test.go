//go:build linux

package ws

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

// parkingServer is testServer with connections that park after 5 ms, and
// cfg's timeouts.
func parkingServer(idle, ping time.Duration) *Server {
	s := testServer(1 << 20)
	s.cfg.IdleTimeout, s.cfg.PingInterval = idle, ping
	s.parkAfter = 5 * time.Millisecond
	return s
}

// A quiet connection gives up its goroutine and comes back for every
// message; once it ends, the epoll set is gone too.
func TestQuietConnectionParksAndResumes(t *testing.T) {
	t.Parallel()
	s := parkingServer(time.Minute, 0)
	c := socketPair(t, s, Echo{})
	for conn := range s.conns {
		require.GreaterOrEqual(t, conn.fd, int32(0), "a socket has a descriptor")
	}
	for _, text := range []string{"one", "two", "three"} {
		eventually(t, func() bool { return s.parker.count() == 1 }, "the connection did not park")
		require.NoError(t, c.WriteMessage(protocol.OpText, []byte(text), 3))
		_, got, err := c.ReadMessage()
		require.NoError(t, err)
		assert.Equal(t, text, string(got), "a parked connection echoes as any other")
	}
	eventually(t, func() bool { return s.parker.count() == 1 }, "the connection did not park again")
	cp, err := c.Close(protocol.StatusNormalClosure, "done")
	require.NoError(t, err)
	assert.Equal(t, protocol.StatusNormalClosure, cp.Code)
	eventually(t, func() bool { return s.Open() == 0 }, "the connection was not released")
	eventually(t, func() bool { return !s.parker.running() }, "the epoll set outlived its last connection")
	assert.Zero(t, s.Pool().Lent(), "every buffer is back")
}

// Pings go out while the connection is parked, and each pong wakes it; it
// parks again in between and still echoes.
func TestParkedConnectionIsPinged(t *testing.T) {
	t.Parallel()
	s := parkingServer(time.Minute, 20*time.Millisecond)
	c := socketPair(t, s, Echo{})
	deadline := time.Now().Add(testutil.IOTimeout) // a hang guard
	for c.Pings() < 3 {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		_, _, err := c.ReadMessageContext(ctx) // answers the pings meanwhile
		cancel()
		require.ErrorIs(t, err, context.DeadlineExceeded, "only pings arrive")
		require.True(t, time.Now().Before(deadline), "fewer than 3 pings came")
	}
	eventually(t, func() bool { return s.parker.count() == 1 }, "the connection did not park again")
	require.NoError(t, c.WriteMessage(protocol.OpBinary, []byte{1, 2, 3}, 0))
	_, got, err := c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, []byte{1, 2, 3}, got)
}

// The idle timeout runs while parked: the server says goodbye with 1001.
func TestParkedConnectionIdlesOut(t *testing.T) {
	t.Parallel()
	s := parkingServer(100*time.Millisecond, 0)
	c := socketPair(t, s, Echo{})
	eventually(t, func() bool { return s.parker.count() == 1 }, "the connection did not park")
	_, _, err := c.ReadMessage()
	var ce *wsclient.CloseError
	require.True(t, errors.As(err, &ce), "%v", err)
	assert.Equal(t, protocol.StatusGoingAway, ce.Code)
	assert.Contains(t, ce.Reason, "idle timeout")
	eventually(t, func() bool { return s.Open() == 0 }, "the connection was not released")
}

// A client that hangs up while parked is noticed and released.
func TestClientHangsUpWhileParked(t *testing.T) {
	t.Parallel()
	s := parkingServer(time.Minute, 0)
	c := socketPair(t, s, Echo{})
	eventually(t, func() bool { return s.parker.count() == 1 }, "the connection did not park")
	require.NoError(t, c.Abort())
	eventually(t, func() bool { return s.Open() == 0 }, "the connection was not released")
	eventually(t, func() bool { return !s.parker.running() }, "the epoll set outlived its last connection")
}

// Shutdown wakes parked connections for their closing handshake, and cuts
// those whose clients do not answer when its context ends.
func TestShutdownReachesParkedConnections(t *testing.T) {
	t.Parallel()
	s := parkingServer(time.Minute, 0)
	answering := []*wsclient.Conn{socketPair(t, s, Echo{}), socketPair(t, s, Echo{})}
	silent := socketPair(t, s, Echo{})
	eventually(t, func() bool { return s.parker.count() == 3 }, "the connections did not park")
	closed := make(chan protocol.StatusCode, len(answering))
	for _, c := range answering {
		go func() {
			_, _, err := c.ReadMessage() // echoes the close frame
			var ce *wsclient.CloseError
			if errors.As(err, &ce) {
				closed <- ce.Code
				return
			}
			closed <- 0
		}()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err := s.Shutdown(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "the silent client holds Shutdown to its context")
	for range answering {
		assert.Equal(t, protocol.StatusGoingAway, <-closed)
	}
	assert.Equal(t, 0, s.Open())
	h, _, err := silent.ReadFrame() // its close frame came, then the socket was cut
	require.NoError(t, err)
	assert.Equal(t, protocol.OpClose, h.Opcode)
}

// Through the handshake, a connection parks at once: it has no goroutine
// before its client's first byte, even after its greeting went out.
func TestFreshConnectionParksAtOnce(t *testing.T) {
	t.Parallel()
	s := parkingServer(time.Minute, 0)
	s.parkAfter = time.Hour      // only the handshake's park can count here
	srv := httptest.NewServer(s) // binds 127.0.0.1
	defer srv.Close()
	c, err := wsclient.Dial(context.Background(), wsclient.Options{
		Addr: strings.TrimPrefix(srv.URL, "http://"), Path: "/ws?greet=hi", Timeout: testutil.IOTimeout})
	require.NoError(t, err)
	defer c.Abort()
	_, got, err := c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, "hi", string(got), "Open ran on the handshake's goroutine")
	eventually(t, func() bool { return s.parker.count() == 1 }, "the fresh connection did not park")
	require.NoError(t, c.WriteMessage(protocol.OpText, []byte("first words"), 0))
	_, got, err = c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, "first words", string(got))
	assert.Equal(t, 0, s.parker.count(), "with parkAfter an hour away it stays awake")
}
