package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/site"
)

// cspDirectives splits a Content-Security-Policy into its directives.
func cspDirectives(t *testing.T, policy string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, d := range strings.Split(policy, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		require.NotContains(t, out, name, "directive %s twice", name)
		out[name] = value
	}
	return out
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	h := newHandler(t, Config{Files: site.Files})
	for _, path := range []string{"/", "/index.html", "/embed.html", "/js/main.js", "/healthz", "/nope", "/tap?tap=bad"} {
		res := testutil.Get(t, h, "GET", path, "")
		assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"), path)
		assert.Equal(t, "no-referrer", res.Header.Get("Referrer-Policy"), path)
		require.NotEmpty(t, res.Header.Get("Content-Security-Policy"), path)
	}

	page := testutil.Get(t, h, "GET", "/", "")
	csp := cspDirectives(t, page.Header.Get("Content-Security-Policy"))
	assert.Equal(t, "'self'", csp["default-src"])
	assert.Equal(t, "'self' 'wasm-unsafe-eval'", csp["script-src"], "own scripts and WebAssembly, no inline script, no eval")
	assert.Equal(t, "'self'", csp["style-src"], "no inline styles")
	assert.Equal(t, "'self' ws://example.com wss://example.com", csp["connect-src"], "httptest's Host is example.com")
	assert.Equal(t, "'none'", csp["object-src"])
	assert.Equal(t, "'none'", csp["base-uri"])
	assert.Equal(t, "'none'", csp["form-action"])
	assert.Equal(t, "'self'", csp["frame-ancestors"], "the full page is framed by itself only")
	assert.Equal(t, "SAMEORIGIN", page.Header.Get("X-Frame-Options"))

	embed := testutil.Get(t, h, "GET", "/embed.html", "")
	assert.Equal(t, "*", cspDirectives(t, embed.Header.Get("Content-Security-Policy"))["frame-ancestors"], "any site may embed embed.html")
	assert.Empty(t, embed.Header.Get("X-Frame-Options"), "it would forbid what frame-ancestors allows")

	ancestors, err := ParseFrameAncestors("https://docs.example.org, 'self'")
	require.NoError(t, err)
	embed = testutil.Get(t, newHandler(t, Config{Files: site.Files, FrameAncestors: ancestors}), "GET", "/embed.html", "")
	assert.Equal(t, "https://docs.example.org 'self'", cspDirectives(t, embed.Header.Get("Content-Security-Policy"))["frame-ancestors"])
}

// The Host header is the client's; it only joins the policy when it cannot
// add a directive of its own.
func TestSecurityHeadersHostInjection(t *testing.T) {
	t.Parallel()
	h := newHandler(t, Config{Files: site.Files})
	for _, host := range []string{"evil.example;script-src *", "a b", "evil.example'", strings.Repeat("a", 300)} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		csp := cspDirectives(t, rec.Header().Get("Content-Security-Policy"))
		assert.Equal(t, "'self'", csp["connect-src"], host)
		assert.Equal(t, "'self' 'wasm-unsafe-eval'", csp["script-src"], host)
	}
	for _, host := range []string{"localhost:8080", "[::1]:8080", "ws.example.org"} {
		assert.Equal(t, " ws://"+host+" wss://"+host, selfSockets(host))
	}
	assert.Equal(t, http.StatusOK, testutil.Get(t, h, "GET", "/", "").StatusCode)
}
