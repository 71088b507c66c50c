package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/gorillapeer"
	"github.com/wsplay/wsplay/server/internal/peers"
)

// These runs are tiny: they check that every mode works and verifies what
// it claims, not how fast anything is.

func peerAddr(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h) // 127.0.0.1
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

func runLoad(t *testing.T, args ...string) (bool, string) {
	t.Helper()
	var out bytes.Buffer
	ok, err := run(context.Background(), append(args, "-settle", "0", "-rss-wait", "0"), &out)
	require.NoError(t, err, out.String())
	t.Log("\n" + out.String())
	return ok, out.String()
}

func TestPingPongVerifiesEveryEcho(t *testing.T) {
	t.Parallel()
	addr := peerAddr(t, peers.Mux(gorillapeer.Echo))
	ok, out := runLoad(t, "-mode", "pingpong", "-addr", addr, "-conns", "4", "-count", "200", "-duration", "20s", "-opcode", "text")
	assert.True(t, ok)
	assert.Contains(t, out, "connections: 4 tried, 4 opened, 4 closed with the close code echoed")
	assert.Contains(t, out, "echoes: 200 verified byte for byte, 0 mismatches, 0 errors")
	assert.Contains(t, out, "round trip: p50 ")
}

func TestLargeFragmentedMessages(t *testing.T) {
	t.Parallel()
	addr := peerAddr(t, peers.Mux(gorillapeer.Echo))
	ok, out := runLoad(t, "-mode", "large", "-addr", addr, "-conns", "2", "-count", "20", "-size", "200000", "-fragment", "65536")
	assert.True(t, ok)
	assert.Contains(t, out, "echoes: 20 verified byte for byte, 0 mismatches, 0 errors")
	assert.Contains(t, out, "MB/s")
}

// corruptingEcho flips one bit of every tenth message it echoes.
func corruptingEcho(w http.ResponseWriter, r *http.Request) {
	ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer ws.Close()
	for n := 1; ; n++ {
		op, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		if n%10 == 0 {
			data[len(data)/2] ^= 0x01
		}
		if ws.WriteMessage(op, data) != nil {
			return
		}
	}
}

func TestMismatchesAreCountedAndFail(t *testing.T) {
	t.Parallel()
	addr := peerAddr(t, http.HandlerFunc(corruptingEcho))
	ok, out := runLoad(t, "-mode", "pingpong", "-addr", addr, "-conns", "1", "-count", "50", "-size", "64")
	assert.False(t, ok, "a wrong echo must fail the run")
	assert.Contains(t, out, "echoes: 50 verified byte for byte, 5 mismatches, 0 errors")
	assert.Contains(t, out, "mismatch: echo differs at byte 32 of 64")
}

func TestRefusedConnectionsAreErrors(t *testing.T) {
	t.Parallel()
	addr := peerAddr(t, http.NotFoundHandler())
	ok, out := runLoad(t, "-mode", "churn", "-addr", addr, "-conns", "2", "-count", "4", "-duration", "5s")
	assert.False(t, ok)
	assert.Contains(t, out, "connections: 4 tried, 0 opened")
	assert.Contains(t, out, "HTTP 404")
}

func TestIdleConnectionsAreHeldAndStillEcho(t *testing.T) {
	t.Parallel()
	addr := peerAddr(t, peers.Mux(gorillapeer.Echo))
	ok, out := runLoad(t, "-mode", "idle", "-addr", addr, "-conns", "40", "-hold", "300ms", "-pid", strconv.Itoa(os.Getpid()))
	assert.True(t, ok)
	assert.Contains(t, out, "opened 40 of 40")
	assert.Contains(t, out, "RSS per idle connection: ")
	assert.Contains(t, out, "echoes: 40 verified byte for byte, 0 mismatches, 0 errors")
	assert.Contains(t, out, "40 closed with the close code echoed")
}

