//go:build !unix

package main

import (
	"net"
	"syscall"
)

// rawConnOf: reads that wait without a buffer are written for unix sockets;
// elsewhere a connection waits with a borrowed buffer.
func rawConnOf(net.Conn) syscall.RawConn { return nil }

func (c *wsConn) readIdle() error { return c.readIdleBlocking() }

func (c *wsConn) readFD(uintptr) bool { return true }
