package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/wsplay/wsplay/server"
	"github.com/wsplay/wsplay/server/internal/clientip"
)

// options are the command's settings: the server's Config, and what only
// the command uses (where to listen, logs, TLS files, the debug listener).
type options struct {
	cfg             server.Config
	addr            string
	logLevel        slog.Level
	logFormat       string // "text" or "json"
	debugAddr       string // a loopback address for net/http/pprof; "" = off
	tlsCert, tlsKey string
}

// parseOptions reads flags; each flag's default comes from its WSPLAY_*
// variable, so an explicit flag always wins over the environment.
func parseOptions(args []string, getenv func(string) string, output io.Writer) (options, error) {
	fset := flag.NewFlagSet("wsplay", flag.ContinueOnError)
	fset.SetOutput(output)
	o := options{cfg: server.Defaults()}
	cfg := &o.cfg
	level := "info"
	origins, proxies, ancestors := "", "", ""
	maxMessage := byteSize(cfg.MaxMessage)
	maxHeader := byteSize(cfg.MaxHeaderBytes)
	tapFrame := byteSize(cfg.TapFrameBytes)

	// env names the variable each flag falls back to.
	env := map[string]string{}
	def := func(name, variable string) string { env[name] = variable; return " (env " + variable + ")" }

	fset.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen address"+def("addr", "WSPLAY_ADDR"))
	fset.StringVar(&level, "log-level", level, "debug, info, warn or error"+def("log-level", "WSPLAY_LOG_LEVEL"))
	fset.StringVar(&o.logFormat, "log-format", "text", "text or json"+def("log-format", "WSPLAY_LOG_FORMAT"))
	fset.StringVar(&origins, "origins", "", "comma-separated page origins allowed to open a WebSocket besides this server's own host, e.g. https://docs.example.org; * allows any"+def("origins", "WSPLAY_ORIGINS"))
	fset.Var(&maxMessage, "max-message", "largest message in bytes (suffix KiB or MiB allowed); larger ones close with 1009"+def("max-message", "WSPLAY_MAX_MESSAGE"))
	fset.Var(&maxHeader, "max-header", "largest handshake request head in bytes; larger ones get 431"+def("max-header", "WSPLAY_MAX_HEADER"))
	fset.Var(&tapFrame, "tap-frame-bytes", "how many bytes of each frame (header first) a tap event carries; the page shows the start of longer frames"+def("tap-frame-bytes", "WSPLAY_TAP_FRAME_BYTES"))
	fset.IntVar(&cfg.MaxConns, "max-conns", cfg.MaxConns, "most open WebSockets; beyond it the handshake gets 503"+def("max-conns", "WSPLAY_MAX_CONNS"))
	fset.IntVar(&cfg.MaxConnsPerIP, "max-conns-per-ip", cfg.MaxConnsPerIP, "most open WebSockets, and most tap streams, per client address (an IPv6 /64 counts as one); beyond it 503; 0 = no cap"+def("max-conns-per-ip", "WSPLAY_MAX_CONNS_PER_IP"))
	fset.StringVar(&proxies, "trusted-proxies", "", "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For names the client, e.g. 127.0.0.1 or 10.0.0.0/8"+def("trusted-proxies", "WSPLAY_TRUSTED_PROXIES"))
	fset.StringVar(&ancestors, "frame-ancestors", "*", "comma-separated origins that may show embed.html in an iframe (CSP frame-ancestors), e.g. https://docs.example.org; * allows any"+def("frame-ancestors", "WSPLAY_FRAME_ANCESTORS"))
	fset.StringVar(&o.debugAddr, "debug-addr", "", "loopback address for a debug listener with net/http/pprof, e.g. 127.0.0.1:6060; off when empty"+def("debug-addr", "WSPLAY_DEBUG_ADDR"))
	fset.StringVar(&o.tlsCert, "tls-cert", "", "PEM certificate (chain) file; with -tls-key the server speaks https and wss"+def("tls-cert", "WSPLAY_TLS_CERT"))
	fset.StringVar(&o.tlsKey, "tls-key", "", "PEM private key file for -tls-cert"+def("tls-key", "WSPLAY_TLS_KEY"))
	fset.BoolVar(&cfg.Deflate, "deflate", cfg.Deflate, "accept permessage-deflate (RFC 7692) compression on /ws; -deflate=false declines it, and /ws?deflate=0 on one connection"+def("deflate", "WSPLAY_DEFLATE"))
	fset.DurationVar(&cfg.HandshakeTimeout, "handshake-timeout", cfg.HandshakeTimeout, "time to receive a request head"+def("handshake-timeout", "WSPLAY_HANDSHAKE_TIMEOUT"))
	fset.DurationVar(&cfg.IdleTimeout, "idle-timeout", cfg.IdleTimeout, "close a WebSocket (1001) after this long without a byte from the client; 0 = never"+def("idle-timeout", "WSPLAY_IDLE_TIMEOUT"))
	fset.DurationVar(&cfg.PingInterval, "ping-interval", cfg.PingInterval, "send a ping this often on every WebSocket; 0 = never"+def("ping-interval", "WSPLAY_PING_INTERVAL"))
	fset.DurationVar(&cfg.WriteTimeout, "write-timeout", cfg.WriteTimeout, "give up on a client that does not read for this long"+def("write-timeout", "WSPLAY_WRITE_TIMEOUT"))
	labFlags(fset, &cfg.Lab, def)
	roomFlags(fset, &cfg.Rooms, def)

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
		return options{}, err
	}
	if err := fset.Parse(args); err != nil {
		return options{}, err
	}
	if fset.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected arguments: %s", strings.Join(fset.Args(), " "))
	}
	if err := o.logLevel.UnmarshalText([]byte(level)); err != nil {
		return options{}, fmt.Errorf("-log-level: %w", err)
	}
	if o.logFormat != "text" && o.logFormat != "json" {
		return options{}, fmt.Errorf("-log-format: want text or json, got %q", o.logFormat)
	}
	cfg.MaxMessage, cfg.MaxHeaderBytes, cfg.TapFrameBytes = int(maxMessage), int(maxHeader), int(tapFrame)
	cfg.Origins = splitOrigins(origins)
	if err := server.CheckOrigins(cfg.Origins); err != nil {
		return options{}, fmt.Errorf("-origins: %w", err)
	}
	for name, d := range map[string]time.Duration{
		"handshake-timeout": cfg.HandshakeTimeout, "idle-timeout": cfg.IdleTimeout,
		"ping-interval": cfg.PingInterval, "write-timeout": cfg.WriteTimeout,
	} {
		if d < 0 || (d == 0 && (name == "handshake-timeout" || name == "write-timeout")) {
			return options{}, fmt.Errorf("-%s: want a positive duration, got %s", name, d)
		}
	}
	if cfg.MaxConns < 1 {
		return options{}, fmt.Errorf("-max-conns: want at least 1, got %d", cfg.MaxConns)
	}
	if cfg.MaxConnsPerIP < 0 {
		return options{}, fmt.Errorf("-max-conns-per-ip: want 0 (no cap) or more, got %d", cfg.MaxConnsPerIP)
	}
	if err := checkLab(cfg.Lab); err != nil {
		return options{}, err
	}
	if err := checkRooms(cfg.Rooms); err != nil {
		return options{}, err
	}
	var err error
	if cfg.TrustedProxies, err = clientip.ParsePrefixes(proxies); err != nil {
		return options{}, fmt.Errorf("-trusted-proxies: %w", err)
	}
	if cfg.FrameAncestors, err = server.ParseFrameAncestors(ancestors); err != nil {
		return options{}, fmt.Errorf("-frame-ancestors: %w", err)
	}
	if err := server.CheckLoopback(o.debugAddr); err != nil {
		return options{}, fmt.Errorf("-debug-addr: %w", err)
	}
	if (o.tlsCert == "") != (o.tlsKey == "") {
		return options{}, errors.New("-tls-cert and -tls-key go together: give both or neither")
	}
	return o, nil
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
