//go:build !js

package deflate

import "sync"

// decoders are reused: their tables are a few kilobytes that an idle
// connection should not hold, and that a busy server should not allocate
// for every message.
var decoders = sync.Pool{New: func() any { return new(decoder) }}

func getDecoder() *decoder { return decoders.Get().(*decoder) }

func putDecoder(d *decoder) { decoders.Put(d) }
