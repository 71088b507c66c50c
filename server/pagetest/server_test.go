package pagetest

import (
	"context"
	"net"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server"
)

// pageHandler is the server's whole HTTP surface on the embedded site.
func pageHandler(t *testing.T) http.Handler {
	t.Helper()
	srv, err := server.New(server.Config{})
	require.NoError(t, err)
	return srv.Handler()
}

// defaultConfig is the server as the wsplay command runs it in what the page
// predicts of it: permessage-deflate accepted (server.Defaults). Its limits
// are those Config{} gets, with no pings or idle timeout, so that no ping
// comes between the frames a test waits for.
func defaultConfig() server.Config {
	return server.Config{Deflate: server.Defaults().Deflate}
}

// startServer serves cfg on 127.0.0.1 as the wsplay command does (with the
// recording listener, so the tap shows the browser's own request bytes)
// until the test ends, and returns its address.
func startServer(t *testing.T, cfg server.Config) string {
	t.Helper()
	srv, err := server.New(cfg)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
	return ln.Addr().String()
}
