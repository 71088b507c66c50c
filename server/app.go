package main

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// app is the whole server: the HTTP routes, the WebSockets and the taps.
type app struct {
	cfg     config
	log     *slog.Logger
	origins originPolicy
	taps    *tapHub
	tapIPs  *ipCounter // open tap streams per client address
	ws      *wsServer
	handler http.Handler
}

// newApp builds the server from cfg; limits left at zero get their defaults.
func newApp(cfg config) *app {
	cfg = cfg.withDefaults()
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	origins, err := newOriginPolicy(cfg.Origins)
	if err != nil { // parseConfig rejects these; a test that passes one gets a loud failure
		panic(err)
	}
	a := &app{cfg: cfg, log: log, origins: origins, taps: newTapHub(), tapIPs: newIPCounter(cfg.MaxConnsPerIP)}
	a.ws = newWSServer(cfg, log, a.taps, origins)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = io.WriteString(w, "ok")
	})
	mux.HandleFunc("GET /tap", a.serveTap)
	mux.Handle("GET /", staticFiles{files: cfg.Files})
	// /ws takes every method, ahead of the mux: the core answers a POST
	// with the rule it breaks (405), which says more than a bare refusal.
	routes := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ws" {
			a.ws.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
	a.handler = logRequests(log, cfg.TrustedProxies, securityHeaders(cfg.FrameAncestors, routes))
	return a
}

// newMux is the whole HTTP surface of wsplay, for tests that drive the real
// handler with httptest.
func newMux(cfg config) http.Handler { return newApp(cfg).handler }

// httpServer returns the server for a, with the hooks that let /ws show the
// upgrade request byte for byte (see recordingListener).
func (a *app) httpServer() *http.Server {
	idle := a.cfg.IdleTimeout
	if idle <= 0 {
		idle = defaultIdleTimeout
	}
	return &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: a.cfg.HandshakeTimeout,
		IdleTimeout:       idle, // between keep-alive requests
		MaxHeaderBytes:    a.cfg.MaxHeaderBytes,
		ConnState:         trackRequests,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
}

// listener wraps ln so that every connection records its request head, up to
// what net/http itself would read for one. With TLS the recording sits on
// top of it, so that it sees the request in clear.
func (a *app) listener(ln net.Listener) net.Listener {
	if a.cfg.TLS != nil {
		ln = tls.NewListener(ln, a.cfg.TLS)
	}
	return recordingListener{Listener: ln, limit: a.cfg.MaxHeaderBytes + 4096}
}

// serve runs srv on ln until ctx ends, then shuts down in order: every
// WebSocket gets a close frame with 1001 and a chance to answer, the tap
// streams end (after reporting those closes), and then net/http stops.
func (a *app) serve(ctx context.Context, srv *http.Server, ln net.Listener, timeout time.Duration) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(a.listener(ln)) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	a.log.Info("shutting down", "timeout", timeout, "websockets", a.ws.open())
	sctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	wsErr := a.ws.shutdown(sctx)
	a.taps.shutdown()
	httpErr := srv.Shutdown(sctx)
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return errors.Join(wsErr, httpErr)
}
