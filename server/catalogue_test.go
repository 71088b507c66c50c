package server

import (
	"errors"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

// The catalogue of upgrade requests: one row per request a client may send,
// good or bad, with the answer it must get. A refusal carries the status the
// broken rule names, a body that says which rule, and Connection: close.
func TestHandshakeCatalogue(t *testing.T) {
	t.Parallel()
	const maxHeader = 2048
	// Compression is off here (-deflate=false), so every row's echo is
	// plain; the answers to compression offers are deflate_negotiate_test's.
	_, addr, _ := startServer(t, Config{Origins: []string{"https://docs.example.org"},
		MaxHeaderBytes: maxHeader, HandshakeTimeout: 2 * time.Second, Deflate: false})
	key := protocol.NewKey()
	req := requestBuilder(addr, key)
	key4 := protocol.NewMaskKey() // masks the pipelined frames
	hello := wsclient.Masked(protocol.Header{Fin: true, Opcode: protocol.OpText}, []byte("first"), key4)
	bytes := wsclient.Masked(protocol.Header{Fin: true, Opcode: protocol.OpBinary}, []byte{0, 1, 2}, key4)

	rows := []struct {
		name string
		send string // written in one piece, unless trickled
		want reply
	}{
		// Accepted, though unusual.
		{"the usual request", req("GET /ws HTTP/1.1"), switched()},
		{"Connection: keep-alive, Upgrade", req("GET /ws HTTP/1.1", "Connection: keep-alive, Upgrade"), switched()},
		{"odd header case", "GET /ws HTTP/1.1\r\nhost: h\r\nUPGRADE: WebSocket\r\nconnection: UPGRADE\r\nsec-websocket-key: " + key +
			"\r\nSEC-WEBSOCKET-VERSION: 13\r\n\r\n", switched()},
		{"extensions and a subprotocol offered", req("GET /ws HTTP/1.1", "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits",
			"Sec-WebSocket-Protocol: chat"), switched()},
		{"same origin", req("GET /ws HTTP/1.1", "Origin: http://"+addr), switched()},
		{"frames pipelined in the same packet", req("GET /ws HTTP/1.1") + string(hello) + string(bytes),
			switched(echo{protocol.OpText, "first"}, echo{protocol.OpBinary, "\x00\x01\x02"})},

		// Refused by the core's rules (section 4.2.1, 4.4).
		{"POST", req("POST /ws HTTP/1.1", "Content-Length: 0"), refused(405, protocol.ErrMethodNotGet.ID)},
		{"HTTP/1.0", req("GET /ws HTTP/1.0"), refused(400, protocol.ErrHTTPVersion.ID)},
		{"missing Upgrade", req("GET /ws HTTP/1.1", "Upgrade:"), refused(400, protocol.ErrUpgradeHeader.ID)},
		{"Upgrade: h2c", req("GET /ws HTTP/1.1", "Upgrade: h2c"), refused(400, protocol.ErrUpgradeHeader.ID)},
		{"missing Connection", req("GET /ws HTTP/1.1", "Connection:"), refused(400, protocol.ErrConnectionHeader.ID)},
		{"Connection: keep-alive", req("GET /ws HTTP/1.1", "Connection: keep-alive"), refused(400, protocol.ErrConnectionHeader.ID)},
		{"missing key", req("GET /ws HTTP/1.1", "Sec-WebSocket-Key:"), refused(400, protocol.ErrMissingKey.ID)},
		{"two keys", req("GET /ws HTTP/1.1", "+Sec-WebSocket-Key: "+protocol.NewKey()), refused(400, protocol.ErrMissingKey.ID)},
		{"malformed key: 5 bytes", req("GET /ws HTTP/1.1", "Sec-WebSocket-Key: c2hvcnQ="), refused(400, protocol.ErrInvalidKey.ID)},
		{"malformed key: not base64", req("GET /ws HTTP/1.1", "Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!=="), refused(400, protocol.ErrInvalidKey.ID)},
		{"version 8", req("GET /ws HTTP/1.1", "Sec-WebSocket-Version: 8"),
			refused(426, protocol.ErrVersion.ID, "Sec-WebSocket-Version", "13")}, // 426 lists the version spoken (section 4.4)
		{"missing version", req("GET /ws HTTP/1.1", "Sec-WebSocket-Version:"),
			refused(426, protocol.ErrVersion.ID, "Sec-WebSocket-Version", "13")},

		// Refused by the server's own checks.
		{"foreign origin", req("GET /ws HTTP/1.1", "Origin: https://evil.example"), refused(403, "cross-site WebSocket hijacking")},
		{"look-alike origin", req("GET /ws HTTP/1.1", "Origin: https://docs.example.org.evil.example"), refused(403, "-origins")},
		{"bad tap id", req("GET /ws?tap=1234 HTTP/1.1"), refused(400, "32 hex digits")},
		{"bad frag", req("GET /ws?frag=0 HTTP/1.1"), refused(400, "frag")},
		{"head just over -max-header", req("GET /ws HTTP/1.1", "X-Pad: "+strings.Repeat("p", maxHeader)), refused(431, "-max-header")},

		// Refused by net/http before /ws sees them.
		{"missing Host", "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n", refused(400, "")},
		{"head far over the limit", req("GET /ws HTTP/1.1", "X-Pad: "+strings.Repeat("p", maxHeader+8000)), refused(431, "")},

		// Slowloris: one byte every 100 ms is cut off by -handshake-timeout.
		{"trickled byte by byte", req("GET /ws HTTP/1.1"), cutOff()},
	}

	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			c := testutil.Connect(t, addr)
			if row.want.cutOff {
				expectCutOff(t, c, []byte(row.send), 100*time.Millisecond)
				return
			}
			c.Write([]byte(row.send))
			res := c.Response()
			require.Equal(t, row.want.status, res.Status, "%s%s", c.ResponseHead, res.Body)
			if res.Status == 101 {
				require.NoError(t, protocol.CheckResponse(&res, key, nil, nil))
				assert.Empty(t, res.Headers.Values("Sec-WebSocket-Extensions"), "no extension is accepted with -deflate=false")
				assert.Empty(t, res.Headers.Values("Sec-WebSocket-Protocol"), "no subprotocol is chosen")
				for _, e := range row.want.echoes {
					c.Expect(e.op, []byte(e.payload))
				}
				c.Send(protocol.OpText, []byte("still echoing"))
				c.Expect(protocol.OpText, []byte("still echoing"))
				return
			}
			assert.Contains(t, res.Body, row.want.says)
			assert.Equal(t, "close", res.Headers.Get("Connection"))
			if row.want.header[0] != "" {
				assert.Equal(t, row.want.header[1], res.Headers.Get(row.want.header[0]))
			}
		})
	}
}

