package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/site"
)

// get sends one request to h in memory and returns the recorded response.
func get(t *testing.T, h http.Handler, method, target, acceptEncoding string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return string(b)
}

func TestHealthz(t *testing.T) {
	res := get(t, newMux(config{Files: site.Files}), "GET", "/healthz", "")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "ok", body(t, res))
}

func TestRealSiteContentTypes(t *testing.T) {
	h := newMux(config{Files: site.Files})
	for path, want := range map[string]string{
		"/":             "text/html; charset=utf-8",
		"/index.html":   "text/html; charset=utf-8",
		"/css/site.css": "text/css; charset=utf-8",
		"/js/main.js":   "text/javascript; charset=utf-8",
		"/wasm/boot.js": "text/javascript; charset=utf-8",
	} {
		res := get(t, h, "GET", path, "")
		assert.Equal(t, http.StatusOK, res.StatusCode, path)
		assert.Equal(t, want, res.Header.Get("Content-Type"), path)
		assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"), path)
	}
	assert.Contains(t, body(t, get(t, h, "GET", "/", "")), "<title>wsplay — RFC 6455 playground</title>")
}

// TestRealSiteWasm checks the embedded build output when make build has run.
func TestRealSiteWasm(t *testing.T) {
	if _, err := fs.Stat(site.Files, "wasm/wsplay.wasm"); err != nil {
		t.Skip("site/wasm/wsplay.wasm is not built; run make build")
	}
	res := get(t, newMux(config{Files: site.Files}), "GET", "/wasm/wsplay.wasm", "")
	assert.Equal(t, "application/wasm", res.Header.Get("Content-Type"))
	assert.True(t, strings.HasPrefix(body(t, res), "\x00asm"), "identity response is raw WebAssembly")
}

func TestNotFound(t *testing.T) {
	h := newMux(config{Files: site.Files})
	for _, path := range []string{"/nope", "/css/", "/site.go", "/wasm/missing.wasm"} {
		assert.Equal(t, http.StatusNotFound, get(t, h, "GET", path, "").StatusCode, path)
	}
}

// ServeMux cleans paths before routing; the file handler must also stay
// inside its FS when called without it.
func TestStaticFilesStayInside(t *testing.T) {
	s := staticFiles{files: fakeSite}
	for _, path := range []string{"/../index.html", "/data/../../index.html"} {
		name, ok := s.resolve(path)
		assert.True(t, ok, path)
		assert.Equal(t, "index.html", name, path)
	}
	_, ok := s.resolve("/../../go.mod")
	assert.False(t, ok)
}

func TestOnlyGetAndHead(t *testing.T) {
	h := newMux(config{Files: site.Files})
	head := get(t, h, "HEAD", "/css/site.css", "")
	assert.Equal(t, http.StatusOK, head.StatusCode)
	assert.Empty(t, body(t, head))
	assert.Equal(t, http.StatusMethodNotAllowed, get(t, h, "POST", "/", "").StatusCode)
}

// fakeSite has known bytes per variant so a test can tell which one came back.
var fakeSite = fstest.MapFS{
	"index.html":     {Data: []byte("<!doctype html>")},
	"app.wasm":       {Data: []byte("\x00asm identity")},
	"app.wasm.br":    {Data: []byte("brotli bytes")},
	"app.wasm.gz":    {Data: []byte("gzip bytes")},
	"only-gz.js":     {Data: []byte("identity js")},
	"only-gz.js.gz":  {Data: []byte("gzip js")},
	"plain.css":      {Data: []byte("body{}")},
	"data/notes.bin": {Data: []byte{1, 2, 3}},
}

func TestPrecompressedNegotiation(t *testing.T) {
	h := newMux(config{Files: fakeSite})
	cases := []struct {
		path, acceptEncoding string
		wantEncoding         string
		wantBody             string
		wantVary             bool
	}{
		{"/app.wasm", "gzip, deflate, br, zstd", "br", "brotli bytes", true},
		{"/app.wasm", "BR", "br", "brotli bytes", true},
		{"/app.wasm", "gzip", "gzip", "gzip bytes", true},
		{"/app.wasm", "br;q=0, gzip;q=0.5", "gzip", "gzip bytes", true},
		{"/app.wasm", "gzip;q=0", "", "\x00asm identity", true},
		{"/app.wasm", "", "", "\x00asm identity", true},
		{"/app.wasm", "identity", "", "\x00asm identity", true},
		{"/only-gz.js", "br, gzip", "gzip", "gzip js", true},
		{"/only-gz.js", "br", "", "identity js", true},
		{"/plain.css", "br, gzip", "", "body{}", false},
	}
	for _, c := range cases {
		name := c.path + " with " + c.acceptEncoding
		res := get(t, h, "GET", c.path, c.acceptEncoding)
		require.Equal(t, http.StatusOK, res.StatusCode, name)
		assert.Equal(t, c.wantEncoding, res.Header.Get("Content-Encoding"), name)
		assert.Equal(t, c.wantBody, body(t, res), name)
		if c.wantVary {
			assert.Equal(t, "Accept-Encoding", res.Header.Get("Vary"), name)
		} else {
			assert.Empty(t, res.Header.Get("Vary"), name)
		}
	}
}

func TestPrecompressedLengthAndRange(t *testing.T) {
	h := newMux(config{Files: fakeSite})
	for _, method := range []string{"GET", "HEAD"} {
		res := get(t, h, method, "/app.wasm", "br")
		assert.Equal(t, "12", res.Header.Get("Content-Length"), method+": length of app.wasm.br")
	}

	req := httptest.NewRequest("GET", "/app.wasm", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("Range", "bytes=0-3")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusPartialContent, rec.Code)
	assert.Equal(t, "4", rec.Header().Get("Content-Length"))
	assert.Equal(t, "gzip", rec.Body.String())
}

