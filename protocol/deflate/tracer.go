package deflate

import "strconv"

// tracer records a Trace while the decoder runs. Every method is safe on a
// nil tracer, which is how the fast path skips them.
type tracer struct {
	t        *Trace
	maxItems int
	nlit     int // literal/length codes of the current dynamic block
}

func (t *tracer) add(it Item) {
	if len(t.t.Items) >= t.maxItems {
		t.t.Truncated = true
		return
	}
	if it.Section == "" {
		it.Section = "3.2.3"
	}
	if it.RFC == 0 {
		it.RFC = 1951
	}
	it.Block = len(t.t.Blocks) - 1
	t.t.Items = append(t.t.Items, it)
}

func num(v uint32) string { return strconv.Itoa(int(v)) }

func (t *tracer) blockHeader(d *decoder, at int64, final bool, btype uint32) {
	if t == nil {
		return
	}
	t.t.Blocks = append(t.t.Blocks, Block{Bit: at, Final: final, Type: BlockType(btype)})
	f := uint32(0)
	if final {
		f = 1
	}
	t.add(Item{Kind: KindBlockHeader, ID: "deflate.bfinal." + num(f), Bit: at, Bits: 1, Value: num(f), Out: t.outAt(d)})
	t.add(Item{Kind: KindBlockHeader, ID: "deflate.btype." + BlockType(btype).String(), Bit: at + 1, Bits: 2,
		Value: codeString(btype, 2), Out: t.outAt(d)})
}

func (t *tracer) outAt(d *decoder) int { return len(d.out) - d.base }

func (t *tracer) storedPadding(d *decoder, at int64, n uint) {
	if t == nil || n == 0 {
		return
	}
	t.add(Item{Kind: KindPadding, ID: "deflate.stored.padding", Args: []string{num(uint32(n))}, Bit: at, Bits: int(n),
		Value: "0", Section: "3.2.4", Out: t.outAt(d)})
}

func (t *tracer) storedLengths(d *decoder, at int64, n, nn uint32) {
	if t == nil {
		return
	}
	inTail := at >= int64(len(d.r.in))*8
	if inTail && n == 0 && len(d.r.tail) == 4 {
		t.add(Item{Kind: KindTail, ID: "deflate.tail", Bit: at, Bits: 32, Value: "0000ffff", Section: "7.2.2", RFC: 7692, Out: t.outAt(d)})
		return
	}
	t.add(Item{Kind: KindStoredLength, ID: "deflate.stored.len", Args: []string{num(n)}, Bit: at, Bits: 16, Value: num(n), Section: "3.2.4", Out: t.outAt(d)})
	t.add(Item{Kind: KindStoredLength, ID: "deflate.stored.nlen", Args: []string{"0x" + hex16(nn)}, Bit: at + 16, Bits: 16, Value: num(nn), Section: "3.2.4", Out: t.outAt(d)})
}

func (t *tracer) storedData(d *decoder, at int64, start int) {
	if t == nil || len(d.out) == start {
		return
	}
	n := len(d.out) - start
	t.add(Item{Kind: KindStoredData, ID: "deflate.stored.data", Args: []string{strconv.Itoa(n)}, Bit: at, Bits: 8 * n,
		Value: show(d.out[start:]), Section: "3.2.4", Out: start - d.base, OutLen: n})
}

func (t *tracer) counts(d *decoder, at int64, hlit, hdist, hclen uint32) {
	if t == nil {
		return
	}
	o := t.outAt(d)
	t.nlit = int(hlit) + 257
	t.add(Item{Kind: KindCount, ID: "deflate.hlit", Args: []string{num(hlit), num(hlit + 257)}, Bit: at, Bits: 5, Value: num(hlit), Section: "3.2.7", Out: o})
	t.add(Item{Kind: KindCount, ID: "deflate.hdist", Args: []string{num(hdist), num(hdist + 1)}, Bit: at + 5, Bits: 5, Value: num(hdist), Section: "3.2.7", Out: o})
	t.add(Item{Kind: KindCount, ID: "deflate.hclen", Args: []string{num(hclen), num(hclen + 4)}, Bit: at + 10, Bits: 4, Value: num(hclen), Section: "3.2.7", Out: o})
}

func (t *tracer) clLength(d *decoder, sym int) {
	if t == nil {
		return
	}
	l := uint32(d.clLens[sym])
	t.add(Item{Kind: KindCodeLength, ID: "deflate.cl.length", Args: []string{strconv.Itoa(sym), num(l)},
		Bit: d.r.bitPos() - 3, Bits: 3, Value: num(l), Section: "3.2.7", Out: t.outAt(d)})
}

