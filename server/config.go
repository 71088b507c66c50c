package main

import (
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/wsplay/wsplay/site"
)

// config is everything the server needs; tests build it directly. A zero
// limit means its default (see withDefaults); a zero interval or timeout
// that only the flags set (PingInterval, IdleTimeout) means off.
type config struct {
	Addr      string
	LogLevel  slog.Level
	LogFormat string // "text" or "json"
	Files     fs.FS  // the site; site.Files in production
	Logger    *slog.Logger

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
	// TapFrameBytes is how much of each frame a tap event carries: the
	// header and the start of the payload. Hex doubles every byte and a
	// page shows the start of a long payload anyway; the event still
	// gives the frame's full size.
	TapFrameBytes int

	// TrustedProxies are the direct peers whose X-Forwarded-For names the
	// client (see clientIP); nil trusts nobody.
	TrustedProxies []netip.Prefix
	// FrameAncestors are the CSP sources that may put embed.html in an
	// iframe; nil means any ("*"). The full page only frames itself.
	FrameAncestors []string
	// DebugAddr is a loopback address for net/http/pprof; "" = off.
	DebugAddr string
	// TLS serves https and wss when set; run loads it from TLSCert and TLSKey.
	TLS             *tls.Config
	TLSCert, TLSKey string
}

// Defaults shared by the flags and withDefaults.
const (
	defaultAddr             = "127.0.0.1:8080"
	defaultMaxMessage       = 1 << 20
	defaultMaxConns         = 10000
	defaultMaxConnsPerIP    = 256
	defaultMaxHeaderBytes   = 16 << 10
	defaultHandshakeTimeout = 10 * time.Second
	defaultIdleTimeout      = 2 * time.Minute
	defaultPingInterval     = 20 * time.Second
	defaultWriteTimeout     = 10 * time.Second
	defaultCloseTimeout     = 3 * time.Second
	defaultTapFrameBytes    = 1 << 10
)

// withDefaults fills the limits a test left at zero.
func (c config) withDefaults() config {
	if c.MaxMessage <= 0 {
		c.MaxMessage = defaultMaxMessage
	}
	if c.MaxConns <= 0 {
		c.MaxConns = defaultMaxConns
	}
	if c.MaxHeaderBytes <= 0 {
		c.MaxHeaderBytes = defaultMaxHeaderBytes
	}
	if c.HandshakeTimeout <= 0 {
		c.HandshakeTimeout = defaultHandshakeTimeout
	}
	if c.WriteTimeout <= 0 {
		c.WriteTimeout = defaultWriteTimeout
	}
	if c.CloseTimeout <= 0 {
		c.CloseTimeout = defaultCloseTimeout
	}
	if c.TapFrameBytes <= 0 {
		c.TapFrameBytes = defaultTapFrameBytes
	}
	return c
}

