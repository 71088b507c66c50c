package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// module builds a wasm binary of a type section (kept as is) and a data
// section of segs, plus a data count section when withCount.
func module(segs []segment, withCount bool) []byte {
	secs := []section{{id: 1, body: []byte{0x01, 0x60, 0x00, 0x00}}}
	if withCount {
		secs = append(secs, section{id: sectionDataCount, body: appendU32(nil, uint32(len(segs)))})
	}
	secs = append(secs, section{id: sectionData, body: writeSegments(segs)})
	return writeSections(secs)
}

// memory is what a module's data segments leave in zero-filled memory: its
// non-zero bytes by address.
func memory(t *testing.T, wasm []byte) map[uint32]byte {
	t.Helper()
	secs, err := readSections(wasm)
	require.NoError(t, err)
	mem := map[uint32]byte{}
	for _, s := range secs {
		if s.id != sectionData {
			continue
		}
		segs, err := readSegments(s.body)
		require.NoError(t, err)
		for _, sg := range segs {
			for i, c := range sg.data {
				if c != 0 {
					mem[sg.off+uint32(i)] = c
				} else {
					delete(mem, sg.off+uint32(i))
				}
			}
		}
	}
	return mem
}

func dataSegments(t *testing.T, wasm []byte) []segment {
	t.Helper()
	secs, err := readSections(wasm)
	require.NoError(t, err)
	for _, s := range secs {
		if s.id == sectionData {
			segs, err := readSegments(s.body)
			require.NoError(t, err)
			return segs
		}
	}
	return nil
}

func TestMergeKeepsMemory(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		segs   []segment
		maxGap uint32
		want   []segment
	}{
		{"none", nil, 16, []segment{}},
		{"one", []segment{{8, []byte{1, 2}}}, 16, []segment{{8, []byte{1, 2}}}},
		{"touching", []segment{{0, []byte{1}}, {1, []byte{2}}}, 0, []segment{{0, []byte{1, 2}}}},
		{"gap at the limit", []segment{{0, []byte{1}}, {5, []byte{2}}}, 4, []segment{{0, []byte{1, 0, 0, 0, 0, 2}}}},
		{"gap past the limit", []segment{{0, []byte{1}}, {6, []byte{2}}}, 4, []segment{{0, []byte{1}}, {6, []byte{2}}}},
		{"out of order", []segment{{10, []byte{3}}, {0, []byte{1}}, {4, []byte{2}}}, 8,
			[]segment{{0, []byte{1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3}}}},
		{"high addresses", []segment{{1<<31 - 2, []byte{7}}, {1<<31 + 1, []byte{9}}}, 8,
			[]segment{{1<<31 - 2, []byte{7, 0, 0, 9}}}},
		{"findfunctab-like run", []segment{{0, []byte{1, 1}}, {20, []byte{1, 2}}, {40, []byte{1, 3}}, {100, []byte{5}}}, 18,
			[]segment{{0, append(append(append([]byte{1, 1}, make([]byte, 18)...), 1, 2), append(make([]byte, 18), 1, 3)...)}, {100, []byte{5}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, withCount := range []bool{false, true} {
				in := module(tt.segs, withCount)
				out, err := merge(in, tt.maxGap)
				require.NoError(t, err)
				assert.Equal(t, memory(t, in), memory(t, out))
				assert.Equal(t, tt.want, dataSegments(t, out))
				if withCount {
					secs, err := readSections(out)
					require.NoError(t, err)
					assert.Equal(t, appendU32(nil, uint32(len(tt.want))), secs[1].body, "the data count follows the merge")
				}
			}
		})
	}
}

func TestMergeKeepsOtherSections(t *testing.T) {
	t.Parallel()
	in := module([]segment{{0, []byte{1}}, {3, []byte{2}}}, false)
	out, err := merge(in, 8)
	require.NoError(t, err)
	before, err := readSections(in)
	require.NoError(t, err)
	after, err := readSections(out)
	require.NoError(t, err)
	require.Len(t, after, len(before))
	assert.Equal(t, before[0], after[0])
}

