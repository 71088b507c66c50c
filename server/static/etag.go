package static

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"io/fs"
	"sync"
	"time"
)

// etags remembers each served file's entity tag (RFC 9110 section 8.8.3):
// a digest of its bytes, so that a browser revalidating with If-None-Match
// gets 304 Not Modified instead of the file again. A reloaded page then
// reads wsplay.wasm from its cache, and Chromium can reuse the code it
// compiled from it. The key includes size and modification time, so a file
// that changes on disk gets a new tag; embedded files never change.
type etags struct{ m sync.Map } // etagKey → string

type etagKey struct {
	name string
	size int64
	mod  time.Time
}

// of returns the quoted strong tag of name in files, computing it once.
// Each encoding (name.br, name.gz) is its own file with its own tag, as
// section 8.8.3 asks of representations that differ.
func (e *etags) of(files fs.FS, name string) (string, bool) {
	info, err := fs.Stat(files, name)
	if err != nil {
		return "", false
	}
	key := etagKey{name: name, size: info.Size(), mod: info.ModTime()}
	if tag, ok := e.m.Load(key); ok {
		return tag.(string), true
	}
	f, err := files.Open(name)
	if err != nil {
		return "", false
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", false
	}
	tag := `"` + base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:12]) + `"`
	e.m.Store(key, tag)
	return tag, true
}
