package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/wsplay/wsplay/server/internal/clientip"
	"github.com/wsplay/wsplay/server/rooms"
	"github.com/wsplay/wsplay/server/ws"
)

// RoomLimits are the rooms' own limits, tuned by the -room* flags (see
// rooms.DefaultLimits and README "Rooms").
type RoomLimits = rooms.Limits

// newRooms builds the registry and the WebSocket server of /ws?room=. That
// server has no per-address cap of its own: a class behind one NAT address
// is bounded by its room's seats, and a wrong code is counted against the
// address by the registry (see rooms.Registry.Choose).
func (s *Server) newRooms() {
	s.rooms = rooms.New(rooms.Config{Limits: s.cfg.Rooms, TrustedProxies: s.cfg.TrustedProxies, Logger: s.log})
	cfg := s.wsConfig(s.cfg.TrustedProxies, clientip.NewCounter(0))
	cfg.Choose = s.rooms.Choose
	cfg.Slots = s.slots                                // -max-conns counts the class too
	cfg.MaxMessage = 16 * s.rooms.Limits().MessageSize // above a message's limit, the JSON error says why; far above, 1009
	s.roomWS = ws.NewServer(cfg)
}

// roomCreated is the answer of POST /rooms.
type roomCreated struct {
	Room    string `json:"room"`
	Secret  string `json:"secret"`
	Join    string `json:"join"`    // the students' link
	QR      string `json:"qr"`      // the SVG of the join link
	Teacher string `json:"teacher"` // the teacher's link, the secret after #
}

// createRoom is POST /rooms[?room=<shard>]: a new room for the client.
func (s *Server) createRoom(w http.ResponseWriter, r *http.Request) {
	if !s.allowCORS(w, r) {
		writeJSONError(w, http.StatusForbidden, "origin", "origin "+r.Header.Get("Origin")+" may not create rooms here")
		return
	}
	client, _ := clientip.Of(r, s.cfg.TrustedProxies)
	c, err := s.rooms.Create(client, r.URL.Query().Get("room"))
	if err != nil {
		writeRefusal(w, err)
		return
	}
	base := s.publicBase(r)
	page := base + "room.html?room=" + c.Room
	res := roomCreated{Room: c.Room, Secret: c.Secret, Join: page,
		QR: base + "rooms/" + c.Room + "/qr.svg?room=" + c.Room, Teacher: page + "#secret=" + c.Secret}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, res)
}

// roomStatus is GET /rooms/<code>: whether a page may join, and if not,
// why (no such room, ended, full, too many wrong codes).
func (s *Server) roomStatus(w http.ResponseWriter, r *http.Request) {
	if !s.allowCORS(w, r) {
		writeJSONError(w, http.StatusForbidden, "origin", "origin "+r.Header.Get("Origin")+" may not read rooms here")
		return
	}
	st, refusal := s.rooms.StatusOf(r, r.PathValue("code"))
	if refusal != nil {
		writeRefusal(w, refusal)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, st)
}

// maxQRLink bounds the join link a QR code encodes: a real host name and
// port fit many times over, and a phone still reads the code from the back
// of a room; a longer Host header gets a 400 rather than a code too dense
// to scan (or the library's error at its largest size).
const maxQRLink = 256

// roomQR is GET /rooms/<code>/qr.svg: the join link of an open room as a
// QR code.
func (s *Server) roomQR(w http.ResponseWriter, r *http.Request) {
	room, refusal := s.rooms.Find(r, r.PathValue("code"))
	if refusal != nil {
		writeRefusal(w, refusal)
		return
	}
	link := s.publicBase(r) + "room.html?room=" + room.Code()
	if len(link) > maxQRLink {
		writeJSONError(w, http.StatusBadRequest, "qr-link-too-long", "the join link ("+strconv.Itoa(len(link))+
			" bytes, from the Host header) is longer than a QR code for a room should hold ("+strconv.Itoa(maxQRLink)+")")
		return
	}
	svg, err := rooms.QRSVG(link)
	if err != nil {
		writeJSONError(w, http.StatusInternalServerError, "qr", err.Error())
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, _ = w.Write(svg)
}

// publicBase is the URL the client reached us at, as the links in a
// room's answers start: the request's Host, https behind TLS or a trusted
// proxy that says so.
func (s *Server) publicBase(r *http.Request) string {
	scheme := "http"
	_, via := clientip.Of(r, s.cfg.TrustedProxies)
	if r.TLS != nil || (via.IsValid() && r.Header.Get("X-Forwarded-Proto") == "https") {
		scheme = "https"
	}
	return (&url.URL{Scheme: scheme, Host: r.Host, Path: "/"}).String()
}

// roomTapSlot counts a student's own wire (/tap?room=&tap=) against the
// room's seats instead of the address.
func (s *Server) roomTapSlot(w http.ResponseWriter, r *http.Request) (release func(), ok bool) {
	release, refusal := s.rooms.Watch(r)
	if refusal != nil {
		http.Error(w, "tap: "+refusal.Why, refusal.Status)
		return nil, false
	}
	return release, true
}

func writeRefusal(w http.ResponseWriter, err error) {
	var ref *rooms.Refusal
	if e, ok := err.(*rooms.Refusal); ok {
		ref = e
	} else {
		ref = &rooms.Refusal{Status: http.StatusInternalServerError, ID: "internal", Why: err.Error()}
	}
	if ref.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(ref.RetryAfter))
	}
	writeJSONError(w, ref.Status, ref.ID, ref.Why)
}

func writeJSONError(w http.ResponseWriter, status int, id, why string) {
	writeJSON(w, status, map[string]string{"error": id, "why": why})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
