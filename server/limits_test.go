package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

// dialStatus sends a handshake to /ws with extra header lines and returns the
// status of the answer, and the client when it is 101.
func dialStatus(t *testing.T, addr string, extra ...protocol.HeaderField) (int, *rawClient) {
	t.Helper()
	c := dialHTTP(t, addr)
	req := protocol.NewRequest(protocol.ClientRequest{Host: addr, Path: "/ws"})
	req.Headers = append(req.Headers, extra...)
	c.write(protocol.AppendRequest(nil, req))
	res := c.readResponse()
	if res.Status == 503 {
		assert.NotEmpty(t, res.Headers.Get("Retry-After"))
	}
	return res.Status, c
}

// One address holds at most -max-conns-per-ip WebSockets, and as many tap
// streams; a slot frees up when a connection ends.
func TestMaxConnsPerIP(t *testing.T) {
	a, addr, _ := startApp(t, config{MaxConnsPerIP: 2})
	first := dial(t, addr, "/ws")
	dial(t, addr, "/ws")
	c := dialHTTP(t, addr)
	c.write(protocol.AppendRequest(nil, protocol.NewRequest(protocol.ClientRequest{Host: addr, Path: "/ws"})))
	res := c.readResponse()
	assert.Equal(t, http.StatusServiceUnavailable, res.Status)
	assert.Contains(t, res.Body, "from your address (the limit is 2 per address)")

	first.send(protocol.OpClose, nil)
	first.expectClose()
	require.Eventually(t, func() bool { return a.ws.open() == 1 }, ioTimeout, time.Millisecond)
	dial(t, addr, "/ws")

	subscribe(t, addr, newTapID())
	subscribe(t, addr, newTapID())
	res2, err := http.Get("http://" + addr + "/tap?tap=" + newTapID())
	require.NoError(t, err)
	assert.Equal(t, http.StatusServiceUnavailable, res2.StatusCode)
	assert.Contains(t, body(t, res2), "too many event streams from your address")
	res2.Body.Close()
}

// Behind a proxy every connection comes from the proxy's address. Its
// X-Forwarded-For names the client only when the proxy is trusted; from
// anyone else the header is ignored, so it cannot dodge the cap.
func TestTrustedProxies(t *testing.T) {
	xff := func(ip string) protocol.HeaderField { return protocol.HeaderField{Name: "X-Forwarded-For", Value: ip} }
	t.Run("untrusted peer: the header is ignored", func(t *testing.T) {
		logs := &syncBuffer{}
		_, addr, _ := startApp(t, config{MaxConnsPerIP: 1, Logger: newLogger(logs, config{LogFormat: "text"})})
		status, _ := dialStatus(t, addr, xff("203.0.113.1"))
		require.Equal(t, 101, status)
		status, _ = dialStatus(t, addr, xff("203.0.113.2"))
		assert.Equal(t, 503, status, "a forged X-Forwarded-For must not buy a second slot")
		logs.waitFor(t, `msg="websocket open" client=127.0.0.1`)
		logs.waitFor(t, `msg="websocket refused" client=127.0.0.1`)
		assert.NotContains(t, logs.String(), "203.0.113")
	})
	t.Run("trusted proxy: the header names the client", func(t *testing.T) {
		logs := &syncBuffer{}
		proxies, err := parsePrefixes("127.0.0.1")
		require.NoError(t, err)
		_, addr, _ := startApp(t, config{MaxConnsPerIP: 1, TrustedProxies: proxies, Logger: newLogger(logs, config{LogFormat: "text"})})
		status, _ := dialStatus(t, addr, xff("203.0.113.1"))
		require.Equal(t, 101, status)
		status, _ = dialStatus(t, addr, xff("203.0.113.2"))
		assert.Equal(t, 101, status, "another client behind the same proxy")
		status, _ = dialStatus(t, addr, xff("203.0.113.1"))
		assert.Equal(t, 503, status, "the first client is at its cap")
		logs.waitFor(t, "client=203.0.113.1 via=127.0.0.1")
		logs.waitFor(t, "client=203.0.113.2 via=127.0.0.1")
	})
}