// table copies a finished code into the current block.
func (t *tracer) table(d *decoder, which string, h *huffman) {
	if t == nil {
		return
	}
	codes := tableCodes(h.lengths)
	b := &t.t.Blocks[len(t.t.Blocks)-1]
	switch which {
	case "cl":
		b.CL = codes
	case "lit":
		b.Lit = codes
	default:
		b.Dist = codes
	}
}

// tableCodes lists the canonical code of every symbol that has one.
func tableCodes(lengths []uint8) []Code {
	var count [maxCodeLen + 2]int
	for _, l := range lengths {
		count[l]++
	}
	count[0] = 0
	var next [maxCodeLen + 2]int
	code := 0
	for l := 1; l <= maxCodeLen; l++ {
		code = (code + count[l-1]) << 1
		next[l] = code
	}
	var out []Code
	for sym, l := range lengths {
		if l != 0 {
			out = append(out, Code{Symbol: sym, Len: int(l), Code: codeString(uint32(next[l]), uint(l))})
			next[l]++
		}
	}
	return out
}

// codeOf returns the code just read: the bits from at to the reader's
// position, most significant first.
func codeOf(d *decoder, at int64) string { return codeOfRange(d, at, int(d.r.bitPos()-at)) }

func (t *tracer) codeLength(d *decoder, at int64, i, n, sym int) {
	if t == nil {
		return
	}
	id, idx := t.lengthTarget(i)
	t.add(Item{Kind: KindCodeLength, ID: id, Args: []string{codeOf(d, at), strconv.Itoa(idx), strconv.Itoa(sym)},
		Bit: at, Bits: int(d.r.bitPos() - at), Value: strconv.Itoa(sym), Section: "3.2.7", Out: t.outAt(d)})
}

// lengthTarget says which code the i-th length belongs to, and its symbol.
func (t *tracer) lengthTarget(i int) (string, int) {
	if i < t.nlit {
		return "deflate.len.lit", i
	}
	return "deflate.len.dist", i - t.nlit
}

func (t *tracer) repeat(d *decoder, at int64, i, n, sym, rep int, value uint8) {
	if t == nil {
		return
	}
	extra := [3]int{2, 3, 7}[sym-16]
	code := codeOfRange(d, at, int(d.r.bitPos()-at)-extra)
	args := []string{code, strconv.Itoa(extra), strconv.Itoa(int(value)), strconv.Itoa(rep)}
	id := "deflate.len.repeat"
	if sym != 16 {
		id = "deflate.len.zeros"
		args = []string{code, strconv.Itoa(sym), strconv.Itoa(extra), strconv.Itoa(rep)}
	}
	t.add(Item{Kind: KindCodeLength, ID: id, Args: args, Bit: at, Bits: int(d.r.bitPos() - at), Value: strconv.Itoa(sym), Section: "3.2.7", Out: t.outAt(d)})
}

func (t *tracer) literal(d *decoder, at int64, lit *huffman, sym int) {
	c := byte(sym)
	args := []string{codeOf(d, at), "0x" + hex8(c)}
	id := "deflate.literal.byte"
	if c >= 0x20 && c < 0x7f {
		id = "deflate.literal"
		args = append(args, string(rune(c)))
	}
	t.add(Item{Kind: KindLiteral, ID: id, Args: args, Bit: at, Bits: int(d.r.bitPos() - at), Value: args[0],
		Section: "3.2.5", Out: len(d.out) - 1 - d.base, OutLen: 1})
}

func (t *tracer) end(d *decoder, at int64, lit *huffman) {
	c := codeOf(d, at)
	t.add(Item{Kind: KindEnd, ID: "deflate.end", Args: []string{c}, Bit: at, Bits: len(c), Value: c, Section: "3.2.5", Out: t.outAt(d)})
}

func (t *tracer) padding(d *decoder) {
	if t == nil || d.r.nb&7 == 0 {
		return
	}
	n := d.r.nb & 7
	t.add(Item{Kind: KindPadding, ID: "deflate.padding", Args: []string{num(uint32(n))}, Bit: d.r.bitPos(), Bits: int(n),
		Value: codeString(reverse(uint32(d.r.bits&(1<<n-1)), n), n), Out: t.outAt(d)})
}

func (t *tracer) afterFinal(d *decoder) {
	if t == nil {
		return
	}
	t.padding(d)
	from := (d.r.bitPos() + 7) / 8
	if rest := int64(d.r.size) - from; rest > 0 {
		t.add(Item{Kind: KindAfterFinal, ID: "deflate.after-final", Args: []string{strconv.FormatInt(rest, 10)}, Bit: from * 8,
			Bits: int(8 * rest), Out: t.outAt(d)})
	}
}

const hexDigits = "0123456789abcdef"

func hex8(c byte) string { return string([]byte{hexDigits[c>>4], hexDigits[c&15]}) }

func hex16(v uint32) string { return hex8(byte(v>>8)) + hex8(byte(v)) }

