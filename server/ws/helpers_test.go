package ws

import (
	"time"
)

// testServer is a Server with small, fixed limits and the plainest helpers
// (no logs, no per-address cap, every origin), for tests that drive
// connections without HTTP.
func testServer(maxMessage int) *Server {
	return NewServer(Config{
		MaxMessage: maxMessage, MaxConns: 100, MaxHeaderBytes: 16 << 10,
		HandshakeTimeout: time.Second, WriteTimeout: time.Second, CloseTimeout: time.Second,
		TapFrameBytes: 1 << 10,
	})
}