// reply is what a catalogue row expects back.
type reply struct {
	status int       // 101 or the refusal's status
	says   string    // in the refusal's body
	header [2]string // a header the refusal carries: name, value
	echoes []echo    // messages echoed after the 101, for frames sent with the request
	cutOff bool      // no answer at all: the connection is closed
}

type echo struct {
	op      protocol.Opcode
	payload string
}

func switched(echoes ...echo) reply { return reply{status: 101, echoes: echoes} }

func refused(status int, says string, header ...string) reply {
	r := reply{status: status, says: says}
	if len(header) == 2 {
		r.header = [2]string{header[0], header[1]}
	}
	return r
}

func cutOff() reply { return reply{cutOff: true} }

// requestBuilder returns a function that writes a handshake request: the
// start line, then the usual headers in order. Each edit "Name: value"
// replaces the header of that name or is added after them; "Name:" alone
// drops it, and "+Name: value" adds one more.
func requestBuilder(host, key string) func(start string, edits ...string) string {
	return func(start string, edits ...string) string {
		lines := [][2]string{{"Host", host}, {"Upgrade", "websocket"}, {"Connection", "Upgrade"},
			{"Sec-WebSocket-Key", key}, {"Sec-WebSocket-Version", "13"}}
		for _, e := range edits {
			name, value, _ := strings.Cut(e, ":")
			value = strings.TrimSpace(value)
			name, another := strings.CutPrefix(name, "+")
			replaced := false
			for i := range lines {
				if !another && strings.EqualFold(lines[i][0], name) {
					lines[i][1], replaced = value, true
				}
			}
			if !replaced {
				lines = append(lines, [2]string{name, value})
			}
		}
		var b strings.Builder
		b.WriteString(start + "\r\n")
		for _, l := range lines {
			if l[1] != "" {
				b.WriteString(l[0] + ": " + l[1] + "\r\n")
			}
		}
		b.WriteString("\r\n")
		return b.String()
	}
}

// expectCutOff sends request one byte at a time, every, and checks that the
// server hangs up before the request is complete. net/http closes without an
// answer when the timeout falls between two header lines, and answers 400
// when it falls inside one (it takes the partial line for a whole one).
func expectCutOff(t *testing.T, c *testutil.Client, request []byte, every time.Duration) {
	t.Helper()
	var sent atomic.Int64
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for _, b := range request {
			if err := c.WriteRaw([]byte{b}); err != nil {
				return
			}
			sent.Add(1)
			select {
			case <-stop:
				return
			case <-time.After(every):
			}
		}
	}()
	got, err := c.ReadToEnd()
	var ne net.Error
	require.False(t, errors.As(err, &ne) && ne.Timeout(), "the server waited for the whole trickled request")
	if len(got) > 0 {
		assert.True(t, strings.HasPrefix(string(got), "HTTP/1.1 400 "), "only a refusal may come back: %q", got)
	}
	n := sent.Load()
	assert.Less(t, n, int64(len(request)), "cut off after %d of %d bytes", n, len(request))
	t.Logf("cut off after %d of %d bytes", n, len(request))
}
