package rooms

import (
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wsplay/wsplay/server/internal/clientip"
	"github.com/wsplay/wsplay/server/ws"
)

// MaxName is the longest display name, in characters.
const MaxName = 24

// goneFor is how long an ended room's code still answers 410 ("ended")
// rather than 404 ("no such room"), and maxGone how many such codes are
// kept at most: rooms created and ended in a loop cannot grow the memory.
const (
	goneFor = time.Hour
	maxGone = 10_000
)

// Config is what a Registry needs; nil helpers get the plainest ones.
type Config struct {
	Limits         Limits
	TrustedProxies []netip.Prefix // whose X-Forwarded-For names the client
	Clock          Clock
	Logger         *slog.Logger
}

// Registry holds the rooms of one server process.
type Registry struct {
	lim     Limits
	proxies []netip.Prefix
	clock   Clock
	log     *slog.Logger

	mu      sync.Mutex
	rooms   map[string]*Room
	perIP   map[netip.Addr]int       // open rooms each address created
	gone    map[string]time.Time     // ended codes, until goneFor passes
	misses  map[netip.Addr]missCount // wrong codes and secrets per address
	created int                      // rooms ever created, to prune now and then
}

type missCount struct {
	since time.Time
	n     int
}

// New returns an empty registry.
func New(cfg Config) *Registry {
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Registry{lim: cfg.Limits.WithDefaults(), proxies: cfg.TrustedProxies, clock: cfg.Clock, log: cfg.Logger,
		rooms: map[string]*Room{}, perIP: map[netip.Addr]int{}, gone: map[string]time.Time{}, misses: map[netip.Addr]missCount{}}
}

// Limits are the limits in force.
func (g *Registry) Limits() Limits { return g.lim }

// millis is the registry's clock as Unix milliseconds, for events.
func (g *Registry) millis() int64 { return g.clock.Now().UnixMilli() }

// Created is what POST /rooms returns, before the server adds the URLs.
type Created struct {
	Room   string // the join code
	Secret string // the teacher's; only its digest is kept
}

// ShardLength is how many leading characters of a code route it: behind
// nginx, POST /rooms?room=<2 characters> reaches the instance those two
// characters hash to, and the room created there gets a code that starts
// with them, so every later ?room=<code> reaches it too (README "Rooms").
const ShardLength = 2

// maxTries bounds the search for a code with the wanted prefix: 31^2 = 961
// tries are expected, and 100,000 fail with odds below e^-100.
const maxTries = 100_000

