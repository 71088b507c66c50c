package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

// ioTimeout bounds every network step of a test; it is a hang guard, never
// a performance assertion.
const ioTimeout = 10 * time.Second

// startApp serves cfg on 127.0.0.1 the way run does (recording listener,
// ordered shutdown) and returns the app and its address. stop shuts it down
// and returns serve's error; it also runs at the end of the test.
func startApp(t testing.TB, cfg config) (a *app, addr string, stop func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	a = newApp(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- a.serve(ctx, a.httpServer(), ln, 5*time.Second) }()
	var result error
	stopped := false
	stop = func() error {
		if !stopped {
			stopped = true
			cancel()
			select {
			case result = <-served:
			case <-time.After(ioTimeout):
				result = errors.New("serve did not return")
			}
		}
		return result
	}
	t.Cleanup(func() { _ = stop() })
	return a, ln.Addr().String(), stop
}

// rawClient is a deliberately small WebSocket client on a net.Conn: frames
// are built and read with the core, so a test can send anything, including
// frames that break the rules.
type rawClient struct {
	t     testing.TB
	nc    net.Conn
	br    *bufio.Reader
	key   [4]byte
	wsKey string
	head  []byte // the 101 response as received
}

// dial opens a WebSocket on target ("/ws?..."), checks the 101 with the core
// and returns the client.
func dial(t testing.TB, addr, target string, extra ...protocol.HeaderField) *rawClient {
	t.Helper()
	c := dialHTTP(t, addr)
	req := protocol.NewRequest(protocol.ClientRequest{Host: addr, Path: target})
	req.Headers = append(req.Headers, extra...)
	c.wsKey = req.Headers.Get("Sec-WebSocket-Key")
	c.write(protocol.AppendRequest(nil, req))
	res := c.readResponse()
	require.NoError(t, protocol.CheckResponse(&res, c.wsKey, nil, nil), "handshake answer:\n%s", c.head)
	return c
}

func dialHTTP(t testing.TB, addr string) *rawClient {
	t.Helper()
	nc, err := net.DialTimeout("tcp", addr, ioTimeout)
	require.NoError(t, err)
	t.Cleanup(func() { _ = nc.Close() })
	return &rawClient{t: t, nc: nc, br: bufio.NewReader(nc), key: protocol.NewMaskKey()}
}

func (c *rawClient) write(b []byte) {
	c.t.Helper()
	require.NoError(c.t, c.nc.SetWriteDeadline(time.Now().Add(ioTimeout)))
	_, err := c.nc.Write(b)
	require.NoError(c.t, err)
}

// readResponse reads an HTTP response head (and its body, for refusals).
func (c *rawClient) readResponse() protocol.Response {
	c.t.Helper()
	require.NoError(c.t, c.nc.SetReadDeadline(time.Now().Add(ioTimeout)))
	var head []byte
	for !strings.HasSuffix(string(head), "\r\n\r\n") {
		line, err := c.br.ReadBytes('\n')
		require.NoError(c.t, err, "response so far: %q", head)
		head = append(head, line...)
	}
	c.head = head
	res, n, err := protocol.ParseResponse(head)
	require.NoError(c.t, err)
	require.Equal(c.t, len(head), n)
	if res.Status != 101 {
		var body []byte
		if n, err := strconv.Atoi(res.Headers.Get("Content-Length")); err == nil {
			body = make([]byte, n)
			_, err = io.ReadFull(c.br, body)
			require.NoError(c.t, err)
		} else {
			body, _ = io.ReadAll(c.br) // until the server closes
		}
		res.Body = string(body)
	}
	return res
}

// frame builds a masked client frame.
func (c *rawClient) frame(h protocol.Header, payload []byte) []byte {
	h.Masked, h.MaskKey = true, c.key
	return protocol.AppendFrame(nil, protocol.Frame{Header: h, Payload: payload})
}

// send writes one whole masked frame.
func (c *rawClient) send(op protocol.Opcode, payload []byte) {
	c.t.Helper()
	c.write(c.frame(protocol.Header{Fin: true, Opcode: op}, payload))
}

// readFrame reads the next frame the server sent.
func (c *rawClient) readFrame() (protocol.Header, []byte, error) {
	require.NoError(c.t, c.nc.SetReadDeadline(time.Now().Add(ioTimeout)))
	var hb []byte
	for {
		h, n, need := protocol.ParseHeader(hb)
		if n > 0 {
			payload := make([]byte, h.Length)
			_, err := io.ReadFull(c.br, payload)
			return h, payload, err
		}
		more := make([]byte, need)
		if _, err := io.ReadFull(c.br, more); err != nil {
			return h, nil, err
		}
		hb = append(hb, more...)
	}
}

// expect reads the next frame and checks its opcode and payload.
func (c *rawClient) expect(op protocol.Opcode, payload []byte) {
	c.t.Helper()
	h, got, err := c.readFrame()
	require.NoError(c.t, err)
	require.NoError(c.t, protocol.CheckHeader(h, protocol.Limits{From: protocol.FromServer}))
	require.Equal(c.t, op, h.Opcode, "opcode (header %s)", h)
	require.True(c.t, h.Fin, "one frame expected, got %s", h)
	require.Equal(c.t, len(payload), len(got))
	require.True(c.t, string(payload) == string(got), "payload differs")
}

// expectClose reads frames until a close frame, returns its body, and checks
// that the server then closes the TCP connection.
func (c *rawClient) expectClose() protocol.ClosePayload {
	c.t.Helper()
	for {
		h, payload, err := c.readFrame()
		require.NoError(c.t, err, "no close frame")
		if h.Opcode != protocol.OpClose {
			continue
		}
		cp, err := protocol.ParseClose(payload)
		require.NoError(c.t, err, "the server's close body breaks a rule")
		c.expectEOF()
		return cp
	}
}

// expectEOF checks that the server closed the connection, after answering
// any close frame it sent.
func (c *rawClient) expectEOF() {
	c.t.Helper()
	err := c.nc.SetReadDeadline(time.Now().Add(ioTimeout))
	if errors.Is(err, io.ErrClosedPipe) {
		return // over net.Pipe this means the server's end is closed already
	}
	require.NoError(c.t, err)
	_, _ = c.nc.Write(c.frame(protocol.Header{Fin: true, Opcode: protocol.OpClose}, nil))
	_, err = io.Copy(io.Discard, c.br)
	var ne net.Error
	require.False(c.t, errors.As(err, &ne) && ne.Timeout(), "the server kept the connection open")
}
