package server

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/testutil"
)

// The 101 the real server answers each offer with (RFC 7692 sections 5 and
// 7): the exact Sec-WebSocket-Extensions, or none when every offer is
// declined. Each row is one or more header lines, as a client sent them.
// Each answer is also the one the core's policy predicts for the page.
func TestDeflateNegotiationThroughTheServer(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{Deflate: true})
	const (
		chrome  = "permessage-deflate; server_no_context_takeover; client_max_window_bits=12"
		firefox = "permessage-deflate; server_no_context_takeover"
	)
	tests := []struct {
		name   string
		target string
		offers []string
		want   string // "" = no Sec-WebSocket-Extensions in the 101
	}{
		{"Chrome", "/ws", []string{"permessage-deflate; client_max_window_bits"}, chrome},
		{"Firefox", "/ws", []string{"permessage-deflate"}, firefox},
		{"no offer", "/ws", nil, ""},
		{"deflate=0 declines Chrome", "/ws?deflate=0", []string{"permessage-deflate; client_max_window_bits"}, ""},
		{"deflate=1 is the default", "/ws?deflate=1", []string{"permessage-deflate; client_max_window_bits"}, chrome},
		{"a smaller client window is kept", "/ws", []string{"permessage-deflate; client_max_window_bits=9"},
			"permessage-deflate; server_no_context_takeover; client_max_window_bits=9"},
		{"a larger one is lowered", "/ws", []string{"permessage-deflate; client_max_window_bits=15"}, chrome},
		{"a quoted value", "/ws", []string{`permessage-deflate; client_max_window_bits="10"`},
			"permessage-deflate; server_no_context_takeover; client_max_window_bits=10"},
		{"server window honoured", "/ws", []string{"permessage-deflate; server_max_window_bits=8"},
			"permessage-deflate; server_no_context_takeover; server_max_window_bits=8"},
		{"client_no_context_takeover echoed", "/ws", []string{"permessage-deflate; client_no_context_takeover"},
			"permessage-deflate; server_no_context_takeover; client_no_context_takeover"},
		{"server_no_context_takeover asked", "/ws", []string{"permessage-deflate; server_no_context_takeover"}, firefox},
		{"names are case-insensitive", "/ws", []string{"Permessage-Deflate; Client_Max_Window_Bits"}, chrome},
		{"first acceptable of several in one header", "/ws",
			[]string{"permessage-deflate; server_max_window_bits=7, permessage-deflate; client_max_window_bits"}, chrome},
		{"first acceptable across several headers", "/ws",
			[]string{"x-webkit-deflate-frame", "permessage-deflate; client_no_context_takeover", "permessage-deflate"},
			"permessage-deflate; server_no_context_takeover; client_no_context_takeover"},
		{"only another extension", "/ws", []string{"x-webkit-deflate-frame"}, ""},
		{"duplicate parameter", "/ws", []string{"permessage-deflate; client_no_context_takeover; client_no_context_takeover"}, ""},
		{"duplicate window", "/ws", []string{"permessage-deflate; client_max_window_bits=10; client_max_window_bits=11"}, ""},
		{"server window without a value", "/ws", []string{"permessage-deflate; server_max_window_bits"}, ""},
		{"window 16", "/ws", []string{"permessage-deflate; client_max_window_bits=16"}, ""},
		{"window 7", "/ws", []string{"permessage-deflate; server_max_window_bits=7"}, ""},
		{"leading zero", "/ws", []string{"permessage-deflate; client_max_window_bits=09"}, ""},
		{"value on a flag", "/ws", []string{"permessage-deflate; server_no_context_takeover=1"}, ""},
		{"unknown parameter", "/ws", []string{"permessage-deflate; mystery"}, ""},
		{"malformed element", "/ws", []string{"permessage-deflate; =10"}, ""},
		{"every offer declined, then a good one", "/ws",
			[]string{"permessage-deflate; mystery", "permessage-deflate; client_max_window_bits=16", "permessage-deflate"}, firefox},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := testutil.Connect(t, addr)
			req := protocol.NewRequest(protocol.ClientRequest{Host: addr, Path: tt.target, Key: protocol.NewKey()})
			for _, o := range tt.offers {
				req.Headers = append(req.Headers, protocol.HeaderField{Name: "Sec-WebSocket-Extensions", Value: o})
			}
			c.Write(protocol.AppendRequest(nil, req))
			res := c.Response()
			require.Equal(t, 101, res.Status, "body: %s", res.Body)
			got := res.Headers.Values("Sec-WebSocket-Extensions")
			predicted, err := predictedAnswer(req)
			require.NoError(t, err)
			assert.Equal(t, predicted.Headers.Values("Sec-WebSocket-Extensions"), got, "the page's prediction")
			if tt.want == "" {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, []string{tt.want}, got)
		})
	}
}

// ?deflate= takes 0 or 1 only.
func TestDeflateQueryRefusesOtherValues(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{Deflate: true})
	c := testutil.Connect(t, addr)
	req := protocol.NewRequest(protocol.ClientRequest{Host: addr, Path: "/ws?deflate=yes", Key: protocol.NewKey()})
	c.Write(protocol.AppendRequest(nil, req))
	res := c.Response()
	assert.Equal(t, 400, res.Status)
	assert.Contains(t, res.Body, "deflate: want 0")
}

// predictedAnswer is the 101 the page predicts for req: the core's policy
// for wsplay's server, with the request's ?deflate= applied.
func predictedAnswer(req protocol.Request) (protocol.Response, error) {
	policy, err := protocol.WsplayServer().ForTarget(req.Target)
	if err != nil {
		return protocol.Response{}, err
	}
	res, _, err := policy.Answer(&req)
	return res, err
}

// On by default: the command's configuration agrees to Chrome's offer.
func TestDeflateOnByDefault(t *testing.T) {
	t.Parallel()
	cfg := Defaults()
	require.True(t, cfg.Deflate)
	_, addr, _ := startServer(t, cfg)
	c := dialDeflate(t, addr, "/ws", chromeOffer)
	params, agreed := c.Deflate()
	assert.True(t, agreed)
	assert.Equal(t, 12, params.ClientWindowBits())
	require.NoError(t, c.WriteMessage(protocol.OpText, []byte("hello hello hello"), 0))
	op, got, err := c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, protocol.OpText, op)
	assert.Equal(t, "hello hello hello", string(got))
}

// Turned off (-deflate=false), the server declines every browser's offer.
func TestDeflateOffWhenTurnedOff(t *testing.T) {
	t.Parallel()
	cfg := Defaults()
	cfg.Deflate = false
	_, addr, _ := startServer(t, cfg)
	c := dialDeflate(t, addr, "/ws", chromeOffer)
	_, agreed := c.Deflate()
	assert.False(t, agreed)
	assert.Empty(t, c.Conn.Response.Headers.Values("Sec-WebSocket-Extensions"))
}
