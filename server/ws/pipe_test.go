package ws

import (
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
