package main

import (
	"sync"
	"sync/atomic"
)

// Read and write buffers are borrowed per frame and given back as soon as
// nothing is left in them, so an idle connection holds none. Sizes come in a
// few classes; each class fits a frame header on top of a round payload size
// (a 64 KiB message arrives as 65,536 + 14 bytes).
var bufClasses = [...]int{
	4 << 10,
	16 << 10,
	64<<10 + 64,
	256<<10 + 64,
	1<<20 + 64,
}

var bufPools [len(bufClasses)]sync.Pool

// readChunk is the buffer a connection reads into when a frame begins.
const readChunk = 4 << 10

// bufsLent counts buffers handed out by getBuf and not yet given back, so
// that tests can check that a connection returns every one it borrowed.
var bufsLent atomic.Int64

// getBuf returns a buffer of at least n bytes, its length set to its capacity.
func getBuf(n int) *[]byte {
	bufsLent.Add(1)
	for i, size := range bufClasses {
		if n <= size {
			if b, ok := bufPools[i].Get().(*[]byte); ok {
				return b
			}
			b := make([]byte, size)
			return &b
		}
	}
	b := make([]byte, n) // above the largest class: made to measure, not kept
	return &b
}

// putBuf gives b back to its class; buffers of other sizes are dropped.
func putBuf(b *[]byte) {
	if b == nil {
		return
	}
	bufsLent.Add(-1)
	for i, size := range bufClasses {
		if cap(*b) == size {
			*b = (*b)[:size]
			bufPools[i].Put(b)
			return
		}
	}
}
