package deflate

// bitReader reads the stream from the least significant bit of each byte up
// (RFC 1951 section 3.1.1). The stream is in, followed by tail: a
// permessage-deflate receiver appends 00 00 ff ff to what arrived, and
// reading the tail from its own slice spares copying the message.
type bitReader struct {
	in, tail []byte
	size     int    // len(in) + len(tail)
	pos      int    // next byte to load into bits
	bits     uint64 // loaded bits, next bit lowest
	nb       uint   // how many of them are valid
}

func (r *bitReader) reset(in, tail []byte) {
	*r = bitReader{in: in, tail: tail, size: len(in) + len(tail)}
}

// bitPos is the offset of the next unread bit from the start of the stream.
func (r *bitReader) bitPos() int64 { return int64(r.pos)*8 - int64(r.nb) }

// refill loads whole bytes until at least 56 bits are valid or the input
// ends. Away from the end it loads eight bytes at once; bits above nb then
// hold the start of the next byte, which the next load writes again with the
// same values.
func (r *bitReader) refill() {
	if r.pos+8 <= len(r.in) {
		r.bits |= le64(r.in[r.pos:]) << r.nb
		r.pos += int(63-r.nb) >> 3
		r.nb |= 56
		return
	}
	for r.nb <= 56 && r.pos < r.size {
		r.bits |= uint64(r.byteAt(r.pos)) << r.nb
		r.pos++
		r.nb += 8
	}
}

func (r *bitReader) byteAt(i int) byte {
	if i < len(r.in) {
		return r.in[i]
	}
	return r.tail[i-len(r.in)]
}

// need makes n (at most 56) bits valid, or reports that the input ended.
func (r *bitReader) need(n uint) bool {
	if r.nb < n {
		r.refill()
	}
	return r.nb >= n
}

// take consumes n valid bits and returns them as a number, first bit lowest.
func (r *bitReader) take(n uint) uint32 {
	v := uint32(r.bits & (1<<n - 1))
	r.bits >>= n
	r.nb -= n
	return v
}

// alignToByte drops the bits up to the next byte boundary, returning how
// many it dropped.
func (r *bitReader) alignToByte() uint {
	n := r.nb & 7
	r.take(n)
	return n
}

// atEnd reports whether every whole byte has been read: only padding bits of
// the last byte may be left.
func (r *bitReader) atEnd() bool { return r.pos >= r.size && r.nb < 8 }

// readBytes appends n bytes of a stored block to dst, byte aligned. It
// reports false when the input ends first.
func (r *bitReader) readBytes(dst []byte, n int) ([]byte, bool) {
	for n > 0 && r.nb >= 8 {
		dst = append(dst, byte(r.take(8)))
		n--
	}
	if n == 0 {
		return dst, true
	}
	r.bits, r.nb = 0, 0 // empty now: the bytes above were loaded early
	if r.pos+n > r.size {
		return dst, false
	}
	if r.pos < len(r.in) {
		k := min(n, len(r.in)-r.pos)
		dst = append(dst, r.in[r.pos:r.pos+k]...)
		r.pos += k
		n -= k
		if n == 0 {
			return dst, true
		}
	}
	dst = append(dst, r.tail[r.pos-len(r.in):r.pos-len(r.in)+n]...)
	r.pos += n
	return dst, true
}

func le64(b []byte) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}
