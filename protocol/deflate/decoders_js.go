//go:build js

package deflate

// In the browser one spare decoder is enough: the page inflates one message
// at a time, and sync.Pool would add several kilobytes to the wasm. A
// goroutine that finds the spare taken allocates its own.
var spare *decoder

func getDecoder() *decoder {
	d := spare
	spare = nil
	if d == nil {
		d = new(decoder)
	}
	return d
}

func putDecoder(d *decoder) { spare = d }
