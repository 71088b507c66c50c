package ws

import (
	"bytes"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

// The connection handler needs no socket and no HTTP: over net.Pipe it
// echoes, and it fails a broken rule the same way.
func TestHandlerOverPipe(t *testing.T) {
	t.Parallel()
	srv := testServer(1 << 20)
	server, client := net.Pipe()
	done := make(chan bool, 1)
	go func() { done <- srv.ServeConn(server, Echo{Frag: 2}) }()
	c := testutil.Wrap(t, wsclient.Over(client, wsclient.Options{Timeout: testutil.IOTimeout}))
	c.Send(protocol.OpBinary, []byte{1, 2, 3})
	for _, want := range [][]byte{{1, 2}, {3}} {
		_, payload, err := c.ReadFrame()
		require.NoError(t, err)
		assert.Equal(t, want, payload)
	}
	c.Send(protocol.OpText, []byte{0xFF})
	c.ExpectFailure(protocol.StatusInvalidPayload, protocol.ErrInvalidUTF8)
	select {
	case served := <-done:
		assert.True(t, served)
	case <-time.After(testutil.IOTimeout):
		t.Fatal("the handler did not return")
	}
	assert.Equal(t, 0, srv.Open())
	assert.Zero(t, srv.Pool().Lent(), "every buffer is back")
}

// shout is a Handler other than the echo: it greets, answers each text in
// upper case, and ends the conversation on "bye".
type shout struct{}

func (shout) Open(c *Conn) error { return c.Send(protocol.OpText, []byte("speak up")) }

func (shout) Message(c *Conn, m Message) error {
	if string(m.Payload) == "bye" {
		return c.Close(protocol.StatusNormalClosure, "bye")
	}
	return c.Send(m.Opcode, bytes.ToUpper(m.Payload))
}

// A Handler decides what a connection does with its messages; the
// connection keeps the protocol (fragments reassembled, pings answered,
// the closing handshake).
func TestHandlerPlugsIn(t *testing.T) {
	t.Parallel()
	srv := testServer(1 << 20)
	server, client := net.Pipe()
	done := make(chan bool, 1)
	go func() { done <- srv.ServeConn(server, shout{}) }()
	c := testutil.Wrap(t, wsclient.Over(client, wsclient.Options{Timeout: testutil.IOTimeout}))
	c.Expect(protocol.OpText, []byte("speak up"))
	for _, f := range protocol.SplitMessage(protocol.OpText, []byte("hello there"), 4) {
		c.SendFrame(f.Header, f.Payload)
	}
	// net.Pipe has no buffer: read each answer before the next write.
	c.Expect(protocol.OpText, []byte("HELLO THERE"))
	c.Send(protocol.OpPing, []byte("p"))
	c.Expect(protocol.OpPong, []byte("p"))
	c.Send(protocol.OpText, []byte("bye"))
	h, payload, err := c.ReadFrame()
	require.NoError(t, err)
	require.Equal(t, protocol.OpClose, h.Opcode)
	cp, err := protocol.ParseClose(payload)
	require.NoError(t, err)
	assert.Equal(t, "bye", cp.Reason)
	c.Send(protocol.OpClose, protocol.AppendClose(nil, protocol.StatusNormalClosure, ""))
	select {
	case served := <-done:
		assert.True(t, served)
	case <-time.After(testutil.IOTimeout):
		t.Fatal("the connection did not end after the closing handshake")
	}
	assert.Zero(t, srv.Pool().Lent(), "every buffer is back")
}
