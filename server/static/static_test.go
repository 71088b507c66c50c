package static

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server/internal/testutil"
)

// ServeMux cleans paths before routing; the file handler must also stay
// inside its FS when called without it.
func TestStaticFilesStayInside(t *testing.T) {
	t.Parallel()
	s := staticFiles{files: fakeSite}
	for _, path := range []string{"/../index.html", "/data/../../index.html"} {
		name, ok := s.resolve(path)
		assert.True(t, ok, path)
		assert.Equal(t, "index.html", name, path)
	}
	_, ok := s.resolve("/../../go.mod")
	assert.False(t, ok)
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
	t.Parallel()
	h := Handler(fakeSite)
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
		res := testutil.Get(t, h, "GET", c.path, c.acceptEncoding)
		require.Equal(t, http.StatusOK, res.StatusCode, name)
		assert.Equal(t, c.wantEncoding, res.Header.Get("Content-Encoding"), name)
		assert.Equal(t, c.wantBody, testutil.Body(t, res), name)
		if c.wantVary {
			assert.Equal(t, "Accept-Encoding", res.Header.Get("Vary"), name)
		} else {
			assert.Empty(t, res.Header.Get("Vary"), name)
		}
	}
}

func TestPrecompressedLengthAndRange(t *testing.T) {
	t.Parallel()
	h := Handler(fakeSite)
	for _, method := range []string{"GET", "HEAD"} {
		res := testutil.Get(t, h, method, "/app.wasm", "br")
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
	t.Parallel()
	h := Handler(fakeSite)
	for _, ae := range []string{"br", "gzip", ""} {
		assert.Equal(t, "application/wasm", testutil.Get(t, h, "GET", "/app.wasm", ae).Header.Get("Content-Type"), ae)
	}
	assert.Equal(t, "text/javascript; charset=utf-8", testutil.Get(t, h, "GET", "/only-gz.js", "gzip").Header.Get("Content-Type"))
	assert.Equal(t, "application/octet-stream", testutil.Get(t, h, "GET", "/data/notes.bin", "").Header.Get("Content-Type"))
}
