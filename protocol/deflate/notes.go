package deflate

// NoteTemplates returns the English template of every note id a trace or an
// error of this package uses; {0}, {1}… stand for an Item's Args. The
// templates are kept as static pairs, which cost the WebAssembly build
// less than a map literal.
func NoteTemplates() map[string]string {
	m := make(map[string]string, len(templates)+len(allProblems))
	for _, t := range templates {
		m[t[0]] = t[1]
	}
	for _, p := range allProblems {
		m[p.NoteID()] = p.Text
	}
	return m
}

var templates = [...][2]string{
	{"deflate.bit-order", "DEFLATE reads every byte from its least significant bit up. Header fields and extra bits are numbers that start with their least significant bit; Huffman codes start with their most significant bit, so they look reversed inside the byte."},

	{"deflate.bfinal.0", "BFINAL = 0: more blocks follow this one."},
	{"deflate.bfinal.1", "BFINAL = 1: this is the last block of the stream."},
	{"deflate.btype.stored", "BTYPE = 00: a stored block; its bytes are copied as they are."},
	{"deflate.btype.fixed", "BTYPE = 01: compressed with the fixed Huffman codes that RFC 1951 defines."},
	{"deflate.btype.dynamic", "BTYPE = 10: compressed with Huffman codes that the block describes first."},
	{"deflate.btype.reserved", "BTYPE = 11: reserved, an error."},

	{"deflate.stored.padding", "{0} bits skipped: the lengths of a stored block start at the next byte boundary."},
	{"deflate.stored.len", "LEN = {0}: the number of bytes in the block (16 bits, least significant byte first)."},
	{"deflate.stored.nlen", "NLEN = {0}: the one's complement of LEN, a check."},
	{"deflate.stored.data", "{0} bytes copied as they are."},
	{"deflate.tail", "LEN = 0 and NLEN = 0xffff of an empty stored block: the bytes 00 00 ff ff that end a sync flush. The sender removed them; the receiver appended them again before inflating."},

	{"deflate.hlit", "HLIT = {0}: the block uses {1} literal/length codes (257 + HLIT)."},
	{"deflate.hdist", "HDIST = {0}: the block uses {1} distance codes (1 + HDIST)."},
	{"deflate.hclen", "HCLEN = {0}: {1} lengths of the code-length code follow, 3 bits each (4 + HCLEN), in the order 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15."},
	{"deflate.cl.length", "Code-length symbol {0} gets a code of {1} bits (0 = not used)."},
	{"deflate.len.lit", "Code {0}: literal/length symbol {1} gets a code of {2} bits (0 = not used)."},
	{"deflate.len.dist", "Code {0}: distance symbol {1} gets a code of {2} bits (0 = not used)."},
	{"deflate.len.repeat", "Code {0} (symbol 16) and {1} extra bits: the previous length, {2}, {3} more times."},
	{"deflate.len.zeros", "Code {0} (symbol {1}) and {2} extra bits: the next {3} symbols get no code."},

	{"deflate.literal", "Literal {0}: the byte {1} (\"{2}\")."},
	{"deflate.literal.byte", "Literal {0}: the byte {1}."},
	{"deflate.length", "Length symbol {0} (code {2}): copy {1} bytes."},
	{"deflate.length.base", "Length symbol {0} (code {4}): copy {1} to {2} bytes; {3} extra bits say how many."},
	{"deflate.length.extra", "{0} extra bits = {1}: length {2} + {1} = {3}."},
	{"deflate.distance", "Distance symbol {0} (code {2}): from {1} bytes back."},
	{"deflate.distance.base", "Distance symbol {0} (code {4}): from {1} to {2} bytes back; {3} extra bits say how far."},
	{"deflate.distance.extra", "{0} extra bits = {1}: distance {2} + {1} = {3}."},
	{"deflate.copy", "Copy {0} bytes from {1} bytes back: \"{2}\"."},
	{"deflate.copy.earlier", "Copy {0} bytes from {1} bytes back: \"{2}\". {3} of them come from an earlier message, kept in the window by context takeover."},
	{"deflate.end", "Code {0}: symbol 256, the end of the block."},
	{"deflate.padding", "{0} bits of padding fill the last byte."},
	{"deflate.after-final", "{0} bytes after the final block are not part of the stream and are ignored."},
}
