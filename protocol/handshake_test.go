package protocol

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The opening handshake of RFC 6455 section 1.3, as the RFC prints it.
const (
	rfcRequest = "GET /chat HTTP/1.1\r\n" +
		"Host: server.example.com\r\n" +
		"Upgrade: websocket\r\n" +
		"Connection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
		"Origin: http://example.com\r\n" +
		"Sec-WebSocket-Protocol: chat, superchat\r\n" +
		"Sec-WebSocket-Version: 13\r\n" +
		"\r\n"
	rfcResponse = "HTTP/1.1 101 Switching Protocols\r\n" +
		"Upgrade: websocket\r\n" +
		"Connection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n" +
		"Sec-WebSocket-Protocol: chat\r\n" +
		"\r\n"
)

func TestRFCHandshake(t *testing.T) {
	t.Parallel()
	r, n, err := ParseRequest([]byte(rfcRequest))
	require.NoError(t, err)
	assert.Equal(t, len(rfcRequest), n)
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, "/chat", r.Target)
	assert.Equal(t, "HTTP/1.1", r.Proto)
	require.Len(t, r.Headers, 7)
	assert.Equal(t, HeaderField{"Host", "server.example.com"}, r.Headers[0])

	u, err := CheckRequest(&r)
	require.NoError(t, err)
	assert.Equal(t, Upgrade{
		Host:      "server.example.com",
		Key:       rfcKey13,
		Accept:    rfcAccept13,
		Origin:    "http://example.com",
		Protocols: []string{"chat", "superchat"},
	}, u)

	resp := Accepted(u, "chat")
	assert.Equal(t, rfcResponse, string(AppendResponse(nil, resp)), "the RFC's answer byte for byte")

	pr, n, err := ParseResponse([]byte(rfcResponse))
	require.NoError(t, err)
	assert.Equal(t, len(rfcResponse), n)
	assert.Equal(t, 101, pr.Status)
	assert.Equal(t, "Switching Protocols", pr.Reason)
	assert.NoError(t, CheckResponse(&pr, rfcKey13, []string{"chat", "superchat"}, nil))
}

// baseRequest is a minimal valid client handshake.
func baseRequest() Request {
	return Request{Method: "GET", Target: "/", Proto: "HTTP/1.1", Headers: Headers{
		{"Host", "example.com"},
		{"Upgrade", "websocket"},
		{"Connection", "Upgrade"},
		{"Sec-WebSocket-Key", tutorialKey},
		{"Sec-WebSocket-Version", "13"},
	}}
}

func (r Request) without(name string) Request {
	var hs Headers
	for _, h := range r.Headers {
		if !strings.EqualFold(h.Name, name) {
			hs = append(hs, h)
		}
	}
	r.Headers = hs
	return r
}

func (r Request) with(name, value string) Request {
	r = r.without(name)
	r.Headers = append(r.Headers, HeaderField{name, value})
	return r
}

func (r Request) plus(name, value string) Request {
	r.Headers = append(append(Headers(nil), r.Headers...), HeaderField{name, value})
	return r
}

