package deflate

import "strconv"

// tracer records a Trace while the decoder runs. Every method is safe on a
// nil tracer, which is how the fast path skips them. The methods are kept
// short on purpose: each line of them weighs on the WebAssembly build.
type tracer struct {
	t        *Trace
	d        *decoder
	maxItems int
	nlit     int // literal/length codes of the current dynamic block
}

// sections gives each kind the RFC 1951 section that defines it.
var sections = [...]string{KindInfo: "3.1.1", KindBlockHeader: "3.2.3", KindPadding: "3.2.3", KindStoredLength: "3.2.4",
	KindStoredData: "3.2.4", KindTail: "7.2.2", KindCount: "3.2.7", KindCodeLength: "3.2.7", KindLiteral: "3.2.5",
	KindLength: "3.2.5", KindLengthExtra: "3.2.5", KindDistance: "3.2.5", KindDistanceExtra: "3.2.5", KindCopy: "3.2.5",
	KindEnd: "3.2.5", KindAfterFinal: "3.2.3", KindError: ""}

// put appends an item at bit at, with the decoder's output position, and
// returns it for the caller to complete (nil once MaxItems is reached).
func (t *tracer) put(kind Kind, id string, at int64, bits int, value string, args ...string) *Item {
	if len(t.t.Items) >= t.maxItems {
		t.t.Truncated = true
		return nil
	}
	it := Item{Kind: kind, ID: id, Args: args, Bit: at, Bits: bits, Value: value, Section: sections[kind], RFC: 1951,
		Block: len(t.t.Blocks) - 1}
	if kind == KindTail {
		it.RFC = 7692
	}
	if t.d != nil {
		it.Out = len(t.d.out) - t.d.base
	}
	t.t.Items = append(t.t.Items, it)
	return &t.t.Items[len(t.t.Items)-1]
}

func num[T int | uint | uint8 | uint32 | int64](v T) string { return strconv.FormatInt(int64(v), 10) }

func (t *tracer) blockHeader(at int64, final bool, btype uint32) {
	if t == nil {
		return
	}
	t.t.Blocks = append(t.t.Blocks, Block{Bit: at, Final: final, Type: BlockType(btype)})
	f := "0"
	if final {
		f = "1"
	}
	t.put(KindBlockHeader, "deflate.bfinal."+f, at, 1, f)
	t.put(KindBlockHeader, "deflate.btype."+BlockType(btype).String(), at+1, 2, codeString(btype, 2))
}

func (t *tracer) storedPadding(at int64, n uint) {
	if t == nil || n == 0 {
		return
	}
	if it := t.put(KindPadding, "deflate.stored.padding", at, int(n), "0", num(n)); it != nil {
		it.Section = "3.2.4"
	}
}

// storedLengths records LEN and NLEN, or, when they are the 4 bytes a
// receiver appended, the tail.
func (t *tracer) storedLengths(at int64, n, nn uint32) {
	if t == nil {
		return
	}
	if at >= int64(len(t.d.r.in))*8 && n == 0 && len(t.d.r.tail) == 4 {
		t.put(KindTail, "deflate.tail", at, 32, "0000ffff")
		return
	}
	t.put(KindStoredLength, "deflate.stored.len", at, 16, num(n), num(n))
	t.put(KindStoredLength, "deflate.stored.nlen", at+16, 16, num(nn), "0x"+hex16(nn))
}

func (t *tracer) storedData(at int64, start int) {
	if t == nil || len(t.d.out) == start {
		return
	}
	n := len(t.d.out) - start
	if it := t.put(KindStoredData, "deflate.stored.data", at, 8*n, show(t.d.out[start:]), num(n)); it != nil {
		it.Out, it.OutLen = start-t.d.base, n
	}
}

func (t *tracer) counts(at int64, hlit, hdist, hclen uint32) {
	if t == nil {
		return
	}
	t.nlit = int(hlit) + 257
	t.put(KindCount, "deflate.hlit", at, 5, num(hlit), num(hlit), num(hlit+257))
	t.put(KindCount, "deflate.hdist", at+5, 5, num(hdist), num(hdist), num(hdist+1))
	t.put(KindCount, "deflate.hclen", at+10, 4, num(hclen), num(hclen), num(hclen+4))
}

func (t *tracer) clLength(sym int) {
	if t == nil {
		return
	}
	l := num(t.d.clLens[sym])
	t.put(KindCodeLength, "deflate.cl.length", t.d.r.bitPos()-3, 3, l, num(sym), l)
}

// table copies a finished code into the current block.
func (t *tracer) table(which byte, h *huffman) {
	if t == nil {
		return
	}
	b := &t.t.Blocks[len(t.t.Blocks)-1]
	codes := tableCodes(h.lengths)
	switch which {
	case 'c':
		b.CL = codes
	case 'l':
		b.Lit = codes
	default:
		b.Dist = codes
	}
}

