package wsclient

import (
	"errors"
	"net"
	"sync"
	"time"

	"github.com/wsplay/wsplay/protocol"
)

// writer sends whole messages in one write each, under a lock so that the
// reading goroutine can answer pings while another goroutine writes.
type writer struct {
	mu        sync.Mutex
	nc        net.Conn
	out       []byte
	closeSent bool
}

var errCloseSent = errors.New("wsclient: close frame already sent")

// WriteMessage sends payload as one message of opcode op, cut into frames of
// at most fragment bytes (0: one frame), each masked with a fresh key from
// protocol.NewMaskKey as section 5.3 requires of a client.
// With permessage-deflate agreed the message goes out compressed, cut into
// frames of at most fragment bytes of compressed data.
func (c *Conn) WriteMessage(op protocol.Opcode, payload []byte, fragment int) error {
	c.writer.mu.Lock()
	defer c.writer.mu.Unlock()
	return c.writeLocked(c.compress(op, payload, fragment))
}

// WritePing sends a ping; its pong is counted by the reader.
func (c *Conn) WritePing(payload []byte) error { return c.writeControl(protocol.OpPing, payload) }

func (c *Conn) writeControl(op protocol.Opcode, payload []byte) error {
	return c.write([]protocol.Frame{{Header: protocol.Header{Fin: true, Opcode: op}, Payload: payload}})
}

func (c *Conn) write(frames []protocol.Frame) error {
	c.writer.mu.Lock()
	defer c.writer.mu.Unlock()
	return c.writeLocked(frames)
}

func (c *Conn) writeLocked(frames []protocol.Frame) error {
	if c.closeSent {
		return errCloseSent
	}
	c.out = c.out[:0]
	for _, f := range frames {
		f.Masked, f.MaskKey = true, protocol.NewMaskKey()
		c.out = protocol.AppendFrame(c.out, f)
		if f.Opcode == protocol.OpClose {
			c.closeSent = true
		}
	}
	if err := c.nc.SetWriteDeadline(time.Now().Add(c.opts.Timeout)); err != nil {
		return err
	}
	_, err := c.nc.Write(c.out)
	if cap(c.out) > 1<<20 { // do not keep a large message's buffer for an idle connection
		c.out = nil
	}
	return err
}
