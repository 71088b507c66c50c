package lab_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server"
	"github.com/wsplay/wsplay/server/internal/testutil"
)

// Every abuse gets its refusal, and afterwards the goroutines are back to
// where they were. Not parallel: it counts the process's goroutines.
func TestAbuseIsRefusedAndLeavesNothingBehind(t *testing.T) {
	before := settledGoroutines(t, -1)
	t.Run("refusals", testRefusals)
	t.Run("flood", testFlood)
	t.Run("many at once", testManyAtOnce)
	t.Run("slow client of the lab", testSlowClient)
	client.CloseIdleConnections()
	settledGoroutines(t, before)
}

func testRefusals(t *testing.T) {
	_, base := startLab(t, server.Config{})
	tooMany := strings.Repeat("00", 64<<10) // 64 KiB of bytes, plus the default request
	for _, tc := range []struct {
		name, body string
		status     int
		says       string
		offset     int // -1: none
	}{
		{"too many bytes", `{"bytes":"` + tooMany + `"}`, http.StatusRequestEntityTooLarge, "at most 65536", -1},
		{"a body past any experiment", `{"bytes":"` + strings.Repeat("0", 7<<17) + `"}`, http.StatusRequestEntityTooLarge, "longer than", -1},
		{"not a hex digit", `{"bytes":"8185zz"}`, http.StatusBadRequest, `'z' at offset 4`, 4},
		{"an odd digit", `{"bytes":"818"}`, http.StatusBadRequest, "offset 2 has no partner", 2},
		{"broken JSON", `{"bytes":"00",}`, http.StatusBadRequest, "not JSON", 14}, // the "}"

		{"a field of the wrong type", `{"bytes":"00","chunk":"one"}`, http.StatusBadRequest, "chunk", 27},
		{"an unknown field", `{"host":"evil.example:80"}`, http.StatusBadRequest, "unknown field", -2},
		{"an empty body", ``, http.StatusBadRequest, "empty", 0},
		{"a negative chunk", `{"chunk":-1}`, http.StatusBadRequest, "chunk", -1},
		{"a pause past the time limit", `{"pauseMs":10001}`, http.StatusBadRequest, "pauseMs", -1},
		{"too many pieces", `{"bytes":"` + strings.Repeat("00", 2000) + `","chunk":1}`, http.StatusBadRequest, "writes", -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := post(t, base, tc.body)
			assert.Equal(t, tc.status, res.StatusCode)
			msg, fields := refusal(t, res)
			assert.Contains(t, msg, tc.says)
			switch tc.offset {
			case -1:
				assert.NotContains(t, fields, "offset")
			case -2: // an offset, wherever the decoder stopped
				assert.Contains(t, fields, "offset")
			default:
				assert.EqualValues(t, tc.offset, fields["offset"])
			}
		})
	}
}

// A flood from one address: the burst passes, the next gets 429 with a
// Retry-After that covers the time to the next token.
func testFlood(t *testing.T) {
	_, base := startLab(t, server.Config{Lab: server.LabLimits{Burst: 3, Rate: 0.5}})
	refused := `{"request":"GET / HTTP/1.1\r\n\r\n"}` // net/http refuses it at once (no Host)
	for i := range 3 {
		res := post(t, base, refused)
		require.Equal(t, http.StatusOK, res.StatusCode, "experiment %d of the burst", i)
		_, _ = io.Copy(io.Discard, res.Body)
	}
	res := post(t, base, refused)
	assert.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	assert.Equal(t, "2", res.Header.Get("Retry-After"), "one token every 2 s")
	msg, fields := refusal(t, res)
	assert.Contains(t, msg, "too many experiments from your address")
	assert.EqualValues(t, 0.5, fields["limit"])
}