func TestCheckRequestRefusals(t *testing.T) {
	t.Parallel()
	base := baseRequest()
	post := base
	post.Method = "POST"
	lower := base
	lower.Method = "get"
	http10 := base
	http10.Proto = "HTTP/1.0"
	http09 := base
	http09.Proto = "HTTP/0.9"
	httpSign := base
	httpSign.Proto = "HTTP/+1.1"
	httpShort := base
	httpShort.Proto = "HTTP/1"
	httpLower := base
	httpLower.Proto = "http/1.1"

	tests := []struct {
		name   string
		req    Request
		rule   *Rule
		status int
		value  string
	}{
		{"POST", post, ErrMethodNotGet, 405, "POST"},
		{"lower-case method", lower, ErrMethodNotGet, 405, "get"},
		{"HTTP/1.0", http10, ErrHTTPVersion, 400, "HTTP/1.0"},
		{"HTTP/0.9", http09, ErrHTTPVersion, 400, "HTTP/0.9"},
		{"HTTP/+1.1", httpSign, ErrHTTPVersion, 400, "HTTP/+1.1"},
		{"HTTP/1", httpShort, ErrHTTPVersion, 400, "HTTP/1"},
		{"http/1.1", httpLower, ErrHTTPVersion, 400, "http/1.1"},
		{"missing Host", base.without("Host"), ErrMissingHost, 400, ""},
		{"empty Host", base.with("Host", ""), ErrMissingHost, 400, `""`},
		{"two Hosts", base.plus("Host", "other.example"), ErrMissingHost, 400, `"example.com, other.example"`},
		{"missing Upgrade", base.without("Upgrade"), ErrUpgradeHeader, 400, `""`},
		{"Upgrade: h2c", base.with("Upgrade", "h2c"), ErrUpgradeHeader, 400, `"h2c"`},
		{"Upgrade: websockets", base.with("Upgrade", "websockets"), ErrUpgradeHeader, 400, `"websockets"`},
		{"missing Connection", base.without("Connection"), ErrConnectionHeader, 400, `""`},
		{"Connection: keep-alive", base.with("Connection", "keep-alive"), ErrConnectionHeader, 400, `"keep-alive"`},
		{"Connection: Upgrade-ish", base.with("Connection", "Upgraded"), ErrConnectionHeader, 400, `"Upgraded"`},
		{"version 8", base.with("Sec-WebSocket-Version", "8"), ErrVersion, 426, `"8"`},
		{"version missing", base.without("Sec-WebSocket-Version"), ErrVersion, 426, `""`},
		{"two versions", base.plus("Sec-WebSocket-Version", "8"), ErrVersion, 426, `"13, 8"`},
		{"missing key", base.without("Sec-WebSocket-Key"), ErrMissingKey, 400, ""},
		{"duplicated key", base.plus("Sec-WebSocket-Key", rfcKey13), ErrMissingKey, 400, `"w4v7O6xFTi36lq3RNcgctw==, dGhlIHNhbXBsZSBub25jZQ=="`},
		{"empty key", base.with("Sec-WebSocket-Key", ""), ErrMissingKey, 400, ""},
		{"key of 15 bytes", base.with("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAA"), ErrInvalidKey, 400, "AAAAAAAAAAAAAAAAAAAA"},
		{"key of 17 bytes", base.with("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAAA="), ErrInvalidKey, 400, "AAAAAAAAAAAAAAAAAAAAAAA="},
		{"key not base64", base.with("Sec-WebSocket-Key", "this is not base64!!!!=="), ErrInvalidKey, 400, "this is not base64!!!!=="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := tt.req
			_, err := CheckRequest(&req)
			require.ErrorIs(t, err, tt.rule)
			var v *Violation
			require.True(t, errors.As(err, &v))
			assert.Equal(t, tt.status, v.Rule.HTTP)
			assert.Equal(t, tt.value, v.Value)
			assert.Equal(t, int64(-1), v.Offset, "a handshake rule is about a header, not a byte")
			assert.Contains(t, []string{"4.2.1", "4.4"}, v.Rule.Section)

			resp := Refusal(err)
			assert.Equal(t, tt.status, resp.Status)
			assert.NotEqual(t, "Error", resp.Reason, "a known reason phrase for %d", tt.status)
			assert.Contains(t, resp.Body, tt.rule.ID)
			wire := string(AppendResponse(nil, resp))
			assert.True(t, strings.HasPrefix(wire, "HTTP/1.1 "+strconv.Itoa(tt.status)+" "), wire)
			assert.Contains(t, wire, "\r\nContent-Length: "+strconv.Itoa(len(resp.Body))+"\r\n")
			assert.True(t, strings.HasSuffix(wire, "\r\n\r\n"+resp.Body), wire)
			hasVersion := resp.Headers.Get("Sec-WebSocket-Version") == "13"
			assert.Equal(t, tt.status == 426, hasVersion, "only 426 lists the versions")
		})
	}
}

func TestVersionRefusal(t *testing.T) {
	t.Parallel()
	req := baseRequest().with("Sec-WebSocket-Version", "8")
	_, err := CheckRequest(&req)
	require.ErrorIs(t, err, ErrVersion)
	assert.Equal(t, 426, ErrVersion.HTTP)
	assert.Equal(t, "4.4", ErrVersion.Section)
	resp := Refusal(err)
	assert.Equal(t, 426, resp.Status)
	assert.Equal(t, "Upgrade Required", resp.Reason)
	wire := string(AppendResponse(nil, resp))
	assert.Contains(t, wire, "HTTP/1.1 426 Upgrade Required\r\n")
	assert.Contains(t, wire, "\r\nSec-WebSocket-Version: 13\r\n")

	// A server that wraps the error still answers 426.
	wrapped := errors.Join(errors.New("handshake from 192.0.2.1"), err)
	assert.Equal(t, 426, Refusal(wrapped).Status)
	assert.Equal(t, "13", Refusal(wrapped).Headers.Get("Sec-WebSocket-Version"))
}

func TestRefusalWithoutViolation(t *testing.T) {
	t.Parallel()
	resp := Refusal(errors.New("boom"))
	assert.Equal(t, 400, resp.Status)
	assert.Equal(t, "Bad Request", resp.Reason)
	assert.Equal(t, "boom\n", resp.Body)

	resp = Refusal(nil)
	assert.Equal(t, 400, resp.Status)
	assert.Contains(t, resp.Body, ErrMalformedHTTP.Text)

	// A client-side rule has no HTTP status: a server falls back to 400.
	resp = Refusal(violation(ErrResponseAccept, -1, ""))
	assert.Equal(t, 400, resp.Status)
}

