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

// BenchmarkMask compares Mask with the two memory-bandwidth references in one
// run: copy() moves the same bytes, and subtle.XORBytes XORs them with a key
// that was expanded to the payload's length beforehand.
func BenchmarkMask(b *testing.B) {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	for _, n := range maskSizes {
		buf := make([]byte, n)
		dst := make([]byte, n)
		expanded := make([]byte, n)
		for i := range expanded {
			expanded[i] = key[i&3]
		}
		b.Run(sizeName(n)+"/Mask", func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				Mask(buf, key, 0)
			}
		})
		b.Run(sizeName(n)+"/copy", func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				copy(dst, buf)
			}
		})
		b.Run(sizeName(n)+"/XORBytes", func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				subtle.XORBytes(buf, buf, expanded)
			}
		})
	}
}
