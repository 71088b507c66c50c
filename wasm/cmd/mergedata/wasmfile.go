package main

import (
	"bytes"
	"errors"
	"strconv"
)

// A WebAssembly binary (WebAssembly Core Specification 2.0, section 5.5) is
// an 8-byte preamble and a list of sections, each an id byte, a LEB128
// size and that many bytes. Only the data section is rewritten; every other
// section is kept byte for byte.

const (
	sectionData      = 11 // section 5.5.14
	sectionDataCount = 12 // section 5.5.15
)

var preamble = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}

// errNotWasm says the input does not start with the wasm 1.0 preamble.
var errNotWasm = errors.New("mergedata: not a WebAssembly 1.0 binary (section 5.5.16: the preamble \\0asm 1 0 0 0)")

// section is one section of a module: its id and its contents.
type section struct {
	id   byte
	body []byte
}

// readSections splits a module into its sections.
func readSections(b []byte) ([]section, error) {
	if !bytes.HasPrefix(b, preamble) {
		return nil, errNotWasm
	}
	r := reader{b: b, off: len(preamble)}
	var out []section
	for !r.done() {
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		body, err := r.bytes()
		if err != nil {
			return nil, err
		}
		out = append(out, section{id: id, body: body})
	}
	return out, nil
}

// writeSections is the inverse of readSections.
func writeSections(secs []section) []byte {
	out := append([]byte(nil), preamble...)
	for _, s := range secs {
		out = append(out, s.id)
		out = appendU32(out, uint32(len(s.body)))
		out = append(out, s.body...)
	}
	return out
}

// reader reads the LEB128 integers and byte vectors of section 5.2.
type reader struct {
	b   []byte
	off int
}

func (r *reader) done() bool { return r.off >= len(r.b) }

func (r *reader) errAt(what string) error {
	return errors.New("mergedata: " + what + " at byte " + strconv.Itoa(r.off))
}

func (r *reader) byte() (byte, error) {
	if r.done() {
		return 0, r.errAt("unexpected end")
	}
	c := r.b[r.off]
	r.off++
	return c, nil
}

// u32 reads an unsigned LEB128 of at most 5 bytes (section 5.2.2).
func (r *reader) u32() (uint32, error) {
	var v uint64
	for shift := 0; shift < 35; shift += 7 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			if v > 1<<32-1 {
				return 0, r.errAt("u32 out of range")
			}
			return uint32(v), nil
		}
	}
	return 0, r.errAt("u32 longer than 5 bytes")
}

// i32 reads a signed LEB128 of at most 5 bytes (section 5.2.2).
func (r *reader) i32() (int32, error) {
	var v int64
	for shift := 0; shift < 35; shift += 7 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= int64(c&0x7f) << shift
		if c&0x80 == 0 {
			if c&0x40 != 0 {
				v |= -1 << (shift + 7)
			}
			if v < -1<<31 || v > 1<<31-1 {
				return 0, r.errAt("i32 out of range")
			}
			return int32(v), nil
		}
	}
	return 0, r.errAt("i32 longer than 5 bytes")
}

// bytes reads a length-prefixed byte vector.
func (r *reader) bytes() ([]byte, error) {
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	if uint64(n) > uint64(len(r.b)-r.off) {
		return nil, r.errAt("vector longer than its section")
	}
	v := r.b[r.off : r.off+int(n)]
	r.off += int(n)
	return v, nil
}

func appendU32(b []byte, v uint32) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func appendI32(b []byte, v int32) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}