// parseConfig reads flags; each flag's default comes from its WSPLAY_*
// variable, so an explicit flag always wins over the environment.
func parseConfig(args []string, getenv func(string) string, output io.Writer) (config, error) {
	fset := flag.NewFlagSet("wsplay", flag.ContinueOnError)
	fset.SetOutput(output)
	cfg := config{Files: site.Files}
	level := "info"
	origins, proxies, ancestors := "", "", ""
	maxMessage := byteSize(defaultMaxMessage)
	maxHeader := byteSize(defaultMaxHeaderBytes)
	tapFrame := byteSize(defaultTapFrameBytes)

	// env names the variable each flag falls back to.
	env := map[string]string{}
	def := func(name, variable string) string { env[name] = variable; return " (env " + variable + ")" }

	fset.StringVar(&cfg.Addr, "addr", defaultAddr, "listen address"+def("addr", "WSPLAY_ADDR"))
	fset.StringVar(&level, "log-level", level, "debug, info, warn or error"+def("log-level", "WSPLAY_LOG_LEVEL"))
	fset.StringVar(&cfg.LogFormat, "log-format", "text", "text or json"+def("log-format", "WSPLAY_LOG_FORMAT"))
	fset.StringVar(&origins, "origins", "", "comma-separated page origins allowed to open a WebSocket besides this server's own host, e.g. https://docs.example.org; * allows any"+def("origins", "WSPLAY_ORIGINS"))
	fset.Var(&maxMessage, "max-message", "largest message in bytes (suffix KiB or MiB allowed); larger ones close with 1009"+def("max-message", "WSPLAY_MAX_MESSAGE"))
	fset.Var(&maxHeader, "max-header", "largest handshake request head in bytes; larger ones get 431"+def("max-header", "WSPLAY_MAX_HEADER"))
	fset.Var(&tapFrame, "tap-frame-bytes", "how many bytes of each frame (header first) a tap event carries; the page shows the start of longer frames"+def("tap-frame-bytes", "WSPLAY_TAP_FRAME_BYTES"))
	fset.IntVar(&cfg.MaxConns, "max-conns", defaultMaxConns, "most open WebSockets; beyond it the handshake gets 503"+def("max-conns", "WSPLAY_MAX_CONNS"))
	fset.IntVar(&cfg.MaxConnsPerIP, "max-conns-per-ip", defaultMaxConnsPerIP, "most open WebSockets, and most tap streams, per client address (an IPv6 /64 counts as one); beyond it 503; 0 = no cap"+def("max-conns-per-ip", "WSPLAY_MAX_CONNS_PER_IP"))
	fset.StringVar(&proxies, "trusted-proxies", "", "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For names the client, e.g. 127.0.0.1 or 10.0.0.0/8"+def("trusted-proxies", "WSPLAY_TRUSTED_PROXIES"))
	fset.StringVar(&ancestors, "frame-ancestors", "*", "comma-separated origins that may show embed.html in an iframe (CSP frame-ancestors), e.g. https://docs.example.org; * allows any"+def("frame-ancestors", "WSPLAY_FRAME_ANCESTORS"))
	fset.StringVar(&cfg.DebugAddr, "debug-addr", "", "loopback address for a debug listener with net/http/pprof, e.g. 127.0.0.1:6060; off when empty"+def("debug-addr", "WSPLAY_DEBUG_ADDR"))
	fset.StringVar(&cfg.TLSCert, "tls-cert", "", "PEM certificate (chain) file; with -tls-key the server speaks https and wss"+def("tls-cert", "WSPLAY_TLS_CERT"))
	fset.StringVar(&cfg.TLSKey, "tls-key", "", "PEM private key file for -tls-cert"+def("tls-key", "WSPLAY_TLS_KEY"))
	fset.DurationVar(&cfg.HandshakeTimeout, "handshake-timeout", defaultHandshakeTimeout, "time to receive a request head"+def("handshake-timeout", "WSPLAY_HANDSHAKE_TIMEOUT"))
	fset.DurationVar(&cfg.IdleTimeout, "idle-timeout", defaultIdleTimeout, "close a WebSocket (1001) after this long without a byte from the client; 0 = never"+def("idle-timeout", "WSPLAY_IDLE_TIMEOUT"))
	fset.DurationVar(&cfg.PingInterval, "ping-interval", defaultPingInterval, "send a ping this often on every WebSocket; 0 = never"+def("ping-interval", "WSPLAY_PING_INTERVAL"))
	fset.DurationVar(&cfg.WriteTimeout, "write-timeout", defaultWriteTimeout, "give up on a client that does not read for this long"+def("write-timeout", "WSPLAY_WRITE_TIMEOUT"))

	// The environment goes in first as if typed, so its values get the same
	// checks and the command line overrides them.
	var problems []error
	fset.VisitAll(func(f *flag.Flag) {
		if v := getenv(env[f.Name]); v != "" {
			if err := f.Value.Set(v); err != nil {
				problems = append(problems, fmt.Errorf("%s=%q: %w", env[f.Name], v, err))
			}
		}
	})
	if err := errors.Join(problems...); err != nil {
		return config{}, err
	}
	if err := fset.Parse(args); err != nil {
		return config{}, err
	}
	if fset.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments: %s", strings.Join(fset.Args(), " "))
	}
	if err := cfg.LogLevel.UnmarshalText([]byte(level)); err != nil {
		return config{}, fmt.Errorf("-log-level: %w", err)
	}
	if cfg.LogFormat != "text" && cfg.LogFormat != "json" {
		return config{}, fmt.Errorf("-log-format: want text or json, got %q", cfg.LogFormat)
	}
	cfg.MaxMessage, cfg.MaxHeaderBytes, cfg.TapFrameBytes = int(maxMessage), int(maxHeader), int(tapFrame)
	cfg.Origins = splitOrigins(origins)
	if _, err := newOriginPolicy(cfg.Origins); err != nil {
		return config{}, fmt.Errorf("-origins: %w", err)
	}
	for name, d := range map[string]time.Duration{
		"handshake-timeout": cfg.HandshakeTimeout, "idle-timeout": cfg.IdleTimeout,
		"ping-interval": cfg.PingInterval, "write-timeout": cfg.WriteTimeout,
	} {
		if d < 0 || (d == 0 && (name == "handshake-timeout" || name == "write-timeout")) {
			return config{}, fmt.Errorf("-%s: want a positive duration, got %s", name, d)
		}
	}
	if cfg.MaxConns < 1 {
		return config{}, fmt.Errorf("-max-conns: want at least 1, got %d", cfg.MaxConns)
	}
	if cfg.MaxConnsPerIP < 0 {
		return config{}, fmt.Errorf("-max-conns-per-ip: want 0 (no cap) or more, got %d", cfg.MaxConnsPerIP)
	}
	var err error
	if cfg.TrustedProxies, err = parsePrefixes(proxies); err != nil {
		return config{}, fmt.Errorf("-trusted-proxies: %w", err)
	}
	if cfg.FrameAncestors, err = parseFrameAncestors(ancestors); err != nil {
		return config{}, fmt.Errorf("-frame-ancestors: %w", err)
	}
	if err := checkLoopback(cfg.DebugAddr); err != nil {
		return config{}, fmt.Errorf("-debug-addr: %w", err)
	}
	if (cfg.TLSCert == "") != (cfg.TLSKey == "") {
		return config{}, errors.New("-tls-cert and -tls-key go together: give both or neither")
	}
	return cfg, nil
}

func splitOrigins(s string) []string {
	var out []string
	for _, o := range strings.Split(s, ",") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, o)
		}
	}
	return out
}

// byteSize is a flag for a size in bytes: "1048576", "64KiB" or "1MiB".
type byteSize int

func (b *byteSize) String() string { return strconv.Itoa(int(*b)) }

func (b *byteSize) Set(s string) error {
	num, mult := s, 1
	for _, u := range []struct {
		suffix string
		mult   int
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"B", 1}} {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			num, mult = strings.TrimSpace(n), u.mult
			break
		}
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 || n > (1<<30)/mult {
		return fmt.Errorf("want a size from 1 byte to 1GiB such as 65536, 64KiB or 1MiB, got %q", s)
	}
	*b = byteSize(n * mult)
	return nil
}