// show renders bytes for a note: as text when they are printable ASCII,
// otherwise as hex; long runs are shortened around "…".
func show(b []byte) string {
	short := b
	if len(short) > 48 {
		short = short[:48]
	}
	text := true
	for _, c := range short {
		if c < 0x20 || c >= 0x7f {
			text = false
			break
		}
	}
	var s string
	if text {
		s = string(short)
	} else {
		out := make([]byte, 0, 2*len(short))
		for _, c := range short {
			out = append(out, hexDigits[c>>4], hexDigits[c&15])
		}
		s = "0x" + string(out)
	}
	if len(b) > len(short) {
		s += "…"
	}
	return s
}

// match records a back-reference: its length symbol and extra bits, its
// distance symbol and extra bits, and a KindCopy item spanning them all.
func (t *tracer) match(d *decoder, at, distAt int64, lit, dist *huffman, sym, dsym, start, distance int) {
	length := len(d.out) - start
	o := start - d.base
	s := sym - 257
	t.symbolWithExtra(d, KindLength, "deflate.length", at, int(distAt-at)-int(lengthExtra[s]),
		sym, int(lengthBase[s]), int(lengthExtra[s]), o)
	t.symbolWithExtra(d, KindDistance, "deflate.distance", distAt, int(d.r.bitPos()-distAt)-int(distExtra[dsym]),
		dsym, int(distBase[dsym]), int(distExtra[dsym]), o)
	c := &Copy{Length: length, Distance: distance, From: o - distance, Bytes: d.out[start:len(d.out):len(d.out)]}
	if c.From < 0 {
		c.Earlier = min(-c.From, length)
	}
	args := []string{strconv.Itoa(length), strconv.Itoa(distance), show(c.Bytes)}
	id := "deflate.copy"
	if c.Earlier > 0 {
		id = "deflate.copy.earlier"
		args = []string{strconv.Itoa(length), strconv.Itoa(distance), show(c.Bytes), strconv.Itoa(c.Earlier)}
	}
	t.add(Item{Kind: KindCopy, ID: id, Args: args, Bit: at, Bits: int(d.r.bitPos() - at), Value: strconv.Itoa(length) + "@" + strconv.Itoa(distance),
		Section: "3.2.5", Out: o, OutLen: length, Copy: c})
}

// symbolWithExtra records a length or distance symbol whose code of
// codeBits bits starts at bit at, and the extra bits after it: kind+1 is
// the kind of those, and the note ids are id, id+".base" and id+".extra".
func (t *tracer) symbolWithExtra(d *decoder, kind Kind, id string, at int64, codeBits, sym, base, extra, out int) {
	code := codeOfRange(d, at, codeBits)
	if extra == 0 {
		t.add(Item{Kind: kind, ID: id, Args: []string{strconv.Itoa(sym), strconv.Itoa(base), code},
			Bit: at, Bits: codeBits, Value: code, Section: "3.2.5", Out: out})
		return
	}
	t.add(Item{Kind: kind, ID: id + ".base", Args: []string{strconv.Itoa(sym), strconv.Itoa(base),
		strconv.Itoa(base + 1<<extra - 1), strconv.Itoa(extra), code}, Bit: at, Bits: codeBits, Value: code, Section: "3.2.5", Out: out})
	at += int64(codeBits)
	v := int(bitsAt(d, at, extra))
	t.add(Item{Kind: kind + 1, ID: id + ".extra", Args: []string{strconv.Itoa(extra), strconv.Itoa(v), strconv.Itoa(base), strconv.Itoa(base + v)},
		Bit: at, Bits: extra, Value: strconv.Itoa(v), Section: "3.2.5", Out: out})
}

// bitsAt reads n bits of the input from bit at, as a number whose first bit
// is its least significant (the bits have left the reader's buffer).
func bitsAt(d *decoder, at int64, n int) uint32 {
	var v uint32
	for i := n - 1; i >= 0; i-- {
		p := at + int64(i)
		v = v<<1 | uint32(d.r.byteAt(int(p/8))>>(p%8)&1)
	}
	return v
}

// codeOfRange returns the n-bit Huffman code starting at bit at, most
// significant bit first: the first bit read is the code's highest.
func codeOfRange(d *decoder, at int64, n int) string {
	return codeString(reverse(bitsAt(d, at, n), uint(n)), uint(n))
}

// failed ends the trace with the error, at its bit.
func (t *tracer) failed(err error) {
	e, ok := err.(*Error)
	if !ok {
		return
	}
	t.maxItems++ // the error is always shown
	args := []string{e.Value}
	t.add(Item{Kind: KindError, ID: e.Problem.NoteID(), Args: args, Bit: e.Bit, Value: e.Value, Section: e.Problem.Section})
}