// tableCodes lists the canonical code of every symbol that has one.
func tableCodes(lengths []uint8) []Code {
	var count, next [maxCodeLen + 2]int
	for _, l := range lengths {
		count[l]++
	}
	count[0] = 0
	for l, code := 1, 0; l <= maxCodeLen; l++ {
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

// codeLength records a code length 0-15 read with the code-length code.
func (t *tracer) codeLength(at int64, i, sym int) {
	if t == nil {
		return
	}
	id := "deflate.len.lit"
	if i >= t.nlit {
		id, i = "deflate.len.dist", i-t.nlit
	}
	t.put(KindCodeLength, id, at, int(t.d.r.bitPos()-at), num(sym), t.codeSince(at, 0), num(i), num(sym))
}

// repeat records code-length symbol 16, 17 or 18 and its extra bits.
func (t *tracer) repeat(at int64, sym, rep int, value uint8) {
	if t == nil {
		return
	}
	extra := [3]int{2, 3, 7}[sym-16]
	code, bits := t.codeSince(at, extra), int(t.d.r.bitPos()-at)
	if sym == 16 {
		t.put(KindCodeLength, "deflate.len.repeat", at, bits, num(sym), code, num(extra), num(value), num(rep))
		return
	}
	t.put(KindCodeLength, "deflate.len.zeros", at, bits, num(sym), code, num(sym), num(extra), num(rep))
}

// codeSince is the Huffman code read from bit at up to extra bits before
// the reader's position, most significant bit first.
func (t *tracer) codeSince(at int64, extra int) string {
	return codeOfRange(t.d, at, int(t.d.r.bitPos()-at)-extra)
}

func (t *tracer) literal(at int64, sym int) {
	c := byte(sym)
	code := t.codeSince(at, 0)
	var it *Item
	if c >= 0x20 && c < 0x7f {
		it = t.put(KindLiteral, "deflate.literal", at, len(code), code, code, "0x"+hex8(c), string(rune(c)))
	} else {
		it = t.put(KindLiteral, "deflate.literal.byte", at, len(code), code, code, "0x"+hex8(c))
	}
	if it != nil {
		it.Out, it.OutLen = it.Out-1, 1
	}
}

func (t *tracer) end(at int64) {
	code := t.codeSince(at, 0)
	t.put(KindEnd, "deflate.end", at, len(code), code, code)
}

// padding records the bits left in the last byte after the last block.
func (t *tracer) padding() {
	if t == nil || t.d.r.nb&7 == 0 {
		return
	}
	n := t.d.r.nb & 7
	t.put(KindPadding, "deflate.padding", t.d.r.bitPos(), int(n), codeOfRange(t.d, t.d.r.bitPos(), int(n)), num(n))
}

func (t *tracer) afterFinal() {
	if t == nil {
		return
	}
	t.padding()
	from := (t.d.r.bitPos() + 7) / 8
	if rest := int64(t.d.r.size) - from; rest > 0 {
		t.put(KindAfterFinal, "deflate.after-final", from*8, int(8*rest), "", num(rest))
	}
}

// failed ends the trace with the error, at its bit; it is always shown.
func (t *tracer) failed(err error) {
	if e, ok := err.(*Error); ok {
		t.maxItems++
		t.d = nil
		if it := t.put(KindError, e.Problem.NoteID(), e.Bit, 0, e.Value, e.Value); it != nil {
			it.Section = e.Problem.Section
		}
	}
}

// matchCodes records a back-reference's length symbol and extra bits and
// its distance symbol and extra bits, before the copy.
func (t *tracer) matchCodes(at, distAt int64, sym, dsym int) {
	s := sym - 257
	t.symbolWithExtra(KindLength, "deflate.length", at, int(distAt-at)-int(lengthExtra[s]), sym, int(lengthBase[s]), int(lengthExtra[s]))
	t.symbolWithExtra(KindDistance, "deflate.distance", distAt, int(t.d.r.bitPos()-distAt)-int(distExtra[dsym]),
		dsym, int(distBase[dsym]), int(distExtra[dsym]))
}

// copied records a KindCopy item spanning the match, once its bytes are out.
func (t *tracer) copied(at int64, start, distance int) {
	d := t.d
	length, o := len(d.out)-start, start-d.base
	c := &Copy{Length: length, Distance: distance, From: o - distance, Bytes: d.out[start:len(d.out):len(d.out)]}
	id, args := "deflate.copy", []string{num(length), num(distance), show(c.Bytes)}
	if c.From < 0 {
		c.Earlier = min(-c.From, length)
		id, args = "deflate.copy.earlier", append(args, num(c.Earlier))
	}
	if it := t.put(KindCopy, id, at, int(d.r.bitPos()-at), num(length)+"@"+num(distance), args...); it != nil {
		it.Out, it.OutLen, it.Copy = o, length, c
	}
}

// symbolWithExtra records a length or distance symbol whose code of
// codeBits bits starts at bit at, and the extra bits after it: kind+1 is
// the kind of those, and the note ids are id, id+".base" and id+".extra".
func (t *tracer) symbolWithExtra(kind Kind, id string, at int64, codeBits, sym, base, extra int) {
	code := codeOfRange(t.d, at, codeBits)
	if extra == 0 {
		t.put(kind, id, at, codeBits, code, num(sym), num(base), code)
		return
	}
	t.put(kind, id+".base", at, codeBits, code, num(sym), num(base), num(base+1<<extra-1), num(extra), code)
	v := int(bitsAt(t.d, at+int64(codeBits), extra))
	t.put(kind+1, id+".extra", at+int64(codeBits), extra, num(v), num(extra), num(v), num(base), num(base+v))
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

const hexDigits = "0123456789abcdef"

func hex8(c byte) string { return string([]byte{hexDigits[c>>4], hexDigits[c&15]}) }

func hex16(v uint32) string { return hex8(byte(v>>8)) + hex8(byte(v)) }

// show renders bytes for a note: as text when they are printable ASCII,
// otherwise as hex; long runs are shortened around "…".
func show(b []byte) string {
	short := b[:min(len(b), 48)]
	text := true
	for _, c := range short {
		text = text && c >= 0x20 && c < 0x7f
	}
	s := string(short)
	if !text {
		out := make([]byte, 0, 2+2*len(short))
		out = append(out, '0', 'x')
		for _, c := range short {
			out = append(out, hexDigits[c>>4], hexDigits[c&15])
		}
		s = string(out)
	}
	if len(b) > len(short) {
		s += "…"
	}
	return s
}
