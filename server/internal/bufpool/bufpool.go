// Package bufpool lends byte buffers in a few size classes and counts what
// is out. Each Pool counts its own buffers, so a server (or a test) can check
// that every buffer it borrowed came back, while other servers in the same
// process borrow from theirs.
package bufpool

import (
	"sync"
	"sync/atomic"
)

// classes are the sizes kept for reuse. Each fits a frame header on top of a
// round payload size (a 64 KiB message arrives as 65,536 + 14 bytes).
var classes = [...]int{
	4 << 10,
	16 << 10,
	64<<10 + 64,
	256<<10 + 64,
	1<<20 + 64,
}

// Chunk is the smallest class: what a connection reads into when a frame
// begins.
const Chunk = 4 << 10

// Pool lends buffers; the zero value is not usable, call New.
type Pool struct {
	classes [len(classes)]sync.Pool
	lent    atomic.Int64
}

// New returns an empty pool.
func New() *Pool { return &Pool{} }

// Get returns a buffer of at least n bytes, its length set to its capacity.
func (p *Pool) Get(n int) *[]byte {
	p.lent.Add(1)
	for i, size := range classes {
		if n <= size {
			if b, ok := p.classes[i].Get().(*[]byte); ok {
				return b
			}
			b := make([]byte, size)
			return &b
		}
	}
	b := make([]byte, n) // above the largest class: made to measure, not kept
	return &b
}

// Put gives b back; buffers of other sizes than the classes are dropped. A
// nil b is ignored.
func (p *Pool) Put(b *[]byte) {
	if b == nil {
		return
	}
	p.lent.Add(-1)
	for i, size := range classes {
		if cap(*b) == size {
			*b = (*b)[:size]
			p.classes[i].Put(b)
			return
		}
	}
}

// Lent is how many buffers Get handed out that Put has not taken back.
func (p *Pool) Lent() int64 { return p.lent.Load() }
