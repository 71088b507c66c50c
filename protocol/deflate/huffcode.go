package deflate

// codeLengths computes Huffman code lengths of at most limit bits for freq
// (RFC 1951 section 3.2.2 leaves the choice to the compressor). The code is
// always complete, as compress/flate insists: when fewer than two symbols
// occur, the first unused ones get a code too.
func codeLengths(freq []int, limit int) []uint8 {
	lengths := make([]uint8, len(freq))
	var syms []int
	for s, f := range freq {
		if f > 0 {
			syms = append(syms, s)
		}
	}
	for s := 0; len(syms) < 2 && s < len(freq); s++ {
		if freq[s] == 0 {
			syms = append(syms, s)
		}
	}
	insertionSort(syms, func(a, b int) bool { return freq[a] < freq[b] })
	depth := treeDepths(syms, freq)
	limitDepths(depth, limit)
	// The longest codes go to the rarest symbols.
	insertionSort(depth, func(a, b int) bool { return a > b })
	for i, s := range syms {
		lengths[s] = uint8(depth[i])
	}
	return lengths
}

// insertionSort sorts s stably by less. At most 286 symbols are sorted, and
// package sort would add about 9 KB to the WebAssembly build.
func insertionSort(s []int, less func(a, b int) bool) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && less(s[j], s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// treeDepths builds a Huffman tree over syms (sorted by rising frequency)
// with the two-queue method and returns each leaf's depth, in syms order.
func treeDepths(syms []int, freq []int) []int {
	type node struct{ weight, left, right int } // left < 0: leaf -left-1
	nodes := make([]node, 0, 2*len(syms))
	for i, s := range syms {
		nodes = append(nodes, node{weight: max(freq[s], 1), left: -i - 1})
	}
	leaf, inner := 0, len(syms)
	take := func() int {
		if leaf < len(syms) && (inner >= len(nodes) || nodes[leaf].weight <= nodes[inner].weight) {
			leaf++
			return leaf - 1
		}
		inner++
		return inner - 1
	}
	for n := len(syms); n > 1; n-- {
		a, b := take(), take()
		nodes = append(nodes, node{weight: nodes[a].weight + nodes[b].weight, left: a, right: b})
	}
	depth := make([]int, len(syms))
	var walk func(i, d int)
	walk = func(i, d int) {
		if nd := nodes[i]; nd.left < 0 {
			depth[-nd.left-1] = max(d, 1)
		} else {
			walk(nd.left, d+1)
			walk(nd.right, d+1)
		}
	}
	walk(len(nodes)-1, 0)
	return depth
}

// limitDepths caps every depth at limit and repairs the Kraft sum so that
// the code stays complete: sum of 2^(limit-depth) == 2^limit.
func limitDepths(depth []int, limit int) {
	full := 1 << limit
	kraft := 0
	for i := range depth {
		depth[i] = min(depth[i], limit)
		kraft += 1 << (limit - depth[i])
	}
	for kraft > full { // over-subscribed: lengthen the longest code that can grow
		best := -1
		for i, d := range depth {
			if d < limit && (best < 0 || d > depth[best]) {
				best = i
			}
		}
		kraft -= 1 << (limit - depth[best] - 1)
		depth[best]++
	}
	for kraft < full { // unused patterns: shorten the longest code that fits
		best := -1
		for i, d := range depth {
			if d > 1 && kraft+(1<<(limit-d)) <= full && (best < 0 || d > depth[best]) {
				best = i
			}
		}
		if best < 0 {
			return // a lone symbol: nothing to complete
		}
		kraft += 1 << (limit - depth[best])
		depth[best]--
	}
}

// encoding is a code ready to write: each symbol's code and length.
type encoding struct {
	code []uint32
	len  []uint8
}

func newEncoding(lengths []uint8) encoding {
	e := encoding{code: make([]uint32, len(lengths)), len: lengths}
	for _, c := range tableCodes(lengths) {
		v := uint32(0)
		for _, ch := range c.Code {
			v = v<<1 | uint32(ch-'0')
		}
		e.code[c.Symbol] = v
	}
	return e
}

func (e encoding) put(w *bitWriter, sym int) { w.writeCode(e.code[sym], uint(e.len[sym])) }

// fixedEncodings returns the fixed codes (section 3.2.6), built on demand so
// that a program that only inflates does not carry the encoder.
func fixedEncodings() (lit, dist encoding) {
	return newEncoding(fixedLitLengths()), newEncoding(fixedDistLengths())
}