// Create opens a room for client, within the caps on rooms in total and
// per address, whose code starts with shard (ShardLength characters of
// Alphabet, or "" for any). Secrets are drawn until the code they give
// has the prefix and is not in use (a collision means a fresh secret).
func (g *Registry) Create(client netip.Addr, shard string) (Created, error) {
	if shard != "" {
		var err error
		if shard, err = normalizeShard(shard); err != nil {
			return Created{}, err
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case len(g.rooms) >= g.lim.Rooms:
		return Created{}, refusef(StatusUnavailable, "too-many-rooms", "this server holds %d rooms already, its limit (-max-rooms); try again later", g.lim.Rooms).after(60)
	case g.perIP[client] >= g.lim.RoomsPerIP:
		return Created{}, refusef(StatusTooMany, "too-many-rooms-here", "your address has reached its limit of %d open rooms (-rooms-per-ip); end one first", g.lim.RoomsPerIP).after(60) // a room ends when its teacher ends it
	}
	if g.created++; g.created%256 == 0 { // now and then: a pass over the maps costs their size
		g.pruneLocked()
	}
	for range maxTries {
		secret := newSecret()
		d := digestOf(secret)
		code := codeOf(d)
		if code[:len(shard)] != shard {
			continue
		}
		if _, taken := g.rooms[code]; taken {
			continue
		}
		if _, ended := g.gone[code]; ended {
			continue
		}
		r := &Room{reg: g, code: code, digest: d, creator: client, students: map[uint64]*member{}, last: g.clock.Now()}
		r.timer = g.clock.AfterFunc(g.lim.Idle, r.checkIdle)
		g.rooms[code] = r
		g.perIP[client]++
		g.log.Info("room created", "room", code, "client", client.String())
		return Created{Room: code, Secret: secret}, nil
	}
	return Created{}, refusef(StatusUnavailable, "no-code", "found no free code starting with %s; try again", shard).after(1)
}

// normalizeShard checks a routing prefix as NormalizeCode checks a code.
func normalizeShard(s string) (string, error) {
	if len(s) != ShardLength {
		return "", refusef(StatusBadRequest, "bad-shard", "?room= on POST /rooms is the code's first %d characters from %s; got %d", ShardLength, Alphabet, len(s))
	}
	code, err := NormalizeCode(s + strings.Repeat(Alphabet[:1], CodeLength-ShardLength))
	if err != nil {
		return "", err
	}
	return code[:ShardLength], nil
}

// forget removes an ended room; its code answers 410 for a while.
func (g *Registry) forget(r *Room) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.rooms[r.code] != r {
		return
	}
	delete(g.rooms, r.code)
	if len(g.gone) >= maxGone {
		g.pruneLocked()
		for code := range g.gone { // still full: forget any, they only change 410 into 404
			if len(g.gone) < maxGone/2 {
				break
			}
			delete(g.gone, code)
		}
	}
	g.gone[r.code] = g.clock.Now()
	if g.perIP[r.creator]--; g.perIP[r.creator] <= 0 {
		delete(g.perIP, r.creator)
	}
	g.log.Info("room ended", "room", r.code)
}

// pruneLocked drops what is no longer worth remembering: ended codes after
// goneFor, miss counts after their window.
func (g *Registry) pruneLocked() {
	now := g.clock.Now()
	for code, at := range g.gone {
		if now.Sub(at) > goneFor {
			delete(g.gone, code)
		}
	}
	for a, m := range g.misses {
		if now.Sub(m.since) > g.lim.MissWindow {
			delete(g.misses, a)
		}
	}
}

// Lookup finds an open room by code (as typed); the refusal says why not.
func (g *Registry) Lookup(code string) (*Room, *Refusal) {
	code, err := NormalizeCode(code)
	if err != nil {
		return nil, err.(*Refusal)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if r := g.rooms[code]; r != nil {
		return r, nil
	}
	if _, ended := g.gone[code]; ended {
		return nil, refusef(StatusGone, "ended", "the class %s has ended", code)
	}
	return nil, refusef(StatusNotFound, "no-room", "there is no room %s on this server; check the code", code)
}

// Rooms is how many rooms are open.
func (g *Registry) Rooms() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.rooms)
}

// Close ends every room (the server is shutting down).
func (g *Registry) Close() {
	g.mu.Lock()
	list := make([]*Room, 0, len(g.rooms))
	for _, r := range g.rooms {
		list = append(list, r)
	}
	g.mu.Unlock()
	for _, r := range list {
		r.End("server shutting down")
	}
}

// miss counts a wrong code or secret against client, within the current
// window (blocked reads the count).
func (g *Registry) miss(client netip.Addr) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.clock.Now()
	m := g.misses[client]
	if now.Sub(m.since) > g.lim.MissWindow {
		m = missCount{since: now}
	}
	m.n++
	g.misses[client] = m
	if len(g.misses) > 100_000 { // one host cycling through many addresses: start again
		g.pruneLocked()
	}
}

// blocked says whether client has tried too many wrong codes lately.
func (g *Registry) blocked(client netip.Addr) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	m, ok := g.misses[client]
	return ok && m.n >= g.lim.Misses && g.clock.Now().Sub(m.since) <= g.lim.MissWindow
}

// find is Lookup for a request from client: a wrong code counts against the
// address, and an address with too many wrong codes is refused outright.
// Find is Lookup for an HTTP request: a wrong code counts against the
// request's client address, as on /ws?room=, so that no endpoint that
// takes a code lets an address guess codes without limit.
func (g *Registry) Find(r *http.Request, code string) (*Room, *Refusal) {
	client, _ := clientip.Of(r, g.proxies)
	return g.find(client, code)
}

