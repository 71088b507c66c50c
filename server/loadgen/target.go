package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/wsplay/wsplay/server/internal/serverproc"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

// target is the server under load: one the tool started itself (-spawn), or
// one already running on loopback (-addr, with -pid and -debug-addr for its
// figures).
type target struct {
	addr      string
	pid       int    // 0: unknown, no RSS figure
	debugAddr string // "": no goroutine figure
	collect   bool   // have the server collect garbage before its figures are read
	proc      *serverproc.Process
}

func openTarget(ctx context.Context, cfg config) (*target, error) {
	if cfg.spawn == "" {
		if err := wsclient.RequireLoopback(ctx, cfg.addr); err != nil {
			return nil, err
		}
		if cfg.debugAddr != "" {
			if err := wsclient.RequireLoopback(ctx, cfg.debugAddr); err != nil {
				return nil, fmt.Errorf("-debug-addr: %w", err)
			}
		}
		return &target{addr: cfg.addr, pid: cfg.pid, debugAddr: cfg.debugAddr, collect: cfg.collect}, nil
	}
	debug, err := serverproc.FreePort()
	if err != nil {
		return nil, err
	}
	p, err := serverproc.Start(ctx, serverproc.Spec{Command: strings.Fields(cfg.spawn), Env: cfg.spawnEnv, DebugAddr: debug})
	if err != nil {
		return nil, err
	}
	return &target{addr: p.Addr, pid: p.PID(), debugAddr: debug, collect: cfg.collect, proc: p}, nil
}

// pidNote says which process is measured.
func (t *target) pidNote() string {
	if t.pid == 0 {
		return "(pid unknown: pass -pid for RSS)"
	}
	return fmt.Sprintf("(pid %d)", t.pid)
}

func (t *target) close() error {
	if t.proc == nil {
		return nil
	}
	return t.proc.Stop()
}

// figures is the server's memory and goroutine count at one moment; -1
// means not available.
type figures struct {
	rss        int64
	goroutines int
}

func (t *target) figures(ctx context.Context) figures {
	f := figures{rss: -1, goroutines: -1}
	if t.pid != 0 {
		if rss, err := serverproc.RSS(t.pid); err == nil {
			f.rss = rss
		}
	}
	if t.debugAddr != "" {
		if n, err := serverproc.Goroutines(ctx, t.debugAddr); err == nil {
			f.goroutines = n
		}
	}
	return f
}

func (f figures) String() string {
	rss, g := "n/a", "n/a"
	if f.rss >= 0 {
		rss = fmt.Sprintf("%.1f MiB", float64(f.rss)/(1<<20))
	}
	if f.goroutines >= 0 {
		g = fmt.Sprint(f.goroutines)
	}
	return "RSS " + rss + ", goroutines " + g
}

// settle waits for the server to finish closing connections and to give
// back what they used: it has the server collect garbage (when it offers a
// debug listener), then waits d, and up to 4 d more while its goroutine
// count is still above want (when known).
func (t *target) settle(ctx context.Context, d time.Duration, want int) figures {
	if t.collect && t.debugAddr != "" {
		_ = serverproc.CollectGarbage(ctx, t.debugAddr)
	}
	sleep(ctx, d)
	f := t.figures(ctx)
	for end := time.Now().Add(4 * d); want >= 0 && f.goroutines > want && time.Now().Before(end); {
		sleep(ctx, 250*time.Millisecond)
		f = t.figures(ctx)
	}
	return f
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// steadyRSS waits, up to limit, for the server's RSS to stop falling, and
// returns its figures then and how long that took. Go's runtime gives the
// memory of closed connections back to the kernel in steps, each set off by
// a garbage collection (its scavenger then works towards a new goal), and an
// idle server collects rarely: so each second the server is asked to
// collect (when it has a debug listener), and RSS is read once the
// scavenger has had time to act. A real leak does not go away by waiting.
func (t *target) steadyRSS(ctx context.Context, f figures, limit time.Duration) (figures, time.Duration) {
	if t.pid == 0 || limit <= 0 {
		return f, 0
	}
	read := func() figures {
		if t.collect && t.debugAddr != "" {
			_ = serverproc.CollectGarbage(ctx, t.debugAddr)
			sleep(ctx, 200*time.Millisecond)
		}
		return t.figures(ctx)
	}
	return waitSteady(ctx, wallClock, f, read, time.Second, 5, limit, 64<<10)
}

// clock is what waitSteady waits with: the wall clock, or a test's own.
type clock struct {
	now   func() time.Time
	sleep func(context.Context, time.Duration)
}

var wallClock = clock{now: time.Now, sleep: sleep}

// waitSteady reads figures every step until RSS has not fallen by more than
// tolerance bytes in quiet reads in a row, or limit has passed. Counting
// reads, not time, keeps a slow machine from cutting the wait short.
func waitSteady(ctx context.Context, clk clock, f figures, read func() figures, step time.Duration, quiet int, limit time.Duration, tolerance int64) (figures, time.Duration) {
	start := clk.now()
	low := f.rss
	for still := 0; ctx.Err() == nil && still < quiet && clk.now().Sub(start) < limit; {
		clk.sleep(ctx, step)
		f = read()
		still++
		if f.rss >= 0 && f.rss < low-tolerance {
			low, still = f.rss, 0
		}
	}
	return f, clk.now().Sub(start)
}
