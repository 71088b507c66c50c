package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// runEcho is the pingpong and large modes: -conns connections each send a
// message, wait for its echo, and repeat, until -count messages in all or
// -duration. The clock runs from the moment every connection is open to the
// last echo.
func runEcho(ctx context.Context, cfg config, tgt *target, r *report) bool {
	t := &tally{}
	r.line("%d connections, %d-byte %s messages, fragment %d, at most %d messages or %s",
		cfg.conns, cfg.size, cfg.op, cfg.fragment, cfg.count, cfg.duration)
	before := tgt.figures(ctx)

	var budget atomic.Int64
	budget.Store(int64(cfg.count))
	var ready, wg sync.WaitGroup
	begin := make(chan struct{})
	var lastEcho atomic.Int64
	var deadline time.Time // set before begin is closed
	ready.Add(cfg.conns)
	for i := range cfg.conns {
		wg.Go(func() {
			s := newSession(cfg, tgt.addr, t, uint64(i), true)
			defer s.done()
			c, err := s.dial(ctx)
			ready.Done()
			if err != nil {
				return
			}
			<-begin
			for ctx.Err() == nil && time.Now().Before(deadline) && budget.Add(-1) >= 0 {
				if err := s.exchange(c); err != nil {
					t.fail(err)
					s.abort(c)
					return
				}
			}
			storeMax(&lastEcho, time.Now().UnixNano())
			s.close(c)
		})
	}
	ready.Wait()
	start := time.Now()
	deadline = start.Add(cfg.duration)
	stop := make(chan struct{})
	go progress(r, t, cfg.progress, stop)
	close(begin)
	wg.Wait()
	close(stop)
	elapsed := time.Duration(lastEcho.Load() - start.UnixNano())
	if lastEcho.Load() == 0 {
		elapsed = time.Since(start)
	}

	t.printCounts(r)
	t.printRates(r, elapsed)
	r.line("%s", stopReason(ctx, budget.Load(), cfg.count))
	r.line("server before: %s; after: %s", before, tgt.figures(ctx))
	return !t.failed()
}

// storeMax raises v to x unless it is already higher.
func storeMax(v *atomic.Int64, x int64) {
	for old := v.Load(); x > old && !v.CompareAndSwap(old, x); old = v.Load() {
	}
}

// stopReason says what ended a loop that draws from a budget of count:
// the budget (left at zero or below once spent), the context, or else the
// duration.
func stopReason(ctx context.Context, left int64, count int) string {
	switch {
	case left <= 0:
		return fmt.Sprintf("stopped by -count: all %d used", count)
	case ctx.Err() != nil:
		return "stopped by an interrupt"
	}
	return fmt.Sprintf("stopped by -duration: %d of the -count %d left", left, count)
}
