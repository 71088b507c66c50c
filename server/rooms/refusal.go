package rooms

import "fmt"

// HTTP statuses of the refusals sent before the 101.
const (
	StatusBadRequest  = 400
	StatusForbidden   = 403
	StatusNotFound    = 404
	StatusGone        = 410
	StatusTooMany     = 429
	StatusUnavailable = 503
)

// Refusal says why a request was turned away: an HTTP status when it comes
// before the 101, and an id and a sentence for the JSON error message.
type Refusal struct {
	Status int    // HTTP status, before an upgrade
	ID     string // short, stable: "room-full", "bad-secret", …
	Why    string // one sentence a person can act on
}

func (r *Refusal) Error() string { return "rooms: " + r.ID + ": " + r.Why }

func refusef(status int, id, format string, args ...any) *Refusal {
	return &Refusal{Status: status, ID: id, Why: fmt.Sprintf(format, args...)}
}

// HTTPStatus is the status of the refusal before a 101 (ws.Choose uses it).
func (r *Refusal) HTTPStatus() int { return r.Status }
