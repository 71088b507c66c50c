package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wsplay/wsplay/server"
	"github.com/wsplay/wsplay/server/internal/testutil"
)

func TestRunServesThenShutsDown(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &testutil.LockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-log-format", "json"}, func(string) string { return "" }, logs)
	}()

	var url string
	require.Eventually(t, func() bool {
		sc := bufio.NewScanner(strings.NewReader(logs.String()))
		for sc.Scan() {
			var line struct{ Msg, URL string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "listening" {
				url = line.URL
				return true
			}
		}
		return false
	}, 5*time.Second, 10*time.Millisecond, "no listening log line: %s", logs)
	require.True(t, strings.HasPrefix(url, "http://127.0.0.1:"), url)

	res, err := http.Get(url + "/healthz")
	require.NoError(t, err)
	assert.Equal(t, "ok", testutil.Body(t, res))
	res.Body.Close()

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(server.Defaults().ShutdownTimeout + 5*time.Second):
		t.Fatal("run did not return after its context ended")
	}
	assert.Contains(t, logs.String(), `"msg":"stopped"`)
}

func TestRunFailsOnBusyPort(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	err := run(context.Background(), []string{"-addr", addr}, func(string) string { return "" }, io.Discard)
	assert.Error(t, err)
}
