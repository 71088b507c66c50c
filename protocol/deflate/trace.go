package deflate

// Kind says what part of a DEFLATE stream an Item is.
type Kind uint8

const (
	KindInfo          Kind = iota // a remark with no bits (the bit order)
	KindBlockHeader               // BFINAL or BTYPE (section 3.2.3)
	KindPadding                   // bits skipped to a byte boundary, or after the last block
	KindStoredLength              // LEN or NLEN of a stored block (section 3.2.4)
	KindStoredData                // the bytes of a stored block
	KindTail                      // the 00 00 ff ff a receiver appends (RFC 7692 section 7.2.2)
	KindCount                     // HLIT, HDIST or HCLEN (section 3.2.7)
	KindCodeLength                // a length of the code-length code, or a code length it codes
	KindLiteral                   // a literal byte (section 3.2.5)
	KindLength                    // a length symbol of a match
	KindLengthExtra               // the extra bits of a length
	KindDistance                  // a distance symbol
	KindDistanceExtra             // the extra bits of a distance
	KindCopy                      // sums up a match: spans its length and distance items
	KindEnd                       // the end-of-block symbol 256
	KindAfterFinal                // bytes after the final block, ignored
	KindError                     // where the input broke a rule; its note is the Problem's
)

var kindNames = [...]string{"info", "block-header", "padding", "stored-length", "stored-data", "tail", "count",
	"code-length", "literal", "length", "length-extra", "distance", "distance-extra", "copy", "end", "after-final", "error"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// IsSymbol reports whether the item is a Huffman-coded symbol of the data.
func (k Kind) IsSymbol() bool {
	return k == KindLiteral || k == KindLength || k == KindDistance || k == KindEnd
}

// BlockType is the 2-bit BTYPE field (section 3.2.3).
type BlockType uint8

const (
	BlockStored   BlockType = 0
	BlockFixed    BlockType = 1
	BlockDynamic  BlockType = 2
	BlockReserved BlockType = 3
)

func (b BlockType) String() string {
	return [...]string{"stored", "fixed", "dynamic", "reserved"}[b&3]
}

// IsHuffman reports whether the block's data is Huffman coded.
func (b BlockType) IsHuffman() bool { return b == BlockFixed || b == BlockDynamic }

// Item is one field, code or symbol of the stream, with what it means.
type Item struct {
	Kind    Kind
	ID      string   // note id; English text via the package's templates
	Args    []string // fill {0}, {1}… of the note
	Bit     int64    // first bit, counted from bit 0 of the input's first byte (least significant first)
	Bits    int      // how many bits
	Value   string   // as read: a Huffman code most significant bit first, otherwise the number
	Section string   // the section that defines it, in RFC 1951 unless RFC says otherwise
	RFC     int      // 1951, or 7692 for the tail
	Block   int      // index in Trace.Blocks
	Out     int      // offset in this input's output of the bytes the item produced
	OutLen  int      // how many bytes it produced
	Copy    *Copy    // set on a KindCopy item
}

// Copy is what a back-reference copied.
type Copy struct {
	Length, Distance int
	// From is the output offset copied from; negative when the copy starts
	// in an earlier message, kept in the window by context takeover.
	From    int
	Earlier int    // how many of the bytes came from earlier messages
	Bytes   []byte // the bytes copied; they alias the inflated output
}

// Code is one symbol's code in a table.
type Code struct {
	Symbol int
	Len    int
	Code   string // most significant bit first
}

// Block is one block of the stream.
type Block struct {
	Bit   int64 // where its header starts
	Final bool
	Type  BlockType
	// Codes of a dynamic block: the code-length code and the two codes it
	// describes, symbols without a code left out.
	CL, Lit, Dist []Code
}

// Trace is everything an inflation read, in stream order.
type Trace struct {
	Items  []Item
	Blocks []Block
	// InputBits counts the bits of the input with the tail, TailBytes the
	// bytes of it a receiver appended.
	InputBits int64
	TailBytes int
	// Truncated is set when the items reached TraceOptions.MaxItems and the
	// rest of the input was inflated without a trace.
	Truncated bool
}
