package tap

import (
	"net"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

// Without the recording listener (a bare httptest server), the request is
// rebuilt from what net/http parsed, and says so.
func TestRequestRebuilt(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest("GET", "/ws?x=1", nil)
	r.Host = "example.org"
	r.Header.Set("Upgrade", "websocket")
	r.Header.Set("Connection", "Upgrade")
	r.Header.Set("Sec-Websocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
	r.Header.Set("Sec-Websocket-Version", "13")
	req, head, exact, err := RequestOf(nil, r)
	require.NoError(t, err)
	assert.False(t, exact)
	assert.Equal(t, "GET /ws?x=1 HTTP/1.1\r\nHost: example.org\r\nConnection: Upgrade\r\nSec-Websocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"+
		"Sec-Websocket-Version: 13\r\nUpgrade: websocket\r\n\r\n", string(head))
	up, err := protocol.CheckRequest(&req)
	require.NoError(t, err)
	assert.Equal(t, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", up.Accept)
}

// headOf finds the upgrade request in a connection's recorded bytes by where
// it ends, whatever came before it on a keep-alive connection and whatever
// the client sent right behind it.
func TestHeadOf(t *testing.T) {
	t.Parallel()
	head := "GET /ws?x=1 HTTP/1.1\r\nHost: example.org\r\nUpgrade: websocket\r\n\r\n"
	frame := string(protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText, Masked: true, MaskKey: [4]byte{1, 2, 3, 4}}, Payload: []byte("hi")}))
	r := httptest.NewRequest("GET", "/ws?x=1", nil)
	for _, tc := range []struct {
		name, recorded string
		pending        int
		want           string
	}{
		{"the head alone", head, 0, head},
		{"a frame pipelined behind it", head + frame, len(frame), head},
		{"an earlier request on the connection", "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n" + head, 0, head},
		{"an earlier request to the same target", head + head, 0, head},
		{"the tail of an earlier request only", "lthz HTTP/1.1\r\nHost: h\r\n\r\n" + head, 0, head},
		{"an earlier body that looks like a request", "POST /x HTTP/1.1\r\nContent-Length: 66\r\n\r\n" + head + head, 0, head},
		{"LF line ends", "GET /ws?x=1 HTTP/1.1\nHost: h\n\n", 0, "GET /ws?x=1 HTTP/1.1\nHost: h\n\n"},
		{"another target", "GET /other HTTP/1.1\r\nHost: h\r\n\r\n", 0, ""},
		{"the start was not kept", head[5:], 0, ""},
		{"the head is still incomplete", head[:20], 0, ""},
		{"nothing but read-ahead", frame, len(frame), ""},
		{"more read-ahead than bytes", head, len(head) + 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := HeadOf([]byte(tc.recorded), tc.pending, r)
			if tc.want == "" {
				assert.Nil(t, got)
				return
			}
			assert.Equal(t, tc.want, string(got))
			assert.Equal(t, len(got), cap(got), "the head cannot grow into the bytes after it")
		})
	}
}

// The recording keeps enough of a long-lived connection to hold a head that
// arrives after many requests, and stays bounded while it does.
func TestRecordingBounded(t *testing.T) {
	t.Parallel()
	server, client := net.Pipe()
	defer client.Close()
	const limit = 2 * readAhead
	rc := &recordingConn{Conn: server, limit: limit, on: true}
	chunk := []byte(strings.Repeat("0123456789", 100))
	go func() {
		for i := 0; i < 50; i++ {
			_, _ = client.Write(chunk)
		}
	}()
	buf := make([]byte, 700)
	for read := 0; read < 50*len(chunk); {
		n, err := rc.Read(buf)
		require.NoError(t, err)
		read += n
		require.LessOrEqual(t, len(rc.rec), 2*limit)
	}
	assert.GreaterOrEqual(t, len(rc.rec), limit, "at least limit bytes of history")
	assert.True(t, strings.HasSuffix(string(rc.rec), string(chunk)), "the newest bytes are kept")
	rc.forget()
	assert.Len(t, rc.rec, readAhead, "between requests only what may be the next request is kept")
	assert.LessOrEqual(t, cap(rc.rec), 2*readAhead, "and the large buffer is let go")
	kept := string(rc.rec)
	assert.Equal(t, kept, string(rc.stop()))
	assert.Nil(t, rc.rec)
}