func TestCheckRequestAccepts(t *testing.T) {
	t.Parallel()
	base := baseRequest()
	http11 := func(p string) Request { r := base; r.Proto = p; return r }
	tests := []struct {
		name string
		req  Request
	}{
		{"minimal", base},
		{"Connection: keep-alive, Upgrade", base.with("Connection", "keep-alive, Upgrade")},
		{"Connection: upgrade lower case", base.with("Connection", "upgrade")},
		{"Connection split over two lines", base.without("Connection").plus("Connection", "keep-alive").plus("Connection", "Upgrade")},
		{"Upgrade: WebSocket", base.with("Upgrade", "WebSocket")},
		{"Upgrade list", base.with("Upgrade", "foo/2, websocket")},
		{"odd header case", Request{Method: "GET", Target: "/x", Proto: "HTTP/1.1", Headers: Headers{
			{"hOsT", "example.com"}, {"UPGRADE", "WEBSOCKET"}, {"connection", "UPGRADE"},
			{"sec-websocket-key", tutorialKey}, {"SEC-WEBSOCKET-VERSION", "13"},
		}}},
		{"spaces around the version and key", base.with("Sec-WebSocket-Version", " 13 ").with("Sec-WebSocket-Key", " "+tutorialKey+" ")},
		{"HTTP/1.2", http11("HTTP/1.2")},
		{"HTTP/2.0", http11("HTTP/2.0")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := tt.req
			u, err := CheckRequest(&req)
			require.NoError(t, err)
			assert.Equal(t, tutorialKey, u.Key)
			assert.Equal(t, tutorialAcc, u.Accept)
			assert.Equal(t, "example.com", u.Host)
		})
	}
}

func TestNewRequestRoundTrip(t *testing.T) {
	t.Parallel()
	c := ClientRequest{Host: "localhost:8080", Path: "/echo", Key: tutorialKey, Origin: "http://localhost:8080",
		Protocols: []string{"chat", "v2.chat"}, Extensions: []string{"permessage-deflate; client_max_window_bits"}}
	req := NewRequest(c)
	wire := AppendRequest(nil, req)
	assert.True(t, strings.HasPrefix(string(wire), "GET /echo HTTP/1.1\r\nHost: localhost:8080\r\n"), string(wire))
	assert.True(t, strings.HasSuffix(string(wire), "\r\n\r\n"))

	back, n, err := ParseRequest(wire)
	require.NoError(t, err)
	assert.Equal(t, len(wire), n)
	assert.Equal(t, req, back)

	u, err := CheckRequest(&back)
	require.NoError(t, err)
	assert.Equal(t, tutorialAcc, u.Accept)
	assert.Equal(t, []string{"chat", "v2.chat"}, u.Protocols)
	assert.Equal(t, []string{"permessage-deflate; client_max_window_bits"}, u.Extensions)
	assert.Equal(t, "http://localhost:8080", u.Origin)

	resp := Accepted(u, "v2.chat")
	rwire := AppendResponse(nil, resp)
	rback, n, err := ParseResponse(rwire)
	require.NoError(t, err)
	assert.Equal(t, len(rwire), n)
	assert.Equal(t, resp, rback)
	assert.NoError(t, CheckResponse(&rback, tutorialKey, c.Protocols, c.Extensions))

	// Defaults: path "/" and a fresh key.
	d := NewRequest(ClientRequest{Host: "h"})
	assert.Equal(t, "/", d.Target)
	assert.NoError(t, CheckKey(d.Headers.Get("Sec-WebSocket-Key")))
	assert.Empty(t, d.Headers.Values("Origin"))
	assert.Empty(t, d.Headers.Values("Sec-WebSocket-Protocol"))
	_, err = CheckRequest(&d)
	assert.NoError(t, err)
}

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

func TestParseRequestIncomplete(t *testing.T) {
	t.Parallel()
	for k := 0; k < len(rfcRequest); k++ {
		r, n, err := ParseRequest([]byte(rfcRequest[:k]))
		require.NoError(t, err, "prefix %d", k)
		require.Zero(t, n, "prefix %d", k)
		require.Equal(t, Request{}, r)
	}
	for k := 0; k < len(rfcResponse); k++ {
		r, n, err := ParseResponse([]byte(rfcResponse[:k]))
		require.NoError(t, err, "prefix %d", k)
		require.Zero(t, n, "prefix %d", k)
		require.Zero(t, r.Status)
	}
}