// pinger pings each idle connection and echoes "pong:<data>" when the pong
// comes back, so the test sees that idle connections answer pings.
func pinger(w http.ResponseWriter, r *http.Request) {
	ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer ws.Close()
	pongs := 0
	ws.SetPongHandler(func(string) error { pongs++; return nil })
	_ = ws.WriteControl(websocket.PingMessage, []byte("hi"), time.Now().Add(time.Second))
	for {
		op, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		if pongs != 1 {
			data[0] ^= 0xFF // the load generator counts a mismatch
		}
		if ws.WriteMessage(op, data) != nil {
			return
		}
	}
}

func TestIdleConnectionsAnswerPings(t *testing.T) {
	t.Parallel()
	addr := peerAddr(t, http.HandlerFunc(pinger))
	ok, out := runLoad(t, "-mode", "idle", "-addr", addr, "-conns", "5", "-hold", "300ms")
	assert.True(t, ok, "every idle connection answered the ping before its echo")
	assert.Contains(t, out, "echoes: 5 verified byte for byte, 0 mismatches, 0 errors")
}

func TestChurnOpensAndClosesWithinItsBounds(t *testing.T) {
	t.Parallel()
	// The count must stop it: three waves of 300 ms, with -duration only a
	// hang guard (left to its default, the lifetime would make the waves
	// span the duration exactly, and a slow machine would hit it first).
	addr := peerAddr(t, peers.Mux(gorillapeer.Echo))
	ok, out := runLoad(t, "-mode", "churn", "-addr", addr, "-conns", "5", "-count", "15", "-lifetime", "300ms", "-duration", "1m", "-interval", "100ms", "-max-growth", "0")
	assert.True(t, ok)
	assert.Contains(t, out, "connections: 15 tried, 15 opened, 15 closed with the close code echoed")
	assert.Contains(t, out, "stopped by -count: all 15 used")
	assert.Contains(t, out, "RSS (MiB): not available")
}

// With a count no run could reach, -duration is what stops each mode, and
// the report says so; with a count reached first, it names the count.
func TestDurationStopsEveryLoop(t *testing.T) {
	t.Parallel()
	addr := peerAddr(t, peers.Mux(gorillapeer.Echo))
	for _, args := range [][]string{
		{"-mode", "pingpong", "-conns", "2", "-count", "1000000000", "-duration", "300ms"},
		{"-mode", "churn", "-conns", "2", "-count", "1000000000", "-duration", "500ms", "-lifetime", "50ms", "-interval", "10ms", "-max-growth", "0"},
	} {
		ok, out := runLoad(t, append(args, "-addr", addr)...)
		assert.True(t, ok, "%q", args)
		assert.Contains(t, out, "stopped by -duration: ", "%q", args)
		var verified int
		_, err := fmt.Sscanf(out[strings.Index(out, "echoes: "):], "echoes: %d verified", &verified)
		require.NoError(t, err)
		assert.Positive(t, verified, "%q: the loop ran before the duration stopped it", args)
	}
	ok, out := runLoad(t, "-mode", "pingpong", "-addr", addr, "-conns", "2", "-count", "10", "-duration", "1m")
	assert.True(t, ok)
	assert.Contains(t, out, "stopped by -count: all 10 used")
	assert.Contains(t, out, "echoes: 10 verified")
}

func TestSpawnedPeerIsMeasured(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a server process")
	}
	ok, out := runLoad(t, "-mode", "churn", "-spawn", os.Args[0], "-spawn-env", "WSPLAY_GORILLA_PEER=1",
		"-conns", "5", "-count", "10", "-lifetime", "300ms", "-duration", "1m", "-interval", "100ms", "-max-growth", "1000")
	assert.True(t, ok)
	assert.Contains(t, out, "connections: 10 tried, 10 opened, 10 closed")
	assert.Regexp(t, `RSS \(MiB\): start \d+\.\d, end \d+\.\d`, out)
	assert.Regexp(t, `goroutines: start \d+, end \d+ `, out)
}

