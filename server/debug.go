package server

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"net/netip"
	"time"
)

// The debug listener serves net/http/pprof on its own address, apart from
// the public routes: profiles show memory and stacks, so it listens on
// loopback only (reach it with ssh -L on a server). The load generator reads
// two of its pages from servers it starts: /debug/pprof/goroutine?debug=1
// (the goroutine count) and /debug/pprof/heap?gc=1 (which collects garbage
// first, so RSS figures do not count memory already freed).

// CheckLoopback accepts "" (off) or a host:port whose host is a loopback
// address or localhost.
func CheckLoopback(addr string) error {
	if addr == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("want host:port such as 127.0.0.1:6060, got %q", addr)
	}
	if host == "localhost" {
		return nil
	}
	a, err := netip.ParseAddr(host)
	if err != nil || !a.Unmap().IsLoopback() {
		return errors.New("the debug listener shows the server's memory and stacks, so it listens on loopback only " +
			"(127.0.0.1, ::1 or localhost), not " + fmt.Sprintf("%q", addr))
	}
	return nil
}

// debugHandler routes /debug/pprof/ to net/http/pprof. Its own mux keeps
// the profiles off http.DefaultServeMux, where pprof registers them too.
func debugHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index) // goroutine, heap and the other named profiles
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// ListenDebug starts the debug listener on addr; the caller closes the
// returned server.
func ListenDebug(addr string) (*http.Server, net.Listener, error) {
	if err := CheckLoopback(addr); err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, err
	}
	if ap, err := netip.ParseAddrPort(ln.Addr().String()); err != nil || !ap.Addr().Unmap().IsLoopback() {
		ln.Close() // "localhost" resolved to something else
		return nil, nil, fmt.Errorf("debug listener: %s is not a loopback address", ln.Addr())
	}
	srv := &http.Server{Handler: debugHandler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return srv, ln, nil
}