func TestParsePipelined(t *testing.T) {
	t.Parallel()
	frame := "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"
	r, n, err := ParseRequest([]byte(rfcRequest + frame))
	require.NoError(t, err)
	assert.Equal(t, len(rfcRequest), n, "n is the head's length")
	assert.Equal(t, frame, (rfcRequest + frame)[n:])
	assert.Equal(t, "/chat", r.Target)

	// Bytes that look like another blank line come after the head.
	body := "\r\n\r\nmore"
	_, n, err = ParseResponse([]byte(rfcResponse + body))
	require.NoError(t, err)
	assert.Equal(t, len(rfcResponse), n)
}

func TestParseLFOnly(t *testing.T) {
	t.Parallel()
	lf := strings.ReplaceAll(rfcRequest, "\r\n", "\n")
	r, n, err := ParseRequest([]byte(lf + "tail"))
	require.NoError(t, err)
	assert.Equal(t, len(lf), n)
	crlf, _, err := ParseRequest([]byte(rfcRequest))
	require.NoError(t, err)
	assert.Equal(t, crlf, r)
}

func TestParseMalformed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		head   string
		offset int64
	}{
		{"space before colon", "GET / HTTP/1.1\r\nHost : example.com\r\n\r\n", 16},
		{"second line bad", "GET / HTTP/1.1\r\nHost: a\r\nUpgrade websocket\r\n\r\n", 25},
		{"folded line", "GET / HTTP/1.1\r\nHost: a\r\n continued\r\n\r\n", 25},
		{"empty name", "GET / HTTP/1.1\r\n: value\r\n\r\n", 16},
		{"separator in name", "GET / HTTP/1.1\r\nX(y): value\r\n\r\n", 16},
		{"non-ASCII name", "GET / HTTP/1.1\r\nHöst: a\r\n\r\n", 16},
		{"request line of two parts", "GET /\r\nHost: a\r\n\r\n", 0},
		{"request line of four parts", "GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n", 0},
		{"double space", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 0},
		{"empty start line", "\r\nHost: a\r\n\r\n", 0},
		{"only a blank line", "\r\n\r\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, n, err := ParseRequest([]byte(tt.head + "after"))
			require.ErrorIs(t, err, ErrMalformedHTTP)
			assert.Equal(t, 400, ErrMalformedHTTP.HTTP)
			assert.NotZero(t, n, "the head is complete even though it is malformed")
			assert.LessOrEqual(t, n, len(tt.head))
			assert.Equal(t, tt.offset, err.(*Violation).Offset, "offset of the offending line")
			assert.Equal(t, 400, Refusal(err).Status)
		})
	}

	responses := []struct {
		name, head string
	}{
		{"status not a number", "HTTP/1.1 1O1 Switching Protocols\r\n\r\n"},
		{"status with a sign", "HTTP/1.1 +01 Switching Protocols\r\n\r\n"},
		{"negative status", "HTTP/1.1 -01 Switching Protocols\r\n\r\n"},
		{"status of 4 digits", "HTTP/1.1 1010 Switching Protocols\r\n\r\n"},
		{"not HTTP", "FTP/1.1 101 Switching Protocols\r\n\r\n"},
		{"no status", "HTTP/1.1\r\n\r\n"},
		{"space before colon", "HTTP/1.1 101 Switching Protocols\r\nUpgrade : websocket\r\n\r\n"},
	}
	for _, tt := range responses {
		t.Run("response "+tt.name, func(t *testing.T) {
			t.Parallel()
			_, n, err := ParseResponse([]byte(tt.head))
			require.ErrorIs(t, err, ErrMalformedHTTP)
			assert.Equal(t, len(tt.head), n)
		})
	}

	t.Run("response without reason", func(t *testing.T) {
		t.Parallel()
		r, _, err := ParseResponse([]byte("HTTP/1.1 101\r\n\r\n"))
		require.NoError(t, err)
		assert.Equal(t, 101, r.Status)
		assert.Empty(t, r.Reason)
	})
}

func TestHeaders(t *testing.T) {
	t.Parallel()
	hs := Headers{
		{"Connection", "keep-alive, Upgrade"},
		{"connection", " , close ,,"},
		{"Host", "a"},
	}
	assert.Equal(t, []string{"keep-alive, Upgrade", " , close ,,"}, hs.Values("CONNECTION"))
	assert.Equal(t, "keep-alive, Upgrade", hs.Get("connection"))
	assert.Equal(t, "", hs.Get("Upgrade"))
	assert.Nil(t, hs.Values("Upgrade"))
	assert.Equal(t, []string{"keep-alive", "Upgrade", "close"}, hs.Tokens("Connection"))
	assert.True(t, hs.hasToken("connection", "UPGRADE"))
	assert.False(t, hs.hasToken("connection", "upgrad"))
}
