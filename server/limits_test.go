package server

import (
	"bytes"
	"net/http"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/clientip"
	"github.com/wsplay/wsplay/server/internal/testutil"
)

// dialStatus sends a handshake to /ws with extra header lines and returns the
// status of the answer, and the client when it is 101.
func dialStatus(t *testing.T, addr string, extra ...protocol.HeaderField) (int, *testutil.Client) {
	t.Helper()
	c := testutil.Connect(t, addr)
	req := protocol.NewRequest(protocol.ClientRequest{Host: addr, Path: "/ws"})
	req.Headers = append(req.Headers, extra...)
	c.Write(protocol.AppendRequest(nil, req))
	res := c.Response()
	if res.Status == 503 {
		assert.NotEmpty(t, res.Headers.Get("Retry-After"))
	}
	return res.Status, c
}

// One address holds at most -max-conns-per-ip WebSockets, and as many tap
// streams; a slot frees up when a connection ends.
func TestMaxConnsPerIP(t *testing.T) {
	t.Parallel()
	srv, addr, _ := startServer(t, Config{MaxConnsPerIP: 2})
	first := testutil.Dial(t, addr, "/ws")
	testutil.Dial(t, addr, "/ws")
	c := testutil.Connect(t, addr)
	c.Write(protocol.AppendRequest(nil, protocol.NewRequest(protocol.ClientRequest{Host: addr, Path: "/ws"})))
	res := c.Response()
	assert.Equal(t, http.StatusServiceUnavailable, res.Status)
	assert.Contains(t, res.Body, "from your address (the limit is 2 per address)")

	first.Send(protocol.OpClose, nil)
	first.ExpectClose()
	require.Eventually(t, func() bool { return srv.ws.Open() == 1 }, testutil.IOTimeout, time.Millisecond)
	testutil.Dial(t, addr, "/ws")

	subscribe(t, addr, testutil.NewTapID())
	subscribe(t, addr, testutil.NewTapID())
	res2, err := http.Get("http://" + addr + "/tap?tap=" + testutil.NewTapID())
	require.NoError(t, err)
	assert.Equal(t, http.StatusServiceUnavailable, res2.StatusCode)
	assert.Contains(t, testutil.Body(t, res2), "too many event streams from your address")
	res2.Body.Close()
}

// Behind a proxy every connection comes from the proxy's address. Its
// X-Forwarded-For names the client only when the proxy is trusted; from
// anyone else the header is ignored, so it cannot dodge the cap.
func TestTrustedProxies(t *testing.T) {
	t.Parallel()
	xff := func(ip string) protocol.HeaderField { return protocol.HeaderField{Name: "X-Forwarded-For", Value: ip} }
	t.Run("untrusted peer: the header is ignored", func(t *testing.T) {
		logs := &testutil.LockedBuffer{}
		_, addr, _ := startServer(t, Config{MaxConnsPerIP: 1, Logger: textLogger(logs)})
		status, _ := dialStatus(t, addr, xff("203.0.113.1"))
		require.Equal(t, 101, status)
		status, _ = dialStatus(t, addr, xff("203.0.113.2"))
		assert.Equal(t, 503, status, "a forged X-Forwarded-For must not buy a second slot")
		logs.WaitFor(t, `msg="websocket open" client=127.0.0.1`)
		logs.WaitFor(t, `msg="websocket refused" client=127.0.0.1`)
		assert.NotContains(t, logs.String(), "203.0.113")
	})
	t.Run("trusted proxy: the header names the client", func(t *testing.T) {
		logs := &testutil.LockedBuffer{}
		proxies, err := clientip.ParsePrefixes("127.0.0.1")
		require.NoError(t, err)
		_, addr, _ := startServer(t, Config{MaxConnsPerIP: 1, TrustedProxies: proxies, Logger: textLogger(logs)})
		status, _ := dialStatus(t, addr, xff("203.0.113.1"))
		require.Equal(t, 101, status)
		status, _ = dialStatus(t, addr, xff("203.0.113.2"))
		assert.Equal(t, 101, status, "another client behind the same proxy")
		status, _ = dialStatus(t, addr, xff("203.0.113.1"))
		assert.Equal(t, 503, status, "the first client is at its cap")
		logs.WaitFor(t, "client=203.0.113.1 via=127.0.0.1")
		logs.WaitFor(t, "client=203.0.113.2 via=127.0.0.1")
	})
}