func (g *Registry) find(client netip.Addr, code string) (*Room, *Refusal) {
	if g.blocked(client) {
		return nil, refusef(StatusTooMany, "too-many-misses", "%d wrong room codes or secrets from your address within %s; wait and try again",
			g.lim.Misses, g.lim.MissWindow).after(int(g.lim.MissWindow.Seconds()))
	}
	r, refusal := g.Lookup(code)
	if refusal != nil && refusal.Status != StatusGone {
		g.miss(client)
	}
	return r, refusal
}

// Choose is the ws.Choose of /ws?room=: a student with name=, or the
// teacher with secret=. Everything that can be checked before the 101 is.
func (g *Registry) Choose(r *http.Request) (ws.Handler, error) {
	client, _ := clientip.Of(r, g.proxies)
	q := r.URL.Query()
	room, refusal := g.find(client, q.Get("room"))
	if refusal != nil {
		return nil, refusal
	}
	if q.Has("secret") {
		if !sameDigest(digestOf(q.Get("secret")), room.digest) {
			g.miss(client)
			return nil, refusef(StatusForbidden, "bad-secret", "that is not this room's teacher secret; students join with name= instead")
		}
		return teacher{&member{room: room}}, nil
	}
	name, refusal := checkName(q.Get("name"))
	if refusal != nil {
		return nil, refusal
	}
	room.mu.Lock()
	full := len(room.students) >= g.lim.Students
	room.mu.Unlock()
	if full {
		return nil, g.fullRefusal()
	}
	return student{&member{room: room, name: name}}, nil
}

// checkName accepts a display name of 1 to MaxName characters of UTF-8
// without control characters. It is kept as typed: pages show it as text.
func checkName(name string) (string, *Refusal) {
	switch n := utf8.RuneCountInString(name); {
	case !utf8.ValidString(name):
		return "", refusef(StatusBadRequest, "bad-name", "a name must be UTF-8 text")
	case n == 0:
		return "", refusef(StatusBadRequest, "bad-name", "students join with name=<your name> (1 to %d characters)", MaxName)
	case n > MaxName:
		return "", refusef(StatusBadRequest, "bad-name", "a name has at most %d characters; this one has %d", MaxName, n)
	}
	for i, c := range name {
		if unicode.IsControl(c) {
			return "", refusef(StatusBadRequest, "bad-name", "a name may not hold control characters (U+%04X at byte %d)", c, i)
		}
	}
	return name, nil
}

// Watch counts a student's tap stream (/tap?room=) against the room's
// seats instead of the address; a wrong code counts as a miss.
func (g *Registry) Watch(r *http.Request) (release func(), refusal *Refusal) {
	client, _ := clientip.Of(r, g.proxies)
	room, refusal := g.find(client, r.URL.Query().Get("room"))
	if refusal != nil {
		return nil, refusal
	}
	return room.acquireWatcher()
}

// Status is what GET /rooms/<code> tells a page before it connects.
type Status struct {
	Room     string `json:"room"`
	Students int    `json:"students"`
	Seats    int    `json:"seats"`
}

// StatusOf looks a room up for a request from its code in the path: a
// wrong code counts as a miss, as on /ws; a full room is a refusal, so the
// page can say why before a student types a name.
func (g *Registry) StatusOf(r *http.Request, code string) (Status, *Refusal) {
	room, refusal := g.Find(r, code)
	if refusal != nil {
		return Status{}, refusal
	}
	n := room.Students()
	if n >= g.lim.Students {
		return Status{}, g.fullRefusal()
	}
	return Status{Room: room.code, Students: n, Seats: g.lim.Students}, nil
}

// fullRefusal is the answer to a student who finds every seat taken.
func (g *Registry) fullRefusal() *Refusal {
	return refusef(StatusUnavailable, "room-full", "the room is full (%d students)", g.lim.Students).after(roomFullRetry)
}
