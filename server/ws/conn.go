package ws

import (
	"errors"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/tap"
)

// Conn is one WebSocket after the opening handshake. Every protocol decision
// is made by the core (header checks, reassembly, UTF-8, close bodies); what
// to do with each message is its Handler's. It runs over any net.Conn, so a test or a fuzzer can
// drive it through net.Pipe.
//
// Memory: no buffer while idle, and no goroutine once quiet. It waits for
// the next frame without holding a read buffer (see readIdle), borrows a
// pooled one for as long as a frame is in flight, and gives it back as soon
// as every byte read has been handled. After parkAfter without a byte its
// goroutine ends and the parker holds the socket (park_linux.go); the next
// byte, the end of the stream, the idle timeout or a close from the server
// gives it a fresh goroutine (resume).
type Conn struct {
	srv    *Server
	nc     net.Conn
	raw    syscall.RawConn       // nil when nc is not a socket (pipes, TLS)
	readFn func(fd uintptr) bool // c.readFD, bound once
	fd     int32                 // the socket's descriptor for the parker; -1: never parks
	id     uint64
	ip     netip.Addr // the client's address, for the per-address cap
	h      Handler
	watch  FrameWatcher // h, when it wants every client frame; else nil
	tap    *tap.Link    // nil when nobody watches: no copies, no formatting
	opened time.Time

	// Read side, owned by the serve goroutine. (*in)[r:w] is read but not
	// yet handled; in is nil when that is empty.
	in        *[]byte
	r, w      int
	rn        int           // bytes the last readFD call got
	rerr      error         // and its error
	lastRead  int64         // unix nanos of the last byte received
	idled     bool          // the idle timeout expired
	quiet     bool          // parkAfter passed without a byte: park
	parked    bool          // held by the parker, with no goroutine (guarded by the parker's mutex)
	waker     *time.Timer   // while parked: the idle timeout
	parkCheck time.Duration // how long retry waits before it looks again at a busy connection
	asm       protocol.Assembler
	limits    protocol.Limits // what each client frame is checked against
	pmd       *pmd            // permessage-deflate, nil when not agreed
	received  int             // frames, for the log

	// Write side: the serve goroutine, the pinger and shutdown take turns.
	wmu       sync.Mutex
	wset      int64       // unix nanos when the write deadline was last pushed out
	closeSent atomic.Bool // a close frame went out; nothing else may follow it
	closeBy   int64       // unix nanos until which the client's close frame is awaited
	closer    string      // who sent the first close frame: "client" or "server"
	code      protocol.StatusCode
	reason    string
	sent      int // frames
	pings     *time.Timer
	pingCount int
	gone      bool // the socket is closed; writers stop
}

// Ends of a connection that are not failures.
var (
	errClientClosed  = errors.New("the client closed; its close frame was echoed")
	errCloseAnswered = errors.New("the client answered the server's close frame")
)

func newConn(s *Server, nc net.Conn, id uint64, h Handler, link *tap.Link) *Conn {
	c := &Conn{srv: s, nc: nc, id: id, h: h, tap: link, opened: time.Now()}
	c.watch, _ = h.(FrameWatcher)
	c.asm.MaxMessage = s.cfg.MaxMessage
	c.limits = s.limits
	c.raw = rawConnOf(nc)
	if c.raw != nil {
		c.readFn = c.readFD
	}
	c.fd = socketFD(c)
	return c
}

// agree applies what the handshake settled: with permessage-deflate RSV1
// is allowed (and CheckHeader then refuses it on continuation and control
// frames, RFC 7692 section 6) and the codecs are set up.
func (c *Conn) agree(a protocol.Agreement) {
	c.pmd = newPMD(a.Deflate, c.srv.cfg.MaxMessage)
	if c.pmd != nil {
		c.limits.Extensions = protocol.ExtensionsDeflate
	}
}

