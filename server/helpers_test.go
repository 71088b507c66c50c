package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server/internal/testutil"
)

// startServer serves cfg on 127.0.0.1 as the wsplay command does (recording
// listener, ordered shutdown) and returns the server and its address. stop
// shuts it down and returns Serve's error; it also runs at the end of the
// test.
func startServer(t testing.TB, cfg Config) (srv *Server, addr string, stop func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 5 * time.Second
	}
	srv, err = New(cfg)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	var result error
	stopped := false
	stop = func() error {
		if !stopped {
			stopped = true
			cancel()
			select {
			case result = <-served:
			case <-time.After(testutil.IOTimeout):
				result = errors.New("serve did not return")
			}
		}
		return result
	}
	t.Cleanup(func() { _ = stop() })
	return srv, ln.Addr().String(), stop
}

// newHandler is the server's HTTP surface for cfg, for tests that drive it
// in memory with httptest.
func newHandler(t testing.TB, cfg Config) http.Handler {
	t.Helper()
	srv, err := New(cfg)
	require.NoError(t, err)
	return srv.Handler()
}

// textLogger logs as the wsplay command does by default, into w.
func textLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// subscribe opens the tap of id and waits for its hello event: from then
// on, the connections opened with id report to it.
func subscribe(t testing.TB, addr, id string) *testutil.Stream {
	t.Helper()
	s := testutil.Subscribe(t, "http://"+addr+"/tap?tap="+id, "")
	hello := s.Next()
	require.Equal(t, "hello", hello.Name)
	require.Equal(t, id, hello.Tap)
	return s
}
