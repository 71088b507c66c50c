// Package static serves the embedded site: each file with the content type
// the page needs, and its precompressed twin (name.br, name.gz) when the
// client accepts that encoding.
package static

import (
	"bytes"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// contentTypes pins the types the page depends on. mime.TypeByExtension reads
// the host's mime.types, which may lack .wasm, and instantiateStreaming
// refuses anything but application/wasm.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".wasm": "application/wasm",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".txt":  "text/plain; charset=utf-8",
}

// Handler serves files, preferring a precompressed twin (name.br, name.gz)
// of the requested file when the client accepts that encoding. Directories
// mean their index.html; only files inside files are ever reached.
func Handler(files fs.FS) http.Handler { return staticFiles{files: files} }

type staticFiles struct{ files fs.FS }

func (s staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := s.resolve(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentType(name))
	h.Set("X-Content-Type-Options", "nosniff")
	// Assets are not fingerprinted yet, so make browsers revalidate.
	h.Set("Cache-Control", "no-cache")

	served := name
	varies := false
	for _, enc := range encodings {
		if !s.isFile(name + enc.suffix) {
			continue
		}
		varies = true
		if served == name && accepts(r.Header.Values("Accept-Encoding"), enc.name) {
			served = name + enc.suffix
			h.Set("Content-Encoding", enc.name)
		}
	}
	if varies {
		h.Add("Vary", "Accept-Encoding")
	}

	content, size, err := s.open(served)
	if err != nil {
		http.Error(w, "cannot read "+served, http.StatusInternalServerError)
		return
	}
	defer content.Close()
	if served != name {
		// ServeContent omits Content-Length once Content-Encoding is set
		// (it assumes on-the-fly compression); ours is precomputed, so the
		// size is known. A Range request still gets its own length.
		h.Set("Content-Length", strconv.FormatInt(size, 10))
	}
	http.ServeContent(w, r, "", time.Time{}, content)
}

// resolve maps a URL path to a file name in the FS; directories mean their
// index.html.
func (s staticFiles) resolve(urlPath string) (string, bool) {
	name := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if name == "" {
		name = "."
	}
	info, err := fs.Stat(s.files, name)
	if err != nil {
		return "", false
	}
	if info.IsDir() {
		name = path.Join(name, "index.html")
		if !s.isFile(name) {
			return "", false
		}
	}
	return name, true
}

func (s staticFiles) isFile(name string) bool {
	info, err := fs.Stat(s.files, name)
	return err == nil && !info.IsDir()
}

// readSeekCloser is what http.ServeContent needs (for Range requests).
type readSeekCloser interface {
	io.ReadSeeker
	io.Closer
}

// open returns the file's content and size.
func (s staticFiles) open(name string) (readSeekCloser, int64, error) {
	f, err := s.files.Open(name)
	if err != nil {
		return nil, 0, err
	}
	if rs, ok := f.(readSeekCloser); ok { // embed.FS files seek
		info, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, 0, err
		}
		return rs, info.Size(), nil
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, 0, err
	}
	return nopCloser{bytes.NewReader(b)}, int64(len(b)), nil
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}
