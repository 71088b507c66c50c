package clientip

import (
	"net/netip"
	"sync"
)

// Counter caps how many long-lived connections one client address holds,
// so that one host cannot take every slot of -max-conns. An IPv6 client
// usually owns a whole /64, so its addresses count together.
type Counter struct {
	max int // 0 = no cap

	mu   sync.Mutex
	open map[netip.Addr]int
}

// NewCounter returns a Counter allowing max slots per address; 0 is no cap.
func NewCounter(max int) *Counter {
	return &Counter{max: max, open: map[netip.Addr]int{}}
}

// ipKey is what a client address counts as: itself (IPv4) or its /64.
func ipKey(a netip.Addr) netip.Addr {
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.Addr()
	}
	return a
}

// Acquire takes a slot for a; false when a already holds max. An unknown
// address (a connection that is not TCP) is not counted.
func (c *Counter) Acquire(a netip.Addr) bool {
	if c.max <= 0 || !a.IsValid() {
		return true
	}
	k := ipKey(a)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.open[k] >= c.max {
		return false
	}
	c.open[k]++
	return true
}

// Release gives back a slot taken by Acquire.
func (c *Counter) Release(a netip.Addr) {
	if c.max <= 0 || !a.IsValid() {
		return
	}
	k := ipKey(a)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.open[k]--; c.open[k] <= 0 {
		delete(c.open, k)
	}
}

// Count returns the slots a holds.
func (c *Counter) Count(a netip.Addr) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.open[ipKey(a)]
}

// Max is the cap per address; 0 means none.
func (c *Counter) Max() int { return c.max }
