package tap

import (
	"net/http"
	"time"

	"github.com/wsplay/wsplay/protocol"
)

// tapKeepalive is how often an idle stream sends a comment line, so that
// proxies do not take it for dead.
const tapKeepalive = 25 * time.Second

// tapWriteChunk is how much formatted text waits before it is written.
const tapWriteChunk = 64 << 10

// tapFlushEvery spaces the stream's writes: events that come faster are sent
// together, one system call for many. Every stream flushes on the same grid
// (multiples of it on the clock), so the streams wake up together rather than
// one after the other. A timeline that a person reads may lag by this much.
const tapFlushEvery = 100 * time.Millisecond

// Settings are the server's figures the first event (hello) tells the page,
// and how long one write to the stream may take.
type Settings struct {
	MaxMessage   int
	PingInterval time.Duration
	IdleTimeout  time.Duration
	CloseTimeout time.Duration
	FrameBytes   int // how much of each frame an event carries
	WriteTimeout time.Duration
}

// Serve streams the wire events of the connections opened with ?tap=<id>
// as Server-Sent Events (one "event:" name and one JSON "data:" line each),
// until the client goes away or the hub shuts down. id must come from
// ParseID; the caller has applied its own policy (origin, caps) first. A
// second subscriber to an id gets 409.
func (h *Hub) Serve(w http.ResponseWriter, r *http.Request, id string, s Settings) {
	sub, ok := h.subscribe(id)
	if !ok {
		http.Error(w, "tap: this id already has a subscriber; make up a new one", http.StatusConflict)
		return
	}
	defer h.unsubscribe(sub)

	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Accel-Buffering", "no") // nginx: pass events through at once
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	send := func(b []byte) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(s.WriteTimeout))
		if len(b) > 0 {
			if _, err := w.Write(b); err != nil {
				return false
			}
		}
		return rc.Flush() == nil
	}

	buf := s.appendHello(nil, id)
	if !send(buf) {
		return
	}
	keepalive := time.NewTicker(tapKeepalive)
	defer keepalive.Stop()
	pause := time.NewTimer(0)
	defer pause.Stop()
	for {
		select {
		case <-sub.notify:
			now := time.Now()
			pause.Reset(now.Truncate(tapFlushEvery).Add(tapFlushEvery).Sub(now))
			select {
			case <-pause.C:
			case <-r.Context().Done():
				return
			}
			buf = buf[:0]
			for _, ev := range sub.take() {
				buf = appendEvent(buf, ev)
				if len(buf) >= tapWriteChunk { // write in pieces: the buffer stays small
					if _, err := w.Write(buf); err != nil {
						return
					}
					buf = buf[:0]
				}
			}
			if !send(buf) {
				return
			}
		case <-keepalive.C:
			if !send([]byte(": keepalive\n\n")) {
				return
			}
		case <-r.Context().Done():
			return
		case <-h.stop:
			send([]byte("event: bye\ndata: {\"reason\":\"server shutting down\"}\n\n"))
			return
		}
	}
}

// appendHello writes the first event: the server's settings, which tell the
// page what to expect, and the signal that the subscription is in place.
func (s Settings) appendHello(b []byte, id string) []byte {
	b = append(b, "retry: 2000\nevent: hello\ndata: {\"tap\":"...)
	b = appendJSONString(b, id)
	b = append(b, ",\"version\":"...)
	b = appendJSONString(b, protocol.Version)
	b = appendInt(b, "maxMessage", int64(s.MaxMessage))
	b = appendInt(b, "pingInterval", s.PingInterval.Milliseconds())
	b = appendInt(b, "idleTimeout", s.IdleTimeout.Milliseconds())
	b = appendInt(b, "closeTimeout", s.CloseTimeout.Milliseconds())
	b = appendInt(b, "frameBytes", int64(s.FrameBytes))
	return append(b, "}\n\n"...)
}
