package deflate

// decoder inflates one input (RFC 1951 section 3.2.3) into out. It is the
// one implementation behind the fast and the traced path: with tr nil every
// trace call is a skipped branch.
type decoder struct {
	r       bitReader
	out     []byte // output so far; this input's bytes start at base
	base    int
	limit   int    // out may not grow beyond this length
	hist    []byte // earlier output still in the window, oldest first
	window  int    // window size in bytes
	message bool   // permessage-deflate: the input may end after any block
	tr      *tracer
	lit     huffman
	dist    huffman
	cl      huffman
	lengths [maxLitCodes + maxDistCodes]uint8
	clLens  [numCLCodes]uint8
}

// run decodes blocks until a final block ends or, for a message, the input
// is used up at a block boundary.
func (d *decoder) run() error {
	for {
		if d.message && d.r.atEnd() {
			d.tr.padding()
			return d.reservedPadding()
		}
		final, err := d.block()
		if err != nil {
			return err
		}
		if final {
			d.tr.afterFinal()
			return nil
		}
	}
}

// reservedPadding mirrors compress/flate, which reads a block header from the
// last byte's padding when three or more bits are left: BTYPE 11 there is an
// error for it, so it is one here too.
func (d *decoder) reservedPadding() error {
	if d.r.nb >= 3 && d.r.bits>>1&3 == 3 {
		return fail(ErrReservedBlockType, d.r.bitPos()+1, "BTYPE=11")
	}
	return nil
}

// block decodes one block and reports whether it was the final one.
func (d *decoder) block() (bool, error) {
	at := d.r.bitPos()
	if !d.r.need(3) {
		return false, d.truncated()
	}
	final := d.r.take(1) == 1
	btype := d.r.take(2)
	d.tr.blockHeader(at, final, btype)
	switch btype {
	case 0:
		return final, d.stored()
	case 1:
		return final, d.codes(fixedLit, fixedDist)
	case 2:
		if err := d.dynamicHeader(); err != nil {
			return final, err
		}
		return final, d.codes(&d.lit, &d.dist)
	}
	return final, fail(ErrReservedBlockType, at+1, "BTYPE=11")
}

func (d *decoder) tooBig(at int64) error {
	return failNum(ErrTooBig, at, "limit ", d.limit-d.base)
}

func (d *decoder) truncated() error {
	return fail(ErrTruncated, d.r.bitPos(), "")
}

// stored copies a stored block (section 3.2.4): padding to a byte boundary,
// LEN and NLEN, then LEN bytes.
func (d *decoder) stored() error {
	at := d.r.bitPos()
	d.tr.storedPadding(at, d.r.alignToByte())
	if !d.r.need(32) {
		return d.truncated()
	}
	at = d.r.bitPos()
	n, nn := d.r.take(16), d.r.take(16)
	if nn != ^n&0xffff {
		return failNum(ErrStoredLength, at+16, "NLEN=", int(nn))
	}
	d.tr.storedLengths(at, n, nn)
	if err := d.room(int(n), at); err != nil {
		return err
	}
	start, from := len(d.out), d.r.bitPos()
	var ok bool
	if d.out, ok = d.r.readBytes(d.out, int(n)); !ok {
		return d.truncated()
	}
	d.tr.storedData(from, start)
	return nil
}

// room makes space for n more output bytes within the limit, growing out
// geometrically but never past the limit, so that a bomb costs no more
// memory than the limit allows.
func (d *decoder) room(n int, at int64) error {
	if len(d.out)+n > d.limit {
		return d.tooBig(at)
	}
	if cap(d.out)-len(d.out) >= n {
		return nil
	}
	c := min(max(2*cap(d.out), len(d.out)+n, 512), d.limit)
	grown := make([]byte, len(d.out), c)
	copy(grown, d.out)
	d.out = grown
	return nil
}

// dynamicHeader reads HLIT, HDIST, HCLEN, the code-length code and the two
// codes it describes (section 3.2.7).
func (d *decoder) dynamicHeader() error {
	at := d.r.bitPos()
	if !d.r.need(14) {
		return d.truncated()
	}
	hlit, hdist, hclen := d.r.take(5), d.r.take(5), d.r.take(4)
	nlit, ndist, nclen := int(hlit)+257, int(hdist)+1, int(hclen)+4
	if nlit > maxLitCodes {
		return failNum(ErrTooManyLengthCodes, at, "HLIT=", int(hlit))
	}
	if ndist > maxDistCodes {
		return failNum(ErrTooManyDistanceCodes, at+5, "HDIST=", int(hdist))
	}
	d.tr.counts(at, hlit, hdist, hclen)
	d.clLens = [numCLCodes]uint8{}
	for i := 0; i < nclen; i++ {
		if !d.r.need(3) {
			return d.truncated()
		}
		d.clLens[clOrder[i]] = uint8(d.r.take(3))
		d.tr.clLength(int(clOrder[i]))
	}
	if !d.cl.build(d.clLens[:]) {
		return fail(ErrCodeLengths, at+14, "code-length code")
	}
	d.tr.table('c', &d.cl)
	lengths := d.lengths[:nlit+ndist]
	if err := d.codeLengths(lengths); err != nil {
		return err
	}
	if !d.lit.build(lengths[:nlit:nlit]) {
		return fail(ErrCodeLengths, at, "literal/length code")
	}
	if !d.dist.build(lengths[nlit:]) {
		return fail(ErrCodeLengths, at+5, "distance code")
	}
	d.tr.table('l', &d.lit)
	d.tr.table('d', &d.dist)
	return nil
}

// codeLengths decodes the run-length coded lengths of both codes.
func (d *decoder) codeLengths(lengths []uint8) error {
	for i := 0; i < len(lengths); {
		at := d.r.bitPos()
		sym, err := d.symbol(&d.cl)
		if err != nil {
			return err
		}
		if sym < 16 {
			lengths[i] = uint8(sym)
			d.tr.codeLength(at, i, sym)
			i++
			continue
		}
		rep, extra, value := 3, uint(2), uint8(0)
		switch sym {
		case 16:
			if i == 0 {
				return fail(ErrRepeatFirst, at, "16")
			}
			value = lengths[i-1]
		case 17:
			extra = 3
		default:
			rep, extra = 11, 7
		}
		if !d.r.need(extra) {
			return d.truncated()
		}
		rep += int(d.r.take(extra))
		if i+rep > len(lengths) {
			return failNum(ErrRepeatOverflow, at, "repeat ", rep)
		}
		for j := 0; j < rep; j++ {
			lengths[i+j] = value
		}
		d.tr.repeat(at, sym, rep, value)
		i += rep
	}
	return nil
}

// symbol decodes the next symbol of h.
func (d *decoder) symbol(h *huffman) (int, error) {
	if d.r.nb < maxCodeLen {
		d.r.refill()
	}
	e := h.lookup(d.r.bits)
	n := uint(e & 15)
	if n == 0 {
		if d.r.nb < uint(h.maxLen) {
			return 0, d.truncated()
		}
		return 0, fail(ErrInvalidCode, d.r.bitPos(), "")
	}
	if n > d.r.nb {
		return 0, d.truncated()
	}
	d.r.bits >>= n
	d.r.nb -= n
	return int(e >> 8), nil
}
