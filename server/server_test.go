package server

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/site"
)

func TestHealthz(t *testing.T) {
	t.Parallel()
	res := testutil.Get(t, newHandler(t, Config{Files: site.Files}), "GET", "/healthz", "")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "ok", testutil.Body(t, res))
}

func TestRealSiteContentTypes(t *testing.T) {
	t.Parallel()
	h := newHandler(t, Config{Files: site.Files})
	for path, want := range map[string]string{
		"/":             "text/html; charset=utf-8",
		"/index.html":   "text/html; charset=utf-8",
		"/css/site.css": "text/css; charset=utf-8",
		"/js/main.js":   "text/javascript; charset=utf-8",
		"/wasm/boot.js": "text/javascript; charset=utf-8",
	} {
		res := testutil.Get(t, h, "GET", path, "")
		assert.Equal(t, http.StatusOK, res.StatusCode, path)
		assert.Equal(t, want, res.Header.Get("Content-Type"), path)
		assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"), path)
	}
	assert.Contains(t, testutil.Body(t, testutil.Get(t, h, "GET", "/", "")), "<title>wsplay — RFC 6455 playground</title>")
}

// TestRealSiteWasm checks the embedded build output when make build has run.
func TestRealSiteWasm(t *testing.T) {
	t.Parallel()
	if _, err := fs.Stat(site.Files, "wasm/wsplay.wasm"); err != nil {
		t.Skip("site/wasm/wsplay.wasm is not built; run make build")
	}
	res := testutil.Get(t, newHandler(t, Config{Files: site.Files}), "GET", "/wasm/wsplay.wasm", "")
	assert.Equal(t, "application/wasm", res.Header.Get("Content-Type"))
	assert.True(t, strings.HasPrefix(testutil.Body(t, res), "\x00asm"), "identity response is raw WebAssembly")
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	h := newHandler(t, Config{Files: site.Files})
	for _, path := range []string{"/nope", "/css/", "/site.go", "/wasm/missing.wasm"} {
		assert.Equal(t, http.StatusNotFound, testutil.Get(t, h, "GET", path, "").StatusCode, path)
	}
}

func TestOnlyGetAndHead(t *testing.T) {
	t.Parallel()
	h := newHandler(t, Config{Files: site.Files})
	head := testutil.Get(t, h, "HEAD", "/css/site.css", "")
	assert.Equal(t, http.StatusOK, head.StatusCode)
	assert.Empty(t, testutil.Body(t, head))
	assert.Equal(t, http.StatusMethodNotAllowed, testutil.Get(t, h, "POST", "/", "").StatusCode)
}

func TestLogRequests(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	h := newHandler(t, Config{Files: fstest.MapFS{}, Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	testutil.Get(t, h, "GET", "/nope", "")

	var line struct {
		Msg, Method, Path string
		Status            int
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &line), buf.String())
	assert.Equal(t, "http", line.Msg)
	assert.Equal(t, "GET", line.Method)
	assert.Equal(t, "/nope", line.Path)
	assert.Equal(t, http.StatusNotFound, line.Status)
}

// The logging wrapper must not hide http.Hijacker: the WebSocket upgrade needs it.
func TestLogRequestsKeepsHijacker(t *testing.T) {
	t.Parallel()
	h := logRequests(slog.New(slog.NewTextHandler(io.Discard, nil)), nil, http.HandlerFunc(
		func(w http.ResponseWriter, _ *http.Request) {
			conn, rw, err := w.(http.Hijacker).Hijack()
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			defer conn.Close()
			_, _ = rw.WriteString("HTTP/1.1 299 Hijacked\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
			_ = rw.Flush()
		}))
	srv := httptest.NewServer(h) // listens on 127.0.0.1
	defer srv.Close()

	res, err := http.Get(srv.URL)
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, 299, res.StatusCode)
}
