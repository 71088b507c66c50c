package ws

import "sync/atomic"

// Slots counts open WebSockets across every Server that shares it, so that
// one cap (-max-conns) holds for the whole process: the echo, the rooms and
// the lab's experiments together, not each of them apart.
type Slots struct {
	n   atomic.Int64
	max int64
}

// NewSlots is a count of at most max connections.
func NewSlots(max int) *Slots { return &Slots{max: int64(max)} }

// Take holds one slot, or reports that all are held.
func (s *Slots) Take() bool {
	if s.n.Add(1) > s.max {
		s.n.Add(-1)
		return false
	}
	return true
}

// Give hands back a slot Take held.
func (s *Slots) Give() { s.n.Add(-1) }

// Max is the cap.
func (s *Slots) Max() int { return int(s.max) }
