package protocol

import (
	"bytes"
	"math"
	"math/rand"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// maskKernelNames label the paths in failures and benchmarks. maskKernels
// (mask_amd64_test.go, mask_generic_test.go) lists the ones this build has,
// and useMaskKernel switches Mask to one of them: the portable loop that
// js/wasm and the other architectures run is tested on amd64 as well.
//
// Tests that switch paths do not call t.Parallel: Go starts the parallel
// tests (and the fuzz targets) only after every sequential one has finished,
// so no Mask call ever sees the switch.
var maskKernelNames = map[maskKernelID]string{
	noMaskKernel:   "portable",
	sse2MaskKernel: "SSE2",
	avx2MaskKernel: "AVX2",
}

// maskPositions: every key rotation, then large positions of each rotation,
// up to one whose end is near the largest int.
var maskPositions = []int{0, 1, 2, 3, 1<<20 + 1, 1<<30 + 2, 1<<31 - 1, math.MaxInt &^ 1023}

// alignedBuffer returns n random bytes starting on a 64-byte boundary (a
// cache line, and a multiple of every vector width), so that offsets from
// it are offsets from alignment.
func alignedBuffer(r *rand.Rand, n int) []byte {
	raw := make([]byte, n+64)
	r.Read(raw)
	skip := int(-uintptr(unsafe.Pointer(&raw[0])) & 63)
	return raw[skip : skip+n : skip+n]
}

// checkMaskPaths masks src[off:off+n] at pos on every path and compares the
// whole of src with the byte loop's result, so a byte written outside the
// slice fails too.
func checkMaskPaths(t *testing.T, src []byte, key [4]byte, off, n, pos int) {
	t.Helper()
	want := bytes.Clone(src)
	copy(want[off:], refMask(src[off:off+n], key, pos))
	got := make([]byte, len(src))
	for _, k := range maskKernels {
		copy(got, src)
		restore := useMaskKernel(k)
		next := Mask(got[off:off+n], key, pos)
		restore()
		if next != pos+n || !bytes.Equal(got, want) {
			require.Equal(t, pos+n, next, "%s: returned position", maskKernelNames[k])
			require.Equal(t, want, got, "%s: key %x offset %d length %d pos %d", maskKernelNames[k], key, off, n, pos)
		}
	}
}

// TestMaskPathsMatchByteLoop: every path, at every offset 0..7 from an
// aligned start, every key rotation (and some large positions), every length
// 0 to 300, with guard bytes on both sides that must stay as they were.
func TestMaskPathsMatchByteLoop(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	const guard, maxLen = 64, 300
	src := alignedBuffer(r, guard+8+maxLen+guard)
	for _, key := range [][4]byte{rfcKey, {1, 2, 3, 4}, {0xff, 0, 0xff, 0}} {
		for off := guard; off < guard+8; off++ {
			for _, pos := range maskPositions {
				for n := 0; n <= maxLen; n++ {
					checkMaskPaths(t, src, key, off, n, pos)
				}
			}
		}
	}
}

// TestMaskPathsLarge: the sizes the benchmark measures, where the vector
// loops run thousands of turns, at every offset 0..7, each with one key
// rotation and one large position.
func TestMaskPathsLarge(t *testing.T) {
	r := rand.New(rand.NewSource(8))
	for _, n := range []int{64 << 10, 1 << 20} {
		src := alignedBuffer(r, n+16)
		for off := 0; off < 8; off++ {
			for _, pos := range []int{off & 3, 1<<30 + off} {
				checkMaskPaths(t, src, rfcKey, off, n, pos)
			}
		}
	}
}

// FuzzMask compares every path with the byte loop on arbitrary data, key,
// offset and position.
func FuzzMask(f *testing.F) {
	f.Add([]byte("Hello"), uint32(0x3d21fa37), uint8(0), uint64(0))
	f.Add(bytes.Repeat([]byte{0xa5}, 300), uint32(0x04030201), uint8(3), uint64(1<<31-1))
	f.Add(make([]byte, 1000), uint32(0xffffffff), uint8(7), uint64(2))
	f.Fuzz(func(t *testing.T, data []byte, key32 uint32, off uint8, pos uint64) {
		key := [4]byte{byte(key32), byte(key32 >> 8), byte(key32 >> 16), byte(key32 >> 24)}
		o := int(off % 64)
		src := make([]byte, o+len(data)+8)
		copy(src[o:], data)
		checkMaskPaths(t, src, key, o, len(data), int(pos>>2))
	})
}
