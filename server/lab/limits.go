package lab

import (
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"
)

// buckets is a token bucket per client address: burst experiments at once,
// then rate per second. An IPv6 client counts by its /64, like the caps.
type buckets struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu   sync.Mutex
	byIP map[netip.Addr]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// pruneAbove is how many addresses the lab remembers before it forgets
// those whose bucket has refilled: a full bucket is the same as none.
const pruneAbove = 4096

func newBuckets(rate float64, burst int) *buckets {
	return &buckets{rate: rate, burst: float64(burst), now: time.Now, byIP: map[netip.Addr]*bucket{}}
}

// take spends one token of a's bucket; when it is empty, wait is how long
// until the next token.
func (b *buckets) take(a netip.Addr) (ok bool, wait time.Duration) {
	k := keyOf(a)
	now := b.now()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.byIP) > pruneAbove {
		b.prune(now)
	}
	bk := b.byIP[k]
	if bk == nil {
		bk = &bucket{tokens: b.burst, at: now}
		b.byIP[k] = bk
	}
	bk.refill(now, b.rate, b.burst)
	if bk.tokens < 1 {
		return false, time.Duration((1 - bk.tokens) / b.rate * float64(time.Second))
	}
	bk.tokens--
	return true, 0
}

func (bk *bucket) refill(now time.Time, rate, burst float64) {
	bk.tokens = math.Min(burst, bk.tokens+now.Sub(bk.at).Seconds()*rate)
	bk.at = now
}

func (b *buckets) prune(now time.Time) {
	for k, bk := range b.byIP {
		if bk.refill(now, b.rate, b.burst); bk.tokens >= b.burst {
			delete(b.byIP, k)
		}
	}
}

func keyOf(a netip.Addr) netip.Addr {
	if a.Is6() && !a.Is4In6() {
		p, _ := a.Prefix(64)
		return p.Addr()
	}
	return a.Unmap()
}

// admit applies the limits in order: the rate of the client's address, its
// experiments running now, the lab's total, then the server's own caps
// (-max-conns-per-ip and -max-conns), which an experiment counts against
// like any WebSocket. release gives everything back.
func (l *Lab) admit(client netip.Addr) (release func(), bad *refusal) {
	if ok, wait := l.rates.take(client); !ok {
		secs := int(math.Ceil(wait.Seconds()))
		return nil, &refusal{status: http.StatusTooManyRequests, limit: l.cfg.Rate, retryAfter: max(secs, 1),
			msg: "too many experiments from your address: the lab starts " + strconv.FormatFloat(l.cfg.Rate, 'g', -1, 64) +
				" a second per address (bursts of " + strconv.Itoa(l.cfg.Burst) + "); try again in " + strconv.Itoa(max(secs, 1)) + " s"}
	}
	if !l.clients.Acquire(client) {
		return nil, &refusal{status: http.StatusTooManyRequests, limit: l.cfg.PerIP, retryAfter: 1,
			msg: "too many experiments running from your address (the limit is " + strconv.Itoa(l.cfg.PerIP) + " at a time); wait for one to end"}
	}
	if n := l.running.Add(1); n > int64(l.cfg.MaxActive) {
		l.running.Add(-1)
		l.clients.Release(client)
		return nil, &refusal{status: http.StatusServiceUnavailable, limit: l.cfg.MaxActive, retryAfter: 5,
			msg: "the lab is full (" + strconv.Itoa(l.cfg.MaxActive) + " experiments at a time); try again in a few seconds"}
	}
	freeServer, why := l.cfg.Admit(client)
	if why != "" {
		l.running.Add(-1)
		l.clients.Release(client)
		return nil, &refusal{status: http.StatusServiceUnavailable, retryAfter: 5, msg: why}
	}
	return func() {
		freeServer()
		l.running.Add(-1)
		l.clients.Release(client)
	}, nil
}
