package peers

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

// Every peer echoes every length form, fragmented messages and a message
// at its limit, answers a ping, and echoes the close code: the comparisons
// measure servers that do the same work.
func TestEveryPeerEchoes(t *testing.T) {
	t.Parallel()
	for _, kind := range Kinds() {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			echo, ok := Echo(kind)
			require.True(t, ok)
			srv := httptest.NewServer(Mux(echo)) // binds 127.0.0.1
			defer srv.Close()
			c, err := wsclient.Dial(context.Background(), wsclient.Options{
				Addr: strings.TrimPrefix(srv.URL, "http://"), Path: "/ws", Timeout: 5 * time.Second})
			require.NoError(t, err)
			defer c.Abort()
			for _, tc := range []struct {
				size, fragment int
				op             protocol.Opcode
			}{
				{0, 0, protocol.OpText}, {125, 0, protocol.OpText}, {126, 0, protocol.OpBinary},
				{65535, 0, protocol.OpBinary}, {65536, 0, protocol.OpBinary}, {1 << 20, 0, protocol.OpBinary},
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
			assert.Equal(t, protocol.StatusNormalClosure, cp.Code)
		})
	}
}

func TestUnknownKind(t *testing.T) {
	t.Parallel()
	_, ok := Echo("nginx")
	assert.False(t, ok)
	assert.Equal(t, []string{"floor", "gobwas", "gorilla", "gorilla-deflate"}, Kinds())
}