// adopt takes the bytes that arrived behind the handshake.
func (c *Conn) adopt(pending *[]byte, n int) {
	c.lastRead = time.Now().UnixNano()
	if n > 0 {
		c.in, c.r, c.w = pending, 0, n
	} else {
		c.srv.pool.Put(pending)
	}
}

// serve runs the connection until it ends or parks.
func (c *Conn) serve() {
	if c.open() {
		c.loop()
	}
}

// start opens the connection on the calling goroutine (the handshake's),
// then parks it when its client has sent nothing yet, or else gives it a
// goroutine of its own.
func (c *Conn) start() {
	if !c.open() {
		return
	}
	if c.in == nil && c.fd >= 0 && c.park() {
		return
	}
	go c.loop()
}

// open arms the read deadline, runs the Handler's Open and starts the
// pings; false means the connection ended.
func (c *Conn) open() bool {
	if d := c.waitLimit(); d > 0 {
		_ = c.nc.SetReadDeadline(time.Now().Add(d))
	}
	if err := c.h.Open(c); err != nil {
		c.end(err)
		return false
	}
	if d := c.srv.cfg.PingInterval; d > 0 {
		c.wmu.Lock()
		c.pings = time.AfterFunc(d, c.ping)
		c.wmu.Unlock()
	}
	return true
}

// loop reads frames until the connection ends, or parks (then the
// goroutine returns and resume carries on in another).
func (c *Conn) loop() {
	for {
		err := c.next()
		if err == nil {
			continue
		}
		if c.quiet {
			c.quiet = false
			if c.park() {
				return
			}
			continue
		}
		// Idle between frames: say goodbye and wait for the answer as usual.
		if c.idled && c.in == nil && !c.closeSent.Load() {
			c.idled = false
			if c.startClose(protocol.StatusGoingAway, "idle timeout ("+c.srv.cfg.IdleTimeout.String()+" without a frame)") == nil {
				continue
			}
		}
		c.end(err)
		return
	}
}

// next reads one frame and acts on it.
func (c *Conn) next() error {
	h, hs, err := c.header()
	if err != nil {
		return err
	}
	if err := protocol.CheckHeader(h, c.limits); err != nil {
		return err
	}
	size := hs + int(h.Length) // CheckHeader capped Length at MaxMessage
	ah := h
	if c.pmd != nil {
		ah = c.pmd.startFrame(h, c.asm.InMessage())
	}
	// A frame out of order still arrives whole (the Assembler skips its
	// bytes), so the tap shows it before the connection fails.
	startErr := c.asm.StartFrame(ah)
	if err := c.payload(h, hs, size); err != nil {
		return err
	}
	frame := (*c.in)[c.r : c.r+size]
	c.received++
	if c.srv.debug {
		c.srv.log.Debug("frame in", "conn", c.id, "header", h.String())
	}
	if c.tap != nil {
		c.tapIn(frame, hs, h.MaskKey)
	}
	if c.watch != nil {
		c.watch.ClientFrame(c, ClientFrame{Header: h, Frame: frame, HeaderSize: hs})
	}
	if startErr != nil {
		c.consume(size)
		return startErr
	}
	m, done, err := c.asm.FinishFrame(frame[hs:])
	if err == nil && done {
		err = c.finished(m, frame, hs)
	}
	c.consume(size)
	return err
}

// finished acts on a message the Assembler completed, inflating it first
// when it came compressed.
func (c *Conn) finished(m protocol.Message, frame []byte, hs int) error {
	if c.pmd == nil || !c.pmd.compressed || !m.Opcode.IsData() {
		return c.handle(m, frame, hs)
	}
	inflated, b, err := c.pmd.inflate(c.srv.pool, m, c.srv.cfg.MaxMessage)
	if err == nil {
		err = c.handle(inflated, nil, 0) // not in the frame: SendBack cannot reuse it
	}
	c.srv.pool.Put(b)
	return err
}

