//go:build js && wasm

package main

import (
	"encoding/hex"
	"strings"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

const (
	rfcKey64    = "dGhlIHNhbXBsZSBub25jZQ==" // section 1.3
	rfcAccept64 = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
)

func TestAcceptRFCExample(t *testing.T) {
	res := callOK(t, "accept", rfcKey64)
	tr := protocol.TraceAccept(rfcKey64)
	assert.Equal(t, rfcAccept64, res.Get("accept").String())
	assert.Equal(t, rfcKey64, res.Get("key").String())
	assert.Equal(t, protocol.GUID, res.Get("guid").String())
	assert.Equal(t, rfcKey64+protocol.GUID, res.Get("concat").String())
	assert.Equal(t, hex.EncodeToString([]byte(rfcKey64+protocol.GUID)), res.Get("concatHex").String())
	assert.Equal(t, "b37a4f2cc0624f1690f64606cf385945b2bec4ea", res.Get("sha1Hex").String())

	groups := res.Get("groups")
	require.Equal(t, len(tr.Groups), groups.Length())
	spelled := ""
	for i, g := range tr.Groups {
		o := groups.Index(i)
		assert.Equal(t, hex.EncodeToString(g.Bytes), o.Get("bytesHex").String())
		assert.Equal(t, g.Chars, o.Get("chars").String())
		assert.Equal(t, g.Padding, o.Get("padding").Int())
		require.Equal(t, len(g.Indices), o.Get("indices").Length())
		for k, idx := range g.Indices {
			assert.Equal(t, idx, o.Get("indices").Index(k).Int())
		}
		assertNote(t, g.Note(), o.Get("note"))
		spelled += o.Get("chars").String()
	}
	assert.Equal(t, rfcAccept64, spelled, "the groups spell the accept value")
	assert.Equal(t, 1, groups.Index(groups.Length()-1).Get("padding").Int(), "20 bytes end in a 2-byte group")

	notes := res.Get("notes")
	require.Equal(t, len(tr.Notes()), notes.Length())
	for i, n := range tr.Notes() {
		assertNote(t, n, notes.Index(i))
	}
}

func TestAcceptInvalidKeyNamesTheRule(t *testing.T) {
	res := call(t, "accept", "not-a-key")
	assert.Equal(t, protocol.AcceptKey("not-a-key"), res.Get("accept").String(),
		"the value is still derived for an invalid key")
	e := res.Get("error")
	require.Equal(t, js.TypeObject, e.Type())
	assert.Equal(t, protocol.ErrInvalidKey.ID, e.Get("rule").String())
	assert.Equal(t, protocol.ErrInvalidKey.Section, e.Get("section").String())
	assert.Equal(t, protocol.CheckKey("not-a-key").Error(), e.Get("message").String())
	assert.Equal(t, 400, e.Get("httpStatus").Int())
	assert.Equal(t, "accept.key-invalid", res.Get("notes").Index(1).Get("id").String())
}

func TestAcceptRejectsNonString(t *testing.T) {
	assert.Contains(t, callErr(t, "accept", 42), "key must be a string, not number")
	assert.Contains(t, callErr(t, "accept"), "key is required")
}

func TestHandshakeRFCKey(t *testing.T) {
	res := callOK(t, "handshake", jsObj(map[string]any{"key": rfcKey64, "host": "server.example.com", "path": "/chat",
		"origin": "http://example.com", "protocols": []any{"chat", "superchat"}, "extensions": []any{"permessage-deflate"}}))
	req := protocol.NewRequest(protocol.ClientRequest{Host: "server.example.com", Path: "/chat", Key: rfcKey64,
		Origin: "http://example.com", Protocols: []string{"chat", "superchat"}, Extensions: []string{"permessage-deflate"}})
	assert.Equal(t, string(protocol.AppendRequest(nil, req)), res.Get("request").Get("text").String())
	assert.Equal(t, rfcKey64, res.Get("key").String())
	assert.Equal(t, rfcAccept64, res.Get("accept").String())

	lines := res.Get("request").Get("lines")
	require.Equal(t, 1+len(req.Headers), lines.Length())
	assert.Equal(t, "GET /chat HTTP/1.1", lines.Index(0).Get("text").String())
	assertNote(t, protocol.StartLineNote(0), lines.Index(0).Get("note"))
	for i, h := range req.Headers {
		l := lines.Index(1 + i)
		assert.Equal(t, h.Name+": "+h.Value, l.Get("text").String())
		assert.Equal(t, h.Name, l.Get("name").String())
		assert.Equal(t, h.Value, l.Get("value").String())
		assertNote(t, protocol.HeaderNote(h.Name), l.Get("note"))
	}

	want, _, err := protocol.WsplayServer().Answer(&req)
	require.NoError(t, err)
	resp := res.Get("response")
	assert.Equal(t, 101, resp.Get("status").Int())
	assert.Equal(t, string(protocol.AppendResponse(nil, want)), resp.Get("text").String(),
		"the page shows the answer of wsplay's own server")
	assert.NotContains(t, resp.Get("text").String(), "Sec-WebSocket-Protocol",
		"wsplay's server speaks no subprotocol, so it chooses none of the offers")
	assert.Contains(t, resp.Get("text").String(), "Sec-WebSocket-Accept: "+rfcAccept64+"\r\n")
	assertNote(t, protocol.StartLineNote(101), resp.Get("lines").Index(0).Get("note"))

	r426 := res.Get("refusal426")
	assert.Equal(t, 426, r426.Get("status").Int())
	assert.Contains(t, r426.Get("text").String(), "HTTP/1.1 426 Upgrade Required\r\n")
	assert.Contains(t, r426.Get("text").String(), "Sec-WebSocket-Version: 13\r\n")
	assert.Contains(t, r426.Get("body").String(), "handshake-version")
	found := false
	for i := 0; i < r426.Get("lines").Length(); i++ {
		found = found || r426.Get("lines").Index(i).Get("name").String() == "Content-Length"
	}
	assert.True(t, found, "the lines are those on the wire, Content-Length included")
}

func TestHandshakeDefaultsPickAFreshKey(t *testing.T) {
	res := callOK(t, "handshake")
	key := res.Get("key").String()
	assert.NoError(t, protocol.CheckKey(key))
	assert.Equal(t, protocol.AcceptKey(key), res.Get("accept").String())
	assert.True(t, strings.HasPrefix(res.Get("request").Get("text").String(), "GET / HTTP/1.1\r\nHost: localhost:8080\r\n"))
	assert.NotEqual(t, key, callOK(t, "handshake").Get("key").String())
}

func TestHandshakeWithInvalidKeyIsRefused(t *testing.T) {
	res := call(t, "handshake", jsObj(map[string]any{"key": "abc"}))
	assert.Equal(t, 400, res.Get("response").Get("status").Int())
	assert.Equal(t, "handshake-key-invalid", res.Get("error").Get("rule").String())
	assert.Contains(t, res.Get("request").Get("text").String(), "Sec-WebSocket-Key: abc\r\n")
}

func TestHandshakeErrors(t *testing.T) {
	assert.Contains(t, callErr(t, "handshake", jsObj(map[string]any{"host": "a\r\nX-Evil: 1"})), "host must not contain control characters")
	assert.Contains(t, callErr(t, "handshake", jsObj(map[string]any{"path": "/a b"})), "path must not contain spaces")
	assert.Contains(t, callErr(t, "handshake", jsObj(map[string]any{"protocols": "chat"})), "protocols must be an array of strings")
	assert.Contains(t, callErr(t, "handshake", jsObj(map[string]any{"protocols": []any{"chat", 3}})), "protocols[1] must be a string")
	assert.Contains(t, callErr(t, "handshake", jsObj(map[string]any{"extensions": []any{"a\nb"}})), "extensions[0] must not contain control")
}

func validRequest(t *testing.T) string {
	req := protocol.NewRequest(protocol.ClientRequest{Host: "localhost:8080", Key: rfcKey64, Protocols: []string{"chat"}})
	return string(protocol.AppendRequest(nil, req))
}

func TestCheckRequestAccepts(t *testing.T) {
	text := validRequest(t)
	res := callOK(t, "checkRequest", text)
	assert.True(t, res.Get("ok").Bool())
	assert.True(t, res.Get("parsed").Bool())
	assert.Equal(t, len(text), res.Get("headLength").Int())
	u := res.Get("upgrade")
	assert.Equal(t, rfcKey64, u.Get("key").String())
	assert.Equal(t, rfcAccept64, u.Get("accept").String())
	assert.Equal(t, []string{"chat"}, strs(u.Get("protocols")))
	assert.Zero(t, u.Get("extensions").Length())
	assert.Equal(t, 101, res.Get("response").Get("status").Int())
	req, _, err := protocol.ParseRequest([]byte(text))
	require.NoError(t, err)
	want, _, err := protocol.WsplayServer().Answer(&req)
	require.NoError(t, err)
	assert.Equal(t, string(protocol.AppendResponse(nil, want)), res.Get("response").Get("text").String())
	assert.NotContains(t, res.Get("response").Get("text").String(), "Sec-WebSocket-Protocol",
		"wsplay's server chooses no subprotocol")
	assert.Equal(t, "Host: localhost:8080", res.Get("lines").Index(1).Get("text").String())

	// The same head as bytes, as a naive proxy would see it inside a frame.
	assert.True(t, callOK(t, "checkRequest", jsBytes([]byte(text))).Get("parsed").Bool())
}

func TestCheckRequestRefuses(t *testing.T) {
	for _, c := range []struct {
		text, rule string
		status     int
		parsed     bool
	}{
		{strings.Replace(validRequest(t), "Version: 13", "Version: 8", 1), "handshake-version", 426, true},
		{strings.Replace(validRequest(t), "GET", "POST", 1), "handshake-method", 405, true},
		{strings.Replace(validRequest(t), rfcKey64, "short", 1), "handshake-key-invalid", 400, true},
		{"hello\r\n\r\n", "http-malformed", 400, false},
		{"GET / HTTP/1.1\r\nHost: x\r\n", "http-malformed", 0, false}, // no empty line yet: a server keeps waiting
	} {
		res := call(t, "checkRequest", c.text)
		assert.False(t, res.Get("ok").Bool(), c.rule)
		assert.Equal(t, c.parsed, res.Get("parsed").Bool(), c.rule)
		e := res.Get("error")
		assert.Equal(t, c.rule, e.Get("rule").String())
		assert.Equal(t, c.status, res.Get("response").Get("status").Int(), c.rule)
		if c.status != 0 {
			assert.Equal(t, c.status, e.Get("httpStatus").Int(), c.rule)
		}
	}
	assert.Contains(t, callErr(t, "checkRequest", 42), "the HTTP head must be a string or a Uint8Array")
}

// TestCheckRequestAnswersAsWsplayServer: for every head, good or bad, the
// page shows byte for byte the answer of wsplay's own server policy, with
// compression when offered, and without it on /ws?deflate=0.
func TestCheckRequestAnswersAsWsplayServer(t *testing.T) {
	valid := validRequest(t)
	offer := func(value string) string {
		return strings.Replace(valid, "\r\n\r\n", "\r\nSec-WebSocket-Extensions: "+value+"\r\n\r\n", 1)
	}
	plain := func(head string) string { return strings.Replace(head, "GET / ", "GET /ws?deflate=0 ", 1) }
	badQuery := func(head string) string { return strings.Replace(head, "GET / ", "GET /ws?deflate=yes ", 1) }
	chrome := offer("permessage-deflate; client_max_window_bits")
	heads := map[string]struct {
		head   string
		policy protocol.ServerPolicy
	}{
		"one subprotocol offered":     {valid, protocol.WsplayServer()},
		"two offered":                 {strings.Replace(valid, "Protocol: chat", "Protocol: chat, superchat", 1), protocol.WsplayServer()},
		"Firefox's offer":             {offer("permessage-deflate"), protocol.WsplayServer()},
		"Chrome's offer":              {chrome, protocol.WsplayServer()},
		"Chrome's offer, deflate=0":   {plain(chrome), protocol.WsplayServerPlain()},
		"an unknown extension":        {offer("x-webkit-deflate-frame"), protocol.WsplayServer()},
		"version 8":                   {strings.Replace(valid, "Version: 13", "Version: 8", 1), protocol.WsplayServer()},
		"POST":                        {strings.Replace(valid, "GET", "POST", 1), protocol.WsplayServer()},
		"short key":                   {strings.Replace(valid, rfcKey64, "short", 1), protocol.WsplayServer()},
		"version 8 beats a bad query": {badQuery(strings.Replace(valid, "Version: 13", "Version: 8", 1)), protocol.WsplayServer()},
	}
	for name, c := range heads {
		req, n, err := protocol.ParseRequest([]byte(c.head))
		require.NoError(t, err, name)
		require.NotZero(t, n, name)
		want, _, _ := c.policy.Answer(&req)
		got := call(t, "checkRequest", c.head).Get("response").Get("text").String()
		assert.Equal(t, string(protocol.AppendResponse(nil, want)), got, name)
	}
	assert.Contains(t, call(t, "checkRequest", chrome).Get("response").Get("text").String(),
		"\r\nSec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_max_window_bits=12\r\n")
}

// A ?deflate= value the server does not know gets its 400, as the server
// sends it.
func TestCheckRequestRefusesABadDeflateQuery(t *testing.T) {
	head := strings.Replace(validRequest(t), "GET / ", "GET /ws?deflate=yes ", 1)
	res := call(t, "checkRequest", head)
	assert.False(t, res.Get("ok").Bool())
	_, qerr := protocol.WsplayServer().ForTarget("/ws?deflate=yes")
	require.Error(t, qerr)
	assert.Equal(t, qerr.Error(), res.Get("error").Get("message").String())
	assert.Equal(t, string(protocol.AppendResponse(nil, protocol.PlainRefusal(400, qerr.Error()))),
		res.Get("response").Get("text").String())
	assert.Contains(t, call(t, "handshake", jsObj(map[string]any{"path": "/ws?deflate=yes"})).Get("error").Get("message").String(),
		"want 0 (no compression) or 1")
}

// wsplay.handshake predicts the server's answer to each browser's offer,
// and to a page that turned compression off.
func TestHandshakePredictsCompression(t *testing.T) {
	chrome := []any{"permessage-deflate; client_max_window_bits"}
	for _, c := range []struct {
		path, answer string
	}{
		{"/ws", "permessage-deflate; server_no_context_takeover; client_max_window_bits=12"},
		{"/ws?deflate=1", "permessage-deflate; server_no_context_takeover; client_max_window_bits=12"},
		{"/ws?deflate=0", ""},
	} {
		text := callOK(t, "handshake", jsObj(map[string]any{"path": c.path, "extensions": chrome})).Get("response").Get("text").String()
		if c.answer == "" {
			assert.NotContains(t, text, "Sec-WebSocket-Extensions", c.path)
			continue
		}
		assert.Contains(t, text, "\r\nSec-WebSocket-Extensions: "+c.answer+"\r\n", c.path)
	}
}

func TestCheckResponse(t *testing.T) {
	u, err := protocol.CheckRequest(&protocol.Request{Method: "GET", Target: "/", Proto: "HTTP/1.1", Headers: protocol.NewRequest(
		protocol.ClientRequest{Host: "h", Key: rfcKey64}).Headers})
	require.NoError(t, err)
	text := string(protocol.AppendResponse(nil, protocol.Accepted(u, "")))

	res := callOK(t, "checkResponse", text, rfcKey64)
	assert.True(t, res.Get("ok").Bool())
	assert.Equal(t, 101, res.Get("status").Int())
	assert.Equal(t, "HTTP/1.1 101 Switching Protocols", res.Get("lines").Index(0).Get("text").String())

	res = call(t, "checkResponse", text, "AQIDBAUGBwgJCgsMDQ4PEA==")
	assert.False(t, res.Get("ok").Bool())
	assert.Equal(t, "response-accept", res.Get("error").Get("rule").String())

	withProto := strings.Replace(text, "\r\n\r\n", "\r\nSec-WebSocket-Protocol: chat\r\n\r\n", 1)
	assert.Equal(t, "response-protocol", call(t, "checkResponse", withProto, rfcKey64).Get("error").Get("rule").String())
	assert.True(t, callOK(t, "checkResponse", withProto, rfcKey64, jsObj(map[string]any{"protocols": []any{"chat"}})).Get("ok").Bool())

	assert.Equal(t, "http-malformed", call(t, "checkResponse", "HTTP/1.1 101", rfcKey64).Get("error").Get("rule").String())
	assert.Contains(t, callErr(t, "checkResponse", text), "key is required")
}

func TestRandomKeyAndMask(t *testing.T) {
	a, b := call(t, "randomKey").String(), call(t, "randomKey").String()
	assert.NoError(t, protocol.CheckKey(a))
	assert.NotEqual(t, a, b)

	m := call(t, "randomMask").String()
	k, err := protocol.ParseHex(m)
	require.NoError(t, err)
	assert.Len(t, k, 4)
	assert.Equal(t, strings.ToLower(m), m)
	assert.NotEqual(t, m, call(t, "randomMask").String())
}

// checkResponse reads what a 101 agreed of permessage-deflate: the windows
// and takeover of both sides, and the answer's parameters explained.
func TestCheckResponseDeflateAgreement(t *testing.T) {
	chrome := "permessage-deflate; client_max_window_bits"
	req := protocol.NewRequest(protocol.ClientRequest{Host: "h", Path: "/ws", Key: rfcKey64, Extensions: []string{chrome}})
	resp, _, err := protocol.WsplayServer().Answer(&req)
	require.NoError(t, err)
	text := string(protocol.AppendResponse(nil, resp))
	opts := jsObj(map[string]any{"extensions": []any{chrome}})

	d := callOK(t, "checkResponse", text, rfcKey64, opts).Get("deflate")
	assert.True(t, d.Get("offered").Bool())
	require.True(t, d.Get("accepted").Bool())
	p := d.Get("params")
	assert.True(t, p.Get("serverNoContextTakeover").Bool())
	assert.False(t, p.Get("clientNoContextTakeover").Bool())
	assert.Equal(t, 15, p.Get("serverMaxWindowBits").Int())
	assert.Equal(t, 12, p.Get("clientMaxWindowBits").Int())
	params := d.Get("answer").Get("params")
	require.Equal(t, 2, params.Length())
	assert.Equal(t, "pmd.param.server-no-context-takeover", params.Index(0).Get("note").Get("id").String())
	assert.Equal(t, "pmd.param.client-max-window-bits", params.Index(1).Get("note").Get("id").String())
	assert.Equal(t, "12", params.Index(1).Get("value").String())

	// Declined (the page asked ?deflate=0): offered, not accepted.
	plain, _, err := protocol.WsplayServerPlain().Answer(&req)
	require.NoError(t, err)
	d = callOK(t, "checkResponse", string(protocol.AppendResponse(nil, plain)), rfcKey64, opts).Get("deflate")
	assert.True(t, d.Get("offered").Bool())
	assert.False(t, d.Get("accepted").Bool())
	assert.Equal(t, js.Null(), d.Get("params"))

	// Nothing offered: a 101 that names the extension anyway is refused.
	res := call(t, "checkResponse", text, rfcKey64)
	assert.False(t, res.Get("ok").Bool())
	assert.Equal(t, "response-extension", res.Get("error").Get("rule").String())
	assert.False(t, res.Get("deflate").Get("offered").Bool())

	// An answer that agrees to what was not offered breaks RFC 7692's rule.
	bad := strings.Replace(text, "client_max_window_bits=12", "client_max_window_bits=12; server_max_window_bits=20", 1)
	d = call(t, "checkResponse", bad, rfcKey64, opts).Get("deflate")
	assert.False(t, d.Get("accepted").Bool())
	assert.Equal(t, protocol.ErrResponseDeflate.ID, d.Get("error").Get("rule").String())
}
