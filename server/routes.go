package server

import (
	"io"
	"net/http"
	"strconv"

	"github.com/wsplay/wsplay/server/internal/clientip"
	"github.com/wsplay/wsplay/server/static"
	"github.com/wsplay/wsplay/server/tap"
)

// routes maps paths to their handlers. A new endpoint goes here.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = io.WriteString(w, "ok")
	})
	mux.HandleFunc("GET /tap", s.serveTap)
	mux.HandleFunc("POST /rooms", s.createRoom)
	mux.HandleFunc("GET /rooms/{code}", s.roomStatus)
	mux.HandleFunc("GET /rooms/{code}/qr.svg", s.roomQR)
	mux.Handle("GET /", static.Handler(s.cfg.Files))
	// /ws takes every method, ahead of the mux: the core answers a POST
	// with the rule it breaks (405), which says more than a bare refusal.
	// The lab's own loopback connections are served apart (serveLabConn).
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.lab.Owns(r.RemoteAddr) {
			s.serveLabConn(w, r)
			return
		}
		switch r.URL.Path {
		case "/ws":
			if r.URL.Query().Has("room") {
				s.roomWS.ServeHTTP(w, r) // a classroom (server/rooms)
				return
			}
			s.ws.ServeHTTP(w, r)
		case "/lab": // every method too: the lab answers all but POST with a 405 in JSON
			s.lab.ServeHTTP(w, r)
		case "/lab/experiments":
			s.lab.ServeCatalogue(w, r)
		default:
			mux.ServeHTTP(w, r)
		}
	})
}

// serveTap applies the server's policy to a tap stream (a valid id, an
// allowed origin, the per-address cap) and hands it to the hub.
func (s *Server) serveTap(w http.ResponseWriter, r *http.Request) {
	id, ok := tap.ParseID(r.URL.Query().Get("tap"))
	if !ok {
		http.Error(w, "tap: want ?tap= followed by 32 hex digits (128 random bits the page makes up)", http.StatusBadRequest)
		return
	}
	if !s.allowCORS(w, r) {
		http.Error(w, "tap: origin "+r.Header.Get("Origin")+" is not allowed; start the server with -origins "+r.Header.Get("Origin"), http.StatusForbidden)
		return
	}
	release, ok := s.tapSlot(w, r)
	if !ok {
		return
	}
	defer release()
	s.taps.Serve(w, r, id, tap.Settings{
		MaxMessage: s.cfg.MaxMessage, PingInterval: s.cfg.PingInterval, IdleTimeout: s.cfg.IdleTimeout,
		CloseTimeout: s.cfg.CloseTimeout, FrameBytes: s.cfg.TapFrameBytes, WriteTimeout: s.cfg.WriteTimeout,
	})
}

// tapSlot counts a tap stream: against its room's seats with ?room= (a
// student's own wire, see serveRoomTap), else against the client's address.
func (s *Server) tapSlot(w http.ResponseWriter, r *http.Request) (release func(), ok bool) {
	if r.URL.Query().Has("room") {
		return s.roomTapSlot(w, r)
	}
	client, _ := clientip.Of(r, s.cfg.TrustedProxies)
	if !s.tapIPs.Acquire(client) {
		w.Header().Set("Retry-After", "5")
		http.Error(w, "tap: too many event streams from your address (the limit is "+strconv.Itoa(s.cfg.MaxConnsPerIP)+
			" per address); close some and try again", http.StatusServiceUnavailable)
		return nil, false
	}
	return func() { s.tapIPs.Release(client) }, true
}

// allowCORS lets pages from the allowed origins read the stream
// (EventSource follows CORS); same-origin requests need nothing.
func (s *Server) allowCORS(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	if !s.origins.allows(origin, r.Host) {
		return false
	}
	w.Header().Set("Access-Control-Allow-Origin", origin)
	w.Header().Add("Vary", "Origin")
	return true
}
