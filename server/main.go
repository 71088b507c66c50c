// Command wsplay serves the playground: the page, the WebAssembly protocol
// core, the WebSocket echo endpoint (/ws) and its wire tap (/tap), all from
// one binary.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/wsplay/wsplay/protocol"
)

// shutdownTimeout bounds how long WebSockets and in-flight requests may
// finish after a signal.
const shutdownTimeout = 10 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "wsplay:", err)
		os.Exit(1)
	}
}

func newLogger(w io.Writer, cfg config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// run serves until ctx ends, then shuts down gracefully.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	cfg.Logger = newLogger(stderr, cfg)
	log := cfg.Logger
	if cfg.TLSCert != "" {
		if cfg.TLS, err = loadTLS(cfg.TLSCert, cfg.TLSKey); err != nil {
			return err
		}
	}
	if cfg.DebugAddr != "" {
		dbg, dln, err := listenDebug(cfg.DebugAddr)
		if err != nil {
			return err
		}
		defer dbg.Close()
		log.Info("debug listener", "url", "http://"+dln.Addr().String()+"/debug/pprof/")
	}

	// Listen before serving so that a busy port fails fast, and so that
	// -addr 127.0.0.1:0 logs the port it actually got.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	a := newApp(cfg)
	scheme := "http://"
	if cfg.TLS != nil {
		scheme = "https://"
	}
	log.Info("listening", "url", scheme+ln.Addr().String(), "version", protocol.Version,
		"max_message", a.cfg.MaxMessage, "max_conns", a.cfg.MaxConns, "max_conns_per_ip", a.cfg.MaxConnsPerIP,
		"ping_interval", a.cfg.PingInterval, "idle_timeout", a.cfg.IdleTimeout, "origins", a.cfg.Origins,
		"trusted_proxies", a.cfg.TrustedProxies)
	if err := a.serve(ctx, a.httpServer(), ln, shutdownTimeout); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}
