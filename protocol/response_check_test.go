package protocol

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckResponse(t *testing.T) {
	t.Parallel()
	good := func() Response {
		return Response{Proto: "HTTP/1.1", Status: 101, Reason: "Switching Protocols", Headers: Headers{
			{"Upgrade", "websocket"}, {"Connection", "Upgrade"}, {"Sec-WebSocket-Accept", tutorialAcc},
		}}
	}
	with := func(name, value string) Response {
		r := good()
		var hs Headers
		for _, h := range r.Headers {
			if !strings.EqualFold(h.Name, name) {
				hs = append(hs, h)
			}
		}
		if value != "\x00" {
			hs = append(hs, HeaderField{name, value})
		}
		r.Headers = hs
		return r
	}
	plus := func(r Response, name, value string) Response {
		r.Headers = append(r.Headers, HeaderField{name, value})
		return r
	}
	status := func(code int) Response { r := good(); r.Status = code; return r }
	offeredProtocols := []string{"chat", "superchat"}
	offeredExtensions := []string{"permessage-deflate; client_max_window_bits", "x-webkit-deflate-frame"}

	tests := []struct {
		name string
		resp Response
		rule *Rule // nil: accepted
	}{
		{"good", good(), nil},
		{"lower-case tokens", with("Upgrade", "WEBSOCKET"), nil},
		{"Connection list", with("Connection", "keep-alive, upgrade"), nil},
		{"chosen protocol", plus(good(), "Sec-WebSocket-Protocol", "superchat"), nil},
		{"accepted extension with other parameters", plus(good(), "Sec-WebSocket-Extensions", "permessage-deflate; server_no_context_takeover"), nil},
		{"two accepted extensions", plus(good(), "Sec-WebSocket-Extensions", "permessage-deflate, x-webkit-deflate-frame"), nil},
		{"200", status(200), ErrResponseStatus},
		{"426", status(426), ErrResponseStatus},
		{"missing Upgrade", with("Upgrade", "\x00"), ErrResponseUpgrade},
		{"Upgrade: h2c", with("Upgrade", "h2c"), ErrResponseUpgrade},
		{"missing Connection", with("Connection", "\x00"), ErrResponseConnection},
		{"Connection: close", with("Connection", "close"), ErrResponseConnection},
		{"missing accept", with("Sec-WebSocket-Accept", "\x00"), ErrResponseAccept},
		{"wrong accept", with("Sec-WebSocket-Accept", rfcAccept13), ErrResponseAccept},
		{"accept of the key without GUID", with("Sec-WebSocket-Accept", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="), ErrResponseAccept},
		{"two accepts", plus(good(), "Sec-WebSocket-Accept", tutorialAcc), ErrResponseAccept},
		{"extension not offered", plus(good(), "Sec-WebSocket-Extensions", "permessage-bzip2"), ErrResponseExtension},
		{"one of two extensions not offered", plus(good(), "Sec-WebSocket-Extensions", "permessage-deflate, foo"), ErrResponseExtension},
		{"protocol not offered", plus(good(), "Sec-WebSocket-Protocol", "mqtt"), ErrResponseProtocol},
		{"two protocols in one line", plus(good(), "Sec-WebSocket-Protocol", "chat, superchat"), ErrResponseProtocol},
		{"two protocol lines", plus(plus(good(), "Sec-WebSocket-Protocol", "chat"), "Sec-WebSocket-Protocol", "chat"), ErrResponseProtocol},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := tt.resp
			err := CheckResponse(&resp, tutorialKey, offeredProtocols, offeredExtensions)
			if tt.rule == nil {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.rule)
			assert.Equal(t, "4.1", err.(*Violation).Rule.Section)
			assert.Zero(t, err.(*Violation).Rule.HTTP, "the client's rules have no HTTP status")
		})
	}

	t.Run("protocol when none offered", func(t *testing.T) {
		t.Parallel()
		r := plus(good(), "Sec-WebSocket-Protocol", "chat")
		assert.ErrorIs(t, CheckResponse(&r, tutorialKey, nil, nil), ErrResponseProtocol)
	})
	t.Run("extension when none offered", func(t *testing.T) {
		t.Parallel()
		r := plus(good(), "Sec-WebSocket-Extensions", "permessage-deflate")
		assert.ErrorIs(t, CheckResponse(&r, tutorialKey, nil, nil), ErrResponseExtension)
	})
}
