package protocol

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestChooseSubprotocol(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		speaks  []string
		offered []string
		want    string
	}{
		{"nothing offered", []string{"chat"}, nil, ""},
		{"server speaks none", nil, []string{"chat", "superchat"}, ""},
		{"the client's first choice wins", []string{"superchat", "chat"}, []string{"chat", "superchat"}, "chat"},
		{"a later offer when the first is unknown", []string{"superchat"}, []string{"chat", "superchat"}, "superchat"},
		{"no common protocol", []string{"mqtt"}, []string{"chat", "superchat"}, ""},
		{"names compare exactly", []string{"Chat"}, []string{"chat"}, ""},
		{"a prefix is not a match", []string{"chat"}, []string{"chatty"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := ServerPolicy{Subprotocols: tt.speaks}
			assert.Equal(t, tt.want, p.ChooseSubprotocol(tt.offered))
		})
	}
}

// RFC 6455 section 1.3: the client offers "chat, superchat" and a server
// that speaks chat answers with exactly the RFC's response.
func TestPolicyAnswerRFC(t *testing.T) {
	t.Parallel()
	req, _, err := ParseRequest([]byte(rfcRequest))
	require.NoError(t, err)
	resp, agreed, err := ServerPolicy{Subprotocols: []string{"chat"}}.Answer(&req)
	require.NoError(t, err)
	assert.Equal(t, rfcResponse, string(AppendResponse(nil, resp)))
	assert.Equal(t, Agreement{Subprotocol: "chat"}, agreed)
	require.NoError(t, CheckResponse(&resp, "dGhlIHNhbXBsZSBub25jZQ==", []string{"chat", "superchat"}, nil))
}

// wsplay's own server speaks no subprotocol: to the RFC's request (which
// offers no extension) it answers without Sec-WebSocket-Protocol, which a
// client accepts; its plain policy answers the same.
func TestWsplayServerAnswer(t *testing.T) {
	t.Parallel()
	for name, policy := range map[string]ServerPolicy{"default": WsplayServer(), "plain": WsplayServerPlain()} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			wsplayAnswersRFCRequest(t, policy)
		})
	}
}

func wsplayAnswersRFCRequest(t *testing.T, policy ServerPolicy) {
	req, _, err := ParseRequest([]byte(rfcRequest))
	require.NoError(t, err)
	resp, agreed, err := policy.Answer(&req)
	require.NoError(t, err)
	assert.Equal(t, "HTTP/1.1 101 Switching Protocols\r\n"+
		"Upgrade: websocket\r\n"+
		"Connection: Upgrade\r\n"+
		"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"+
		"\r\n", string(AppendResponse(nil, resp)))
	assert.Equal(t, Agreement{}, agreed)
	assert.Empty(t, resp.Headers.Values("Sec-WebSocket-Extensions"))
	require.NoError(t, CheckResponse(&resp, "dGhlIHNhbXBsZSBub25jZQ==", []string{"chat", "superchat"}, nil))
}

func TestPolicyAnswerRefuses(t *testing.T) {
	t.Parallel()
	req, _, err := ParseRequest([]byte(rfcRequest))
	require.NoError(t, err)
	req.Headers = append(req.Headers[:len(req.Headers):len(req.Headers)], HeaderField{"Sec-WebSocket-Version", "8"})
	resp, agreed, err := ServerPolicy{Subprotocols: []string{"chat"}}.Answer(&req)
	require.ErrorIs(t, err, ErrVersion)
	assert.Equal(t, Refusal(err), resp, "a refused request gets the rule's refusal")
	assert.Equal(t, Agreement{}, agreed, "nothing is agreed on a refused handshake")
}

func TestPolicyAcceptIsAccepted(t *testing.T) {
	t.Parallel()
	u := Upgrade{Accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Protocols: []string{"a", "b"}}
	resp, agreed := ServerPolicy{Subprotocols: []string{"b"}}.Accept(u)
	assert.Equal(t, Accepted(u, "b"), resp)
	assert.Equal(t, "b", agreed.Subprotocol)
	resp, agreed = WsplayServer().Accept(u)
	assert.Equal(t, Accepted(u, ""), resp)
	assert.Empty(t, agreed.Subprotocol)
}

// With permessage-deflate accepted, Chrome's offer is answered with the
// server's own context dropped and a 4 KiB client window, and the client's
// check of the 101 agrees on the same parameters.
func TestPolicyDeflateAnswersChrome(t *testing.T) {
	t.Parallel()
	u := Upgrade{Accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Extensions: []string{"permessage-deflate; client_max_window_bits"}}
	resp, agreed := WsplayServer().Accept(u)
	want := "permessage-deflate; server_no_context_takeover; client_max_window_bits=12"
	assert.Equal(t, []string{want}, resp.Headers.Values("Sec-WebSocket-Extensions"))
	require.True(t, agreed.Deflate.Accepted)
	assert.Equal(t, DeflateParams{ServerNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 12}, agreed.Deflate.Params)
	offer, _ := ParseDeflateParams(ParseExtensions(u.Extensions...)[0])
	ok, params, err := CheckDeflateResponse(offer, resp.Headers.Values("Sec-WebSocket-Extensions")...)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, agreed.Deflate.Params, params)
}

// The plain policy, and the zero one, decline: the 101 names no extension.
func TestPolicyPlainDeclinesDeflate(t *testing.T) {
	t.Parallel()
	u := Upgrade{Accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Extensions: []string{"permessage-deflate; client_max_window_bits"}}
	for name, p := range map[string]ServerPolicy{"plain": WsplayServerPlain(), "zero": {}, "without": WsplayServer().WithoutDeflate()} {
		resp, agreed := p.Accept(u)
		assert.Empty(t, resp.Headers.Values("Sec-WebSocket-Extensions"), name)
		assert.False(t, agreed.Deflate.Accepted, name)
	}
	assert.NotNil(t, WsplayServer().Deflate, "WithoutDeflate changed a copy, not the default")
}

// Firefox's bare offer gets the server's context dropped and no window
// parameter for the client: a bare offer does not allow one (RFC 7692
// section 7.1.2.2).
func TestPolicyDeflateAnswersFirefox(t *testing.T) {
	t.Parallel()
	u := Upgrade{Accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Extensions: []string{"permessage-deflate"}}
	resp, agreed := WsplayServer().Accept(u)
	assert.Equal(t, []string{"permessage-deflate; server_no_context_takeover"}, resp.Headers.Values("Sec-WebSocket-Extensions"))
	assert.Equal(t, DeflateParams{ServerNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, agreed.Deflate.Params)
}
