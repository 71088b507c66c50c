package ws

import (
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

// watcher records every client frame as it travelled and how the
// connection ended, and answers a message with a frame built by hand.
type watcher struct {
	mu     sync.Mutex
	frames [][]byte // as they travelled: payload masked again
	ends   []End
}

func (w *watcher) Open(*Conn) error { return nil }

func (w *watcher) Message(c *Conn, m Message) error {
	return c.SendFrame(protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText}, Payload: []byte("built once")}))
}

func (w *watcher) ClientFrame(_ *Conn, f ClientFrame) {
	b := append([]byte(nil), f.Frame...)
	protocol.Mask(b[f.HeaderSize:], f.Header.MaskKey, 0)
	w.mu.Lock()
	w.frames = append(w.frames, b)
	w.mu.Unlock()
}

func (w *watcher) Closed(_ *Conn, e End) {
	w.mu.Lock()
	w.ends = append(w.ends, e)
	w.mu.Unlock()
}

// serveWatched serves a watcher over a pipe; ended waits (bounded) until
// the connection is over.
func serveWatched(t *testing.T) (w *watcher, client net.Conn, ended func()) {
	srv := testServer(1 << 20)
	server, client := net.Pipe()
	w = &watcher{}
	done := make(chan bool, 1)
	go func() { done <- srv.ServeConn(server, w) }()
	return w, client, func() {
		select {
		case <-done:
		case <-time.After(testutil.IOTimeout):
			t.Fatal("the connection did not end")
		}
	}
}

// A FrameWatcher sees each client frame byte for byte as sent, control
// frames too; an Ender learns the close once; SendFrame sends bytes as given.
func TestFrameWatcherAndEnder(t *testing.T) {
	t.Parallel()
	w, client, ended := serveWatched(t)
	c := testutil.Wrap(t, wsclient.Over(client, wsclient.Options{Timeout: testutil.IOTimeout}))

	text := c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, []byte("hi"))
	c.Write(text)
	c.Expect(protocol.OpText, []byte("built once"))
	ping := c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpPing}, []byte("p"))
	c.Write(ping)
	c.Expect(protocol.OpPong, []byte("p"))
	bye := c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpClose}, protocol.AppendClose(nil, protocol.StatusGoingAway, "tab closed"))
	c.Write(bye)
	c.ExpectClose()
	ended()
	w.mu.Lock()
	defer w.mu.Unlock()
	assert.Equal(t, [][]byte{text, ping, bye}, w.frames)
	require.Len(t, w.ends, 1)
	assert.Equal(t, End{Code: protocol.StatusGoingAway, Reason: "tab closed", By: "client", Clean: true}, w.ends[0])
}

// A connection that drops has no close frame: Code 0 and By "".
func TestEnderWithoutCloseFrame(t *testing.T) {
	t.Parallel()
	w, client, ended := serveWatched(t)
	require.NoError(t, client.Close())
	ended()
	w.mu.Lock()
	defer w.mu.Unlock()
	require.Len(t, w.ends, 1)
	assert.Equal(t, End{}, w.ends[0])
}
