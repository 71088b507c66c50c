package deflate

// Token is one choice of the compressor: a literal byte, or a match that
// copies Length bytes from Distance bytes back (RFC 1951 section 2: LZ77).
type Token struct {
	Length   int  // 0 for a literal
	Distance int  // 0 for a literal
	Literal  byte // the byte, for a literal
}

// IsMatch reports whether the token is a back-reference.
func (t Token) IsMatch() bool { return t.Length > 0 }

// Choice is what the compressor chose for one message and why.
type Choice struct {
	Tokens []Token
	// Type is the block type it wrote: the cheapest of the three for these
	// tokens, by the bit counts below (section 3.2.3).
	Type                     BlockType
	StoredBits, FixedBits    int
	DynamicBits              int
	Lit, Dist, CL            []Code // the dynamic codes, when Type is BlockDynamic
	MatchedBytes, Literals   int
	EarlierBytes, InputBytes int // bytes copied from earlier messages; the message's length
}

// CompressorOptions configure a Compressor.
type CompressorOptions struct {
	// WindowBits limits how far back a match may reach, 8 to 15 (RFC 7692
	// section 7.1.2); 0 means 15.
	WindowBits int
	// NoContextTakeover starts every message with an empty window (RFC 7692
	// section 7.1.1).
	NoContextTakeover bool
	// Codes picks the Huffman codes of every non-empty message; the zero
	// value lets the compressor take the smallest block.
	Codes Codes
}

// Codes is a compressor's choice of block type (RFC 1951 section 3.2.3).
type Codes uint8

const (
	CodesAuto    Codes = iota // the smallest of stored, fixed and dynamic
	CodesFixed                // always the fixed codes (section 3.2.6)
	CodesDynamic              // always codes described in the block (section 3.2.7)
)

// Forced reports whether the codes are imposed rather than chosen by size.
func (c Codes) Forced() bool { return c == CodesFixed || c == CodesDynamic }

// Compressor is an explainable permessage-deflate compressor: greedy LZ77
// over hash chains, then one fixed, dynamic or stored block, whichever is
// smallest, and a sync flush whose tail it strips (RFC 7692 section 7.2.1).
// It is simpler than zlib; its output inflates with any DEFLATE reader. Like
// the zlib that produced RFC 7692's examples it writes the first byte of
// each message as a literal, so that the RFC's second "Hello" comes out as
// f2 00 11 00 00 byte for byte.
type Compressor struct {
	opts   CompressorOptions
	window []byte
}

// NewCompressor returns a Compressor with opts.
func NewCompressor(opts CompressorOptions) *Compressor { return &Compressor{opts: opts} }

// Reset forgets the window.
func (c *Compressor) Reset() { c.window = c.window[:0] }

func (c *Compressor) windowSize() int {
	if c.opts.WindowBits < 8 || c.opts.WindowBits > 15 {
		return maxWindow
	}
	return 1 << c.opts.WindowBits
}

// Compress appends msg's compressed payload to dst.
func (c *Compressor) Compress(dst, msg []byte) []byte {
	out, _ := c.CompressExplained(dst, msg)
	return out
}

// CompressExplained is Compress, also returning what it chose.
func (c *Compressor) CompressExplained(dst, msg []byte) ([]byte, *Choice) {
	if c.opts.NoContextTakeover {
		c.window = c.window[:0]
	}
	buf := append(append(make([]byte, 0, len(c.window)+len(msg)), c.window...), msg...)
	ch := &Choice{Tokens: findMatches(buf, len(c.window), c.windowSize()), InputBytes: len(msg)}
	for i, p := 0, 0; i < len(ch.Tokens); i++ {
		tk := ch.Tokens[i]
		if !tk.IsMatch() {
			ch.Literals++
			p++
			continue
		}
		ch.MatchedBytes += tk.Length
		if tk.Distance > p {
			ch.EarlierBytes += min(tk.Length, tk.Distance-p)
		}
		p += tk.Length
	}
	w := &bitWriter{out: dst}
	writeBlock(w, ch, msg, c.opts.Codes)
	w.write(0, 3) // sync flush: an empty stored block, BFINAL 0
	w.align()
	w.out = append(w.out, Tail[:]...)
	c.keep(buf)
	return w.out[:len(w.out)-len(Tail)], ch
}

func (c *Compressor) keep(buf []byte) {
	if c.opts.NoContextTakeover {
		return
	}
	if w := c.windowSize(); len(buf) > w {
		buf = buf[len(buf)-w:]
	}
	c.window = append(c.window[:0], buf...)
}

// findMatches turns buf[start:] into tokens, matching against everything in
// buf up to window bytes back (buf[:start] is the earlier messages).
func findMatches(buf []byte, start, window int) []Token {
	const chainLimit = 64
	// A short message needs no big hash table: 2^8 to 2^13 heads, by size.
	hashBits := uint(8)
	for hashBits < 13 && 1<<hashBits < len(buf) {
		hashBits++
	}
	head := make([]int32, 1<<hashBits)
	for i := range head {
		head[i] = -1
	}
	prev := make([]int32, len(buf))
	hash := func(i int) uint32 {
		return (uint32(buf[i])<<16 | uint32(buf[i+1])<<8 | uint32(buf[i+2])) * 2654435761 >> (32 - hashBits)
	}
	insert := func(i int) {
		if i+minMatch <= len(buf) {
			h := hash(i)
			prev[i], head[h] = head[h], int32(i)
		}
	}
	for i := max(0, start-window); i < start; i++ {
		insert(i)
	}
	var tokens []Token
	for i := start; i < len(buf); {
		length, dist := 0, 0
		if i > start && i+minMatch <= len(buf) {
			length, dist = longestMatch(buf, prev, int(head[hash(i)]), i, window, chainLimit)
		}
		if length < minMatch {
			tokens = append(tokens, Token{Literal: buf[i]})
			insert(i)
			i++
			continue
		}
		tokens = append(tokens, Token{Length: length, Distance: dist})
		for end := i + length; i < end; i++ {
			insert(i)
		}
	}
	return tokens
}

// longestMatch follows the hash chain from cand for the longest match at i.
func longestMatch(buf []byte, prev []int32, cand, i, window, chain int) (int, int) {
	best, bestDist := 0, 0
	limit := min(maxMatch, len(buf)-i)
	for ; cand >= 0 && chain > 0 && i-cand <= window; chain-- {
		n := 0
		for n < limit && buf[cand+n] == buf[i+n] {
			n++
		}
		if n > best {
			best, bestDist = n, i-cand
			if n == limit {
				break
			}
		}
		cand = int(prev[cand])
	}
	return best, bestDist
}
