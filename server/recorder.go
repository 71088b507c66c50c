package main

import (
	"net"
	"net/http"
	"sync"
)

// recordingListener hands net/http connections that remember the bytes they
// read, so that the /ws handler can show the upgrade request exactly as it
// arrived (header order, letter case, spacing), not as net/http parsed it.
type recordingListener struct {
	net.Listener
	limit int // bytes kept per request head; beyond it the copy is abandoned
}

func (l recordingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &recordingConn{Conn: c, limit: l.limit, on: true}, nil
}

// recordingConn copies what net/http reads, up to limit bytes, from the start
// of the current request. net/http reads one request at a time; the server's
// ConnState hook calls restart when a request is done (StateIdle), so the
// copy always starts at the request being served.
type recordingConn struct {
	net.Conn
	limit int

	mu       sync.Mutex
	on       bool // still recording
	overflow bool // the head outgrew limit; the copy is incomplete
	rec      []byte
}

func (c *recordingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.mu.Lock()
		if c.on && !c.overflow {
			if len(c.rec)+n > c.limit {
				c.overflow, c.rec = true, nil
			} else {
				c.rec = append(c.rec, p[:n]...)
			}
		}
		c.mu.Unlock()
	}
	return n, err
}

// restart forgets the finished request. A client that pipelined its next
// request loses its copy (the handler then rebuilds the head), which no
// browser does.
func (c *recordingConn) restart() {
	c.mu.Lock()
	c.rec, c.overflow = c.rec[:0], false
	c.mu.Unlock()
}

// stop ends recording and returns what was read since the request began,
// or nil when the copy is incomplete.
func (c *recordingConn) stop() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	rec := c.rec
	if c.overflow {
		rec = nil
	}
	c.on, c.rec = false, nil
	return rec
}

// trackRequests is the http.Server ConnState hook that keeps each copy
// aligned on its request.
func trackRequests(c net.Conn, state http.ConnState) {
	rc, ok := c.(*recordingConn)
	if !ok {
		return
	}
	switch state {
	case http.StateIdle:
		rc.restart()
	case http.StateClosed:
		rc.stop()
	}
}