func TestClientIP(t *testing.T) {
	proxies, err := parsePrefixes("10.0.0.0/8, 127.0.0.1, ::1")
	require.NoError(t, err)
	for _, tc := range []struct {
		name, remote string
		xff          []string
		client, via  string
	}{
		{"direct client", "198.51.100.7:5000", nil, "198.51.100.7", ""},
		{"direct client forging the header", "198.51.100.7:5000", []string{"1.2.3.4"}, "198.51.100.7", ""},
		{"trusted proxy", "127.0.0.1:5000", []string{"203.0.113.9"}, "203.0.113.9", "127.0.0.1"},
		{"trusted proxy over IPv6", "[::1]:5000", []string{"2001:db8::1"}, "2001:db8::1", "::1"},
		{"chain: the nearest untrusted hop", "10.1.1.1:5000", []string{"6.6.6.6, 203.0.113.9, 10.2.2.2"}, "203.0.113.9", "10.1.1.1"},
		{"chain over two header lines", "10.1.1.1:5000", []string{"6.6.6.6", "203.0.113.9"}, "203.0.113.9", "10.1.1.1"},
		{"trusted proxy without the header", "127.0.0.1:5000", nil, "127.0.0.1", ""},
		{"garbled header", "127.0.0.1:5000", []string{"not an address"}, "127.0.0.1", ""},
		{"only proxies in the chain", "127.0.0.1:5000", []string{"10.3.3.3"}, "127.0.0.1", ""},
		{"IPv4-mapped peer", "[::ffff:127.0.0.1]:5000", []string{"203.0.113.9"}, "203.0.113.9", "127.0.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/ws", nil)
			r.RemoteAddr = tc.remote
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			client, via := clientIP(r, proxies)
			assert.Equal(t, tc.client, client.String())
			if tc.via == "" {
				assert.False(t, via.IsValid())
			} else {
				assert.Equal(t, tc.via, via.String())
			}
		})
	}
	_, err = parsePrefixes("10.0.0.0/33")
	assert.Error(t, err)
	_, err = parsePrefixes("proxy.example.org")
	assert.Error(t, err)
}

func TestIPCounter(t *testing.T) {
	c := newIPCounter(2)
	v6a, v6b := netip.MustParseAddr("2001:db8:1:2::a"), netip.MustParseAddr("2001:db8:1:2::b")
	assert.True(t, c.acquire(v6a))
	assert.True(t, c.acquire(v6b))
	assert.False(t, c.acquire(netip.MustParseAddr("2001:db8:1:2:ffff::1")), "one /64 is one client")
	assert.True(t, c.acquire(netip.MustParseAddr("2001:db8:1:3::a")), "another /64")
	c.release(v6a)
	assert.True(t, c.acquire(v6a))
	assert.True(t, c.acquire(netip.Addr{}), "unknown addresses are not counted")
	assert.True(t, newIPCounter(0).acquire(v6a), "0 is no cap")
}

// A client that sends large messages and never reads their echoes cannot
// make the server hold them: the server writes each echo before reading
// the next frame, so once the socket buffers fill it stops reading, holds
// one message, and drops the client after -write-timeout.
func TestClientThatNeverReads(t *testing.T) {
	const writeTimeout = 500 * time.Millisecond
	a, addr, _ := startApp(t, config{WriteTimeout: writeTimeout})
	warmUp(t, a, addr)
	runtime.GC()
	goroutines, bufs := runtime.NumGoroutine(), bufsLent.Load()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	c := dial(t, addr, "/ws")
	frame := c.frame(protocol.Header{Fin: true, Opcode: protocol.OpBinary}, bytes.Repeat([]byte("w"), 256<<10))
	const frames = 400 // 100 MiB at most: far more than any socket buffer
	var sent atomic.Int64
	writerDone := make(chan error, 1)
	go func() {
		for range frames {
			_ = c.nc.SetWriteDeadline(time.Now().Add(ioTimeout))
			if _, err := c.nc.Write(frame); err != nil {
				writerDone <- err
				return
			}
			sent.Add(int64(len(frame)))
		}
		writerDone <- nil
	}()

	// Wait until the writer is stuck: nothing moved for a while.
	last, stuckSince := int64(-1), time.Now()
	for deadline := time.Now().Add(ioTimeout); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if n := sent.Load(); n != last {
			last, stuckSince = n, time.Now()
		} else if time.Since(stuckSince) > writeTimeout/5 || a.ws.open() == 0 {
			break
		}
	}
	runtime.GC()
	var during runtime.MemStats
	runtime.ReadMemStats(&during)
	held := int64(during.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("the client pushed %d KiB before its writes stalled; the heap grew by %d KiB; %d buffers lent",
		sent.Load()>>10, held>>10, bufsLent.Load()-bufs)
	assert.LessOrEqual(t, bufsLent.Load()-bufs, int64(2), "the server holds one message, not a queue")
	assert.Less(t, held, int64(4<<20), "server memory stays bounded")

	// The server gives up on the client within the write timeout (the
	// bound below only guards against a hang).
	require.Eventually(t, func() bool { return a.ws.open() == 0 }, writeTimeout+ioTimeout, 10*time.Millisecond,
		"the connection was never dropped")
	t.Logf("dropped %v after the writes stalled", time.Since(stuckSince).Round(time.Millisecond))
	select {
	case err := <-writerDone:
		require.Error(t, err, "the server hung up on a client that was still writing")
	case <-time.After(ioTimeout):
		t.Fatal("the client's writes never failed")
	}
	c.nc.Close()
	expectReleased(t, goroutines, bufs)
}

