package deflate

// The fixed tables of RFC 1951 sections 3.2.5 and 3.2.7.

const (
	endOfBlock   = 256
	maxLitCodes  = 286 // HLIT + 257 may not exceed this (Go's compress/flate agrees)
	maxDistCodes = 30
	maxCodeLen   = 15
	numCLCodes   = 19
	maxWindow    = 1 << 15
	minWindow    = 1 << 8
	maxMatch     = 258
	minMatch     = 3
)

// lengthBase and lengthExtra give, for symbols 257..285, the shortest length
// the symbol stands for and how many extra bits follow it (section 3.2.5).
var lengthBase = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}

var lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}

// distBase and distExtra do the same for distance symbols 0..29.
var distBase = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}

var distExtra = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}

// clOrder is the order in which a dynamic block lists the lengths of the
// code-length code (section 3.2.7).
var clOrder = [numCLCodes]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// fixedLitLengths are the code lengths of the fixed literal/length code
// (section 3.2.6): 8 bits for 0-143, 9 for 144-255, 7 for 256-279, 8 for
// 280-287.
func fixedLitLengths() []uint8 {
	l := make([]uint8, 288)
	for i := range l {
		switch {
		case i < 144:
			l[i] = 8
		case i < 256:
			l[i] = 9
		case i < 280:
			l[i] = 7
		default:
			l[i] = 8
		}
	}
	return l
}

// fixedDistLengths: all 32 fixed distance codes are 5 bits long.
func fixedDistLengths() []uint8 {
	l := make([]uint8, 32)
	for i := range l {
		l[i] = 5
	}
	return l
}

var fixedLit, fixedDist = func() (*huffman, *huffman) {
	var lit, dist huffman
	lit.build(fixedLitLengths())
	dist.build(fixedDistLengths())
	return &lit, &dist
}()

// lengthSymbol returns the symbol (257..285) for a match length 3..258.
func lengthSymbol(length int) int {
	for i := len(lengthBase) - 1; i >= 0; i-- {
		if int(lengthBase[i]) <= length {
			return 257 + i
		}
	}
	return 257
}

// distSymbol returns the distance symbol (0..29) for a distance 1..32768.
func distSymbol(dist int) int {
	for i := len(distBase) - 1; i >= 0; i-- {
		if int(distBase[i]) <= dist {
			return i
		}
	}
	return 0
}
