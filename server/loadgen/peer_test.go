package main

import (
	"net/http"
	_ "net/http/pprof" // the peer's debug listener, as wsplay's would be
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"

	"github.com/wsplay/wsplay/server/internal/peers"
)

// TestMain makes the test binary double as one of the echo servers wsplay
// is compared with (gorilla/websocket, gobwas/ws or the hand-written floor),
// run as its own process:
//
//	go test -c -o bin/peer ./server/loadgen
//	go run ./server/loadgen -mode idle -spawn bin/peer -spawn-env WSPLAY_PEER=gobwas
//
// WSPLAY_GORILLA_PEER=1 is WSPLAY_PEER=gorilla. It listens on $WSPLAY_ADDR
// (a loopback address, as the loadgen gives it), serves /debug/pprof/ on
// $WSPLAY_DEBUG_ADDR when set, and stops on SIGTERM.
func TestMain(m *testing.M) {
	kind := os.Getenv("WSPLAY_PEER")
	if os.Getenv("WSPLAY_GORILLA_PEER") == "1" {
		kind = "gorilla"
	}
	if kind != "" {
		os.Exit(servePeer(kind))
	}
	os.Exit(m.Run())
}

func servePeer(kind string) int {
	echo, ok := peers.Echo(kind)
	if !ok {
		os.Stderr.WriteString("peer: WSPLAY_PEER=" + kind + " is none of " + strings.Join(peers.Kinds(), ", ") + "\n")
		return 2
	}
	addr := os.Getenv("WSPLAY_ADDR")
	if addr == "" {
		os.Stderr.WriteString("peer: set WSPLAY_ADDR, e.g. 127.0.0.1:8081\n")
		return 2
	}
	srv := &http.Server{Addr: addr, Handler: peers.Mux(echo)}
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
		os.Stderr.WriteString(kind + " peer: " + err.Error() + "\n")
		return 1
	}
}
