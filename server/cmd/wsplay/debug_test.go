package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wsplay/wsplay/server"
	"github.com/wsplay/wsplay/server/internal/testutil"
)

// runningServer is run() started with real flags, as the binary runs.
type runningServer struct {
	url      string // from the "listening" log line
	debugURL string // from the "debug listener" line, if any
	logs     *testutil.LockedBuffer
}

// runServer starts run with args (plus -addr 127.0.0.1:0) and waits for it
// to listen; it stops when the test ends.
func runServer(t *testing.T, args ...string) *runningServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &runningServer{logs: &testutil.LockedBuffer{}}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0", "-log-format", "json"}, args...), func(string) string { return "" }, s.logs)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			assert.NoError(t, err)
		case <-time.After(server.Defaults().ShutdownTimeout + 5*time.Second):
			t.Error("run did not return after its context ended")
		}
	})
	require.Eventually(t, func() bool {
		select {
		case err := <-done:
			require.NoError(t, err, "run ended early: %s", s.logs)
		default:
		}
		sc := bufio.NewScanner(strings.NewReader(s.logs.String()))
		for sc.Scan() {
			var line struct{ Msg, URL string }
			if json.Unmarshal(sc.Bytes(), &line) != nil {
				continue
			}
			switch line.Msg {
			case "listening":
				s.url = line.URL
			case "debug listener":
				s.debugURL = line.URL
			}
		}
		return s.url != ""
	}, testutil.IOTimeout, 10*time.Millisecond, "no listening log line: %s", s.logs)
	return s
}

func getText(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(b)
}

// The debug listener serves the two pages the load generator reads, on its
// own loopback address only; the public address has no profiles.
func TestDebugListener(t *testing.T) {
	t.Parallel()
	s := runServer(t, "-debug-addr", "127.0.0.1:0")
	require.True(t, strings.HasPrefix(s.debugURL, "http://127.0.0.1:"), s.debugURL)
	require.True(t, strings.HasSuffix(s.debugURL, "/debug/pprof/"), s.debugURL)

	status, text := getText(t, s.debugURL+"goroutine?debug=1")
	require.Equal(t, http.StatusOK, status)
	assert.True(t, strings.HasPrefix(text, "goroutine profile: total "), text[:min(len(text), 80)])
	status, _ = getText(t, s.debugURL+"heap?gc=1")
	assert.Equal(t, http.StatusOK, status)

	status, _ = getText(t, s.url+"/debug/pprof/")
	assert.Equal(t, http.StatusNotFound, status, "profiles never on the public address")
	status, _ = getText(t, s.url+"/debug/pprof/goroutine?debug=1")
	assert.Equal(t, http.StatusNotFound, status)
}

func TestDebugListenerOffByDefault(t *testing.T) {
	t.Parallel()
	s := runServer(t)
	assert.Empty(t, s.debugURL)
	assert.NotContains(t, s.logs.String(), "debug listener")
}

func TestDebugListenerRefusesPublicAddresses(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0"} {
		err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-debug-addr", addr}, func(string) string { return "" }, io.Discard)
		require.Error(t, err, addr)
		assert.Contains(t, err.Error(), "loopback", addr)
	}
	err := run(context.Background(), []string{"-addr", "127.0.0.1:0"}, func(k string) string {
		return map[string]string{"WSPLAY_DEBUG_ADDR": "0.0.0.0:6060"}[k]
	}, io.Discard)
	assert.Error(t, err, "the environment variable is checked the same way")
}
