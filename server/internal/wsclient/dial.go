// Package wsclient is a small raw WebSocket client on net.Conn built only on
// the protocol core, for load tools and tests that must measure or observe a
// server without another library's behaviour in the way. It refuses to talk
// to anything but a loopback address.
package wsclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"time"

	"github.com/wsplay/wsplay/protocol"
)

// maxResponseHead bounds the server's handshake answer we are willing to
// buffer; a real one is a few hundred bytes.
const maxResponseHead = 16 << 10

// Options describes one connection.
type Options struct {
	Addr       string        // host:port; must be loopback
	Path       string        // request target, e.g. "/ws?tap=..."; "/" when empty
	Host       string        // Host header; Addr when empty
	Origin     string        // sent when not empty, as a browser would
	Timeout    time.Duration // for the dial and the handshake, and the default per-operation deadline; 10 s when zero
	MaxMessage int           // largest message accepted from the server; 16 MiB when zero
	// LocalIP, when set, is the loopback address to connect from, e.g.
	// 127.0.0.2: to a server or a proxy, another client address.
	LocalIP string
	Header  protocol.Headers // extra header lines, after the handshake's own
}

// Conn is an open WebSocket from the client's side. One goroutine may read
// while others write.
type Conn struct {
	nc       net.Conn
	opts     Options
	Request  []byte            // the handshake as sent
	Response protocol.Response // the server's 101, as parsed

	reader
	writer
}

// Dial connects, performs the opening handshake of RFC 6455 section 4.1 and
// checks the answer with protocol.CheckResponse.
func Dial(ctx context.Context, opts Options) (*Conn, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.MaxMessage <= 0 {
		opts.MaxMessage = 16 << 20
	}
	if opts.Host == "" {
		opts.Host = opts.Addr
	}
	if err := RequireLoopback(ctx, opts.Addr); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	var d net.Dialer
	if opts.LocalIP != "" {
		ip, err := netip.ParseAddr(opts.LocalIP)
		if err != nil || !ip.IsLoopback() {
			return nil, fmt.Errorf("LocalIP %q: want a loopback address such as 127.0.0.2", opts.LocalIP)
		}
		d.LocalAddr = &net.TCPAddr{IP: ip.AsSlice()}
	}
	nc, err := d.DialContext(ctx, "tcp", opts.Addr)
	if err != nil {
		return nil, err
	}
	c := &Conn{nc: nc, opts: opts}
	c.reader.init(nc, opts.MaxMessage)
	c.writer.nc = nc
	if err := c.handshake(ctx); err != nil {
		nc.Close()
		return nil, err
	}
	return c, nil
}

func (c *Conn) handshake(ctx context.Context) error {
	deadline, _ := ctx.Deadline()
	if err := c.nc.SetDeadline(deadline); err != nil {
		return err
	}
	key := protocol.NewKey()
	req := protocol.NewRequest(protocol.ClientRequest{Host: c.opts.Host, Path: c.opts.Path, Key: key, Origin: c.opts.Origin})
	req.Headers = append(req.Headers, c.opts.Header...)
	c.Request = protocol.AppendRequest(nil, req)
	if _, err := c.nc.Write(c.Request); err != nil {
		return fmt.Errorf("sending the handshake: %w", err)
	}
	for {
		resp, n, err := protocol.ParseResponse(c.unread())
		if err != nil {
			return fmt.Errorf("reading the handshake answer: %w", err)
		}
		if n > 0 {
			c.consume(n) // bytes after the head are frames the server sent at once
			c.Response = resp
			if err := protocol.CheckResponse(&resp, key, nil, nil); err != nil {
				return &HandshakeError{Status: resp.Status, Err: err}
			}
			return c.nc.SetDeadline(time.Time{})
		}
		if len(c.unread()) >= maxResponseHead {
			return fmt.Errorf("handshake answer longer than %d bytes without an empty line", maxResponseHead)
		}
		if err := c.fillMore(); err != nil {
			return fmt.Errorf("reading the handshake answer: %w", err)
		}
	}
}

// HandshakeError is a handshake answer that is not a valid 101.
type HandshakeError struct {
	Status int
	Err    error
}

func (e *HandshakeError) Error() string {
	return fmt.Sprintf("handshake refused (HTTP %d): %v", e.Status, e.Err)
}

func (e *HandshakeError) Unwrap() error { return e.Err }

// LocalAddr is the client end of the connection, as the server sees it.
func (c *Conn) LocalAddr() net.Addr { return c.nc.LocalAddr() }

// Abort drops the TCP connection without a close handshake.
func (c *Conn) Abort() error { return c.nc.Close() }

// deadline is the deadline for one operation started now.
func (c *Conn) deadline() time.Time { return time.Now().Add(c.opts.Timeout) }

// ErrClosed is returned by reads after the close handshake.
var ErrClosed = errors.New("wsclient: connection closed")