func TestContentTypeIgnoresEncoding(t *testing.T) {
	h := newMux(config{Files: fakeSite})
	for _, ae := range []string{"br", "gzip", ""} {
		assert.Equal(t, "application/wasm", get(t, h, "GET", "/app.wasm", ae).Header.Get("Content-Type"), ae)
	}
	assert.Equal(t, "text/javascript; charset=utf-8", get(t, h, "GET", "/only-gz.js", "gzip").Header.Get("Content-Type"))
	assert.Equal(t, "application/octet-stream", get(t, h, "GET", "/data/notes.bin", "").Header.Get("Content-Type"))
}

func TestLogRequests(t *testing.T) {
	var buf bytes.Buffer
	h := newMux(config{Files: fakeSite, Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	get(t, h, "GET", "/nope", "")

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

func TestParseConfig(t *testing.T) {
	env := func(m map[string]string) func(string) string {
		return func(k string) string { return m[k] }
	}

	cfg, err := parseConfig(nil, env(nil), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:8080", cfg.Addr)
	assert.Equal(t, slog.LevelInfo, cfg.LogLevel)
	assert.Equal(t, "text", cfg.LogFormat)
	assert.NotNil(t, cfg.Files)

	cfg, err = parseConfig(nil, env(map[string]string{"WSPLAY_ADDR": "127.0.0.1:9999", "WSPLAY_LOG_LEVEL": "debug"}), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:9999", cfg.Addr)
	assert.Equal(t, slog.LevelDebug, cfg.LogLevel)

	cfg, err = parseConfig([]string{"-addr", "127.0.0.1:7000"}, env(map[string]string{"WSPLAY_ADDR": "127.0.0.1:9999"}), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:7000", cfg.Addr, "a flag beats the environment")

	for _, args := range [][]string{{"-log-level", "loud"}, {"-log-format", "xml"}, {"-nope"}, {"extra"},
		{"-max-message", "0"}, {"-max-message", "2GiB"}, {"-max-message", "1MB"}, {"-max-conns", "0"},
		{"-idle-timeout", "-1s"}, {"-write-timeout", "0"}, {"-origins", "docs.example.org"}} {
		_, err := parseConfig(args, env(nil), io.Discard)
		assert.Error(t, err, args)
	}
}

func TestParseConfigOperationFlags(t *testing.T) {
	env := func(m map[string]string) func(string) string {
		return func(k string) string { return m[k] }
	}
	cfg, err := parseConfig(nil, env(nil), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 1<<20, cfg.MaxMessage)
	assert.Equal(t, 10000, cfg.MaxConns)
	assert.Equal(t, 20*time.Second, cfg.PingInterval)
	assert.Equal(t, 2*time.Minute, cfg.IdleTimeout)
	assert.Equal(t, 10*time.Second, cfg.HandshakeTimeout)
	assert.Empty(t, cfg.Origins, "by default only the server's own host")

	cfg, err = parseConfig([]string{"-max-message", "64KiB", "-ping-interval", "0", "-origins", "https://docs.example.org, http://localhost:3000"},
		env(map[string]string{"WSPLAY_MAX_CONNS": "5", "WSPLAY_MAX_MESSAGE": "1MiB", "WSPLAY_IDLE_TIMEOUT": "30s"}), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 64<<10, cfg.MaxMessage, "a flag beats the environment")
	assert.Equal(t, 5, cfg.MaxConns)
	assert.Equal(t, 30*time.Second, cfg.IdleTimeout)
	assert.Zero(t, cfg.PingInterval, "0 turns pings off")
	assert.Equal(t, []string{"https://docs.example.org", "http://localhost:3000"}, cfg.Origins)

	_, err = parseConfig(nil, env(map[string]string{"WSPLAY_MAX_MESSAGE": "lots"}), io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "WSPLAY_MAX_MESSAGE", "a bad variable is named")
}

// syncBuffer lets the test read logs while run writes them.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor waits until the logs hold want. The server logs a connection after
// its answer is on the wire, so a client can see the answer first.
func (b *syncBuffer) waitFor(t *testing.T, want string) {
	t.Helper()
	require.Eventually(t, func() bool { return strings.Contains(b.String(), want) },
		ioTimeout, time.Millisecond, "no %q in the logs:\n%s", want, b)
}

func TestRunServesThenShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-log-format", "json"}, func(string) string { return "" }, logs)
	}()

	var url string
	require.Eventually(t, func() bool {
		sc := bufio.NewScanner(strings.NewReader(logs.String()))
		for sc.Scan() {
			var line struct{ Msg, URL string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "listening" {
				url = line.URL
				return true
			}
		}
		return false
	}, 5*time.Second, 10*time.Millisecond, "no listening log line: %s", logs)
	require.True(t, strings.HasPrefix(url, "http://127.0.0.1:"), url)

	res, err := http.Get(url + "/healthz")
	require.NoError(t, err)
	assert.Equal(t, "ok", body(t, res))
	res.Body.Close()

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(shutdownTimeout + 5*time.Second):
		t.Fatal("run did not return after its context ended")
	}
	assert.Contains(t, logs.String(), `"msg":"stopped"`)
}

func TestRunFailsOnBusyPort(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	err := run(context.Background(), []string{"-addr", addr}, func(string) string { return "" }, io.Discard)
	assert.Error(t, err)
}
