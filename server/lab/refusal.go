package lab

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// refusal is the lab's answer to an experiment it will not run: an HTTP
// status and {"error": "...", "limit": ...}, with Retry-After when waiting
// helps.
type refusal struct {
	status     int
	msg        string
	limit      any // the limit that was reached, when there is one
	retryAfter int // seconds; 0 = no header
	offset     int // of the bad character, for 400s about the body; -1 = none
}

func refuse(w http.ResponseWriter, status int, msg string, limit any) {
	(&refusal{status: status, msg: msg, limit: limit, offset: -1}).write(w)
}

func (r *refusal) write(w http.ResponseWriter) {
	body := struct {
		Error  string `json:"error"`
		Limit  any    `json:"limit,omitempty"`
		Offset *int   `json:"offset,omitempty"`
	}{Error: "lab: " + r.msg, Limit: r.limit}
	if r.offset >= 0 && r.status == http.StatusBadRequest {
		body.Offset = &r.offset
	}
	if r.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(r.retryAfter))
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(r.status)
	b, _ := json.Marshal(body)
	_, _ = w.Write(append(b, '\n'))
}