// handle acts on a whole message or control frame.
func (c *Conn) handle(m protocol.Message, frame []byte, hs int) error {
	switch m.Opcode {
	case protocol.OpText, protocol.OpBinary:
		if c.closeSent.Load() {
			return nil // after a close frame no data may follow (section 5.5.1)
		}
		compressed := c.pmd != nil && c.pmd.compressed
		err := c.h.Message(c, Message{Opcode: m.Opcode, Payload: m.Payload, Frames: m.Frames, Compressed: compressed, frame: frame, hs: hs})
		if m.Frames > 1 {
			// The Assembler keeps its buffer for the next message; a
			// fresh one lets an idle connection drop it.
			c.asm = protocol.Assembler{MaxMessage: c.srv.cfg.MaxMessage}
		}
		return err
	case protocol.OpPing:
		return c.sendControl(protocol.OpPong, m.Payload) // same payload (section 5.5.3)
	case protocol.OpClose:
		return c.closeReceived(*m.Close)
	}
	return nil // a pong needs no answer (section 5.5.3)
}

// end reports how the connection finished and releases it. A rule broken by
// the client fails the connection with the rule's close code (section 7.1.7).
func (c *Conn) end(err error) {
	var v *protocol.Violation
	failed := false
	switch {
	case errors.As(err, &v) && !c.closeSent.Load():
		failed = c.startClose(v.Rule.Close, closeReason(v)) == nil
	case c.idled && !c.closeSent.Load(): // idle in the middle of a frame
		failed = c.startClose(protocol.StatusGoingAway, "idle timeout in the middle of a frame") == nil
	}
	clean := errors.Is(err, errClientClosed) || errors.Is(err, errCloseAnswered)
	c.wmu.Lock()
	c.gone = true
	if c.pings != nil {
		c.pings.Stop()
	}
	if c.waker != nil {
		c.waker.Stop()
	}
	closer, code, reason, sent := c.closer, c.code, c.reason, c.sent
	c.wmu.Unlock()
	if failed {
		lingerClose(c.nc, c.srv.pool) // within the close timeout startClose set
	} else {
		_ = c.nc.Close()
	}
	c.srv.pool.Put(c.in)
	c.in = nil

	attrs := []any{"conn", c.id, "by", closer, "code", int(code), "reason", reason, "clean", clean,
		"frames_in", c.received, "frames_out", sent, "duration", time.Since(c.opened).Round(time.Millisecond)}
	errText := ""
	if !clean {
		errText = err.Error()
		attrs = append(attrs, "err", errText)
	}
	c.srv.log.Info("websocket closed", attrs...)
	if e, ok := c.h.(Ender); ok {
		e.Closed(c, End{Code: code, Reason: reason, By: closer, Clean: clean})
	}
	if c.tap != nil {
		if sub := c.tap.Target(); sub != nil {
			sub.Publish(tap.Event{Kind: tap.Closed, Conn: c.id, At: time.Now(), More: &tap.Details{
				Code: int(code), Reason: reason, By: closer, Clean: clean, Err: errText}}, nil, nil)
		}
	}
	c.srv.release(c)
}

// closeQuietly drops a connection whose 101 could not be sent.
func (c *Conn) closeQuietly(err error) {
	c.srv.log.Info("websocket lost during handshake", "conn", c.id, "err", err)
	_ = c.nc.Close()
	c.srv.release(c)
}

// closeReason names the broken rule in a close frame's reason, which holds
// at most 123 bytes (AppendClose cuts it there).
func closeReason(v *protocol.Violation) string {
	s := v.Rule.ID + " (RFC " + v.Rule.RFCNumber() + " section " + v.Rule.Section + ")"
	if v.Value != "" {
		s += ": found " + v.Value
	}
	return s
}

// ID is the connection's number, as logs and tap events name it.
func (c *Conn) ID() uint64 { return c.id }

// Logger is the server's logger.
func (c *Conn) Logger() *slog.Logger { return c.srv.log }