func TestMergeRefusesWhatItCannotKeep(t *testing.T) {
	t.Parallel()
	data := func(body ...byte) []byte { return writeSections([]section{{id: sectionData, body: body}}) }
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"not wasm", []byte("\x7fELF"), "not a WebAssembly 1.0 binary"},
		{"wasm 2 preamble", []byte("\x00asm\x02\x00\x00\x00"), "not a WebAssembly 1.0 binary"},
		{"section past the end", append(append([]byte(nil), preamble...), 11, 5, 0), "vector longer than its section at byte 10"},
		{"size too long", append(append([]byte(nil), preamble...), 11, 0x80, 0x80, 0x80, 0x80, 0x80, 0), "u32 longer than 5 bytes at byte 14"},
		{"passive segment", data(1, 1, 0), "data segment flag 1"},
		{"global offset", data(1, 0, 0x23, 0, 0x0b, 0), "not i32.const"},
		{"long offset expression", data(1, 0, 0x41, 0, 0x41, 0), "longer than one i32.const"},
		{"missing segment", data(2, 0, 0x41, 0, 0x0b, 0), "unexpected end"},
		{"trailing bytes", data(0, 9), "bytes after the last data segment at byte 1"},
		{"overlap", module([]segment{{0, []byte{1, 2}}, {1, []byte{3}}}, false), "data segments overlap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := merge(tt.in, 16)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestLEB128Boundaries(t *testing.T) {
	t.Parallel()
	for _, v := range []uint32{0, 1, 63, 64, 127, 128, 16383, 16384, 1<<31 - 1, 1 << 31, 1<<32 - 1} {
		r := reader{b: appendU32(nil, v)}
		got, err := r.u32()
		require.NoError(t, err)
		assert.Equal(t, v, got)
		assert.True(t, r.done(), "u32 %d", v)
	}
	for _, v := range []int32{0, 1, -1, 63, 64, -64, -65, 8191, -8192, 1<<31 - 1, -1 << 31} {
		r := reader{b: appendI32(nil, v)}
		got, err := r.i32()
		require.NoError(t, err)
		assert.Equal(t, v, got)
		assert.True(t, r.done(), "i32 %d", v)
	}
	r := reader{b: []byte{0xff, 0xff, 0xff, 0xff, 0x1f}} // 2^33 - 1
	_, err := r.u32()
	assert.ErrorContains(t, err, "u32 out of range")
}

func TestRewriteKeepsTheFileMode(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "x.wasm")
	require.NoError(t, os.WriteFile(path, module([]segment{{0, []byte{1}}, {2, []byte{2}}}, false), 0o755))
	require.NoError(t, os.Chmod(path, 0o755))
	require.NoError(t, rewrite(path, 8))
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o755), info.Mode().Perm())
	out, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, []segment{{0, []byte{1, 0, 2}}}, dataSegments(t, out))
	_, err = os.Stat(path + ".merging")
	assert.True(t, os.IsNotExist(err), "no temporary file is left")
}

func TestRewriteLeavesABadFileAlone(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "x.wasm")
	require.NoError(t, os.WriteFile(path, []byte("not wasm"), 0o644))
	err := rewrite(path, 8)
	require.ErrorContains(t, err, path+": mergedata: not a WebAssembly")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "not wasm", string(b))
}

func FuzzMerge(f *testing.F) {
	f.Add(module([]segment{{0, []byte{1}}, {20, []byte{1, 2}}}, true), uint32(18))
	f.Add(module([]segment{{5, []byte{1}}, {0, []byte{2}}}, false), uint32(0))
	f.Add([]byte("\x00asm\x01\x00\x00\x00\x0b\x01\x00"), uint32(4))
	f.Fuzz(func(t *testing.T, in []byte, maxGap uint32) {
		maxGap %= 1 << 12 // keeps the zeros written for a fuzzed offset small
		out, err := merge(in, maxGap)
		if err != nil {
			return
		}
		assert.Equal(t, memory(t, in), memory(t, out))
		again, err := merge(out, maxGap)
		require.NoError(t, err)
		assert.Equal(t, out, again, "merging is idempotent")
	})
}
