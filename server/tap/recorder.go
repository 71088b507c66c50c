package tap

import (
	"net"
	"net/http"
	"sync"
)

// Record wraps ln so that every connection remembers the last bytes it read:
// at least limit of them (make it at least a request head). Use
// TrackRequests as the http.Server's ConnState hook with it, and Unwrap in
// the handler that takes the connection over.
func Record(ln net.Listener, limit int) net.Listener {
	return recordingListener{Listener: ln, limit: limit}
}

// recordingListener hands net/http connections that remember the bytes they
// read, so that the /ws handler can show the upgrade request exactly as it
// arrived (header order, letter case, spacing), not as net/http parsed it.
type recordingListener struct {
	net.Listener
	limit int // bytes of history kept per connection, at least one request head
}

func (l recordingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &recordingConn{Conn: c, limit: l.limit, on: true}, nil
}

// readAhead is how much of the next request net/http may have read by the
// time it reports a request done: its bufio.Reader (4 KiB) plus the one byte
// its background read takes while a response is being written.
const readAhead = 4096 + 1

// recordingConn keeps the last bytes net/http read: at least limit of them,
// and never more than twice that. Where the request head starts is found
// later, from where it ends (see HeadOf); nothing here has to guess where one
// request stops and the next begins.
type recordingConn struct {
	net.Conn
	limit int

	mu  sync.Mutex
	on  bool // still recording
	rec []byte
}

func (c *recordingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.mu.Lock()
		if c.on {
			c.rec = append(c.rec, p[:n]...)
			if len(c.rec) > 2*c.limit {
				// Dropping in halves keeps the copying linear in what is read.
				c.rec = append(c.rec[:0], c.rec[len(c.rec)-c.limit:]...)
			}
		}
		c.mu.Unlock()
	}
	return n, err
}

// forget drops the bytes of finished requests, to keep an idle keep-alive
// connection small. It keeps readAhead bytes: the next request may already
// have begun to arrive.
func (c *recordingConn) forget() {
	c.mu.Lock()
	tail := c.rec[max(0, len(c.rec)-readAhead):]
	if cap(c.rec) > 2*readAhead {
		c.rec = append([]byte(nil), tail...) // let a long head's buffer go
	} else {
		c.rec = append(c.rec[:0], tail...)
	}
	c.mu.Unlock()
}

// stop ends recording and returns what it kept.
func (c *recordingConn) stop() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	rec := c.rec
	c.on, c.rec = false, nil
	return rec
}

// Unwrap ends the recording of a hijacked connection and returns what it
// recorded (nil when nc was not recorded) and the connection under the
// recorder, so that later reads pay nothing for it and reach the socket's
// RawConn.
func Unwrap(nc net.Conn) (recorded []byte, inner net.Conn) {
	if rc, ok := nc.(*recordingConn); ok {
		return rc.stop(), rc.Conn
	}
	return nil, nc
}

// TrackRequests is the http.Server ConnState hook that keeps each copy small
// between requests.
func TrackRequests(c net.Conn, state http.ConnState) {
	rc, ok := c.(*recordingConn)
	if !ok {
		return
	}
	switch state {
	case http.StateIdle:
		rc.forget()
	case http.StateClosed:
		rc.stop()
	}
}
