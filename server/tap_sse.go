package main

import (
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
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

// parseTapID accepts exactly 32 hex digits (128 bits) and returns them in
// lowercase; anything shorter would be guessable.
func parseTapID(s string) (string, bool) {
	if len(s) != 32 {
		return "", false
	}
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
		case c >= 'A' && c <= 'F':
			b[i] = c + 'a' - 'A'
		default:
			return "", false
		}
	}
	return string(b), true
}

// serveTap streams the wire events of the connections opened with ?tap=<id>
// as Server-Sent Events (one "event:" name and one JSON "data:" line each).
func (a *app) serveTap(w http.ResponseWriter, r *http.Request) {
	id, ok := parseTapID(r.URL.Query().Get("tap"))
	if !ok {
		http.Error(w, "tap: want ?tap= followed by 32 hex digits (128 random bits the page makes up)", http.StatusBadRequest)
		return
	}
	if !a.allowCORS(w, r) {
		http.Error(w, "tap: origin "+r.Header.Get("Origin")+" is not allowed; start the server with -origins "+r.Header.Get("Origin"), http.StatusForbidden)
		return
	}
	client, _ := clientIP(r, a.cfg.TrustedProxies)
	if !a.tapIPs.acquire(client) {
		w.Header().Set("Retry-After", "5")
		http.Error(w, "tap: too many event streams from your address (the limit is "+strconv.Itoa(a.cfg.MaxConnsPerIP)+
			" per address); close some and try again", http.StatusServiceUnavailable)
		return
	}
	defer a.tapIPs.release(client)
	sub, ok := a.taps.subscribe(id)
	if !ok {
		http.Error(w, "tap: this id already has a subscriber; make up a new one", http.StatusConflict)
		return
	}
	defer a.taps.unsubscribe(sub)

	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: pass events through at once
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	send := func(b []byte) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(a.cfg.WriteTimeout))
		if len(b) > 0 {
			if _, err := w.Write(b); err != nil {
				return false
			}
		}
		return rc.Flush() == nil
	}

	buf := a.appendHello(nil, id)
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
				buf = appendTapEvent(buf, ev)
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
		case <-a.taps.stop:
			send([]byte("event: bye\ndata: {\"reason\":\"server shutting down\"}\n\n"))
			return
		}
	}
}

// appendHello writes the first event: the server's settings, which tell the
// page what to expect, and the signal that the subscription is in place.
func (a *app) appendHello(b []byte, id string) []byte {
	b = append(b, "retry: 2000\nevent: hello\ndata: {\"tap\":"...)
	b = appendJSONString(b, id)
	b = append(b, ",\"version\":"...)
	b = appendJSONString(b, protocol.Version)
	b = appendInt(b, "maxMessage", int64(a.cfg.MaxMessage))
	b = appendInt(b, "pingInterval", a.cfg.PingInterval.Milliseconds())
	b = appendInt(b, "idleTimeout", a.cfg.IdleTimeout.Milliseconds())
	b = appendInt(b, "closeTimeout", a.cfg.CloseTimeout.Milliseconds())
	b = appendInt(b, "frameBytes", int64(a.cfg.TapFrameBytes))
	return append(b, "}\n\n"...)
}

var tapEventNames = map[tapKind]string{
	tapRequest:  "request",
	tapResponse: "response",
	tapFrame:    "frame",
	tapClosed:   "closed",
	tapDropped:  "dropped",
}

// appendTapEvent formats ev as one SSE event. Bytes travel as hex so they
// arrive exact; handshake heads also come as text for reading.
func appendTapEvent(b []byte, ev tapEvent) []byte {
	b = append(b, "event: "...)
	b = append(b, tapEventNames[ev.kind]...)
	b = append(b, "\ndata: {\"t\":"...)
	b = strconv.AppendInt(b, ev.at.UnixMicro(), 10)
	if ev.conn != 0 {
		b = appendInt(b, "conn", int64(ev.conn))
	}
	switch ev.kind {
	case tapRequest, tapResponse, tapFrame:
		b = append(b, ",\"from\":\""...)
		b = append(b, ev.from.String()...)
		b = append(b, '"')
		b = appendInt(b, "size", int64(ev.size))
		if len(ev.data) < ev.size {
			b = append(b, ",\"truncated\":true"...)
		}
		if ev.kind == tapRequest && ev.more != nil {
			b = append(b, ",\"path\":"...)
			b = appendJSONString(b, ev.more.path)
			if ev.more.reconstructed {
				b = append(b, ",\"reconstructed\":true"...)
			}
		}
		if ev.kind != tapFrame {
			b = append(b, ",\"text\":"...)
			b = appendJSONString(b, string(ev.data))
		}
		b = append(b, ",\"hex\":\""...)
		b = hex.AppendEncode(b, ev.data)
		b = append(b, '"')
	case tapClosed:
		d := ev.more
		if d == nil {
			d = &tapDetails{}
		}
		b = appendInt(b, "code", int64(d.code))
		b = append(b, ",\"reason\":"...)
		b = appendJSONString(b, d.reason)
		b = append(b, ",\"by\":"...)
		b = appendJSONString(b, d.by)
		b = append(b, ",\"clean\":"...)
		b = strconv.AppendBool(b, d.clean)
		if d.err != "" {
			b = append(b, ",\"error\":"...)
			b = appendJSONString(b, d.err)
		}
	case tapDropped:
		b = appendInt(b, "count", int64(ev.dropped))
	}
	return append(b, "}\n\n"...)
}

func appendInt(b []byte, name string, v int64) []byte {
	b = append(b, ",\""...)
	b = append(b, name...)
	b = append(b, "\":"...)
	return strconv.AppendInt(b, v, 10)
}

// appendJSONString quotes s for JSON (invalid UTF-8 becomes U+FFFD; the hex
// next to it stays exact).
func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s)
	return append(b, q...)
}

// allowCORS lets pages from the allowed origins read the stream
// (EventSource follows CORS); same-origin requests need nothing.
func (a *app) allowCORS(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	if !a.origins.allows(origin, r.Host) {
		return false
	}
	w.Header().Set("Access-Control-Allow-Origin", origin)
	w.Header().Add("Vary", "Origin")
	return true
}
