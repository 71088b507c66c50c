package deflate

// codes decodes the compressed data of a fixed or dynamic block (section
// 3.2.5) up to its end-of-block symbol. It is the hot loop of the fast path.
func (d *decoder) codes(lit, dist *huffman) error {
	for {
		at := d.r.bitPos()
		sym, err := d.symbol(lit)
		if err != nil {
			return err
		}
		if sym < 256 {
			if len(d.out) == cap(d.out) {
				if err := d.room(1, at); err != nil {
					return err
				}
			} else if len(d.out) >= d.limit {
				return d.tooBig(at)
			}
			d.out = append(d.out, byte(sym))
			if d.tr != nil {
				d.tr.literal(at, sym)
			}
			continue
		}
		if sym == endOfBlock {
			if d.tr != nil {
				d.tr.end(at)
			}
			return nil
		}
		if err := d.match(at, sym, dist); err != nil {
			return err
		}
	}
}

// match reads a length symbol's extra bits and the distance that follows,
// and copies the bytes.
func (d *decoder) match(at int64, sym int, dist *huffman) error {
	if sym >= maxLitCodes {
		return failNum(ErrInvalidLengthSymbol, at, "symbol ", sym)
	}
	s := sym - 257
	length := int(lengthBase[s])
	if n := uint(lengthExtra[s]); n > 0 {
		if !d.r.need(n) {
			return d.truncated()
		}
		length += int(d.r.take(n))
	}
	distAt := d.r.bitPos()
	dsym, err := d.symbol(dist)
	if err != nil {
		return err
	}
	if dsym >= maxDistCodes {
		return failNum(ErrInvalidDistanceSymbol, distAt, "symbol ", dsym)
	}
	distance := int(distBase[dsym])
	if n := uint(distExtra[dsym]); n > 0 {
		if !d.r.need(n) {
			return d.truncated()
		}
		distance += int(d.r.take(n))
	}
	produced := len(d.out) - d.base
	if distance > produced+len(d.hist) || distance > d.window {
		return failNum(ErrDistanceTooFar, distAt, "distance ", distance)
	}
	if err := d.room(length, at); err != nil {
		return err
	}
	start := len(d.out)
	if d.tr != nil {
		d.tr.matchCodes(at, distAt, sym, dsym)
	}
	d.copyBack(distance, length)
	if d.tr != nil {
		d.tr.copied(at, start, distance)
	}
	return nil
}

// copyBack appends length bytes starting distance bytes back; the first of
// them may lie in an earlier message's window. Room is already made.
func (d *decoder) copyBack(distance, length int) {
	produced := len(d.out) - d.base
	if distance > produced {
		from := len(d.hist) - (distance - produced)
		k := min(length, len(d.hist)-from)
		d.out = append(d.out, d.hist[from:from+k]...)
		length -= k
		if length == 0 {
			return
		}
	}
	src := len(d.out) - distance
	if distance >= length {
		d.out = append(d.out, d.out[src:src+length]...)
		return
	}
	// Overlapping: the copy repeats the last distance bytes; double the
	// run with each append.
	end := len(d.out) + length
	for len(d.out) < end {
		n := min(len(d.out)-src, end-len(d.out))
		d.out = append(d.out, d.out[src:src+n]...)
	}
}
