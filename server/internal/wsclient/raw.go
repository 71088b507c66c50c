package wsclient

import (
	"errors"
	"io"
	"net"
	"os"
	"time"

	"github.com/wsplay/wsplay/protocol"
)

// Masked builds one client frame with h, masked with key whatever h says:
// a test that wants an unmasked client frame builds it with
// protocol.AppendFrame itself.
func Masked(h protocol.Header, payload []byte, key [4]byte) []byte {
	h.Masked, h.MaskKey = true, key
	return protocol.AppendFrame(nil, protocol.Frame{Header: h, Payload: payload})
}

// Frame builds one frame with h, masked with c.Key: the same bytes every
// time for the same input, so a test can compare them with what a tap saw.
func (c *Conn) Frame(h protocol.Header, payload []byte) []byte { return Masked(h, payload, c.Key) }

// WriteRaw writes b as it is, within the connection's timeout: frames that
// break rules, a second handshake, half a frame. It bypasses the check that
// nothing follows a close frame.
func (c *Conn) WriteRaw(b []byte) error {
	c.writer.mu.Lock()
	defer c.writer.mu.Unlock()
	if err := c.nc.SetWriteDeadline(time.Now().Add(c.opts.Timeout)); err != nil {
		return err
	}
	_, err := c.nc.Write(b)
	return err
}

// ReadFrame returns the next frame within the connection's timeout, checked
// as a client must check a server's frame (sections 5.1 and 5.2) but not
// answered: pings, close frames and fragments are the caller's to handle.
// The payload is valid until the next read.
func (c *Conn) ReadFrame() (protocol.Header, []byte, error) {
	if err := c.nc.SetReadDeadline(c.deadline()); err != nil {
		return protocol.Header{}, nil, err
	}
	return c.readFrame()
}

// ErrStillOpen is AwaitEOF's answer when the server kept the connection open.
var ErrStillOpen = errors.New("wsclient: the server kept the connection open")

// AwaitEOF answers a close frame the server sent (section 5.5.1) and reads
// until the server closes the TCP connection, within the connection's
// timeout; what arrives meanwhile is dropped. The server closes first
// (section 7.1.1), so this is how a test sees that a connection really
// ended.
func (c *Conn) AwaitEOF() error {
	err := c.nc.SetReadDeadline(c.deadline())
	if errors.Is(err, io.ErrClosedPipe) {
		return nil // over net.Pipe: the server's end is closed already
	}
	if err != nil {
		return err
	}
	_ = c.WriteRaw(c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpClose}, nil))
	c.consume(len(c.unread()))
	_, err = io.Copy(io.Discard, c.nc)
	var ne net.Error
	if errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return ErrStillOpen
	}
	return nil
}

// ReadToEnd reads until the server closes the connection, within the
// connection's timeout, and returns every byte that came (a timeout is an
// error: the server kept the connection open).
func (c *Conn) ReadToEnd() ([]byte, error) {
	if err := c.nc.SetReadDeadline(c.deadline()); err != nil {
		return nil, err
	}
	got := append([]byte(nil), c.unread()...)
	c.consume(len(got))
	rest, err := io.ReadAll(c.nc)
	return append(got, rest...), err
}
