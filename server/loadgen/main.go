// Command loadgen puts a WebSocket echo server under bounded load on
// loopback and verifies every echo byte for byte. Its client is wsplay's own
// raw client on net.Conn (server/internal/wsclient, built on the protocol
// core), so what it measures is the server.
//
//	go run ./server/loadgen -mode pingpong -spawn ./bin/wsplay
//	go run ./server/loadgen -mode churn -addr 127.0.0.1:8080 -pid $(pidof wsplay)
//
// Modes: pingpong (small messages over -conns connections: msgs/s, p50 and
// p99 round trip), large (big messages: MB/s), idle (hold -conns idle
// connections: RSS per connection), churn (connect, exchange, verify, close,
// repeat, with -conns open at a time and -count in all: RSS and goroutines
// before and after), room (a classroom: -conns students saying one message
// per -interval while the teacher broadcasts one per -interval; every
// delivery checked in order, latency p50/p99, RSS per student against an
// idle echo connection). Every loop stops at -count or -duration, whichever
// comes first. It exits 1 when any echo differs, any error happened, or
// (churn) the server did not return to its starting figures.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/wsplay/wsplay/protocol"
)

type config struct {
	mode      string
	addr      string
	path      string
	spawn     string
	spawnEnv  []string
	pid       int
	debugAddr string

	conns, count   int
	duration       time.Duration
	size, fragment int
	op             protocol.Opcode
	interval       time.Duration // churn: between messages on one connection
	lifetime       time.Duration // churn: how long one connection stays open
	hold           time.Duration // idle: how long the connections stay open once counted
	warmup         time.Duration // churn: load before the starting figures
	settle         time.Duration // quiet time before reading the server's figures
	rssWait        time.Duration // churn: most time to wait for RSS to stop falling before the start and end figures
	timeout        time.Duration // one dial, handshake, write or read
	maxGrowth      float64       // churn: allowed growth of RSS and goroutines, percent; 0: no check
	progress       time.Duration
	collect        bool // ask the server to collect garbage before reading figures
}

// modeDefaults fills what the command line left at zero. The defaults are
// small, for a quick look on a shared machine; make soak and make idle-mem
// pass the full figures.
var modeDefaults = map[string]config{
	"pingpong": {conns: 50, count: 1_000_000, duration: 10 * time.Second, size: 32},
	"large":    {conns: 4, count: 100_000, duration: 10 * time.Second, size: 64 << 10},
	"idle":     {conns: 1000, duration: time.Minute, hold: 5 * time.Second, size: 32},
	"churn":    {conns: 50, count: 200, duration: 10 * time.Second, size: 32, interval: time.Second},
	"room":     {conns: 300, count: 1_000_000, duration: 30 * time.Second, size: 32, interval: time.Second},
}

// maxDuration keeps every run bounded even when asked for more.
const maxDuration = time.Hour

