// Package peers names the echo servers wsplay is measured against, for the
// benchmarks, the measurements and the test binaries that double as those
// servers. Nothing that ships imports it (server/cmd/wsplay's deps test
// checks), so gorilla/websocket and gobwas/ws stay out of the wsplay binary.
package peers

import (
	"io"
	"net/http"
	"slices"

	"github.com/wsplay/wsplay/server/internal/floorpeer"
	"github.com/wsplay/wsplay/server/internal/gobwaspeer"
	"github.com/wsplay/wsplay/server/internal/gorillapeer"
)

// echoes are the peers by kind: "floor" is the hand-written minimal echo
// every figure is divided by; the -deflate kind accepts permessage-deflate.
var echoes = map[string]http.HandlerFunc{
	"floor":           floorpeer.Echo,
	"gorilla":         gorillapeer.Echo,
	"gorilla-deflate": gorillapeer.EchoCompressed,
	"gobwas":          gobwaspeer.Echo,
}

// Echo is the echo handler of kind.
func Echo(kind string) (http.HandlerFunc, bool) {
	h, ok := echoes[kind]
	return h, ok
}

// Kinds lists the peers' kinds, sorted.
func Kinds() []string {
	k := make([]string, 0, len(echoes))
	for name := range echoes {
		k = append(k, name)
	}
	slices.Sort(k)
	return k
}

// Mux serves echo on every path but /healthz, which answers "ok" as wsplay's
// does, so tools that wait for a server to be ready treat all alike.
func Mux(echo http.HandlerFunc) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") })
	mux.HandleFunc("/", echo)
	return mux
}
