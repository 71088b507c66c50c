package ws

import (
	"time"
)

// parkAfter is how long a connection waits for its client's next byte with
// a goroutine of its own before it parks without one. A connection that
// exchanges messages more often than this never parks; one that sits
// still, like most of a class's open pages, costs no stack.
const parkAfter = 20 * time.Millisecond

// maxParkCheck is the longest a busy connection goes between two looks at
// whether it has gone quiet: one timer wake-up a second at most, against
// thousands of messages.
const maxParkCheck = time.Second

// waitLimit is how long the next read may wait before retry looks at it
// again: the idle timeout, or parkAfter when the connection can park and
// that comes sooner; 0 means no limit.
func (c *Conn) waitLimit() time.Duration {
	d := c.srv.cfg.IdleTimeout
	if c.fd >= 0 && (d <= 0 || c.srv.parkAfter < d) {
		d = c.srv.parkAfter
	}
	return d
}

// park hands the connection to the parker, and reports whether it took it:
// the calling goroutine must then return without touching c again. The idle
// timeout keeps running on a timer. A connection whose close began stays
// with its goroutine, which waits for the client's answer with the close
// timeout.
func (c *Conn) park() bool {
	if c.closeSent.Load() {
		c.fd = -1 // closing: wait for the answer here
		_ = c.nc.SetReadDeadline(c.resumeDeadline())
		return false
	}
	// Everything that reads c happens before the parker may hand c to a
	// new goroutine; after park, only locals and atomics.
	var idleAt time.Time
	if d := c.srv.cfg.IdleTimeout; d > 0 {
		idleAt = time.Unix(0, c.lastRead+int64(d))
		if c.waker == nil {
			c.waker = time.AfterFunc(time.Until(idleAt), c.wake)
		} else {
			c.waker.Reset(time.Until(idleAt))
		}
	}
	c.parkCheck = 0 // once back, a connection is looked at early again
	if !c.srv.parker.park(c) {
		if c.waker != nil {
			c.waker.Stop()
		}
		c.fd = -1 // it cannot park: wait in the runtime's poller from now on
		_ = c.nc.SetReadDeadline(c.resumeDeadline())
		return false
	}
	// A close that began meanwhile, or an idle timeout that fired before
	// the parker had c, found nothing to wake: wake it now.
	if c.closeSent.Load() || (!idleAt.IsZero() && !time.Now().Before(idleAt)) {
		c.wake()
	}
	return true
}

// wake gives a parked connection a goroutine again, for a reason other than
// its socket: the idle timeout, a close frame the server sent, or a socket
// closed under it. It does nothing when the connection is not parked.
func (c *Conn) wake() {
	if c.srv.parker.unpark(c) {
		go c.resume()
	}
}

// resume carries on reading, in a goroutine the parker started.
func (c *Conn) resume() {
	_ = c.nc.SetReadDeadline(c.resumeDeadline())
	c.loop()
}

// resumeDeadline is the read deadline of a connection that starts waiting
// again: the close timeout while closing, else parkAfter from now (the
// parked time does not count), but never past the idle timeout.
func (c *Conn) resumeDeadline() time.Time {
	if c.closeSent.Load() {
		c.wmu.Lock()
		defer c.wmu.Unlock()
		return time.Unix(0, c.closeBy)
	}
	var at time.Time
	if c.fd >= 0 {
		at = time.Now().Add(c.srv.parkAfter)
	}
	if d := c.srv.cfg.IdleTimeout; d > 0 {
		if idle := time.Unix(0, c.lastRead+int64(d)); at.IsZero() || idle.Before(at) {
			at = idle
		}
	}
	return at
}

// abort closes the socket under the connection, wherever it is waiting.
// The parker lets go of it first: once closed, its descriptor's number may
// belong to a new connection, which the parker must not mistake for it.
func (c *Conn) abort() {
	c.wake()
	_ = c.nc.Close()
}
