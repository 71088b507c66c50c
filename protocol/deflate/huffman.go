package deflate

// huffman is a decoding table for one prefix code (RFC 1951 section 3.2.2).
// A Huffman code's first bit is its most significant, but the stream is read
// from the least significant bit up, so the table is indexed by the next
// bits of the stream as they sit in the bit buffer: the code reversed.
// Codes of up to primaryBits bits are found with one lookup; longer ones
// point to a second table indexed by the bits after the first primaryBits.
type huffman struct {
	primary  [1 << primaryBits]uint32
	links    []uint32
	linkBits uint // index width of each second-level table
	lengths  []uint8
	maxLen   uint8
}

const (
	primaryBits = 9
	entryLink   = 1 << 4 // the entry points to a second-level table
	// An entry is symbol<<8 | flags | code length (0 = no code).
)

// build fills the table from the code lengths of each symbol (0 = unused),
// and reports false when they do not form a valid code. Valid means what
// Go's compress/flate accepts: complete (every bit pattern is a code), or a
// single code of length 1, or no code at all (an error only if used).
func (h *huffman) build(lengths []uint8) bool {
	var count [maxCodeLen + 1]int
	maxLen := uint8(0)
	for _, l := range lengths {
		if l != 0 {
			count[l]++
			maxLen = max(maxLen, l)
		}
	}
	h.lengths, h.maxLen = lengths, maxLen
	clear(h.primary[:])
	h.links = h.links[:0]
	if maxLen == 0 {
		return true
	}
	var next [maxCodeLen + 2]int
	code := 0
	for l := 1; l <= int(maxLen); l++ {
		code = (code + count[l-1]) << 1
		next[l] = code
	}
	used := 0
	for l := 1; l <= int(maxLen); l++ {
		used = used<<1 + count[l]
	}
	if used != 1<<maxLen && !(used == 1 && maxLen == 1) {
		return false
	}
	h.linkBits = 0
	if maxLen > primaryBits {
		h.linkBits = uint(maxLen) - primaryBits
	}
	for sym, l := range lengths {
		if l == 0 {
			continue
		}
		rev := reverse(uint32(next[l]), uint(l))
		next[l]++
		h.place(uint32(sym), rev, uint(l))
	}
	return true
}

// place enters one symbol whose reversed code rev has n bits.
func (h *huffman) place(sym, rev uint32, n uint) {
	entry := sym<<8 | uint32(n)
	if n <= primaryBits {
		for i := rev; i < 1<<primaryBits; i += 1 << n {
			h.primary[i] = entry
		}
		return
	}
	low := rev & (1<<primaryBits - 1)
	link := h.primary[low]
	if link&entryLink == 0 {
		link = uint32(len(h.links))<<8 | entryLink
		h.primary[low] = link
		h.links = append(h.links, make([]uint32, 1<<h.linkBits)...)
	}
	sub := h.links[link>>8 : link>>8+1<<h.linkBits]
	for i := rev >> primaryBits; i < 1<<h.linkBits; i += 1 << (n - primaryBits) {
		sub[i] = entry
	}
}

// lookup returns the entry for the next bits of the stream (least
// significant first in bits).
func (h *huffman) lookup(bits uint64) uint32 {
	e := h.primary[bits&(1<<primaryBits-1)]
	if e&entryLink != 0 {
		e = h.links[e>>8+uint32(bits>>primaryBits)&(1<<h.linkBits-1)]
	}
	return e
}

// reverse returns the n low bits of v in the opposite order.
func reverse(v uint32, n uint) uint32 {
	var r uint32
	for i := uint(0); i < n; i++ {
		r = r<<1 | v&1
		v >>= 1
	}
	return r
}

// codeString writes a code of n bits, most significant first, as RFC 1951
// prints codes.
func codeString(code uint32, n uint) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0' + byte(code>>(n-1-uint(i))&1)
	}
	return string(b)
}
