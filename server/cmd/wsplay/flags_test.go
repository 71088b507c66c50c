package main

import (
	"io"
	"log/slog"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseConfig(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string {
		return func(k string) string { return m[k] }
	}

	o, err := parseOptions(nil, env(nil), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:8080", o.addr)
	assert.Equal(t, slog.LevelInfo, o.logLevel)
	assert.Equal(t, "text", o.logFormat)

	o, err = parseOptions(nil, env(map[string]string{"WSPLAY_ADDR": "127.0.0.1:9999", "WSPLAY_LOG_LEVEL": "debug"}), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:9999", o.addr)
	assert.Equal(t, slog.LevelDebug, o.logLevel)

	o, err = parseOptions([]string{"-addr", "127.0.0.1:7000"}, env(map[string]string{"WSPLAY_ADDR": "127.0.0.1:9999"}), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:7000", o.addr, "a flag beats the environment")

	for _, args := range [][]string{{"-log-level", "loud"}, {"-log-format", "xml"}, {"-nope"}, {"extra"},
		{"-max-message", "0"}, {"-max-message", "2GiB"}, {"-max-message", "1MB"}, {"-max-conns", "0"},
		{"-idle-timeout", "-1s"}, {"-write-timeout", "0"}, {"-origins", "docs.example.org"}} {
		_, err := parseOptions(args, env(nil), io.Discard)
		assert.Error(t, err, args)
	}
}

func TestParseConfigOperationFlags(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string {
		return func(k string) string { return m[k] }
	}
	o, err := parseOptions(nil, env(nil), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 1<<20, o.cfg.MaxMessage)
	assert.Equal(t, 10000, o.cfg.MaxConns)
	assert.Equal(t, 20*time.Second, o.cfg.PingInterval)
	assert.Equal(t, 2*time.Minute, o.cfg.IdleTimeout)
	assert.Equal(t, 10*time.Second, o.cfg.HandshakeTimeout)
	assert.Empty(t, o.cfg.Origins, "by default only the server's own host")

	o, err = parseOptions([]string{"-max-message", "64KiB", "-ping-interval", "0", "-origins", "https://docs.example.org, http://localhost:3000"},
		env(map[string]string{"WSPLAY_MAX_CONNS": "5", "WSPLAY_MAX_MESSAGE": "1MiB", "WSPLAY_IDLE_TIMEOUT": "30s"}), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 64<<10, o.cfg.MaxMessage, "a flag beats the environment")
	assert.Equal(t, 5, o.cfg.MaxConns)
	assert.Equal(t, 30*time.Second, o.cfg.IdleTimeout)
	assert.Zero(t, o.cfg.PingInterval, "0 turns pings off")
	assert.Equal(t, []string{"https://docs.example.org", "http://localhost:3000"}, o.cfg.Origins)

	_, err = parseOptions(nil, env(map[string]string{"WSPLAY_MAX_MESSAGE": "lots"}), io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "WSPLAY_MAX_MESSAGE", "a bad variable is named")
}

// Every limit flag has an environment variable, and the new ones parse.
func TestParseConfigHardening(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	o, err := parseOptions(nil, env(nil), &strings.Builder{})
	require.NoError(t, err)
	assert.Equal(t, 256, o.cfg.MaxConnsPerIP)
	assert.Empty(t, o.cfg.TrustedProxies, "nobody is trusted by default")
	assert.Equal(t, []string{"*"}, o.cfg.FrameAncestors)
	assert.Empty(t, o.debugAddr, "no debug listener by default")

	o, err = parseOptions([]string{"-max-conns-per-ip", "0", "-frame-ancestors", "https://docs.example.org https://*.example.net"},
		env(map[string]string{"WSPLAY_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8", "WSPLAY_DEBUG_ADDR": "127.0.0.1:6060",
			"WSPLAY_MAX_CONNS_PER_IP": "9", "WSPLAY_TLS_CERT": "c.pem", "WSPLAY_TLS_KEY": "k.pem",
			"WSPLAY_HANDSHAKE_TIMEOUT": "3s", "WSPLAY_WRITE_TIMEOUT": "4s", "WSPLAY_MAX_HEADER": "8KiB"}), &strings.Builder{})
	require.NoError(t, err)
	assert.Zero(t, o.cfg.MaxConnsPerIP, "a flag beats the environment; 0 is no cap")
	assert.Equal(t, []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8")}, o.cfg.TrustedProxies)
	assert.Equal(t, []string{"https://docs.example.org", "https://*.example.net"}, o.cfg.FrameAncestors)
	assert.Equal(t, "127.0.0.1:6060", o.debugAddr)
	assert.Equal(t, "c.pem", o.tlsCert)
	assert.Equal(t, 3*time.Second, o.cfg.HandshakeTimeout)
	assert.Equal(t, 4*time.Second, o.cfg.WriteTimeout)
	assert.Equal(t, 8<<10, o.cfg.MaxHeaderBytes)

	for _, args := range [][]string{
		{"-max-conns-per-ip", "-1"}, {"-trusted-proxies", "nginx"}, {"-frame-ancestors", "evil.example"},
		{"-frame-ancestors", "'none' https://a.example"}, {"-frame-ancestors", "https://a.example;script-src"},
		{"-debug-addr", "0.0.0.0:6060"}, {"-debug-addr", ":6060"}, {"-debug-addr", "192.0.2.1:6060"},
		{"-debug-addr", "example.org:6060"}, {"-debug-addr", "6060"}, {"-tls-cert", "c.pem"}, {"-tls-key", "k.pem"},
		{"-handshake-timeout", "0"},
	} {
		_, err := parseOptions(args, env(nil), &strings.Builder{})
		assert.Error(t, err, args)
	}
}

// -deflate is on by default; -deflate=false or WSPLAY_DEFLATE=false turns
// it off, and the flag wins over the environment.
func TestParseConfigDeflate(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		args []string
		env  map[string]string
		want bool
	}{
		{nil, nil, true},
		{[]string{"-deflate=false"}, nil, false},
		{nil, map[string]string{"WSPLAY_DEFLATE": "false"}, false},
		{[]string{"-deflate"}, map[string]string{"WSPLAY_DEFLATE": "false"}, true},
		{[]string{"-deflate=false"}, map[string]string{"WSPLAY_DEFLATE": "true"}, false},
	}
	for _, tt := range tests {
		o, err := parseOptions(tt.args, env(tt.env), io.Discard)
		require.NoError(t, err)
		assert.Equal(t, tt.want, o.cfg.Deflate, "%v %v", tt.args, tt.env)
	}
	_, err := parseOptions(nil, env(map[string]string{"WSPLAY_DEFLATE": "maybe"}), io.Discard)
	assert.ErrorContains(t, err, "WSPLAY_DEFLATE", "a bad value is refused, not ignored")
}
