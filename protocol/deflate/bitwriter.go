package deflate

// bitWriter writes a stream from the least significant bit of each byte up,
// the mirror of bitReader.
type bitWriter struct {
	out  []byte
	bits uint64
	nb   uint
}

// write appends the n low bits of v, least significant first (numbers).
func (w *bitWriter) write(v uint32, n uint) {
	w.bits |= uint64(v) << w.nb
	w.nb += n
	for w.nb >= 8 {
		w.out = append(w.out, byte(w.bits))
		w.bits >>= 8
		w.nb -= 8
	}
}

// writeCode appends an n-bit Huffman code, most significant bit first.
func (w *bitWriter) writeCode(code uint32, n uint) { w.write(reverse(code, n), n) }

// align pads with zero bits to the next byte boundary.
func (w *bitWriter) align() {
	if w.nb > 0 {
		w.write(0, 8-w.nb)
	}
}

// bitLen is the number of bits written so far.
func (w *bitWriter) bitLen() int { return 8*len(w.out) + int(w.nb) }
