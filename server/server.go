// Package server is the wsplay server as a library: New builds it from a
// Config, Handler is its whole HTTP surface (the embedded page, /ws, /tap,
// /healthz) behind its security policy, and Serve runs it on a listener with
// the recording of request heads, TLS and an ordered shutdown. The wsplay
// command (server/cmd/wsplay) turns flags into a Config; tests build one.
package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/bufpool"
	"github.com/wsplay/wsplay/server/internal/clientip"
	"github.com/wsplay/wsplay/server/lab"
	"github.com/wsplay/wsplay/server/rooms"
	"github.com/wsplay/wsplay/server/tap"
	"github.com/wsplay/wsplay/server/ws"
	"github.com/wsplay/wsplay/site"
)

// Config is everything the server needs. A zero limit or timeout means its
// default (see Defaults), except IdleTimeout and PingInterval, where zero
// means off; the wsplay command starts from Defaults, which sets them.
type Config struct {
	Files  fs.FS        // the site; nil means the embedded site.Files
	Logger *slog.Logger // nil discards the logs

	// Origins lists the page origins allowed to open a WebSocket besides
	// the server's own host ("*" allows any). See originPolicy.
	Origins          []string
	MaxMessage       int           // bytes in one reassembled message; above: close 1009
	MaxConns         int           // open WebSockets; above: 503 before upgrading
	MaxConnsPerIP    int           // open WebSockets (and tap streams) per client address; 0 = no cap
	MaxHeaderBytes   int           // request head; above: 431
	HandshakeTimeout time.Duration // to receive the whole request head
	IdleTimeout      time.Duration // without a byte from the client; 0 = never
	PingInterval     time.Duration // between the server's pings; 0 = no pings
	WriteTimeout     time.Duration // for one write to a client that does not read
	CloseTimeout     time.Duration // to wait for the client's close frame
	ShutdownTimeout  time.Duration // for WebSockets and requests to finish once Serve's context ends
	// TapFrameBytes is how much of each frame a tap event carries: the
	// header and the start of the payload. Hex doubles every byte and a
	// page shows the start of a long payload anyway; the event still
	// gives the frame's full size.
	TapFrameBytes int

	// TrustedProxies are the direct peers whose X-Forwarded-For names the
	// client (see clientip.Of); nil trusts nobody.
	TrustedProxies []netip.Prefix
	// FrameAncestors are the CSP sources that may put embed.html in an
	// iframe; nil means any ("*"). The full page only frames itself.
	FrameAncestors []string
	// TLS serves https and wss when set (see LoadTLS).
	TLS *tls.Config
	// Deflate accepts permessage-deflate (RFC 7692) on /ws (and the lab's
	// /ws) with the answer of protocol.WsplayServer(), which the page
	// predicts; false declines every offer (protocol.WsplayServerPlain()).
	// Defaults turns it on, as the page teaches it; /ws?deflate=0 still
	// declines it on one connection.
	Deflate bool

	// Lab holds the limits of POST /lab (see lab.DefaultLimits and README
	// "The lab"); zero fields get the defaults. Its origin policy, trusted
	// proxies and connection caps are the server's own.
	Lab LabLimits
	// Rooms holds the classroom rooms' limits (see rooms.DefaultLimits
	// and README "Rooms"); zero fields get the defaults.
	Rooms RoomLimits
}

// LabLimits are the lab's own limits, tuned by the -lab-* flags.
type LabLimits = lab.Limits

// Defaults is the configuration of the wsplay command before its flags:
// every limit at its default, pings every 20 s, the idle timeout at 2
// minutes and permessage-deflate accepted.
func Defaults() Config {
	c := Config{MaxConnsPerIP: 256, IdleTimeout: 2 * time.Minute, PingInterval: 20 * time.Second, Deflate: true}.withDefaults()
	c.Files = nil // New fills it; the flags need not show it
	return c
}

