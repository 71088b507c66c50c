package testutil

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

// Client is a wsclient.Conn whose every step fails the test when it goes
// wrong, for tests that check what a server answers to any bytes.
type Client struct {
	T testing.TB
	*wsclient.Conn
}

// Dial opens a WebSocket on addr at target ("/ws?..."), with extra header
// lines, and requires the 101.
func Dial(t testing.TB, addr, target string, extra ...protocol.HeaderField) *Client {
	t.Helper()
	c := connect(t, wsclient.Options{Addr: addr, Path: target, Header: extra, Timeout: IOTimeout})
	require.NoError(t, c.Handshake(context.Background()), "handshake answer:\n%s", c.ResponseHead)
	return c
}

// Connect opens a TCP connection to addr and sends nothing yet.
func Connect(t testing.TB, addr string) *Client {
	t.Helper()
	return connect(t, wsclient.Options{Addr: addr, Timeout: IOTimeout})
}

func connect(t testing.TB, opts wsclient.Options) *Client {
	t.Helper()
	c, err := wsclient.Connect(context.Background(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Abort() })
	return &Client{T: t, Conn: c}
}

// Wrap makes c's steps fail t.
func Wrap(t testing.TB, c *wsclient.Conn) *Client { return &Client{T: t, Conn: c} }

// Write writes b as it is.
func (c *Client) Write(b []byte) {
	c.T.Helper()
	require.NoError(c.T, c.WriteRaw(b))
}

// Send writes one whole masked frame.
func (c *Client) Send(op protocol.Opcode, payload []byte) {
	c.T.Helper()
	c.Write(c.Frame(protocol.Header{Fin: true, Opcode: op}, payload))
}

// SendFrame writes one frame with header h, masked.
func (c *Client) SendFrame(h protocol.Header, payload []byte) {
	c.T.Helper()
	c.Write(c.Frame(h, payload))
}

// Response reads an HTTP response, its body included for refusals.
func (c *Client) Response() protocol.Response {
	c.T.Helper()
	res, err := c.ReadResponse()
	require.NoError(c.T, err, "response so far: %q", c.ResponseHead)
	return res
}

// Expect reads the next frame and requires one whole frame of opcode op
// carrying payload.
func (c *Client) Expect(op protocol.Opcode, payload []byte) {
	c.T.Helper()
	h, got, err := c.ReadFrame()
	require.NoError(c.T, err)
	require.Equal(c.T, op, h.Opcode, "opcode (header %s)", h)
	require.True(c.T, h.Fin, "one frame expected, got %s", h)
	require.Equal(c.T, len(payload), len(got))
	require.True(c.T, string(payload) == string(got), "payload differs")
}

// ExpectClose reads frames until a close frame, returns its body, and
// requires that the server then closes the TCP connection.
func (c *Client) ExpectClose() protocol.ClosePayload {
	c.T.Helper()
	for {
		h, payload, err := c.ReadFrame()
		require.NoError(c.T, err, "no close frame")
		if h.Opcode != protocol.OpClose {
			continue
		}
		cp, err := protocol.ParseClose(payload)
		require.NoError(c.T, err, "the server's close body breaks a rule")
		c.ExpectEOF()
		return cp
	}
}

// ExpectEOF requires that the server closes the connection, after this
// side answered any close frame it sent.
func (c *Client) ExpectEOF() {
	c.T.Helper()
	require.NoError(c.T, c.AwaitEOF())
}

// ExpectFailure requires that the server fails the connection with code
// and a close reason that names rule (its id) and fits in a close frame.
func (c *Client) ExpectFailure(code protocol.StatusCode, rule *protocol.Rule) {
	c.T.Helper()
	cp := c.ExpectClose()
	assert.Equal(c.T, code, cp.Code, "close reason: %q", cp.Reason)
	assert.Contains(c.T, cp.Reason, rule.ID)
	assert.LessOrEqual(c.T, len(cp.Reason), 123, "a close reason fits in a control frame")
}
