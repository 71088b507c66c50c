// Package gorillapeer is an echo server built on github.com/gorilla/websocket,
// for tests and measurements only: an independent implementation to check
// wsplay's own client against, and a reference to compare wsplay's server
// with. Nothing that ships imports it.
package gorillapeer

import (
	"io"
	"net/http"

	"github.com/gorilla/websocket"
)

// upgrader keeps gorilla's defaults (4 KiB buffers taken from net/http's
// connection), so memory figures compare with gorilla as people use it.
// Load tools send no Origin; browsers in tests send the server's own.
var upgrader = websocket.Upgrader{}

// compressing is the same with EnableCompression: gorilla then accepts
// permessage-deflate in its one mode, no context takeover either way, and
// compresses what it writes.
var compressing = websocket.Upgrader{EnableCompression: true}

// MaxMessage is the largest message the peer accepts, as wsplay's default.
const MaxMessage = 1 << 20

// Echo upgrades the request and echoes every message with its opcode until
// the client closes; gorilla answers pings and echoes the close code itself.
func Echo(w http.ResponseWriter, r *http.Request) { echo(upgrader, w, r) }

// EchoCompressed is Echo with compression accepted when offered.
func EchoCompressed(w http.ResponseWriter, r *http.Request) { echo(compressing, w, r) }

func echo(up websocket.Upgrader, w http.ResponseWriter, r *http.Request) {
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return // gorilla has written the refusal
	}
	defer ws.Close()
	ws.SetReadLimit(MaxMessage)
	for {
		op, rd, err := ws.NextReader()
		if err != nil {
			return
		}
		wr, err := ws.NextWriter(op)
		if err != nil {
			return
		}
		if _, err := io.Copy(wr, rd); err != nil {
			return
		}
		if err := wr.Close(); err != nil {
			return
		}
	}
}
