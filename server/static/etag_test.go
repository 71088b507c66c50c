package static

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func get(h http.Handler, path, acceptEncoding, ifNoneMatch string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", path, nil)
	if acceptEncoding != "" {
		r.Header.Set("Accept-Encoding", acceptEncoding)
	}
	if ifNoneMatch != "" {
		r.Header.Set("If-None-Match", ifNoneMatch)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// Every file carries a strong ETag of its own bytes, one per encoding; a
// browser that sends it back gets 304 and no body, and a changed file gets a
// new tag.
func TestETagsRevalidate(t *testing.T) {
	t.Parallel()
	h := Handler(fakeSite)
	br := get(h, "/app.wasm", "br", "")
	plain := get(h, "/app.wasm", "", "")
	require.Equal(t, http.StatusOK, br.Code)
	tag := br.Header().Get("ETag")
	assert.Regexp(t, `^"[A-Za-z0-9_-]{16}"$`, tag)
	assert.NotEqual(t, tag, plain.Header().Get("ETag"), "each encoding is its own representation")
	assert.Equal(t, tag, get(h, "/app.wasm", "br", "").Header().Get("ETag"), "the same bytes, the same tag")

	again := get(h, "/app.wasm", "br", tag)
	assert.Equal(t, http.StatusNotModified, again.Code)
	assert.Empty(t, again.Body.Bytes())
	assert.Equal(t, http.StatusOK, get(h, "/app.wasm", "", tag).Code, "the brotli tag does not match the plain file")
	assert.Equal(t, http.StatusNotModified, get(h, "/", "", get(h, "/", "", "").Header().Get("ETag")).Code, "index.html too")

	changed := fstest.MapFS{"app.wasm": {Data: []byte("\x00asm other bytes")}}
	assert.NotEqual(t, plain.Header().Get("ETag"), get(Handler(changed), "/app.wasm", "", "").Header().Get("ETag"))
}
