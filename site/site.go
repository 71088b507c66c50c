// Package site holds the static playground page. It lives in site/ because
// go:embed cannot reach into a parent directory, and the server embeds it so
// that bin/wsplay is one self-contained binary.
package site

import "embed"

// Files is the page and its assets: index.html, embed.html (one section for
// an iframe), css, js, i18n and wasm. wasm/ always holds boot.js; the build
// adds wsplay.wasm, wasm_exec.js and their .br/.gz twins, so a fresh clone
// without a wasm build still compiles.
//
//go:embed index.html embed.html room.html css js i18n wasm
var Files embed.FS
