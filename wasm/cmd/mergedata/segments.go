package main

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
)

// The data section (section 5.5.14) is a vector of segments. The Go linker
// writes only active segments for memory 0 (flag 0) at an i32.const offset,
// and starts a new segment after every run of zeros it can skip. For the
// runtime's findfunctab, one 20-byte bucket per 4096 wasm PCs, that makes
// tens of thousands of two-byte segments, each behind a header of 6 to 9
// bytes with a fresh offset that brotli cannot predict.

const (
	opI32Const = 0x41
	opEnd      = 0x0b
)

// segment is an active data segment: bytes copied to memory at off when the
// module is instantiated.
type segment struct {
	off  uint32
	data []byte
}

func (s segment) end() uint64 { return uint64(s.off) + uint64(len(s.data)) }

// readSegments parses a data section written the way the Go linker writes it.
func readSegments(body []byte) ([]segment, error) {
	r := reader{b: body}
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	segs := make([]segment, 0, min(n, uint32(len(body))))
	for range n {
		s, err := readSegment(&r)
		if err != nil {
			return nil, err
		}
		segs = append(segs, s)
	}
	if !r.done() {
		return nil, r.errAt("bytes after the last data segment")
	}
	return segs, nil
}

func readSegment(r *reader) (segment, error) {
	flag, err := r.byte()
	if err != nil {
		return segment{}, err
	}
	if flag != 0 {
		return segment{}, r.errAt("data segment flag " + strconv.Itoa(int(flag)) + " (only 0, active in memory 0, is merged)")
	}
	if op, err := r.byte(); err != nil || op != opI32Const {
		return segment{}, r.errAt("data segment offset that is not i32.const")
	}
	off, err := r.i32()
	if err != nil {
		return segment{}, err
	}
	if op, err := r.byte(); err != nil || op != opEnd {
		return segment{}, r.errAt("data segment offset expression longer than one i32.const")
	}
	data, err := r.bytes()
	return segment{off: uint32(off), data: data}, err
}

// writeSegments is the inverse of readSegments.
func writeSegments(segs []segment) []byte {
	out := appendU32(nil, uint32(len(segs)))
	for _, s := range segs {
		out = append(out, 0, opI32Const)
		out = appendI32(out, int32(s.off))
		out = append(out, opEnd)
		out = appendU32(out, uint32(len(s.data)))
		out = append(out, s.data...)
	}
	return out
}

// errOverlap says two segments write the same memory: later ones win at
// instantiation, and merging would have to decide which byte survives.
var errOverlap = errors.New("mergedata: data segments overlap")

// mergeSegments joins segments at most maxGap bytes apart, writing the zeros
// between them. A memory is allocated with every byte 0x00 (section 4.5.3,
// allocation of memories), so the module starts with the same memory.
func mergeSegments(segs []segment, maxGap uint32) ([]segment, error) {
	sorted := slices.Clone(segs)
	slices.SortStableFunc(sorted, func(a, b segment) int { return cmp.Compare(a.off, b.off) })
	var out []segment
	owned := false // whether out's last data is a buffer of ours, safe to append to
	for _, s := range sorted {
		if len(out) == 0 {
			out, owned = append(out, s), false
			continue
		}
		last := &out[len(out)-1]
		if uint64(s.off) < last.end() {
			return nil, errOverlap
		}
		gap := uint64(s.off) - last.end()
		if gap > uint64(maxGap) {
			out, owned = append(out, s), false
			continue
		}
		if !owned {
			last.data, owned = slices.Clone(last.data), true
		}
		last.data = append(last.data, make([]byte, gap)...)
		last.data = append(last.data, s.data...)
	}
	return out, nil
}
