package rooms

import (
	"crypto/sha256"
	"net/netip"
	"sort"
	"sync"
	"time"

	"github.com/wsplay/wsplay/protocol"
)

// Room is one class: a teacher's connection, its students and what the
// teacher decided (who is muted). Everything it holds is under mu; members
// are sent to through their outboxes, so no lock is held while writing.
type Room struct {
	reg     *Registry
	code    string
	digest  [sha256.Size]byte
	creator netip.Addr

	mu       sync.Mutex
	students map[uint64]*member
	nextID   uint64
	teacher  *member
	mutedAll bool
	ended    bool
	last     time.Time // last activity, for the idle end
	timer    Timer
	seq      int // broadcasts sent
	watchers int // tap streams of its students
}

// Code is the room's join code.
func (r *Room) Code() string { return r.code }

// touch records activity, which keeps the room from ending.
func (r *Room) touch() {
	r.mu.Lock()
	r.last = r.reg.clock.Now()
	r.mu.Unlock()
}

// checkIdle ends the room when it has been idle for the limit, or checks
// again when it would be.
func (r *Room) checkIdle() {
	r.mu.Lock()
	if r.ended {
		r.mu.Unlock()
		return
	}
	idle := r.reg.clock.Now().Sub(r.last)
	if left := r.reg.lim.Idle - idle; left > 0 {
		r.timer = r.reg.clock.AfterFunc(left, r.checkIdle)
		r.mu.Unlock()
		return
	}
	r.mu.Unlock()
	r.End("class ended: " + r.reg.lim.Idle.String() + " without activity")
}

// End closes every connection of the room with 1001 and reason, and frees
// its code; joining it later gets 410.
func (r *Room) End(reason string) {
	r.mu.Lock()
	if r.ended {
		r.mu.Unlock()
		return
	}
	r.ended = true
	if r.timer != nil {
		r.timer.Stop()
	}
	everyone := r.membersLocked()
	if r.teacher != nil {
		everyone = append(everyone, r.teacher)
	}
	r.mu.Unlock()
	r.reg.forget(r)
	for _, m := range everyone {
		_ = m.conn.Close(protocol.StatusGoingAway, reason)
	}
}

// membersLocked lists the students by id.
func (r *Room) membersLocked() []*member {
	list := make([]*member, 0, len(r.students))
	for _, m := range r.students {
		list = append(list, m)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].id < list[j].id })
	return list
}

// toTeacher queues an event for the teacher, if one is connected.
func (r *Room) toTeacher(v any) {
	r.mu.Lock()
	t := r.teacher
	r.mu.Unlock()
	if t != nil {
		t.send(encode(v))
	}
}

// Students is how many students are connected.
func (r *Room) Students() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.students)
}

// acquireWatcher counts a student's tap stream against the room's seats.
func (r *Room) acquireWatcher() (func(), *Refusal) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ended {
		return nil, refusef(StatusGone, "ended", "the class has ended")
	}
	if r.watchers >= r.reg.lim.Students {
		return nil, refusef(StatusUnavailable, "room-full", "the room already has %d wire views, one per seat", r.reg.lim.Students).after(roomFullRetry)
	}
	r.watchers++
	return func() {
		r.mu.Lock()
		r.watchers--
		r.mu.Unlock()
	}, nil
}
