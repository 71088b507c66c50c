// Package gobwaspeer is an echo server built on github.com/gobwas/ws, for
// tests and measurements only: a second independent implementation to
// compare wsplay's server with. Nothing that ships imports it
// (server/cmd/wsplay's deps test checks).
package gobwaspeer

import (
	"net/http"

	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
)

// MaxMessage is the largest message the peer accepts, as wsplay's default.
const MaxMessage = 1 << 20

func init() {
	// The helpers' limits are process-wide; without them a peer would take
	// any length a header declares.
	wsutil.SetMaxMessageSize(MaxMessage)
	wsutil.SetMaxFrameSize(MaxMessage)
}

// Echo upgrades the request and echoes every message with its opcode until
// the client closes. It is gobwas/ws's own example as its README shows it:
// one goroutine per connection, wsutil.ReadClientData (which answers pings
// and closes) and wsutil.WriteServerMessage. The bufio pair of the hijack
// is dropped, as in that example.
func Echo(w http.ResponseWriter, r *http.Request) {
	conn, _, _, err := ws.UpgradeHTTP(r, w)
	if err != nil {
		return // gobwas has written the refusal
	}
	go func() {
		defer conn.Close()
		for {
			msg, op, err := wsutil.ReadClientData(conn)
			if err != nil {
				return
			}
			if err := wsutil.WriteServerMessage(conn, op, msg); err != nil {
				return
			}
		}
	}()
}
