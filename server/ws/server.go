// Package ws runs WebSockets over net.Conn with the protocol core: the
// opening handshake on a hijacked HTTP connection (RFC 6455 section 4.2),
// the read path (frames checked, unmasked and reassembled by the core), the
// write path, pings, the idle timeout, the closing handshake (section 7)
// and the shutdown of every connection. What a connection does with its
// messages is its Handler's: Echo is the one /ws serves.
package ws

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/bufpool"
	"github.com/wsplay/wsplay/server/internal/clientip"
	"github.com/wsplay/wsplay/server/tap"
)

// maxFrames is the most frames SendFragments cuts one message into.
const maxFrames = 1024

// Config is what a Server needs. The limits and timeouts must be set (the
// server package fills in its defaults); a nil hook or helper gets the
// plainest one: no logs, no tap subscribers, no per-address cap, every
// origin allowed and the Echo chosen from the query string.
type Config struct {
	MaxMessage       int           // bytes in one reassembled message; above: close 1009
	MaxConns         int           // open WebSockets; above: 503 before upgrading
	MaxHeaderBytes   int           // request head; above: 431
	HandshakeTimeout time.Duration // to write the 101
	IdleTimeout      time.Duration // without a byte from the client; 0 = never
	PingInterval     time.Duration // between the server's pings; 0 = no pings
	WriteTimeout     time.Duration // for one write to a client that does not read
	CloseTimeout     time.Duration // to wait for the client's close frame
	TapFrameBytes    int           // how much of each frame a tap event carries

	TrustedProxies []netip.Prefix                 // whose X-Forwarded-For names the client
	PerIP          *clientip.Counter              // open WebSockets per client address
	Slots          *Slots                         // open WebSockets of every Server sharing it; nil: MaxConns of this one
	AllowOrigin    func(origin, host string) bool // may a page at origin open a WebSocket on host?
	Choose         Choose                         // the Handler of each connection
	// Policy decides what the 101 agrees to (subprotocol, extensions);
	// /ws?deflate=0 declines compression on one connection. The zero value
	// accepts nothing (protocol.WsplayServerPlain()); the server package
	// gives protocol.WsplayServer(), which the page predicts, unless told
	// -deflate=false.
	Policy protocol.ServerPolicy
	Logger *slog.Logger
	Taps   *tap.Hub
	Pool   *bufpool.Pool // read and write buffers
}

func (c Config) withHelpers() Config {
	if c.PerIP == nil {
		c.PerIP = clientip.NewCounter(0)
	}
	if c.Slots == nil {
		c.Slots = NewSlots(c.MaxConns)
	}
	if c.AllowOrigin == nil {
		c.AllowOrigin = func(string, string) bool { return true }
	}
	if c.Choose == nil {
		c.Choose = ChooseEcho
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if c.Taps == nil {
		c.Taps = tap.NewHub()
	}
	if c.Pool == nil {
		c.Pool = bufpool.New()
	}
	return c
}

// Server owns the open WebSockets: it admits them up to the limits and
// closes them all with 1001 on shutdown.
type Server struct {
	cfg    Config
	log    *slog.Logger
	debug  bool // log every frame
	taps   *tap.Hub
	pool   *bufpool.Pool
	limits protocol.Limits // what every client frame is checked against
	ids    atomic.Uint64   // connection numbers, for logs and tap events
	perIP  *clientip.Counter

	parker    *parker       // quiet connections, without a goroutine
	parkAfter time.Duration // quiet time before a connection parks

	mu       sync.Mutex
	conns    map[*Conn]struct{}
	stopping bool
	wg       sync.WaitGroup
}

// NewServer returns a server with no connection yet; route /ws to it.
func NewServer(cfg Config) *Server {
	cfg = cfg.withHelpers()
	return &Server{
		cfg:    cfg,
		log:    cfg.Logger,
		debug:  cfg.Logger.Enabled(context.Background(), slog.LevelDebug),
		taps:   cfg.Taps,
		pool:   cfg.Pool,
		limits: protocol.Limits{From: protocol.FromClient, MaxPayload: uint64(cfg.MaxMessage)},
		perIP:  cfg.PerIP,
		conns:  map[*Conn]struct{}{},

		parker:    newParker(),
		parkAfter: parkAfter,
	}
}

// admit registers c unless the server is full or stopping, or c's client
// address holds its share already; then it says why, for a 503.
func (s *Server) admit(c *Conn) (refusal string) {
	if !s.perIP.Acquire(c.ip) {
		return "too many WebSocket connections from your address (the limit is " +
			strconv.Itoa(s.perIP.Max()) + " per address); close some and try again"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.stopping:
		refusal = "the server is shutting down; try again later"
	case !s.cfg.Slots.Take():
		refusal = "too many WebSocket connections (the limit is " + strconv.Itoa(s.cfg.Slots.Max()) + "); try again later"
	default:
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		return ""
	}
	s.perIP.Release(c.ip)
	return refusal
}

func (s *Server) release(c *Conn) {
	s.perIP.Release(c.ip)
	s.cfg.Slots.Give()
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.wg.Done()
}

// Open returns the number of open WebSockets.
func (s *Server) Open() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// Shutdown refuses new WebSockets, starts the closing handshake on every open
// one with 1001 (going away, RFC 6455 section 7.4.1) and waits for them to
// finish. When ctx ends first, the rest are cut.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.stopping = true
	conns := make([]*Conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()

	// Each close may wait on a client that does not read (bounded by the
	// write timeout), so they go out side by side.
	for _, c := range conns {
		go c.startClose(protocol.StatusGoingAway, "server shutting down")
	}
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		for _, c := range conns {
			c.abort()
		}
		<-done // every goroutine returns once its socket is closed
		return ctx.Err()
	}
}

// ServeConn runs one WebSocket on nc, whose opening handshake is already
// done, with h until it ends. It is the server without HTTP: tests and
// fuzzers drive it with any net.Conn, net.Pipe included. False means the
// server is full or stopping.
func (s *Server) ServeConn(nc net.Conn, h Handler) bool {
	return s.ServeConnAgreed(nc, h, protocol.Agreement{})
}

// ServeConnAgreed is ServeConn for a connection whose handshake agreed to
// more than plain frames: permessage-deflate, with a.Deflate accepted. The
// connection keeps the calling goroutine to the end: it never parks.
func (s *Server) ServeConnAgreed(nc net.Conn, h Handler, a protocol.Agreement) bool {
	c := newConn(s, nc, s.ids.Add(1), h, nil)
	c.fd = -1
	c.agree(a)
	if s.admit(c) != "" {
		return false
	}
	c.adopt(nil, 0)
	c.serve()
	return true
}

// Pool is where the server's connections borrow their buffers.
func (s *Server) Pool() *bufpool.Pool { return s.pool }