// Experiments held open (a request trickled slower than any timeout) fill
// each cap in turn; the next one is refused at once.
func testManyAtOnce(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cfg    server.Config
		status int
		says   string
	}{
		{"per address", server.Config{Lab: server.LabLimits{PerIP: 2}}, http.StatusTooManyRequests, "running from your address"},
		{"the whole lab", server.Config{Lab: server.LabLimits{MaxActive: 2}}, http.StatusServiceUnavailable, "the lab is full"},
		{"-max-conns-per-ip", server.Config{MaxConnsPerIP: 2}, http.StatusServiceUnavailable, "from your address"},
		{"-max-conns", server.Config{MaxConns: 2}, http.StatusServiceUnavailable, "too many WebSocket connections"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Lab.Timeout = 2 * time.Second
			_, base := startLab(t, tc.cfg)
			var wg sync.WaitGroup
			for range 2 {
				res := post(t, base, `{"chunk":1,"pauseMs":1500}`)
				require.Equal(t, http.StatusOK, res.StatusCode)
				first, err := bufio.NewReader(res.Body).ReadBytes('\n') // the request line: it runs
				require.NoError(t, err)
				require.Contains(t, string(first), `"type":"request"`)
				wg.Add(1)
				go func() { defer wg.Done(); _, _ = io.Copy(io.Discard, res.Body) }()
			}
			res := post(t, base, `{"bytes":""}`)
			assert.Equal(t, tc.status, res.StatusCode)
			assert.NotEmpty(t, res.Header.Get("Retry-After"))
			msg, _ := refusal(t, res)
			assert.Contains(t, msg, tc.says)
			wg.Wait() // the held experiments end at their time limit
		})
	}
}

// A client of the lab that sends an experiment and reads nothing, with a
// small receive buffer: whether the kernel's buffers take the lines or the
// write deadline cuts them off, the experiment ends and frees its slot.
func testSlowClient(t *testing.T) {
	_, base := startLab(t, server.Config{WriteTimeout: 500 * time.Millisecond, Lab: server.LabLimits{PerIP: 1}})
	payload := bytes.Repeat([]byte("echo me "), 7000) // 56 KiB each way, twice as hex
	body, err := json.Marshal(map[string]any{"bytes": masked(protocol.Header{Fin: true, Opcode: protocol.OpBinary}, payload)})
	require.NoError(t, err)
	small := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		return rc.Control(func(fd uintptr) { _ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 2048) })
	}}
	nc, err := small.Dial("tcp", strings.TrimPrefix(base, "http://"))
	require.NoError(t, err)
	defer nc.Close()
	_, err = io.WriteString(nc, "POST /lab HTTP/1.1\r\nHost: lab\r\nContent-Type: application/json\r\nContent-Length: "+
		strconv.Itoa(len(body))+"\r\n\r\n"+string(body))
	require.NoError(t, err)
	// The address's one slot is taken while the experiment runs (429), and
	// comes back once it is over, though its client has read nothing.
	sawBusy := false
	for deadline := time.Now().Add(testutil.IOTimeout); ; time.Sleep(20 * time.Millisecond) {
		res := post(t, base, `{"request":"GET / HTTP/1.1\r\n\r\n"}`)
		_, _ = io.Copy(io.Discard, res.Body)
		if res.StatusCode == http.StatusOK && sawBusy {
			break
		}
		sawBusy = sawBusy || res.StatusCode == http.StatusTooManyRequests
		require.True(t, time.Now().Before(deadline), "the slow client's experiment never ran, or never ended (busy seen: %v)", sawBusy)
	}
}

// settledGoroutines waits (bounded) until the goroutine count is at most
// want, and returns it; want < 0 takes a baseline once the count is steady.
func settledGoroutines(t *testing.T, want int) int {
	t.Helper()
	// A plain loop: testify's Eventually polls from a goroutine of its own.
	for deadline := time.Now().Add(testutil.IOTimeout); ; time.Sleep(10 * time.Millisecond) {
		n := runtime.NumGoroutine()
		if want < 0 || n <= want {
			return n
		}
		if time.Now().After(deadline) {
			stacks := make([]byte, 1<<20)
			t.Fatalf("goroutines: %d, baseline %d:\n%s", n, want, stacks[:runtime.Stack(stacks, true)])
		}
	}
}
