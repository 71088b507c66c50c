package protocol

import (
	"crypto/subtle"
	"slices"
	"strconv"
	"testing"
	"time"
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
// length beforehand. Every case masks the same buffer in place. The
// "vs-<peer>" rows time Mask and the peer alternately (benchMaskVersus).
// Where the build has more than one path, "wsplay" is the one Mask picks and
// the "wsplay-<path>" rows run the others.
func BenchmarkMask(b *testing.B) {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	for _, n := range maskSizes {
		buf := make([]byte, n)
		dst := make([]byte, n)
		expanded := make([]byte, n)
		for i := range expanded {
			expanded[i] = key[i&3]
		}
		// Every row calls its function through the same func value, so the
		// harness costs each the same.
		run := func(name string, kernel maskKernelID, f func([]byte, [4]byte, int)) {
			b.Run(sizeName(n)+"/"+name, func(b *testing.B) {
				defer useMaskKernel(kernel)()
				b.SetBytes(int64(n))
				for b.Loop() {
					f(buf, key, 0)
				}
			})
		}
		run("wsplay", maskKernel, maskNoPos)
		for _, p := range maskPeers {
			run(p.name, maskKernel, p.mask)
		}
		run("XORBytes", maskKernel, func(b []byte, _ [4]byte, _ int) { subtle.XORBytes(b, b, expanded) })
		run("copy", maskKernel, func(b []byte, _ [4]byte, _ int) { copy(dst, b) })
		for _, p := range maskPeers {
			b.Run(sizeName(n)+"/vs-"+p.name, func(b *testing.B) { benchMaskVersus(b, p, buf, key) })
		}
		for _, k := range maskKernels {
			if k != maskKernel {
				run("wsplay-"+maskKernelNames[k], k, maskNoPos)
			}
		}
	}
}

// maskNoPos is Mask in the shape of the peers' functions.
func maskNoPos(b []byte, key [4]byte, pos int) { Mask(b, key, pos) }

// benchMaskVersus times Mask and a peer in alternation on the same buffer
// and reports the median of the paired ratios, peer time ÷ Mask time (above
// 1: Mask is faster). Separate rows run seconds apart, so on a shared
// machine a burst of load can land on one of them; here both sides see the
// same load and the same cache, the order flips every turn, and the median
// ignores the turns a preemption spoiled. Each timed stretch masks at least
// 64 KiB so the clock reads cost nothing measurable.
func benchMaskVersus(b *testing.B, p maskPeer, buf []byte, key [4]byte) {
	reps := max(1, (64<<10)/len(buf))
	stretch := func(f func([]byte, [4]byte, int)) time.Duration {
		t0 := time.Now()
		for range reps {
			f(buf, key, 0)
		}
		return time.Since(t0)
	}
	var ratios []float64
	for b.Loop() {
		var ours, theirs time.Duration
		if len(ratios)%2 == 0 {
			ours, theirs = stretch(maskNoPos), stretch(p.mask)
		} else {
			theirs, ours = stretch(p.mask), stretch(maskNoPos)
		}
		ratios = append(ratios, float64(theirs)/float64(ours))
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], p.name+"/wsplay")
}
