// Package tap is the wire tap: it lets a page watch its own connection's
// wire bytes on a second channel (/tap, Server-Sent Events), so the echo
// socket stays pure.
//
// A page makes up an unguessable id (128 random bits, 32 hex digits) and
// passes it as ?tap=<id> to both /tap and /ws. The id is the only key: a
// WebSocket opened with an id reports to that id's one subscriber, and
// nobody else. Keying both routes on the same query parameter also lets a
// reverse proxy send a page's two requests to the same instance.
package tap

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/wsplay/wsplay/protocol"
)

// Tap limits. A subscriber that reads slowly loses events, never the echo.
// (How many bytes of each frame an event carries is the server's choice.)
const (
	maxEvents = 2048    // queued events per subscriber
	maxBytes  = 8 << 20 // queued raw bytes per subscriber
)

// Kind says what an Event reports.
type Kind uint8

const (
	Request  Kind = iota + 1 // the upgrade request as it arrived
	Response                 // the answer as it was sent (101 or a refusal)
	Frame                    // one frame, either way
	Closed                   // the TCP connection ended
	Dropped                  // marker: events lost here because the queue was full
)

// Event is one thing that happened on a tapped connection. Its bytes are
// a copy in the subscriber's arena; formatting waits for the subscriber's
// goroutine, so that the connection pays only for the copy.
type Event struct {
	Kind Kind
	From protocol.Role
	Conn uint64
	At   time.Time
	Data []byte
	Size int      // bytes on the wire; more than len(data) when the frame was cut
	Lost int      // Dropped: how many events were lost at this point
	More *Details // Request and Closed only
}

// Details are the fields of the rarer events.
type Details struct {
	// Closed: how it ended. code is 0 when no close frame was exchanged.
	Code   int
	Reason string
	By     string // "client", "server" or "" (the TCP connection just ended)
	Clean  bool
	Err    string

	Path          string // Request: the request target
	Reconstructed bool   // Request: rebuilt from the parsed request
}

// Hub maps ids to their one subscriber.
type Hub struct {
	mu   sync.Mutex
	subs map[string]*Sub
	stop chan struct{} // closed on shutdown: streams end
	once sync.Once
}

func NewHub() *Hub {
	return &Hub{subs: map[string]*Sub{}, stop: make(chan struct{})}
}

// subscribe registers the subscriber of id; false when id already has one.
func (h *Hub) subscribe(id string) (*Sub, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, taken := h.subs[id]; taken {
		return nil, false
	}
	s := &Sub{id: id, notify: make(chan struct{}, 1)}
	h.subs[id] = s
	return s, true
}

func (h *Hub) unsubscribe(s *Sub) {
	s.gone.Store(true)
	s.mu.Lock()
	s.closed, s.queue = true, nil
	s.mu.Unlock()
	h.mu.Lock()
	if h.subs[s.id] == s {
		delete(h.subs, s.id)
	}
	h.mu.Unlock()
}

// lookup returns id's subscriber, or nil.
func (h *Hub) Lookup(id string) *Sub {
	if id == "" {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.subs[id]
}

func (h *Hub) Shutdown() { h.once.Do(func() { close(h.stop) }) }

// Sub is one subscriber's bounded queue. Event bytes are appended to an
// arena that is handed over with the queue, so publishing allocates nothing
// once the arena has grown.
type Sub struct {
	id     string
	notify chan struct{} // a token when the first event is queued
	gone   atomic.Bool   // unsubscribed; read without the lock

	mu         sync.Mutex
	closed     bool
	queue      []Event
	arena      []byte
	spare      []Event // the previous queue and arena, reused
	spareArena []byte
	dropped    int // in total
}

func (s *Sub) alive() bool { return !s.gone.Load() }

// publish queues ev with a copy of data, unless the queue is full, in which
// case the loss is counted in a marker at this point of the stream. fix, when
// not nil, edits the copy before anyone can see it. It never blocks; false
// means the subscriber is gone.
func (s *Sub) Publish(ev Event, data []byte, fix func([]byte)) bool {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return false
	}
	if len(s.queue) >= maxEvents || len(s.arena)+len(data) > maxBytes {
		s.dropped++
		if n := len(s.queue); n > 0 && s.queue[n-1].Kind == Dropped {
			s.queue[n-1].Lost++
		} else {
			// One marker may exceed the limit: consecutive drops share it.
			s.queue = append(s.queue, Event{Kind: Dropped, At: ev.At, Lost: 1})
		}
	} else {
		if data != nil {
			start := len(s.arena)
			s.arena = append(s.arena, data...)
			ev.Data = s.arena[start:len(s.arena):len(s.arena)]
			if fix != nil {
				fix(ev.Data)
			}
		}
		s.queue = append(s.queue, ev)
	}
	first := len(s.queue) == 1 // the stream is waiting for this one, not yet for a flush
	s.mu.Unlock()
	if first {
		select {
		case s.notify <- struct{}{}:
		default:
		}
	}
	return true
}

// take returns everything queued and empties the queue. The events and their
// bytes stay valid until the next take.
func (s *Sub) take() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, arena := s.queue, s.arena
	clear(s.spare) // drop references to details
	s.queue, s.spare = s.spare[:0], q
	s.arena, s.spareArena = s.spareArena[:0], arena
	if cap(s.arena) > 1<<20 { // after a burst, do not keep its room
		s.arena = nil
	}
	return q
}

// Link is a connection's way to its subscriber. It resolves the id again
// when the subscriber went away, because EventSource reconnects on its own
// (a new subscriber under the same id). The connection's goroutine and its
// writers use it concurrently.
type Link struct {
	hub     *Hub
	id      string
	sub     atomic.Pointer[Sub]
	retryAt atomic.Int64 // unix nanos before which a missing subscriber is not looked up again
}

// target returns the live subscriber, or nil; callers copy bytes only when
// there is one.
func (l *Link) Target() *Sub {
	if s := l.sub.Load(); s != nil && s.alive() {
		return s
	}
	now := time.Now().UnixNano()
	if now < l.retryAt.Load() {
		return nil
	}
	s := l.hub.Lookup(l.id)
	l.sub.Store(s)
	if s == nil {
		l.retryAt.Store(now + int64(time.Second))
	}
	return s
}

// Link returns a connection's way to id's subscriber, or nil when id has
// none: then the connection is not tapped and pays nothing.
func (h *Hub) Link(id string) *Link {
	sub := h.Lookup(id)
	if sub == nil {
		return nil
	}
	l := &Link{hub: h, id: id}
	l.sub.Store(sub)
	return l
}

// Queued is how many events wait for the stream to take them.
func (s *Sub) Queued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}
