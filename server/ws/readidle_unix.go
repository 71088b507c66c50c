//go:build unix

package ws

import (
	"io"
	"net"
	"os"
	"syscall"
	"time"

	"github.com/wsplay/wsplay/server/internal/bufpool"
)

// rawConnOf returns the socket under nc, for reads that wait without a buffer.
func rawConnOf(nc net.Conn) syscall.RawConn {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return nil
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return raw
}

// readIdle waits for the next bytes while holding no buffer. RawConn.Read
// calls readFD, which borrows a buffer only for the non-blocking read itself:
// when the socket has nothing (EAGAIN) the buffer goes back to the pool and
// the goroutine parks in the runtime's poller until the socket is readable.
// This costs the same system calls as an ordinary Read.
func (c *Conn) readIdle() error {
	if c.raw == nil {
		return c.readIdleBlocking()
	}
	c.rn, c.rerr = 0, nil
	if err := c.raw.Read(c.readFn); err != nil {
		return err // a deadline, or the socket was closed
	}
	switch {
	case c.rerr != nil:
		return os.NewSyscallError("read", c.rerr)
	case c.rn == 0:
		return io.EOF
	}
	c.r, c.w = 0, c.rn
	c.lastRead = time.Now().UnixNano()
	return nil
}

// readFD is the RawConn callback: false means "not ready, wait".
func (c *Conn) readFD(fd uintptr) bool {
	b := c.srv.pool.Get(bufpool.Chunk)
	for {
		n, err := syscall.Read(int(fd), *b)
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			c.srv.pool.Put(b)
			return false
		case err != nil || n <= 0:
			c.srv.pool.Put(b)
			c.rerr = err
			return true
		}
		c.in, c.rn = b, n
		return true
	}
}