// A client that sends large messages and never reads their echoes cannot
// make the server hold them: the server writes each echo before reading
// the next frame, so once the socket buffers fill it stops reading, holds
// one message, and drops the client after -write-timeout.
func TestClientThatNeverReads(t *testing.T) {
	// Not parallel: it counts the whole process's goroutines and the heap, and Go runs the
	// serial tests before the parallel ones.
	const writeTimeout = 500 * time.Millisecond
	srv, addr, _ := startServer(t, Config{WriteTimeout: writeTimeout})
	warmUp(t, srv, addr)
	runtime.GC()
	goroutines, bufs := runtime.NumGoroutine(), srv.ws.Pool().Lent()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	c := testutil.Dial(t, addr, "/ws")
	frame := c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpBinary}, bytes.Repeat([]byte("w"), 256<<10))
	const frames = 400 // 100 MiB at most: far more than any socket buffer
	var sent atomic.Int64
	writerDone := make(chan error, 1)
	go func() {
		for range frames {
			if err := c.WriteRaw(frame); err != nil {
				writerDone <- err
				return
			}
			sent.Add(int64(len(frame)))
		}
		writerDone <- nil
	}()

	// Until the server gives up on the client (bounded by a hang guard),
	// look at what it holds: the buffers it borrowed, and the heap once
	// garbage is collected.
	maxLent, maxHeld := int64(0), int64(0)
	for deadline := time.Now().Add(writeTimeout + testutil.IOTimeout); srv.ws.Open() > 0; time.Sleep(5 * time.Millisecond) {
		require.True(t, time.Now().Before(deadline), "the connection was never dropped")
		runtime.GC()
		var during runtime.MemStats
		runtime.ReadMemStats(&during)
		maxHeld = max(maxHeld, int64(during.HeapAlloc)-int64(before.HeapAlloc))
		maxLent = max(maxLent, srv.ws.Pool().Lent()-bufs)
	}
	t.Logf("the client pushed %d KiB before the server dropped it; the heap grew by %d KiB at most; %d buffers lent at most",
		sent.Load()>>10, maxHeld>>10, maxLent)
	assert.Greater(t, sent.Load(), int64(2*len(frame)), "the client got messages in before the server stopped reading")
	assert.LessOrEqual(t, maxLent, int64(2), "the server holds one message, not a queue")
	assert.Less(t, maxHeld, int64(4<<20), "server memory stays bounded")
	select {
	case err := <-writerDone:
		require.Error(t, err, "the server hung up on a client that was still writing")
	case <-time.After(testutil.IOTimeout):
		t.Fatal("the client's writes never failed")
	}
	c.Abort()
	expectReleased(t, srv, goroutines, bufs)
}

// A frame header announcing a large payload does not make the server set
// that much aside: the buffer grows with the bytes that really arrive. Each
// client here announces -max-message and sends 10 bytes of it.
func TestAnnouncedLengthIsNotReserved(t *testing.T) {
	// Not parallel: it counts the whole process's the heap, and Go runs the
	// serial tests before the parallel ones.
	const clients = 32
	srv, addr, _ := startServer(t, Config{MaxMessage: 1 << 20})
	warmUp(t, srv, addr)
	runtime.GC()
	bufs := srv.ws.Pool().Lent()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for range clients {
		c := testutil.Dial(t, addr, "/ws")
		h := protocol.Header{Fin: true, Opcode: protocol.OpBinary, Length: 1 << 20, Masked: true, MaskKey: c.Key}
		c.Write(append(protocol.AppendHeader(nil, h), make([]byte, 10)...))
	}
	require.Eventually(t, func() bool { return srv.ws.Pool().Lent()-bufs == clients }, testutil.IOTimeout, time.Millisecond,
		"every connection is waiting inside its frame")
	runtime.GC()
	var during runtime.MemStats
	runtime.ReadMemStats(&during)
	held := int64(during.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d connections inside a 1 MiB frame hold %d KiB in all", clients, held>>10)
	assert.Less(t, held, int64(clients*(256<<10)), "at most a 64 KiB buffer each, not 1 MiB")
}
