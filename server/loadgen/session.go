package main

import (
	"context"
	"fmt"
	"time"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

// session is one worker's client side: it dials, exchanges verified echoes
// and closes, counting everything in the shared tally.
type session struct {
	cfg  config
	addr string
	t    *tally
	gen  *payloads
	rtt  *histogram // nil when round trips are not timed (idle)
}

func newSession(cfg config, addr string, t *tally, seed uint64, timed bool) *session {
	s := &session{cfg: cfg, addr: addr, t: t, gen: newPayloads(cfg.op, cfg.size, seed)}
	if timed {
		s.rtt = new(histogram)
	}
	return s
}

func (s *session) dial(ctx context.Context) (*wsclient.Conn, error) {
	s.t.attempts.Add(1)
	c, err := wsclient.Dial(ctx, wsclient.Options{Addr: s.addr, Path: s.cfg.path, Timeout: s.cfg.timeout, MaxMessage: max(s.cfg.size, 1<<20)})
	if err != nil {
		s.t.fail(fmt.Errorf("dial: %w", err))
		return nil, err
	}
	s.t.opened.Add(1)
	s.t.open.Add(1)
	return c, nil
}

// exchange sends one fresh payload and checks that the echo is identical.
func (s *session) exchange(c *wsclient.Conn) error {
	sent := s.gen.next()
	start := time.Now()
	if err := c.WriteMessage(s.cfg.op, sent, s.cfg.fragment); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	op, got, err := c.ReadMessage()
	if err != nil {
		return fmt.Errorf("read the echo: %w", err)
	}
	if s.rtt != nil {
		s.rtt.add(time.Since(start))
	}
	s.t.verify(s.cfg.op, sent, op, got)
	return nil
}

// close performs the closing handshake and checks that the server echoed
// the code (RFC 6455 section 5.5.1).
func (s *session) close(c *wsclient.Conn) {
	defer s.t.open.Add(-1)
	got, err := c.Close(protocol.StatusNormalClosure, "")
	switch {
	case err != nil:
		s.t.fail(fmt.Errorf("close: %w", err))
	case got.Code != protocol.StatusNormalClosure:
		s.t.problem(&s.t.errors, "close: sent 1000, the server answered %d %q", int(got.Code), got.Reason)
	default:
		s.t.closed.Add(1)
	}
}

// abort drops a connection that failed.
func (s *session) abort(c *wsclient.Conn) {
	s.t.open.Add(-1)
	_ = c.Abort()
}

func (s *session) done() {
	if s.rtt != nil {
		s.t.mergeRTT(s.rtt)
	}
}

// progress prints the counts every interval until stop is closed.
func progress(r *report, t *tally, every time.Duration, stop <-chan struct{}) {
	if every <= 0 {
		return
	}
	start := time.Now()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
			r.line("  %5.0fs: %d open, %d connections done, %d echoes, %d mismatches, %d errors",
				time.Since(start).Seconds(), t.open.Load(), t.closed.Load(), t.messages.Load(), t.mismatches.Load(), t.errors.Load())
		}
	}
}
