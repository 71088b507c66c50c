package main

import (
	"net/http"
	_ "net/http/pprof" // the peer's debug listener, as wsplay's would be
	"os"
	"os/signal"
	"syscall"
	"testing"

	"github.com/wsplay/wsplay/server/internal/gorillapeer"
)

// TestMain makes the test binary double as a gorilla/websocket echo server,
// the reference wsplay is compared with, run as its own process:
//
//	go test -c -o bin/gorilla-peer ./server/loadgen
//	go run ./server/loadgen -mode idle -spawn bin/gorilla-peer -spawn-env WSPLAY_GORILLA_PEER=1
//
// It listens on $WSPLAY_ADDR (a loopback address, as the loadgen gives it),
// serves /debug/pprof/ on $WSPLAY_DEBUG_ADDR when set, and stops on SIGTERM.
func TestMain(m *testing.M) {
	if os.Getenv("WSPLAY_GORILLA_PEER") == "1" {
		os.Exit(servePeer())
	}
	os.Exit(m.Run())
}

func servePeer() int {
	addr := os.Getenv("WSPLAY_ADDR")
	if addr == "" {
		os.Stderr.WriteString("gorilla peer: set WSPLAY_ADDR, e.g. 127.0.0.1:8081\n")
		return 2
	}
	srv := &http.Server{Addr: addr, Handler: gorillapeer.Mux()}
	failed := make(chan error, 2)
	go func() { failed <- srv.ListenAndServe() }()
	if debug := os.Getenv("WSPLAY_DEBUG_ADDR"); debug != "" {
		go func() { failed <- http.ListenAndServe(debug, http.DefaultServeMux) }()
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
	select {
	case <-sig:
		return 0
	case err := <-failed:
		os.Stderr.WriteString("gorilla peer: " + err.Error() + "\n")
		return 1
	}
}
