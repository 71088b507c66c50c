package lab_test

import (
	"bufio"
	"context"
	"encoding/hex"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server"
	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/server/lab"
)

var text = protocol.Header{Fin: true, Opcode: protocol.OpText}

func TestEchoOfAMaskedTextFrame(t *testing.T) {
	t.Parallel()
	_, base := startLab(t, server.Config{})
	a := run(t, base, map[string]any{"bytes": masked(text, []byte("Hello"))})

	req := a.ofType("request")
	require.Len(t, req, 1)
	assert.Equal(t, "client", req[0].From)
	assert.True(t, strings.HasPrefix(req[0].Text, "GET /ws HTTP/1.1\r\n"), "a valid request built by the core: %q", req[0].Text)
	res := a.ofType("response")
	require.Len(t, res, 1)
	assert.Equal(t, 101, res[0].Status)
	assert.Contains(t, res[0].Text, "Sec-WebSocket-Accept: ")
	frames := a.ofType("frame")
	require.Len(t, frames, 1)
	assert.Equal(t, "server", frames[0].From)
	assert.Equal(t, "text", frames[0].Opcode)
	assert.Equal(t, "Hello", frames[0].Text)
	assert.Equal(t, "810548656c6c6f", frames[0].Hex, "the echo unmasked, RFC 6455 section 5.7")
	assert.Equal(t, line{Type: "summary", Status: 101, ClosedBy: "client"}, a.summary,
		"the server waits for more; the lab hangs up after a quiet second")
}

func TestUnmaskedFrameIsClosedWith1002(t *testing.T) {
	t.Parallel()
	_, base := startLab(t, server.Config{})
	unmasked := hex.EncodeToString(protocol.AppendFrame(nil, protocol.Frame{Header: text, Payload: []byte("Hello")}))
	a := run(t, base, map[string]any{"bytes": unmasked})
	assert.Equal(t, 101, a.summary.Status)
	assert.Equal(t, 1002, a.summary.CloseCode)
	assert.Equal(t, protocol.ErrUnmaskedClientFrame.ID, a.summary.Rule)
	assert.Equal(t, "server", a.summary.ClosedBy)
	assert.True(t, strings.HasPrefix(a.summary.CloseReason, protocol.ErrUnmaskedClientFrame.ID+" (RFC 6455 section 5.1)"), a.summary.CloseReason)
	closes := a.ofType("closed")
	require.Len(t, closes, 1)
	assert.Equal(t, "server", closes[0].By)
}

// A text frame whose payload turns impossible UTF-8 at its third byte,
// written a byte at a time: the server fails it at that byte (RFC 6455
// section 8.1), long before the frame's last byte would be written.
func TestInvalidUTF8InPiecesIsFailedBeforeTheFrameEnds(t *testing.T) {
	t.Parallel()
	_, base := startLab(t, server.Config{})
	payload := append([]byte("ok\xff"), strings.Repeat("x", 40)...)
	frame := masked(text, payload)
	a := run(t, base, map[string]any{"bytes": frame, "chunk": 1, "pauseMs": 20})

	assert.Equal(t, 1007, a.summary.CloseCode)
	assert.Equal(t, protocol.ErrInvalidUTF8.ID, a.summary.Rule)
	closeAt, lastByte := -1, -1
	for i, l := range a.lines {
		if l.Type == "frame" && l.Opcode == "close" {
			closeAt = i
		}
		if l.Type == "write" && l.Part == "bytes" && l.Offset == len(frame)/2-1 {
			lastByte = i
		}
	}
	require.GreaterOrEqual(t, closeAt, 0, "a close frame")
	assert.True(t, lastByte < 0 || closeAt < lastByte, "the close came before the frame's last byte was written (close at line %d, last byte at %d)", closeAt, lastByte)
}

func TestVersion8Gets426(t *testing.T) {
	t.Parallel()
	_, base := startLab(t, server.Config{})
	host := strings.TrimPrefix(base, "http://")
	a := run(t, base, map[string]any{"request": lab.RequestWith(host, "GET /ws HTTP/1.1", "Sec-WebSocket-Version: 8")})
	assert.Equal(t, 426, a.summary.Status)
	assert.Equal(t, protocol.ErrVersion.ID, a.summary.Rule)
	assert.Equal(t, "server", a.summary.ClosedBy)
	res := a.ofType("response")
	require.Len(t, res, 1)
	assert.Contains(t, res[0].Text, "\r\nSec-WebSocket-Version: 13\r\n", "section 4.4: the version this server speaks")
}

