package ws

import (
	"errors"
	"io"
	"os"
	"time"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/bufpool"
	"github.com/wsplay/wsplay/server/tap"
)

// header returns the next frame's header, reading until it is complete.
func (c *Conn) header() (protocol.Header, int, error) {
	for {
		var buffered []byte
		if c.in != nil {
			buffered = (*c.in)[c.r:c.w]
		}
		h, n, need := protocol.ParseHeader(buffered)
		if n > 0 {
			return h, n, nil
		}
		if err := c.readSome(len(buffered) + need); err != nil {
			return h, 0, err
		}
	}
}

// payload reads the rest of a frame of size bytes, unmasking each piece as it
// arrives (section 5.3) and handing it to the Assembler, which checks text
// piece by piece: invalid UTF-8 fails the connection at the first bad byte,
// before the rest of the frame arrives (section 8.1, "fail fast").
func (c *Conn) payload(h protocol.Header, hs, size int) error {
	length := size - hs
	done := 0 // payload bytes unmasked and checked
	for {
		if avail := min(c.w-c.r-hs, length); avail > done {
			chunk := (*c.in)[c.r+hs+done : c.r+hs+avail]
			protocol.Mask(chunk, h.MaskKey, done)
			if err := c.asm.FeedPayload(chunk); err != nil {
				return err
			}
			done = avail
		}
		if done == length {
			return nil
		}
		if err := c.readSome(c.room(size)); err != nil {
			return err
		}
	}
}

// firstRoom is the most a frame's buffer holds before the client has sent
// that much: a header alone cannot make the server set aside a whole
// -max-message. It fits a 64 KiB message, so common sizes are read in one go.
const firstRoom = 64<<10 + 64

// room is how much buffer to have for a frame of size bytes: all of it up to
// firstRoom, then twice what has arrived, so memory follows the bytes the
// client really sends.
func (c *Conn) room(size int) int {
	return min(size, max(firstRoom, 2*(c.w-c.r)))
}

// readSome reads at least one byte more, with room for min bytes from c.r.
func (c *Conn) readSome(min int) error {
	for {
		var err error
		if c.in == nil {
			err = c.readIdle()
		} else {
			c.reserve(min)
			var n int
			n, err = c.nc.Read((*c.in)[c.w:])
			if n > 0 {
				c.w += n
				c.lastRead = time.Now().UnixNano()
				return nil // an error comes back on the next read
			}
			if err == nil {
				continue
			}
		}
		if err == nil || !c.retry(err) {
			return err
		}
	}
}

// reserve makes room for min bytes from c.r: it moves the unread bytes to the
// front, or moves them into a larger borrowed buffer.
func (c *Conn) reserve(min int) {
	buf := *c.in
	if len(buf)-c.r >= min {
		return
	}
	n := c.w - c.r
	if min <= len(buf) {
		copy(buf, buf[c.r:c.w])
	} else {
		bigger := c.srv.pool.Get(min)
		copy(*bigger, buf[c.r:c.w])
		c.srv.pool.Put(c.in)
		c.in = bigger
	}
	c.r, c.w = 0, n
}

// consume marks size bytes as handled, and gives the buffer back once
// nothing is left in it.
func (c *Conn) consume(size int) {
	c.r += size
	if c.r == c.w {
		c.srv.pool.Put(c.in)
		c.in, c.r, c.w = nil, 0, 0
	}
}

// readIdleBlocking waits for data with a borrowed buffer, for connections
// that are not sockets.
func (c *Conn) readIdleBlocking() error {
	b := c.srv.pool.Get(bufpool.Chunk)
	n, err := c.nc.Read(*b)
	if n > 0 {
		c.in, c.r, c.w = b, 0, n
		c.lastRead = time.Now().UnixNano()
		return nil
	}
	c.srv.pool.Put(b)
	if err == nil {
		err = io.ErrNoProgress
	}
	return err
}

// retry decides whether a read that hit its deadline goes on. The deadline
// is set for the nearer of the idle timeout and parkAfter, and pushed out
// only when it fires early, so a busy connection does not pay for a timer
// update per frame. A connection quiet for parkAfter between frames stops
// here to park (c.quiet); a busy one is looked at again after a wait that
// doubles up to maxParkCheck.
func (c *Conn) retry(err error) bool {
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		return false
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	now := time.Now().UnixNano()
	if c.closeSent.Load() {
		if now < c.closeBy {
			_ = c.nc.SetReadDeadline(time.Unix(0, c.closeBy))
			return true
		}
		return false
	}
	var next int64 // 0: no deadline
	if idle := c.srv.cfg.IdleTimeout; idle > 0 {
		next = c.lastRead + int64(idle)
		if now >= next {
			c.idled = true
			return false
		}
	}
	if c.fd >= 0 {
		if now-c.lastRead >= int64(c.srv.parkAfter) && c.in == nil {
			c.quiet = true
			return false
		}
		// Busy: look again later, each time twice as late, so that a
		// connection in steady use is not woken every parkAfter.
		c.parkCheck = min(max(2*c.parkCheck, c.srv.parkAfter), maxParkCheck)
		if park := now + int64(c.parkCheck); next == 0 || park < next {
			next = park
		}
	}
	deadline := time.Time{}
	if next > 0 {
		deadline = time.Unix(0, next)
	}
	_ = c.nc.SetReadDeadline(deadline)
	return true
}

// tapIn shows a received frame to the tap: the bytes as they travelled, so the
// payload is masked again (masking twice restores the input).
func (c *Conn) tapIn(frame []byte, hs int, key [4]byte) {
	sub := c.tap.Target()
	if sub == nil {
		return
	}
	sub.Publish(tap.Event{Kind: tap.Frame, Conn: c.id, At: time.Now(), From: protocol.FromClient, Size: len(frame)},
		frame[:min(len(frame), c.srv.cfg.TapFrameBytes)], func(b []byte) {
			if len(b) > hs {
				protocol.Mask(b[hs:], key, 0)
			}
		})
}
