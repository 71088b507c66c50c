package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