func TestOnlyLoopbackTargets(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"10.1.2.3:80", "192.0.2.7:8080", "[2001:db8::1]:80"} {
		_, err := run(context.Background(), []string{"-addr", addr}, &bytes.Buffer{})
		require.Error(t, err, addr)
		assert.Contains(t, err.Error(), "not loopback", addr)
	}
	_, err := run(context.Background(), []string{"-addr", "127.0.0.1:1", "-debug-addr", "10.0.0.1:6060"}, &bytes.Buffer{})
	assert.ErrorContains(t, err, "not loopback")
}

func TestConfigDefaultsAndBounds(t *testing.T) {
	t.Parallel()
	cfg, err := parseConfig([]string{"-mode", "large"}, &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, 4, cfg.conns)
	assert.Equal(t, 64<<10, cfg.size)
	assert.Equal(t, protocol.OpBinary, cfg.op)
	cfg, err = parseConfig([]string{"-mode", "churn", "-conns", "500", "-count", "2000", "-duration", "2m"}, &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, time.Second, cfg.interval)
	for _, bad := range [][]string{
		{"-mode", "flood"}, {"-opcode", "ping"}, {"-conns", "-1"}, {"-duration", "2h"},
		{"-timeout", "0s"}, {"-spawn-env", "NOEQUALS"}, {"stray"},
	} {
		_, err := parseConfig(bad, &bytes.Buffer{})
		assert.Error(t, err, "%q", bad)
	}
}

func TestLifetimeSpreadsCountOverDuration(t *testing.T) {
	t.Parallel()
	// 500 open, 2000 in all, 2 minutes: the first generation averages L/2,
	// so 3.5 lifetimes fit: L = 120 s / 3.5.
	assert.InDelta(t, float64(2*time.Minute)/3.5, float64(lifetimeFor(2*time.Minute, 500, 2000)), 1)
	assert.Equal(t, 10*time.Second, lifetimeFor(10*time.Second, 50, 60), "fewer than 1.5 generations: live the whole run")
}

func TestPayloadsAreFreshAndValid(t *testing.T) {
	t.Parallel()
	text := newPayloads(protocol.OpText, 1000, 1)
	a := bytes.Clone(text.next())
	b := text.next()
	assert.NotEqual(t, a, b, "every message differs")
	assert.True(t, utf8.Valid(a))
	for _, c := range a {
		require.True(t, c >= 'a' && c <= 'z', "text payloads are ASCII letters")
	}
	bin := newPayloads(protocol.OpBinary, 4096, 2).next()
	seen := map[byte]bool{}
	for _, c := range bin {
		seen[c] = true
	}
	assert.Greater(t, len(seen), 200, "binary payloads use (nearly) every byte value")
	assert.Empty(t, newPayloads(protocol.OpBinary, 0, 3).next())
	assert.Len(t, newPayloads(protocol.OpBinary, 13, 3).next(), 13)
}

func TestHistogramQuantiles(t *testing.T) {
	t.Parallel()
	var h, other histogram
	for i := 1; i <= 100_000; i++ {
		if i%2 == 0 {
			h.add(time.Duration(i) * time.Microsecond)
		} else {
			other.add(time.Duration(i) * time.Microsecond)
		}
	}
	h.merge(&other)
	assert.Equal(t, uint64(100_000), h.n)
	assert.InEpsilon(t, float64(50*time.Millisecond), float64(h.quantile(0.50)), 0.016)
	assert.InEpsilon(t, float64(99*time.Millisecond), float64(h.quantile(0.99)), 0.016)
	assert.Equal(t, 100*time.Millisecond, h.max)
	assert.LessOrEqual(t, h.quantile(1), h.max)

	var small histogram
	for _, d := range []time.Duration{3, 3, 3, 70} {
		small.add(d)
	}
	assert.Equal(t, time.Duration(3), small.quantile(0.5), "exact below 64 ns")
	assert.Equal(t, time.Duration(0), (&histogram{}).quantile(0.5))
	for i := range len(small.counts) - 1 { // buckets are ordered
		require.Less(t, bucketMid(i), bucketMid(i+1), "bucket %d", i)
	}
	assert.Equal(t, len(h.counts)-1, bucketOf(time.Duration(1<<63-1)))
}
