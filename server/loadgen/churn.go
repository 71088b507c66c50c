package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// runChurn is the soak: -conns connections open at a time, each living
// -lifetime while it exchanges a verified echo every -interval, then closing
// with a full close handshake and being replaced, until -count connections
// in all or -duration. It reads the server's RSS and goroutines at the start
// and at the end, each time with every connection closed and (up to
// -rss-wait) once RSS has stopped falling, and fails when either grew by
// more than -max-growth percent.
func runChurn(ctx context.Context, cfg config, tgt *target, r *report) bool {
	r.line("%d open at a time, %d connections in all, within %s; a %d-byte %s echo every %s",
		cfg.conns, cfg.count, cfg.duration, cfg.size, cfg.op, cfg.interval)
	rest := tgt.settle(ctx, min(cfg.settle, time.Second), -1)
	r.line("server at rest: %s", rest)
	start := rest
	if cfg.warmup > 0 {
		warm := &tally{}
		count := max(cfg.conns, int(float64(cfg.count)*cfg.warmup.Seconds()/max(cfg.duration.Seconds(), 1)))
		churn(ctx, cfg, tgt.addr, warm, cfg.warmup, count, r)
		warm.printCounts(r)
		if warm.failed() {
			r.line("FAIL: the warm-up already had errors")
			return false
		}
		start = tgt.settle(ctx, cfg.settle, rest.goroutines)
		var waited time.Duration
		start, waited = tgt.steadyRSS(ctx, start, cfg.rssWait)
		r.line("server after a %s warm-up: %s%s", cfg.warmup, start, steadyNote(waited))
	}

	t := &tally{}
	began := time.Now()
	stopped := churn(ctx, cfg, tgt.addr, t, cfg.duration, cfg.count, r)
	elapsed := time.Since(began)
	end := tgt.settle(ctx, cfg.settle, start.goroutines)
	end, waited := tgt.steadyRSS(ctx, end, cfg.rssWait)
	r.line("server at the end: %s%s", end, steadyNote(waited))

	t.printCounts(r)
	t.printRates(r, elapsed)
	r.line("%s", stopped)
	rssOK := r.growth("RSS (MiB)", 1, float64(start.rss)/(1<<20), float64(end.rss)/(1<<20), start.rss >= 0 && end.rss >= 0, cfg.maxGrowth)
	gOK := r.growth("goroutines", 0, float64(start.goroutines), float64(end.goroutines), start.goroutines >= 0 && end.goroutines >= 0, cfg.maxGrowth)
	return !t.failed() && (cfg.maxGrowth <= 0 || (rssOK && gOK))
}

func steadyNote(waited time.Duration) string {
	if waited == 0 {
		return ""
	}
	return fmt.Sprintf(" (RSS steady after %.0f s more)", waited.Seconds())
}

// growth prints a start and end figure and whether end is within limit
// percent of start. A figure the server does not offer passes, with a note.
func (r *report) growth(name string, digits int, start, end float64, known bool, limit float64) bool {
	if !known {
		r.line("%s: not available from this server (see -pid, -debug-addr)", name)
		return true
	}
	pct := 0.0
	if start > 0 {
		pct = (end - start) / start * 100
	}
	ok := end <= start*(1+limit/100)
	verdict := "yes"
	if !ok {
		verdict = "NO"
	}
	r.line("%s: start %.*f, end %.*f (%+.1f %%); end within %.0f %% of start: %s", name, digits, start, digits, end, pct, limit, verdict)
	return ok
}

// lifetimeFor spreads count connections over d with open at a time: the
// first generation's lifetimes are drawn from (0, L] so that closings are
// spread out, and the rest live L, so count ≈ open·(1 + (d − L/2)/L).
func lifetimeFor(d time.Duration, open, count int) time.Duration {
	gens := float64(count)/float64(open) - 0.5
	if gens <= 1 {
		return d
	}
	return time.Duration(float64(d) / gens)
}

// churn runs one phase: open workers, each opening connection after
// connection until the shared budget of count is spent or d has passed. It
// says which of the two ended it.
func churn(ctx context.Context, cfg config, addr string, t *tally, d time.Duration, count int, r *report) string {
	life := cfg.lifetime
	if life <= 0 {
		life = lifetimeFor(d, cfg.conns, count)
	}
	deadline := time.Now().Add(d)
	var budget atomic.Int64
	budget.Store(int64(count))
	stop := make(chan struct{})
	go progress(r, t, cfg.progress, stop)
	defer close(stop)
	var wg sync.WaitGroup
	for i := range cfg.conns {
		wg.Go(func() {
			s := newSession(cfg, addr, t, uint64(i), true)
			defer s.done()
			rng := rand.New(rand.NewPCG(uint64(i), 0x63_68_75_72_6e))
			lifetime := time.Duration(rng.Int64N(int64(life))) + 1
			for ctx.Err() == nil && time.Now().Before(deadline) && budget.Add(-1) >= 0 {
				s.connection(ctx, earliest(time.Now().Add(lifetime), deadline))
				lifetime = life
			}
		})
	}
	wg.Wait()
	return stopReason(ctx, budget.Load(), count)
}

// connection opens one connection, echoes every interval until end, and
// closes it.
func (s *session) connection(ctx context.Context, end time.Time) {
	c, err := s.dial(ctx)
	if err != nil {
		sleep(ctx, 100*time.Millisecond) // do not spin on a server that refuses
		return
	}
	for {
		if err := s.exchange(c); err != nil {
			s.t.fail(err)
			s.abort(c)
			return
		}
		left := time.Until(end)
		if left <= 0 || ctx.Err() != nil {
			break
		}
		sleep(ctx, min(s.cfg.interval, left))
		if !time.Now().Before(end) || ctx.Err() != nil {
			break
		}
	}
	s.close(c)
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
