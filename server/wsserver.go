package main

import (
	"context"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/wsplay/wsplay/protocol"
)

// wsServer owns the open WebSockets: it admits them up to the limit and
// closes them all with 1001 on shutdown.
type wsServer struct {
	cfg     config
	log     *slog.Logger
	debug   bool // log every frame
	taps    *tapHub
	origins originPolicy
	limits  protocol.Limits // what every client frame is checked against
	ids     atomic.Uint64   // connection numbers, for logs and tap events
	perIP   *ipCounter      // open WebSockets per client address

	mu       sync.Mutex
	conns    map[*wsConn]struct{}
	stopping bool
	wg       sync.WaitGroup
}

func newWSServer(cfg config, log *slog.Logger, taps *tapHub, origins originPolicy) *wsServer {
	return &wsServer{
		cfg:     cfg,
		log:     log,
		debug:   log.Enabled(context.Background(), slog.LevelDebug),
		taps:    taps,
		origins: origins,
		limits:  protocol.Limits{From: protocol.FromClient, MaxPayload: uint64(cfg.MaxMessage)},
		perIP:   newIPCounter(cfg.MaxConnsPerIP),
		conns:   map[*wsConn]struct{}{},
	}
}

// admit registers c unless the server is full or stopping, or c's client
// address holds its share already; then it says why, for a 503.
func (s *wsServer) admit(c *wsConn) (refusal string) {
	if !s.perIP.acquire(c.ip) {
		return "too many WebSocket connections from your address (the limit is " +
			strconv.Itoa(s.cfg.MaxConnsPerIP) + " per address); close some and try again"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.stopping:
		refusal = "the server is shutting down; try again later"
	case len(s.conns) >= s.cfg.MaxConns:
		refusal = "too many WebSocket connections (the limit is " + strconv.Itoa(s.cfg.MaxConns) + "); try again later"
	default:
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		return ""
	}
	s.perIP.release(c.ip)
	return refusal
}

func (s *wsServer) release(c *wsConn) {
	s.perIP.release(c.ip)
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.wg.Done()
}

// open returns the number of open WebSockets.
func (s *wsServer) open() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// shutdown refuses new WebSockets, starts the closing handshake on every open
// one with 1001 (going away, RFC 6455 section 7.4.1) and waits for them to
// finish. When ctx ends first, the rest are cut.
func (s *wsServer) shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.stopping = true
	conns := make([]*wsConn, 0, len(s.conns))
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
			_ = c.nc.Close()
		}
		<-done // every goroutine returns once its socket is closed
		return ctx.Err()
	}
}

// serveConn runs one WebSocket on nc, whose opening handshake is already
// done, until it ends. It is the handler without HTTP: tests and fuzzers
// drive it with any net.Conn, net.Pipe included. False means the server is
// full or stopping.
func (s *wsServer) serveConn(nc net.Conn, opts wsOptions) bool {
	c := newWSConn(s, nc, s.ids.Add(1), opts, nil)
	if s.admit(c) != "" {
		return false
	}
	c.adopt(nil, 0)
	c.serve()
	return true
}
