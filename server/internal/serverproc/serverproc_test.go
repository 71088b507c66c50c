package serverproc

import (
	"context"
	"net/http"
	_ "net/http/pprof" // the helper process's debug listener
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain turns the test binary into a tiny server when re-executed with
// SERVERPROC_HELPER=1, so Start is tested on a real separate process.
func TestMain(m *testing.M) {
	if os.Getenv("SERVERPROC_HELPER") == "1" {
		helperServer()
		return
	}
	os.Exit(m.Run())
}

func helperServer() {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	go func() { _ = http.ListenAndServe(os.Getenv("WSPLAY_ADDR"), mux) }()
	if debug := os.Getenv("WSPLAY_DEBUG_ADDR"); debug != "" {
		go func() { _ = http.ListenAndServe(debug, http.DefaultServeMux) }()
	}
	os.Stdout.WriteString("helper listening on " + os.Getenv("WSPLAY_ADDR") + "\n")
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	<-sig
}

func TestStartMeasureStop(t *testing.T) {
	t.Parallel()
	debug, err := FreePort()
	require.NoError(t, err)
	p, err := Start(context.Background(), Spec{
		Command:   []string{os.Args[0], "-test.run=^$"},
		Env:       []string{"SERVERPROC_HELPER=1"},
		DebugAddr: debug,
	})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(p.Addr, "127.0.0.1:"))
	assert.NotEqual(t, os.Getpid(), p.PID())

	rss, err := RSS(p.PID())
	require.NoError(t, err)
	assert.Greater(t, rss, int64(1<<20), "a Go process holds more than 1 MiB")
	n, err := Goroutines(context.Background(), p.DebugAddr)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, n, 3, "main, the two listeners")

	assert.NoError(t, p.Stop(), "SIGTERM ends the helper cleanly")
	assert.True(t, p.Exited())
	assert.Contains(t, p.Output(), "helper listening on "+p.Addr)
}

func TestStartReportsAServerThatDies(t *testing.T) {
	t.Parallel()
	_, err := Start(context.Background(), Spec{Command: []string{"/bin/sh", "-c", "echo cannot bind >&2; exit 3"}, Ready: 5 * time.Second})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "exited")
	assert.Contains(t, err.Error(), "cannot bind", "the server's own words are shown")
}

func TestParseVmRSS(t *testing.T) {
	t.Parallel()
	status := "Name:\twsplay\nVmPeak:\t  812345 kB\nVmRSS:\t   12288 kB\nThreads:\t7\n"
	got, err := parseVmRSS(strings.NewReader(status))
	require.NoError(t, err)
	assert.Equal(t, int64(12288*1024), got)
	_, err = parseVmRSS(strings.NewReader("Name:\tkthreadd\n"))
	assert.Error(t, err)
	_, err = parseVmRSS(strings.NewReader("VmRSS:\t12 MB\n"))
	assert.Error(t, err)
	own, err := RSS(os.Getpid())
	require.NoError(t, err)
	assert.Greater(t, own, int64(0))
}

func TestParseGoroutineTotal(t *testing.T) {
	t.Parallel()
	n, err := parseGoroutineTotal([]byte("goroutine profile: total 42\n"))
	require.NoError(t, err)
	assert.Equal(t, 42, n)
	_, err = parseGoroutineTotal([]byte("<html>404</html>"))
	assert.Error(t, err)
}

func TestTailKeepsTheEnd(t *testing.T) {
	t.Parallel()
	tl := &tail{max: 16}
	_, _ = tl.Write([]byte("first line\nsecond line\nthird\n"))
	assert.Equal(t, "third\n", tl.String(), "cut at a line start within the last 16 bytes")
}
