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
	// RetryAfter is how many seconds a client should wait before trying
	// again (the Retry-After header); 0 when waiting alone will not help.
	RetryAfter int
}

func (r *Refusal) Error() string { return "rooms: " + r.ID + ": " + r.Why }

// roomFullRetry is the wait a full room suggests: a seat frees up when a
// student leaves, which in a class takes a while.
const roomFullRetry = 30

func refusef(status int, id, format string, args ...any) *Refusal {
	return &Refusal{Status: status, ID: id, Why: fmt.Sprintf(format, args...)}
}

// RetryAfterSeconds is RetryAfter, for the WebSocket server's refusal.
func (r *Refusal) RetryAfterSeconds() int { return r.RetryAfter }

// after is r, saying when to try again.
func (r *Refusal) after(seconds int) *Refusal {
	r.RetryAfter = seconds
	return r
}

// HTTPStatus is the status of the refusal before a 101 (ws.Choose uses it).
func (r *Refusal) HTTPStatus() int { return r.Status }
