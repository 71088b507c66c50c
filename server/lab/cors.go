package lab

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// preflightMaxAge is how long a browser may keep a preflight's answer.
const preflightMaxAge = 600 // seconds

// allowCORS applies the origin policy of /ws (RFC 6455 section 10.2) to a
// request of the lab: no Origin (curl, a test) and the server's own page
// need nothing; an allowed origin (-origins, a docs site hosting the page
// elsewhere) may read the answer; any other gets false, and no CORS header
// at all, so that its page reads nothing.
func (l *Lab) allowCORS(w http.ResponseWriter, r *http.Request) bool {
	w.Header().Add("Vary", "Origin")
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	if !l.cfg.AllowOrigin(origin, r.Host) {
		return false
	}
	w.Header().Set("Access-Control-Allow-Origin", origin)
	return true
}

// preflight answers a browser's OPTIONS before a cross-origin POST with a
// JSON body (the Fetch standard's CORS preflight): 204 naming what may
// follow, or the 403 of a foreign origin.
func (l *Lab) preflight(w http.ResponseWriter, r *http.Request, methods string) {
	if !l.allowCORS(w, r) {
		refuse(w, http.StatusForbidden, l.foreignOrigin(r), nil)
		return
	}
	h := w.Header()
	h.Set("Allow", methods+", OPTIONS")
	h.Set("Access-Control-Allow-Methods", methods)
	h.Set("Access-Control-Allow-Headers", "Content-Type")
	h.Set("Access-Control-Max-Age", strconv.Itoa(preflightMaxAge))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

func (l *Lab) foreignOrigin(r *http.Request) string {
	origin := r.Header.Get("Origin")
	return "origin " + origin + " may not use the lab here; start the server with -origins " + origin
}

// ServeCatalogue is GET /lab/experiments: the catalogue for the host the
// page reached, with the same origin policy as POST /lab.
func (l *Lab) ServeCatalogue(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodOptions:
		l.preflight(w, r, http.MethodGet)
		return
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		w.Header().Set("Allow", "GET, HEAD, OPTIONS")
		refuse(w, http.StatusMethodNotAllowed, "the catalogue takes GET", nil)
		return
	case !l.allowCORS(w, r):
		refuse(w, http.StatusForbidden, l.foreignOrigin(r), nil)
		return
	}
	b, err := json.Marshal(NewCatalogue(r.Host, l.cfg.MaxMessage, l.cfg.Deflate))
	if err != nil {
		refuse(w, http.StatusInternalServerError, "the catalogue: "+err.Error(), nil)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store") // it names the Host it was asked with
	_, _ = w.Write(append(b, '\n'))
}