// A frame header announcing a large payload does not make the server set
// that much aside: the buffer grows with the bytes that really arrive. Each
// client here announces -max-message and sends 10 bytes of it.
func TestAnnouncedLengthIsNotReserved(t *testing.T) {
	const clients = 32
	a, addr, _ := startApp(t, config{MaxMessage: 1 << 20})
	warmUp(t, a, addr)
	runtime.GC()
	bufs := bufsLent.Load()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for range clients {
		c := dial(t, addr, "/ws")
		h := protocol.Header{Fin: true, Opcode: protocol.OpBinary, Length: 1 << 20, Masked: true, MaskKey: c.key}
		c.write(append(protocol.AppendHeader(nil, h), make([]byte, 10)...))
	}
	require.Eventually(t, func() bool { return bufsLent.Load()-bufs == clients }, ioTimeout, time.Millisecond,
		"every connection is waiting inside its frame")
	runtime.GC()
	var during runtime.MemStats
	runtime.ReadMemStats(&during)
	held := int64(during.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d connections inside a 1 MiB frame hold %d KiB in all", clients, held>>10)
	assert.Less(t, held, int64(clients*(256<<10)), "at most a 64 KiB buffer each, not 1 MiB")
}

// Every limit flag has an environment variable, and the new ones parse.
func TestParseConfigHardening(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cfg, err := parseConfig(nil, env(nil), &strings.Builder{})
	require.NoError(t, err)
	assert.Equal(t, 256, cfg.MaxConnsPerIP)
	assert.Empty(t, cfg.TrustedProxies, "nobody is trusted by default")
	assert.Equal(t, []string{"*"}, cfg.FrameAncestors)
	assert.Empty(t, cfg.DebugAddr, "no debug listener by default")

	cfg, err = parseConfig([]string{"-max-conns-per-ip", "0", "-frame-ancestors", "https://docs.example.org https://*.example.net"},
		env(map[string]string{"WSPLAY_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8", "WSPLAY_DEBUG_ADDR": "127.0.0.1:6060",
			"WSPLAY_MAX_CONNS_PER_IP": "9", "WSPLAY_TLS_CERT": "c.pem", "WSPLAY_TLS_KEY": "k.pem",
			"WSPLAY_HANDSHAKE_TIMEOUT": "3s", "WSPLAY_WRITE_TIMEOUT": "4s", "WSPLAY_MAX_HEADER": "8KiB"}), &strings.Builder{})
	require.NoError(t, err)
	assert.Zero(t, cfg.MaxConnsPerIP, "a flag beats the environment; 0 is no cap")
	assert.Equal(t, []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8")}, cfg.TrustedProxies)
	assert.Equal(t, []string{"https://docs.example.org", "https://*.example.net"}, cfg.FrameAncestors)
	assert.Equal(t, "127.0.0.1:6060", cfg.DebugAddr)
	assert.Equal(t, "c.pem", cfg.TLSCert)
	assert.Equal(t, 3*time.Second, cfg.HandshakeTimeout)
	assert.Equal(t, 4*time.Second, cfg.WriteTimeout)
	assert.Equal(t, 8<<10, cfg.MaxHeaderBytes)

	for _, args := range [][]string{
		{"-max-conns-per-ip", "-1"}, {"-trusted-proxies", "nginx"}, {"-frame-ancestors", "evil.example"},
		{"-frame-ancestors", "'none' https://a.example"}, {"-frame-ancestors", "https://a.example;script-src"},
		{"-debug-addr", "0.0.0.0:6060"}, {"-debug-addr", ":6060"}, {"-debug-addr", "192.0.2.1:6060"},
		{"-debug-addr", "example.org:6060"}, {"-debug-addr", "6060"}, {"-tls-cert", "c.pem"}, {"-tls-key", "k.pem"},
		{"-handshake-timeout", "0"},
	} {
		_, err := parseConfig(args, env(nil), &strings.Builder{})
		assert.Error(t, err, args)
	}
}