// withDefaults fills the limits left at zero.
func (c Config) withDefaults() Config {
	if c.Files == nil {
		c.Files = site.Files
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	setDefault(&c.MaxMessage, 1<<20)
	setDefault(&c.MaxConns, 10000)
	setDefault(&c.MaxHeaderBytes, 16<<10)
	setDefault(&c.HandshakeTimeout, 10*time.Second)
	setDefault(&c.WriteTimeout, 10*time.Second)
	setDefault(&c.CloseTimeout, 3*time.Second)
	setDefault(&c.ShutdownTimeout, 10*time.Second)
	setDefault(&c.TapFrameBytes, 1<<10)
	c.Lab = c.Lab.WithDefaults()
	c.Rooms = c.Rooms.WithDefaults()
	return c
}

func setDefault[T int | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// policyOf is the handshake policy cfg asks for.
func policyOf(cfg Config) protocol.ServerPolicy {
	if cfg.Deflate {
		return protocol.WsplayServer()
	}
	return protocol.WsplayServerPlain()
}

// Server is the whole server: the HTTP routes, the WebSockets and the taps.
type Server struct {
	cfg     Config
	log     *slog.Logger
	origins originPolicy
	taps    *tap.Hub
	tapIPs  *clientip.Counter // open tap streams per client address
	ws      *ws.Server
	wsIPs   *clientip.Counter // open WebSockets (and lab experiments) per client address
	lab     *lab.Lab
	labWS   *ws.Server // /ws for the lab's own loopback connections
	rooms   *rooms.Registry
	roomWS  *ws.Server // /ws?room=: students and teachers
	slots   *ws.Slots  // -max-conns, shared by ws, roomWS and the lab's experiments
	handler http.Handler
}

// New builds the server from cfg; limits left at zero get their defaults.
func New(cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	origins, err := newOriginPolicy(cfg.Origins)
	if err != nil {
		return nil, fmt.Errorf("origins: %w", err)
	}
	s := &Server{cfg: cfg, log: cfg.Logger, origins: origins, taps: tap.NewHub(), tapIPs: clientip.NewCounter(cfg.MaxConnsPerIP)}
	s.wsIPs = clientip.NewCounter(cfg.MaxConnsPerIP)
	s.slots = ws.NewSlots(cfg.MaxConns)
	wsCfg := s.wsConfig(cfg.TrustedProxies, s.wsIPs)
	wsCfg.Slots = s.slots
	s.ws = ws.NewServer(wsCfg)
	s.newLab()
	s.newRooms()
	s.handler = logRequests(cfg.Logger, cfg.TrustedProxies, securityHeaders(cfg.FrameAncestors, s.routes()))
	return s, nil
}

// wsConfig is the configuration of a ws.Server with the server's limits.
func (s *Server) wsConfig(proxies []netip.Prefix, perIP *clientip.Counter) ws.Config {
	cfg := s.cfg
	return ws.Config{
		MaxMessage: cfg.MaxMessage, MaxConns: cfg.MaxConns, MaxHeaderBytes: cfg.MaxHeaderBytes,
		HandshakeTimeout: cfg.HandshakeTimeout, IdleTimeout: cfg.IdleTimeout, PingInterval: cfg.PingInterval,
		WriteTimeout: cfg.WriteTimeout, CloseTimeout: cfg.CloseTimeout, TapFrameBytes: cfg.TapFrameBytes,
		TrustedProxies: proxies, PerIP: perIP,
		AllowOrigin: s.origins.allows, Choose: ws.ChooseEcho, Policy: policyOf(cfg),
		Logger: cfg.Logger, Taps: s.taps, Pool: bufpool.New(),
	}
}

// Config is the configuration in force, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// Handler is the whole HTTP surface of wsplay. Served by net/http without
// Serve, /ws works but the tap shows a request rebuilt from what net/http
// parsed rather than the bytes as they arrived.
func (s *Server) Handler() http.Handler { return s.handler }

// Serve runs the server on ln until ctx ends, then shuts down in order:
// the lab's experiments stop (and new ones get 503), every WebSocket gets a close frame with 1001 and a chance to answer, the
// tap streams end (after reporting those closes), and then net/http stops,
// all within the shutdown timeout. It returns nil after a clean shutdown.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := s.httpServer()
	s.lab.SetTarget(ln.Addr(), s.cfg.TLS) // the one address the lab dials
	served := make(chan error, 1)
	go func() { served <- srv.Serve(s.listener(ln)) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	timeout := s.cfg.ShutdownTimeout
	s.log.Info("shutting down", "timeout", timeout, "websockets", s.ws.Open())
	sctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	s.lab.Shutdown() // its experiments end first: they are clients of labWS
	s.rooms.Close()  // every class ends with 1001
	wsErr := errors.Join(s.ws.Shutdown(sctx), s.labWS.Shutdown(sctx), s.roomWS.Shutdown(sctx))
	s.taps.Shutdown()
	httpErr := srv.Shutdown(sctx)
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return errors.Join(wsErr, httpErr)
}

// httpServer is net/http's server for s, with the hook that keeps each
// connection's recording of its request heads small.
func (s *Server) httpServer() *http.Server {
	idle := s.cfg.IdleTimeout
	if idle <= 0 {
		idle = Defaults().IdleTimeout
	}
	return &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: s.cfg.HandshakeTimeout,
		IdleTimeout:       idle, // between keep-alive requests
		MaxHeaderBytes:    s.cfg.MaxHeaderBytes,
		ConnState:         tap.TrackRequests,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// listener wraps ln so that every connection records its request head, up to
// what net/http itself would read for one. With TLS the recording sits on
// top of it, so that it sees the request in clear.
func (s *Server) listener(ln net.Listener) net.Listener {
	if s.cfg.TLS != nil {
		ln = tls.NewListener(ln, s.cfg.TLS)
	}
	return tap.Record(ln, s.cfg.MaxHeaderBytes+4096)
}
