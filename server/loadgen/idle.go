package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// dialsAtOnce bounds concurrent handshakes, like a class arriving rather
// than a flood; it also keeps the listen backlog from overflowing.
const dialsAtOnce = 32

// runIdle opens -conns connections that send nothing, reads the server's
// RSS before and after, and holds them for -hold. Each connection answers
// the server's pings meanwhile, as a browser does. At the end every
// connection proves it is still alive with one verified echo, then closes.
func runIdle(ctx context.Context, cfg config, tgt *target, r *report) bool {
	t := &tally{}
	r.line("%d idle connections, opened within %s, held %s", cfg.conns, cfg.duration, cfg.hold)
	before := tgt.settle(ctx, cfg.settle, -1)
	r.line("server before: %s", before)

	openCtx, cancelOpen := context.WithTimeout(ctx, cfg.duration)
	defer cancelOpen()
	holdCtx, release := context.WithCancel(ctx)
	defer release()
	sem := make(chan struct{}, dialsAtOnce)
	var opened, wg sync.WaitGroup
	opened.Add(cfg.conns)
	start := time.Now()
	for i := range cfg.conns {
		wg.Go(func() {
			s := newSession(cfg, tgt.addr, t, uint64(i), false)
			select {
			case sem <- struct{}{}:
			case <-openCtx.Done():
				opened.Done()
				t.fail(fmt.Errorf("not opened within -duration %s", cfg.duration))
				return
			}
			c, err := s.dial(openCtx)
			<-sem
			opened.Done()
			if err != nil {
				return
			}
			for { // idle: only pings arrive, and are answered inside the read
				_, _, err := c.ReadMessageContext(holdCtx)
				if errors.Is(err, context.Canceled) {
					break
				}
				if err == nil {
					err = errors.New("a data message arrived on an idle connection")
				}
				t.fail(fmt.Errorf("while idle: %w", err))
				s.abort(c)
				return
			}
			if err := s.exchange(c); err != nil {
				t.fail(fmt.Errorf("after holding: %w", err))
				s.abort(c)
				return
			}
			s.close(c)
		})
	}
	opened.Wait()
	openTime := time.Since(start)
	n := t.open.Load()
	during := tgt.settle(ctx, cfg.settle, -1)
	r.line("opened %d of %d in %.1f s; server with them open: %s", n, cfg.conns, openTime.Seconds(), during)
	if n > 0 && before.rss >= 0 && during.rss >= 0 {
		r.line("RSS per idle connection: %.2f KiB (%+.1f MiB over %d connections)",
			float64(during.rss-before.rss)/1024/float64(n), float64(during.rss-before.rss)/(1<<20), n)
	}
	if n > 0 && before.goroutines >= 0 && during.goroutines >= 0 {
		r.line("goroutines per idle connection: %.2f", float64(during.goroutines-before.goroutines)/float64(n))
	}
	sleep(ctx, cfg.hold)
	release()
	wg.Wait()
	t.printCounts(r)
	r.line("server after closing: %s", tgt.settle(ctx, cfg.settle, before.goroutines))
	return !t.failed()
}
