package deflate

// writeBlock writes ch's tokens as the cheapest block (section 3.2.3), or
// with the codes asked for, and records the costs it compared.
func writeBlock(w *bitWriter, ch *Choice, msg []byte, codes Codes) {
	if len(msg) == 0 {
		ch.Type = BlockStored // nothing to write: the sync flush alone
		return
	}
	litFreq, distFreq := make([]int, maxLitCodes), make([]int, maxDistCodes)
	for _, tk := range ch.Tokens {
		if tk.IsMatch() {
			litFreq[lengthSymbol(tk.Length)]++
			distFreq[distSymbol(tk.Distance)]++
		} else {
			litFreq[tk.Literal]++
		}
	}
	litFreq[endOfBlock]++
	dyn := planDynamic(litFreq, distFreq)
	litFixed, distFixed := fixedEncodings()
	ch.FixedBits = 3 + tokenBits(ch.Tokens, litFixed, distFixed)
	ch.DynamicBits = 3 + dyn.headerBits + tokenBits(ch.Tokens, dyn.lit, dyn.dist)
	ch.StoredBits = storedBits(w.bitLen(), len(msg))
	switch {
	case !codes.Forced() && ch.StoredBits < ch.FixedBits && ch.StoredBits < ch.DynamicBits:
		ch.Type = BlockStored
		writeStored(w, msg)
	case codes == CodesDynamic || codes == CodesAuto && ch.DynamicBits < ch.FixedBits:
		ch.Type = BlockDynamic
		ch.Lit, ch.Dist, ch.CL = tableCodes(dyn.lit.len), tableCodes(dyn.dist.len), tableCodes(dyn.cl.len)
		w.write(2<<1, 3)
		dyn.writeHeader(w)
		writeTokens(w, ch.Tokens, dyn.lit, dyn.dist)
	default:
		ch.Type = BlockFixed
		w.write(1<<1, 3)
		writeTokens(w, ch.Tokens, litFixed, distFixed)
	}
}

// tokenBits is what the tokens and the end of block cost with lit and dist.
func tokenBits(tokens []Token, lit, dist encoding) int {
	n := int(lit.len[endOfBlock])
	for _, tk := range tokens {
		if !tk.IsMatch() {
			n += int(lit.len[tk.Literal])
			continue
		}
		ls, ds := lengthSymbol(tk.Length), distSymbol(tk.Distance)
		n += int(lit.len[ls]) + int(lengthExtra[ls-257]) + int(dist.len[ds]) + int(distExtra[ds])
	}
	return n
}

func writeTokens(w *bitWriter, tokens []Token, lit, dist encoding) {
	for _, tk := range tokens {
		if !tk.IsMatch() {
			lit.put(w, int(tk.Literal))
			continue
		}
		ls, ds := lengthSymbol(tk.Length), distSymbol(tk.Distance)
		lit.put(w, ls)
		w.write(uint32(tk.Length-int(lengthBase[ls-257])), uint(lengthExtra[ls-257]))
		dist.put(w, ds)
		w.write(uint32(tk.Distance-int(distBase[ds])), uint(distExtra[ds]))
	}
	lit.put(w, endOfBlock)
}

// storedBits is the cost of n bytes in stored blocks of at most 65535 bytes
// starting at bit offset at (each: header, padding, LEN, NLEN, bytes).
func storedBits(at, n int) int {
	bits := 0
	for first := true; first || n > 0; first = false {
		k := min(n, 65535)
		pad := (8 - (at+bits+3)%8) % 8
		bits += 3 + pad + 32 + 8*k
		n -= k
	}
	return bits
}

func writeStored(w *bitWriter, msg []byte) {
	for first := true; first || len(msg) > 0; first = false {
		k := min(len(msg), 65535)
		w.write(0, 3)
		w.align()
		w.write(uint32(k), 16)
		w.write(uint32(^k&0xffff), 16)
		w.out = append(w.out, msg[:k]...)
		msg = msg[k:]
	}
}

// dynamicPlan is a dynamic block's codes and its header, run-length coded.
type dynamicPlan struct {
	lit, dist, cl encoding
	nlit, ndist   int
	rle           []clSymbol
	headerBits    int
	nclen         int
}

type clSymbol struct{ sym, extra, extraBits int }

func planDynamic(litFreq, distFreq []int) dynamicPlan {
	var p dynamicPlan
	p.lit = newEncoding(codeLengths(litFreq, maxCodeLen))
	p.dist = newEncoding(codeLengths(distFreq, maxCodeLen))
	p.nlit, p.ndist = 257, 1
	for s, l := range p.lit.len {
		if l > 0 {
			p.nlit = max(p.nlit, s+1)
		}
	}
	for s, l := range p.dist.len {
		if l > 0 {
			p.ndist = max(p.ndist, s+1)
		}
	}
	all := append(append([]uint8(nil), p.lit.len[:p.nlit]...), p.dist.len[:p.ndist]...)
	p.rle = runLengths(all)
	clFreq := make([]int, numCLCodes)
	for _, s := range p.rle {
		clFreq[s.sym]++
	}
	p.cl = newEncoding(codeLengths(clFreq, 7))
	p.nclen = numCLCodes
	for p.nclen > 4 && p.cl.len[clOrder[p.nclen-1]] == 0 {
		p.nclen--
	}
	p.headerBits = 14 + 3*p.nclen
	for _, s := range p.rle {
		p.headerBits += int(p.cl.len[s.sym]) + s.extraBits
	}
	return p
}

// runLengths codes a sequence of code lengths with symbols 0-15 and the
// repeats 16 (previous length 3-6 times), 17 (3-10 zeros), 18 (11-138 zeros).
func runLengths(lengths []uint8) []clSymbol {
	var out []clSymbol
	for i := 0; i < len(lengths); {
		l, run := lengths[i], 1
		for i+run < len(lengths) && lengths[i+run] == l {
			run++
		}
		i += run
		if l == 0 {
			for run >= 11 {
				k := min(run, 138)
				out = append(out, clSymbol{18, k - 11, 7})
				run -= k
			}
			if run >= 3 {
				out = append(out, clSymbol{17, run - 3, 3})
				run = 0
			}
		} else {
			out = append(out, clSymbol{int(l), 0, 0})
			run--
			for run >= 3 {
				k := min(run, 6)
				out = append(out, clSymbol{16, k - 3, 2})
				run -= k
			}
		}
		for ; run > 0; run-- {
			out = append(out, clSymbol{int(l), 0, 0})
		}
	}
	return out
}

func (p dynamicPlan) writeHeader(w *bitWriter) {
	w.write(uint32(p.nlit-257), 5)
	w.write(uint32(p.ndist-1), 5)
	w.write(uint32(p.nclen-4), 4)
	for _, s := range clOrder[:p.nclen] {
		w.write(uint32(p.cl.len[s]), 3)
	}
	for _, s := range p.rle {
		p.cl.put(w, s.sym)
		w.write(uint32(s.extra), uint(s.extraBits))
	}
}
