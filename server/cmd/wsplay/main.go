// Command wsplay serves the playground: the page, the WebAssembly protocol
// core, the WebSocket echo endpoint (/ws) and its wire tap (/tap), all from
// one binary. It turns its flags (and their WSPLAY_* variables) into a
// server.Config and serves until SIGTERM or SIGINT.
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

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "wsplay:", err)
		os.Exit(1)
	}
}

func newLogger(w io.Writer, o options) *slog.Logger {
	opts := &slog.HandlerOptions{Level: o.logLevel}
	if o.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// run serves until ctx ends, then shuts down gracefully.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	o, err := parseOptions(args, getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	cfg := o.cfg
	cfg.Logger = newLogger(stderr, o)
	log := cfg.Logger
	if o.tlsCert != "" {
		if cfg.TLS, err = server.LoadTLS(o.tlsCert, o.tlsKey); err != nil {
			return err
		}
	}
	if o.debugAddr != "" {
		dbg, dln, err := server.ListenDebug(o.debugAddr)
		if err != nil {
			return err
		}
		defer dbg.Close()
		log.Info("debug listener", "url", "http://"+dln.Addr().String()+"/debug/pprof/")
	}
	srv, err := server.New(cfg)
	if err != nil {
		return err
	}

	// Listen before serving so that a busy port fails fast, and so that
	// -addr 127.0.0.1:0 logs the port it actually got.
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	scheme := "http://"
	if cfg.TLS != nil {
		scheme = "https://"
	}
	c := srv.Config()
	log.Info("listening", "url", scheme+ln.Addr().String(), "version", protocol.Version,
		"max_message", c.MaxMessage, "max_conns", c.MaxConns, "max_conns_per_ip", c.MaxConnsPerIP,
		"ping_interval", c.PingInterval, "idle_timeout", c.IdleTimeout, "origins", c.Origins,
		"trusted_proxies", c.TrustedProxies)
	if err := srv.Serve(ctx, ln); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}
