//go:build !unix

package ws

import (
	"net"
	"syscall"
)

// rawConnOf: reads that wait without a buffer are written for unix sockets;
// elsewhere a connection waits with a borrowed buffer.
func rawConnOf(net.Conn) syscall.RawConn { return nil }

func (c *Conn) readIdle() error { return c.readIdleBlocking() }

func (c *Conn) readFD(uintptr) bool { return true }
