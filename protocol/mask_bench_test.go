package protocol

import (
	"crypto/subtle"
	"strconv"
	"testing"
)

var maskSizes = []int{16, 125, 1024, 64 << 10, 1 << 20}

func sizeName(n int) string {
	switch {
	case n >= 1<<20:
		return strconv.Itoa(n>>20) + "MiB"
	case n >= 1024:
		return strconv.Itoa(n>>10) + "KiB"
	}
	return strconv.Itoa(n) + "B"
}

// maskPeer is another library's masking function, benchmarked beside Mask.
// Peers register themselves from files the js/wasm test build leaves out
// (mask_peer_test.go), so that build needs none of their modules.
type maskPeer struct {
	name string
	mask func(b []byte, key [4]byte, pos int)
}

var maskPeers []maskPeer

// BenchmarkMask compares Mask with its peers and with two memory-bandwidth
// references in one run, size by size: copy() moves the same bytes, and
// subtle.XORBytes XORs them with a key that was expanded to the payload's
// length beforehand. Every case masks the same buffer in place. Where the
// build has more than one path, "wsplay" is the one Mask picks and
// "wsplay-<path>" rows show the others.
func BenchmarkMask(b *testing.B) {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	for _, n := range maskSizes {
		buf := make([]byte, n)
		dst := make([]byte, n)
		expanded := make([]byte, n)
		for i := range expanded {
			expanded[i] = key[i&3]
		}
		run := func(name string, f func()) {
			b.Run(sizeName(n)+"/"+name, func(b *testing.B) {
				b.SetBytes(int64(n))
				for b.Loop() {
					f()
				}
			})
		}
		run("wsplay", func() { Mask(buf, key, 0) })
		for _, p := range maskPeers {
			run(p.name, func() { p.mask(buf, key, 0) })
		}
		run("XORBytes", func() { subtle.XORBytes(buf, buf, expanded) })
		run("copy", func() { copy(dst, buf) })
		for _, k := range maskKernels {
			if k != maskKernel {
				run("wsplay-"+maskKernelNames[k], func() {
					defer useMaskKernel(k)()
					Mask(buf, key, 0)
				})
			}
		}
	}
}
