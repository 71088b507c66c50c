// Package lab runs experiments against the server's own WebSocket endpoint:
// a learner's raw request head and bytes are written, exactly, on a real TCP
// connection to the server's own listener on loopback, and what the server
// does in answer comes back as one JSON object a line (application/x-ndjson).
// The lab never dials anything but the address Serve gives it.
package lab

import (
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wsplay/wsplay/server/internal/clientip"
)

// Limits are what an operator tunes (the wsplay command's -lab-* flags);
// README "The lab" says how the defaults were chosen.
type Limits struct {
	MaxBytes  int           // request head and bytes together, after hex decoding
	Timeout   time.Duration // for writing; the lab listens lastWord longer
	PerIP     int           // experiments running at once per client address
	Rate      float64       // experiments per second per client address, refilled
	Burst     int           // experiments a client address may start at once
	MaxActive int           // experiments running at once on the whole server
}

// DefaultLimits are the lab's limits before flags.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 64 << 10, Timeout: 10 * time.Second, PerIP: 48, Rate: 20, Burst: 60, MaxActive: 128}
}

// WithDefaults fills the limits left at zero (or below).
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits()
	setDefault(&l.MaxBytes, d.MaxBytes)
	setDefault(&l.Timeout, d.Timeout)
	setDefault(&l.PerIP, d.PerIP)
	setDefault(&l.Burst, d.Burst)
	setDefault(&l.MaxActive, d.MaxActive)
	if !(l.Rate > 0) {
		l.Rate = d.Rate
	}
	return l
}

// Config is the lab's limits and the server's policy it applies.
type Config struct {
	Limits
	Settle       time.Duration // quiet time after the last write before the lab hangs up; 0 = 1 s
	WriteTimeout time.Duration // for one line to a lab client that does not read; 0 = 10 s
	HeadLimit    int           // the server's -max-header, for what the lab keeps of an answer; 0 = 16 KiB
	MaxMessage   int           // the server's -max-message, for the catalogue's too-big experiment; 0 = 1 MiB
	Deflate      bool          // the server agrees to permessage-deflate: the catalogue has its experiments

	TrustedProxies []netip.Prefix
	// AllowOrigin is the origin policy of /ws (section 10.2).
	AllowOrigin func(origin, host string) bool
	// Admit takes the slots an experiment holds in the server's own
	// connection caps for client, or says why not (a 503).
	Admit  func(client netip.Addr) (release func(), refusal string)
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	c.Limits = c.Limits.WithDefaults()
	setDefault(&c.Settle, time.Second)
	setDefault(&c.WriteTimeout, 10*time.Second)
	setDefault(&c.HeadLimit, 16<<10)
	setDefault(&c.MaxMessage, 1<<20)
	if c.AllowOrigin == nil {
		c.AllowOrigin = func(string, string) bool { return true }
	}
	if c.Admit == nil {
		c.Admit = func(netip.Addr) (func(), string) { return func() {}, "" }
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return c
}

func setDefault[T int | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// Lab is the experiment runner behind POST /lab.
type Lab struct {
	cfg     Config
	clients *clientip.Counter // experiments running per client address
	// stopping ends when the server shuts down: running experiments stop
	// and new ones are refused.
	stopping context.Context
	stop     context.CancelFunc
	rates    *buckets
	running  atomic.Int64

	mu     sync.Mutex
	target string      // the server's own listener, set by Serve
	tls    *tls.Config // how to speak to it when it serves TLS
	own    map[string]struct{}
}

// New returns a lab with cfg's limits; zero limits get their defaults.
func New(cfg Config) *Lab {
	cfg = cfg.withDefaults()
	stopping, stop := context.WithCancel(context.Background())
	return &Lab{
		cfg: cfg, clients: clientip.NewCounter(cfg.PerIP), stopping: stopping, stop: stop,
		rates: newBuckets(cfg.Rate, cfg.Burst), own: map[string]struct{}{},
	}
}

// Config is the configuration in force, defaults filled in.
func (l *Lab) Config() Config { return l.cfg }

// SetTarget gives the lab the address of the server's own listener, the only
// place it ever connects to. An unspecified address (":8080") is reached on
// loopback. With tc set the lab speaks TLS to it; the certificate is not
// checked, since the peer is the lab's own listener.
func (l *Lab) SetTarget(addr net.Addr, tc *tls.Config) {
	target := addr.String()
	if ap, err := netip.ParseAddrPort(target); err == nil && ap.Addr().IsUnspecified() {
		loop := netip.IPv6Loopback()
		if ap.Addr().Unmap().Is4() {
			loop = netip.AddrFrom4([4]byte{127, 0, 0, 1})
		}
		target = netip.AddrPortFrom(loop, ap.Port()).String()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.target = target
	if tc != nil {
		l.tls = &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS12} //nolint:gosec // our own listener
	}
}

func (l *Lab) targetOf() (string, *tls.Config) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.target, l.tls
}

// Owns reports whether remoteAddr (an http.Request's RemoteAddr) is the
// local end of one of the lab's own connections. The server serves those on
// /ws without the per-address cap: the lab counts each experiment against
// the real client's address instead.
func (l *Lab) Owns(remoteAddr string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.own[remoteAddr]
	return ok
}

func (l *Lab) adopt(local string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.own[local] = struct{}{}
}

func (l *Lab) disown(local string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.own, local)
}

// Shutdown stops the running experiments (each still ends its answer with
// a summary) and refuses new ones with 503.
func (l *Lab) Shutdown() { l.stop() }

// ServeHTTP is POST /lab: the request's policy (method, origin, limits),
// then the experiment, streamed.
func (l *Lab) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodOptions {
		l.preflight(w, r, http.MethodPost)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST, OPTIONS")
		refuse(w, http.StatusMethodNotAllowed, "the lab takes POST with a JSON body", nil)
		return
	}
	if !l.allowCORS(w, r) {
		refuse(w, http.StatusForbidden, l.foreignOrigin(r), nil)
		return
	}
	target, tc := l.targetOf()
	if l.stopping.Err() != nil {
		refuse(w, http.StatusServiceUnavailable, "the server is shutting down; try again later", nil)
		return
	}
	if target == "" {
		refuse(w, http.StatusServiceUnavailable, "the lab needs the server's own listener (server.Serve)", nil)
		return
	}
	exp, bad := l.parse(w, r)
	if bad != nil {
		bad.write(w)
		return
	}
	client, _ := clientip.Of(r, l.cfg.TrustedProxies)
	release, bad := l.admit(client)
	if bad != nil {
		bad.write(w)
		return
	}
	defer release()
	l.run(w, r, exp, target, tc)
	l.cfg.Logger.Info("lab experiment", "client", client.String(), "request_bytes", len(exp.request), "bytes", len(exp.bytes))
}
