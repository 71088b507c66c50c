// Package wsclient is a small raw WebSocket client on net.Conn built only on
// the protocol core, for load tools and tests that must measure or observe a
// server without another library's behaviour in the way. Besides well-formed
// messages it sends any bytes (frames that break rules, handshakes of any
// shape) and reads whatever comes back, frame by frame, refusals included.
// It refuses to talk to anything but a loopback address.
package wsclient

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strconv"
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
	TLS     *tls.Config      // speak TLS (wss) when set
	// Deflate, when set, is a permessage-deflate offer (RFC 7692), sent as
	// Sec-WebSocket-Extensions, e.g. "permessage-deflate;
	// client_max_window_bits". When the server accepts it, messages are
	// compressed and inflated with the core's codecs; see Deflate().
	Deflate string
}

// Conn is an open WebSocket from the client's side. One goroutine may read
// while others write.
type Conn struct {
	nc           net.Conn
	opts         Options
	Key          [4]byte           // the masking key Frame uses
	Request      []byte            // the handshake as sent
	SecKey       string            // its Sec-WebSocket-Key
	Response     protocol.Response // the server's answer, as parsed
	ResponseHead []byte            // and as received

	reader
	writer
	clientDeflate
}

// Dial connects, performs the opening handshake of RFC 6455 section 4.1 and
// checks the answer with protocol.CheckResponse.
func Dial(ctx context.Context, opts Options) (*Conn, error) {
	c, err := Connect(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := c.Handshake(ctx); err != nil {
		c.nc.Close()
		return nil, err
	}
	return c, nil
}

// Connect opens the TCP (or TLS) connection and sends nothing: the caller
// writes what it likes with WriteRaw, or calls Handshake.
func Connect(ctx context.Context, opts Options) (*Conn, error) {
	opts = opts.withDefaults()
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
	if opts.TLS != nil {
		tc := tls.Client(nc, opts.TLS)
		if err := tc.HandshakeContext(ctx); err != nil {
			nc.Close()
			return nil, err
		}
		nc = tc
	}
	return Over(nc, opts), nil
}

// Over is a client on nc as it stands, for instance one end of a net.Pipe
// in the state right after an opening handshake.
func Over(nc net.Conn, opts Options) *Conn {
	opts = opts.withDefaults()
	c := &Conn{nc: nc, opts: opts, Key: protocol.NewMaskKey()}
	c.reader.init(nc, opts.MaxMessage)
	c.writer.nc = nc
	return c
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.MaxMessage <= 0 {
		o.MaxMessage = 16 << 20
	}
	if o.Host == "" {
		o.Host = o.Addr
	}
	return o
}

// Handshake sends the opening handshake the options describe and checks
// the answer; a refusal is a *HandshakeError, with the answer in Response.
func (c *Conn) Handshake(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	deadline, _ := ctx.Deadline()
	if err := c.nc.SetDeadline(deadline); err != nil {
		return err
	}
	key := protocol.NewKey()
	req := protocol.NewRequest(protocol.ClientRequest{Host: c.opts.Host, Path: c.opts.Path, Key: key, Origin: c.opts.Origin})
	if c.opts.Deflate != "" {
		req.Headers = append(req.Headers, protocol.HeaderField{Name: "Sec-WebSocket-Extensions", Value: c.opts.Deflate})
	}
	req.Headers = append(req.Headers, c.opts.Header...)
	c.Request, c.SecKey = protocol.AppendRequest(nil, req), key
	if _, err := c.nc.Write(c.Request); err != nil {
		return fmt.Errorf("sending the handshake: %w", err)
	}
	resp, err := c.readHead()
	if err != nil {
		return fmt.Errorf("reading the handshake answer: %w", err)
	}
	if err := protocol.CheckResponse(&resp, key, nil, c.offered()); err != nil {
		return &HandshakeError{Status: resp.Status, Err: err}
	}
	if err := c.agreeDeflate(resp.Headers.Values("Sec-WebSocket-Extensions")); err != nil {
		return &HandshakeError{Status: resp.Status, Err: err}
	}
	return c.nc.SetDeadline(time.Time{})
}

// readHead reads an HTTP response head; the bytes after it are frames the
// server sent at once, and stay buffered.
func (c *Conn) readHead() (protocol.Response, error) {
	for {
		resp, n, err := protocol.ParseResponse(c.unread())
		if err != nil {
			return resp, err
		}
		if n > 0 {
			c.ResponseHead = append([]byte(nil), c.unread()[:n]...)
			c.consume(n)
			c.Response = resp
			return resp, nil
		}
		if len(c.unread()) >= maxResponseHead {
			return resp, fmt.Errorf("handshake answer longer than %d bytes without an empty line", maxResponseHead)
		}
		if err := c.fillMore(); err != nil {
			return resp, err
		}
	}
}

// ReadResponse reads an HTTP response within the connection's timeout: its
// head, and for anything but a 101 its body (Content-Length bytes, or up to
// the end of the connection).
func (c *Conn) ReadResponse() (protocol.Response, error) {
	if err := c.nc.SetReadDeadline(c.deadline()); err != nil {
		return protocol.Response{}, err
	}
	res, err := c.readHead()
	if err != nil || res.Status == 101 {
		return res, err
	}
	if n, err := strconv.Atoi(res.Headers.Get("Content-Length")); err == nil {
		if err := c.fill(n); err != nil {
			return res, err
		}
		res.Body = string(c.unread()[:n])
		c.consume(n)
		return res, nil
	}
	// The body runs to the end of the connection. A server that closes
	// with unread request bytes makes the kernel send a reset, which ends
	// it too; only a timeout means the end never came.
	for {
		err := c.fillMore()
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return res, err
		}
		if err != nil {
			break
		}
	}
	res.Body = string(c.unread())
	c.consume(len(c.unread()))
	return res, nil
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
