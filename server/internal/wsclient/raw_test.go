package wsclient

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

// Connect sends nothing: the test writes any request it likes and reads
// the refusal, its body included.
func TestRawRequestAndRefusal(t *testing.T) {
	t.Parallel()
	addr := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		http.Error(w, "no upgrade for "+r.Method, http.StatusMethodNotAllowed)
	})
	c, err := Connect(context.Background(), Options{Addr: addr, Timeout: 5 * time.Second})
	require.NoError(t, err)
	defer c.Abort()
	require.NoError(t, c.WriteRaw([]byte("POST /ws HTTP/1.1\r\nHost: "+addr+"\r\nContent-Length: 0\r\n\r\n")))
	res, err := c.ReadResponse()
	require.NoError(t, err)
	assert.Equal(t, http.StatusMethodNotAllowed, res.Status)
	assert.Equal(t, "no upgrade for POST\n", res.Body)
	assert.Contains(t, string(c.ResponseHead), "HTTP/1.1 405 Method Not Allowed\r\n")
	rest, err := c.ReadToEnd()
	require.NoError(t, err)
	assert.Empty(t, rest, "the server closed after its answer")
}

// Frame masks with the connection's key, the same bytes every time, and a
// frame that breaks rules goes out as built.
func TestFrameIsMaskedWithTheConnectionKey(t *testing.T) {
	t.Parallel()
	c := Over(nil, Options{})
	h := protocol.Header{Fin: true, Opcode: protocol.OpText}
	a := c.Frame(h, []byte("hi"))
	assert.Equal(t, a, c.Frame(h, []byte("hi")))
	assert.Equal(t, a, Masked(h, []byte("hi"), c.Key))
	d := protocol.Decode(a, protocol.Limits{From: protocol.FromClient})
	require.Len(t, d.Frames, 1)
	assert.True(t, d.Frames[0].Header.Masked)
	assert.Equal(t, "hi", string(d.Frames[0].Payload))
}
