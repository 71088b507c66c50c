package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
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
	stop     func() error // ends run's context and returns what run returned
}

// runServer starts run with args (plus -addr 127.0.0.1:0) and waits for it
// to listen; it stops when the test ends, if not before.
func runServer(t *testing.T, args ...string) *runningServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &runningServer{logs: &testutil.LockedBuffer{}}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0", "-log-format", "json"}, args...), func(string) string { return "" }, s.logs)
	}()
	var once sync.Once
	var result error
	s.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case result = <-done:
			case <-time.After(server.Defaults().ShutdownTimeout + testutil.IOTimeout):
				result = errors.New("run did not return after its context ended")
			}
		})
		return result
	}
	t.Cleanup(func() { assert.NoError(t, s.stop()) })
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

func TestRunServesThenShutsDown(t *testing.T) {
	t.Parallel()
	s := runServer(t)
	require.True(t, strings.HasPrefix(s.url, "http://127.0.0.1:"), s.url)
	status, text := getText(t, s.url+"/healthz")
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "ok", text)
	require.NoError(t, s.stop())
	assert.Contains(t, s.logs.String(), `"msg":"stopped"`)
}

func TestRunFailsOnBusyPort(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	err := run(context.Background(), []string{"-addr", addr}, func(string) string { return "" }, io.Discard)
	assert.Error(t, err)
}