// A request trickled more slowly than -handshake-timeout allows is cut off
// by the server, not by the lab's own time limit.
func TestTrickledRequestIsCutByTheServer(t *testing.T) {
	t.Parallel()
	_, base := startLab(t, server.Config{HandshakeTimeout: 300 * time.Millisecond})
	a := run(t, base, map[string]any{"chunk": 8, "pauseMs": 100})
	assert.Equal(t, "server", a.summary.ClosedBy)
	assert.Zero(t, a.summary.Status, "no answer at all")
	writes := a.ofType("write")
	req := a.ofType("request")
	require.Len(t, req, 1)
	assert.Less(t, len(writes), (req[0].Size+7)/8, "the server hung up before the request was all written")
}

// The lab's loopback connection to /ws is not counted against 127.0.0.1:
// with one slot per address, the experiment itself holds it.
func TestLabConnectionIsNotCountedTwice(t *testing.T) {
	t.Parallel()
	_, base := startLab(t, server.Config{MaxConnsPerIP: 1})
	a := run(t, base, map[string]any{"bytes": masked(text, []byte("hi"))})
	assert.Equal(t, 101, a.summary.Status)
	require.Len(t, a.ofType("frame"), 1)
}

// No path but /ws is reachable from the lab's connection: the lab cannot
// call itself.
func TestLabConnectionReachesOnlyWS(t *testing.T) {
	t.Parallel()
	_, base := startLab(t, server.Config{})
	host := strings.TrimPrefix(base, "http://")
	for _, start := range []string{"POST /lab HTTP/1.1", "GET /healthz HTTP/1.1"} {
		a := run(t, base, map[string]any{"request": lab.RequestWith(host, start)})
		assert.Equal(t, http.StatusNotFound, a.summary.Status, start)
	}
}

func TestRequestPolicy(t *testing.T) {
	t.Parallel()
	_, base := startLab(t, server.Config{})
	for _, tc := range []struct {
		name, method string
		header       []string
		status       int
	}{
		{"GET", http.MethodGet, nil, http.StatusMethodNotAllowed},
		{"PUT", http.MethodPut, nil, http.StatusMethodNotAllowed},
		{"a foreign Origin", http.MethodPost, []string{"Origin", "https://evil.example"}, http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, base+"/lab", strings.NewReader(`{"bytes":""}`))
			require.NoError(t, err)
			for i := 0; i+1 < len(tc.header); i += 2 {
				req.Header.Set(tc.header[i], tc.header[i+1])
			}
			res, err := client.Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			assert.Equal(t, tc.status, res.StatusCode)
			msg, _ := refusal(t, res)
			assert.True(t, strings.HasPrefix(msg, "lab: "), msg)
		})
	}
	a := run(t, base, map[string]any{"bytes": ""})
	assert.Equal(t, 101, a.summary.Status, "the page's own origin and no Origin are fine")
}

func TestWithoutServeTheLabSaysSo(t *testing.T) {
	t.Parallel()
	srv, err := server.New(server.Config{})
	require.NoError(t, err)
	rec := newRecorder()
	srv.Handler().ServeHTTP(rec, newPost(`{"bytes":""}`))
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Contains(t, rec.Body.String(), "own listener")
}

// An experiment that outlasts its time limit (the server would wait 10 s
// for the request head) ends with closedBy "timeout".
func TestTimeLimit(t *testing.T) {
	t.Parallel()
	_, base := startLab(t, server.Config{Lab: server.LabLimits{Timeout: 300 * time.Millisecond}})
	a := run(t, base, map[string]any{"chunk": 8, "pauseMs": 200})
	assert.Equal(t, "timeout", a.summary.ClosedBy)
	closes := a.ofType("closed")
	require.Len(t, closes, 1)
	assert.Contains(t, closes[0].Error, "time limit of 300ms")
}

// On shutdown a running experiment stops at once, still with its summary,
// and Serve returns cleanly.
func TestShutdownStopsExperiments(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv, err := server.New(server.Config{ShutdownTimeout: 5 * time.Second})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()

	res := post(t, "http://"+ln.Addr().String(), `{"chunk":1,"pauseMs":5000}`)
	require.Equal(t, http.StatusOK, res.StatusCode)
	lines := bufio.NewScanner(res.Body)
	require.True(t, lines.Scan(), "the request line: the experiment runs")
	cancel()
	var last string
	for lines.Scan() {
		last = lines.Text()
	}
	assert.Contains(t, last, `"type":"summary"`)
	assert.Contains(t, last, `"closedBy":"client"`)
	select {
	case err := <-served:
		assert.NoError(t, err)
	case <-time.After(testutil.IOTimeout):
		t.Fatal("Serve did not return")
	}
}
