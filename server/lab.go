package server

import (
	"net/http"
	"net/netip"
	"strconv"

	"github.com/wsplay/wsplay/server/internal/clientip"
	"github.com/wsplay/wsplay/server/lab"
	"github.com/wsplay/wsplay/server/ws"
)

// newLab builds POST /lab and the /ws its loopback connections reach. That
// /ws is the same code with the same limits, but it neither trusts
// X-Forwarded-For (the learner writes every header) nor counts 127.0.0.1:
// each experiment already holds a slot of its real client's address.
func (s *Server) newLab() {
	s.labWS = ws.NewServer(s.wsConfig(nil, clientip.NewCounter(0)))
	s.lab = lab.New(lab.Config{
		Limits: s.cfg.Lab, WriteTimeout: s.cfg.WriteTimeout, HeadLimit: s.cfg.MaxHeaderBytes,
		MaxMessage: s.cfg.MaxMessage, Deflate: s.cfg.Deflate,
		TrustedProxies: s.cfg.TrustedProxies, AllowOrigin: s.origins.allows, Admit: s.admitLab, Logger: s.log,
	})
}

// admitLab counts an experiment against the server's connection caps, as
// the WebSocket it opens: one slot of -max-conns-per-ip for the client's
// address and one of -max-conns.
func (s *Server) admitLab(client netip.Addr) (release func(), refusal string) {
	if !s.wsIPs.Acquire(client) {
		return nil, "too many WebSockets and experiments from your address (the limit is " +
			strconv.Itoa(s.cfg.MaxConnsPerIP) + " per address); close some and try again"
	}
	if !s.slots.Take() { // the experiment's own loopback WebSocket on labWS is this slot
		s.wsIPs.Release(client)
		return nil, "too many WebSocket connections (the limit is " + strconv.Itoa(s.cfg.MaxConns) + "); try again later"
	}
	return func() { s.slots.Give(); s.wsIPs.Release(client) }, ""
}

// serveLabConn serves a request that arrived on one of the lab's own
// connections: /ws, the lab's only destination, or a plain 404.
func (s *Server) serveLabConn(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/ws" {
		s.labWS.ServeHTTP(w, r)
		return
	}
	http.Error(w, "lab: experiments reach /ws only", http.StatusNotFound)
}