func parseConfig(args []string, out io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(out)
	opcode := "binary"
	fs.StringVar(&cfg.mode, "mode", "pingpong", "pingpong, large, idle, churn or room")
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "server to load; loopback only (ignored with -spawn)")
	fs.StringVar(&cfg.path, "path", "/ws", "request target of the echo endpoint")
	fs.StringVar(&cfg.spawn, "spawn", "", "start this server command (split on spaces) on a free 127.0.0.1 port (passed as WSPLAY_ADDR), measure it, stop it at the end")
	fs.Func("spawn-env", "KEY=value for the spawned server's environment (repeatable)", func(s string) error {
		if !strings.Contains(s, "=") {
			return fmt.Errorf("want KEY=value, got %q", s)
		}
		cfg.spawnEnv = append(cfg.spawnEnv, s)
		return nil
	})
	fs.IntVar(&cfg.pid, "pid", 0, "process id of the server at -addr, to read its RSS")
	fs.StringVar(&cfg.debugAddr, "debug-addr", "", "the server's debug listener (host:port serving /debug/pprof/), to read its goroutine count; a spawned server is given one as WSPLAY_DEBUG_ADDR")
	fs.IntVar(&cfg.conns, "conns", 0, "connections at once (default per mode: pingpong 50, large 4, idle 1000, churn 50)")
	fs.IntVar(&cfg.count, "count", 0, "at most this many messages (pingpong, large) or connections (churn) in all")
	fs.DurationVar(&cfg.duration, "duration", 0, "at most this long (default 10s; idle: time allowed to open them all, 1m)")
	fs.IntVar(&cfg.size, "size", 0, "payload bytes per message (default 32; large 65536)")
	fs.IntVar(&cfg.fragment, "fragment", 0, "send each message in frames of at most this many bytes (0: one frame)")
	fs.StringVar(&opcode, "opcode", opcode, "text or binary messages")
	fs.DurationVar(&cfg.interval, "interval", 0, "churn: pause between messages on one connection (default 1s)")
	fs.DurationVar(&cfg.lifetime, "lifetime", 0, "churn: how long each connection stays open (default: so that -count connections span -duration)")
	fs.DurationVar(&cfg.hold, "hold", 0, "idle: keep the connections open this long after counting (default 5s)")
	fs.DurationVar(&cfg.warmup, "warmup", 0, "churn: run this long first, so the starting figures are those of a warm server (0: none)")
	fs.DurationVar(&cfg.settle, "settle", 3*time.Second, "quiet time before reading the server's figures")
	fs.DurationVar(&cfg.rssWait, "rss-wait", time.Minute, "churn: before the start and end figures, wait up to this long for the server's RSS to stop falling (Go returns freed memory to the kernel gradually); 0: do not wait")
	fs.DurationVar(&cfg.timeout, "timeout", 10*time.Second, "limit for one dial, handshake, write or read")
	fs.Float64Var(&cfg.maxGrowth, "max-growth", 10, "churn: fail when RSS or goroutines end more than this many percent above the start (0: report only)")
	fs.DurationVar(&cfg.progress, "progress", 0, "print counts this often (0: never)")
	fs.BoolVar(&cfg.collect, "gc", true, "before reading the server's figures, have it collect garbage through its debug listener (when it has one), so freed memory is not counted")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	def, ok := modeDefaults[cfg.mode]
	if !ok {
		return cfg, fmt.Errorf("-mode: want pingpong, large, idle, churn or room, got %q", cfg.mode)
	}
	switch opcode {
	case "text":
		cfg.op = protocol.OpText
	case "binary":
		cfg.op = protocol.OpBinary
	default:
		return cfg, fmt.Errorf("-opcode: want text or binary, got %q", opcode)
	}
	orDefault(&cfg.conns, def.conns)
	orDefault(&cfg.count, def.count)
	orDefault(&cfg.size, def.size)
	orDefault(&cfg.duration, def.duration)
	orDefault(&cfg.interval, def.interval)
	orDefault(&cfg.hold, def.hold)
	switch {
	case cfg.conns < 1 || cfg.size < 0 || cfg.fragment < 0 || (cfg.count < 1 && cfg.mode != "idle"):
		return cfg, errors.New("-conns and -count must be at least 1; -size and -fragment at least 0")
	case cfg.duration < 0 || cfg.duration > maxDuration || cfg.hold < 0 || cfg.hold > maxDuration || cfg.warmup < 0 || cfg.warmup > maxDuration:
		return cfg, fmt.Errorf("-duration, -hold and -warmup must be between 0 and %s", maxDuration)
	case cfg.timeout <= 0 || cfg.settle < 0 || cfg.interval < 0 || cfg.lifetime < 0 || cfg.rssWait < 0 || cfg.rssWait > maxDuration:
		return cfg, errors.New("-timeout must be positive; -settle, -interval, -lifetime and -rss-wait not negative (-rss-wait at most 1h)")
	}
	return cfg, nil
}

func orDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ok, err := run(ctx, os.Args[1:], os.Stdout)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(2)
	case !ok:
		os.Exit(1)
	}
}

// run performs one measurement and reports whether it passed.
func run(ctx context.Context, args []string, out io.Writer) (bool, error) {
	cfg, err := parseConfig(args, out)
	if err != nil {
		return false, err
	}
	r := &report{w: out}
	if limit, err := raiseFileLimit(); err != nil {
		r.line("note: could not raise the open-file limit: %v", err)
	} else if need := uint64(cfg.conns) + 64; limit < need {
		return false, fmt.Errorf("%d connections need about %d open files, the limit is %d: raise it (ulimit -Hn, as root)", cfg.conns, need, limit)
	}
	tgt, err := openTarget(ctx, cfg)
	if err != nil {
		return false, err
	}
	defer func() {
		if err := tgt.close(); err != nil {
			r.line("server stop: %v", err)
		}
	}()
	r.line("mode %s against ws://%s%s %s", cfg.mode, tgt.addr, cfg.path, tgt.pidNote())
	switch cfg.mode {
	case "pingpong", "large":
		return runEcho(ctx, cfg, tgt, r), nil
	case "idle":
		return runIdle(ctx, cfg, tgt, r), nil
	case "room":
		return runRoom(ctx, cfg, tgt, r), nil
	default:
		return runChurn(ctx, cfg, tgt, r), nil
	}
}
