package protocol

// FramesEnd returns where the first n frames of b end, or len(b) when b
// holds fewer whole frames than that. Decode annotates every frame it finds,
// so a reader that shows a long capture (thousands of two-byte frames fit in
// a few kilobytes) passes it only b[:FramesEnd(b, n)] and reports the rest as
// not read. Like ParseHeader it checks nothing.
func FramesEnd(b []byte, n int) int {
	end := 0
	for ; n > 0 && end < len(b); n-- {
		h, size, _ := ParseHeader(b[end:])
		if size == 0 || h.Length > uint64(len(b)-end-size) { // in uint64: int may be 32 bits
			return len(b)
		}
		end += size + int(h.Length)
	}
	return end
}
