package protocol

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
		// U+212A KELVIN SIGN folds to k in Unicode, not in HTTP's ASCII.
		{"Upgrade: websoc\u212Aet", base.with("Upgrade", "websoc\u212Aet"), ErrUpgradeHeader, 400, "\"websoc\u212Aet\""},
		{"Connection: upgrade with a long s", base.with("Connection", "up\u017Fgrade"), ErrConnectionHeader, 400, `"upſgrade"`},
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
