// Command wsplay serves the playground: the page, the WebAssembly protocol
// core and (later) the WebSocket endpoints, all from one binary.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/site"
)

// shutdownTimeout bounds how long in-flight requests may finish after a signal.
const shutdownTimeout = 10 * time.Second

// config is everything the server needs; tests build it directly.
type config struct {
	Addr      string
	LogLevel  slog.Level
	LogFormat string // "text" or "json"
	Files     fs.FS  // the site; site.Files in production
	Logger    *slog.Logger
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "wsplay:", err)
		os.Exit(1)
	}
}

// parseConfig reads flags; each flag's default comes from its WSPLAY_*
// variable, so an explicit flag always wins over the environment.
func parseConfig(args []string, getenv func(string) string, output io.Writer) (config, error) {
	fset := flag.NewFlagSet("wsplay", flag.ContinueOnError)
	fset.SetOutput(output)
	envOr := func(name, fallback string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return fallback
	}
	cfg := config{Files: site.Files}
	fset.StringVar(&cfg.Addr, "addr", envOr("WSPLAY_ADDR", "127.0.0.1:8080"), "listen address (env WSPLAY_ADDR)")
	level := fset.String("log-level", envOr("WSPLAY_LOG_LEVEL", "info"), "debug, info, warn or error (env WSPLAY_LOG_LEVEL)")
	fset.StringVar(&cfg.LogFormat, "log-format", envOr("WSPLAY_LOG_FORMAT", "text"), "text or json (env WSPLAY_LOG_FORMAT)")
	if err := fset.Parse(args); err != nil {
		return config{}, err
	}
	if fset.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments: %s", strings.Join(fset.Args(), " "))
	}
	if err := cfg.LogLevel.UnmarshalText([]byte(*level)); err != nil {
		return config{}, fmt.Errorf("-log-level: %w", err)
	}
	if cfg.LogFormat != "text" && cfg.LogFormat != "json" {
		return config{}, fmt.Errorf("-log-format: want text or json, got %q", cfg.LogFormat)
	}
	return cfg, nil
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

	// Listen before serving so that a busy port fails fast, and so that
	// -addr 127.0.0.1:0 logs the port it actually got.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           newMux(cfg),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("listening", "url", "http://"+ln.Addr().String(), "version", protocol.Version)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}

	log.Info("shutting down", "timeout", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}
