package deflate

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bits builds a stream from groups of (value, width) written least
// significant bit first, the way header fields are.
func bits(groups ...uint32) []byte {
	w := &bitWriter{}
	for i := 0; i+1 < len(groups); i += 2 {
		w.write(groups[i], uint(groups[i+1]))
	}
	w.align()
	return w.out
}

// dynamicHeader writes BFINAL=1 BTYPE=10, HLIT, HDIST, HCLEN and code
// lengths of the code-length code, in clOrder.
func dynamicHead(hlit, hdist uint32, clLens ...uint32) []uint32 {
	g := []uint32{1, 1, 2, 2, hlit, 5, hdist, 5, uint32(len(clLens) - 4), 4}
	for _, l := range clLens {
		g = append(g, l, 3)
	}
	return g
}

func TestProblems(t *testing.T) {
	t.Parallel()
	// A code-length code where symbols 16, 17, 18 and 0 (clOrder starts
	// with them) have 2-bit codes: canonically 0 = 00, 16 = 01, 17 = 10,
	// 18 = 11.
	twoBit := dynamicHead(0, 0, 2, 2, 2, 2)
	// One where symbols 1 and 18 have 1-bit codes: 1 = 0, 18 = 1.
	oneBit := dynamicHead(0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
	sym := func(code uint32) []uint32 { return []uint32{reverse(code, 2), 2} }
	cat := func(parts ...[]uint32) []uint32 {
		var out []uint32
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	tests := []struct {
		name    string
		stream  []byte
		problem *Problem
		bit     int64
	}{
		{"empty input", nil, ErrTruncated, 0},
		{"reserved block type", bits(1, 1, 3, 2), ErrReservedBlockType, 1},
		{"stored NLEN", []byte{0x01, 0x05, 0x00, 0x00, 0x00}, ErrStoredLength, 24},
		{"stored data cut short", []byte{0x01, 0x05, 0x00, 0xfa, 0xff, 'H'}, ErrTruncated, 48},
		{"HLIT 30", bits(dynamicHead(30, 0)...), ErrTooManyLengthCodes, 3},
		{"HDIST 30", bits(dynamicHead(0, 30)...), ErrTooManyDistanceCodes, 8},
		{"over-subscribed code-length code", bits(dynamicHead(0, 0, 1, 1, 1, 1)...), ErrCodeLengths, 17},
		{"repeat first", bits(cat(twoBit, sym(1), []uint32{0, 2})...), ErrRepeatFirst, 29},
		{"repeat overflow", bits(cat(twoBit, sym(3), []uint32{127, 7}, sym(3), []uint32{127, 7})...), ErrRepeatOverflow, 38},
		{"over-subscribed literal code", bits(cat(oneBit, []uint32{0, 1, 0, 1, 0, 1, 1, 1, 127, 7, 1, 1, 105, 7, 0, 1})...), ErrCodeLengths, 3},
		{"length symbol 286", fixedSymbols(286), ErrInvalidLengthSymbol, 3},
		{"distance symbol 30", fixedMatch(30), ErrInvalidDistanceSymbol, 18},
		{"distance before the start", fixedStream([]Token{{Literal: 'a'}, {Length: 3, Distance: 2}}), ErrDistanceTooFar, 18},
		{"unused code of a one-code table", oneCodeDistance(), ErrInvalidCode, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := NewInflater(Options{}).InflateStream(nil, tc.stream)
			require.ErrorIs(t, err, tc.problem)
			var e *Error
			require.True(t, errors.As(err, &e))
			if tc.bit >= 0 {
				assert.Equal(t, tc.bit, e.Bit, "%v", err)
			}
			assert.Contains(t, err.Error(), tc.problem.ID)
			_, goErr := goInflate(tc.stream, nil)
			assert.Error(t, goErr, "compress/flate refuses it too")

			_, tr, err := NewInflater(Options{}).InflateStreamTraced(nil, tc.stream, TraceOptions{})
			require.ErrorIs(t, err, tc.problem)
			last := tr.Items[len(tr.Items)-1]
			assert.Equal(t, KindError, last.Kind)
			assert.Equal(t, tc.problem.NoteID(), last.ID)
		})
	}
}

// fixedSymbols writes a final fixed block with raw literal/length symbols.
func fixedSymbols(syms ...int) []byte {
	w := &bitWriter{}
	w.write(3, 3)
	for _, s := range syms {
		testFixedLit.put(w, s)
	}
	w.align()
	return append(w.out, 0, 0)
}

// fixedMatch writes a literal and a length-3 match with distance symbol ds.
func fixedMatch(ds int) []byte {
	w := &bitWriter{}
	w.write(3, 3)
	testFixedLit.put(w, 'a')
	testFixedLit.put(w, 257)
	testFixedDist.put(w, ds)
	w.align()
	return append(w.out, 0, 0)
}

// oneCodeDistance is a dynamic block whose distance code has a single
// 1-bit code (valid, as zlib and compress/flate agree) and then uses the
// other, unassigned pattern.
func oneCodeDistance() []byte {
	lit := make([]int, 286)
	lit['a'], lit[256], lit[257] = 5, 1, 1
	dist := []int{1}
	p := planDynamic(lit, dist)
	p.dist = newEncoding([]uint8{1})
	p.ndist = 1
	all := append(append([]uint8(nil), p.lit.len[:p.nlit]...), 1)
	p.rle = runLengths(all)
	w := &bitWriter{}
	w.write(1|2<<1, 3)
	p.writeHeader(w)
	p.lit.put(w, 'a')
	p.lit.put(w, 257)
	w.write(1, 1) // the distance pattern nobody has
	w.align()
	return append(w.out, 0, 0)
}

func TestTooBig(t *testing.T) {
	t.Parallel()
	text := []byte(strings.Repeat("a", 5000))
	msg := NewCompressor(CompressorOptions{}).Compress(nil, text)
	out, err := NewInflater(Options{MaxOutput: 5000}).Inflate(nil, msg)
	require.NoError(t, err)
	assert.Len(t, out, 5000)
	_, err = NewInflater(Options{MaxOutput: 4999}).Inflate(nil, msg)
	assert.ErrorIs(t, err, ErrTooBig)
	stored := []byte{0x00, 0x05, 0x00, 0xfa, 0xff, 'H', 'e', 'l', 'l', 'o', 0x00}
	_, err = NewInflater(Options{MaxOutput: 4}).Inflate(nil, stored)
	assert.ErrorIs(t, err, ErrTooBig)
	_, tr, err := NewInflater(Options{MaxOutput: 4}).InflateTraced(nil, stored, TraceOptions{})
	assert.ErrorIs(t, err, ErrTooBig)
	assert.Equal(t, "deflate.error.too-big", tr.Items[len(tr.Items)-1].ID)
}
