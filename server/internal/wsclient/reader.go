package wsclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"github.com/wsplay/wsplay/protocol"
)

// reader buffers what the server sent. Payloads it hands out alias its buffer
// and stay valid until the next read.
type reader struct {
	rc   net.Conn
	buf  []byte
	r, w int // unread bytes are buf[r:w]
	max  int
	asm  protocol.DeflateAssembler // a plain Assembler until permessage-deflate is agreed

	pings, pongs int
	peerClose    *protocol.ClosePayload
}

func (rd *reader) init(nc net.Conn, maxMessage int) {
	rd.rc, rd.max = nc, maxMessage
	rd.buf = make([]byte, 4096)
	rd.asm.MaxMessage = maxMessage
}

func (rd *reader) unread() []byte { return rd.buf[rd.r:rd.w] }

func (rd *reader) consume(n int) {
	rd.r += n
	if rd.r == rd.w {
		rd.r, rd.w = 0, 0
	}
}

// fill reads until at least n bytes are unread.
func (rd *reader) fill(n int) error {
	for rd.w-rd.r < n {
		if rd.r+n > len(rd.buf) { // no room after r: compact, and grow if needed
			dst := rd.buf
			if n > len(rd.buf) {
				dst = make([]byte, max(n, 2*len(rd.buf)))
			}
			copy(dst, rd.buf[rd.r:rd.w])
			rd.buf = dst
			rd.r, rd.w = 0, rd.w-rd.r
		}
		m, err := rd.rc.Read(rd.buf[rd.w:])
		rd.w += m
		if err != nil && rd.w-rd.r < n {
			if err == io.EOF && rd.w-rd.r > 0 {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
	}
	return nil
}

// fillMore reads at least one more byte.
func (rd *reader) fillMore() error { return rd.fill(rd.w - rd.r + 1) }

// readFrame reads one frame and checks its header as a client must (RFC 6455
// section 5.1: a server never masks; section 5.2: reserved bits and opcodes).
func (rd *reader) readFrame() (protocol.Header, []byte, error) {
	for {
		h, n, need := protocol.ParseHeader(rd.unread())
		if n == 0 {
			if err := rd.fill(rd.w - rd.r + need); err != nil {
				return h, nil, err
			}
			continue
		}
		lim := protocol.Limits{From: protocol.FromServer, MaxPayload: uint64(rd.max)}
		if rd.asm.Inflater != nil {
			lim.Extensions = protocol.ExtensionsDeflate // RSV1 marks a compressed message
		}
		if err := protocol.CheckHeader(h, lim); err != nil {
			return h, nil, fmt.Errorf("server frame: %w", err)
		}
		total := n + int(h.Length)
		if err := rd.fill(total); err != nil {
			return h, nil, err
		}
		payload := rd.buf[rd.r+n : rd.r+total]
		rd.consume(total)
		return h, payload, nil
	}
}

// CloseError reports the server's close frame (section 5.5.1).
type CloseError struct {
	Code   protocol.StatusCode
	Reason string
}

func (e *CloseError) Error() string {
	return fmt.Sprintf("server closed the connection: %d %s %q", int(e.Code), e.Code, e.Reason)
}

// ReadMessage returns the next data message within the connection's timeout.
func (c *Conn) ReadMessage() (protocol.Opcode, []byte, error) {
	return c.ReadMessageBefore(c.deadline())
}

// ReadMessageBefore returns the next data message, reassembled from its
// frames; the payload is valid until the next read. It answers pings with
// pongs on the way (section 5.5.2). When the server sends a close frame it
// echoes it (unless this side already sent one) and returns a *CloseError.
// A zero deadline waits forever.
func (c *Conn) ReadMessageBefore(deadline time.Time) (protocol.Opcode, []byte, error) {
	if err := c.nc.SetReadDeadline(deadline); err != nil {
		return 0, nil, err
	}
	return c.readMessage()
}

// longAgo is a deadline that has passed: it wakes a blocked read at once.
var longAgo = time.Unix(1, 0)

// ReadMessageContext is ReadMessageBefore without a deadline, returning
// ctx.Err() when ctx ends first. A frame cut short by the wake-up stays
// buffered, so the connection remains usable afterwards.
func (c *Conn) ReadMessageContext(ctx context.Context) (protocol.Opcode, []byte, error) {
	if err := c.nc.SetReadDeadline(time.Time{}); err != nil {
		return 0, nil, err
	}
	stop := context.AfterFunc(ctx, func() { _ = c.nc.SetReadDeadline(longAgo) })
	defer stop()
	op, payload, err := c.readMessage()
	if err != nil && ctx.Err() != nil && errors.Is(err, os.ErrDeadlineExceeded) {
		return 0, nil, ctx.Err()
	}
	return op, payload, err
}

func (c *Conn) readMessage() (protocol.Opcode, []byte, error) {
	if c.peerClose != nil {
		return 0, nil, ErrClosed
	}
	for {
		h, payload, err := c.readFrame()
		if err != nil {
			return 0, nil, err
		}
		m, _, done, err := c.asm.Push(h, payload)
		if err != nil {
			return 0, nil, fmt.Errorf("server message: %w", err)
		}
		if !done {
			continue
		}
		switch m.Opcode {
		case protocol.OpPing:
			c.pings++
			// Once our close frame is out nothing more may follow it
			// (section 5.5.1); a ping that crossed it goes unanswered.
			if err := c.writeControl(protocol.OpPong, m.Payload); err != nil && err != errCloseSent {
				return 0, nil, err
			}
		case protocol.OpPong:
			c.pongs++
		case protocol.OpClose:
			c.peerClose = m.Close
			if err := c.writeControl(protocol.OpClose, protocol.AppendClose(nil, m.Close.Code, "")); err != nil && err != errCloseSent {
				return 0, nil, err
			}
			return 0, nil, &CloseError{Code: m.Close.Code, Reason: m.Close.Reason}
		default:
			return m.Opcode, m.Payload, nil
		}
	}
}

// Pings is how many pings the server sent (each answered with a pong), and
// Pongs how many pongs arrived. Read them from the reading goroutine.
func (c *Conn) Pings() int { return c.pings }
func (c *Conn) Pongs() int { return c.pongs }
