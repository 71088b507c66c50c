//go:build amd64 && !purego

package protocol

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Each kernel on its own, with maskWords finishing the bytes it leaves, so
// the SSE2 path is tested even on a machine where Mask picks AVX2.
func init() {
	kernel := func(f func([]byte, uint32) int) func([]byte, [4]byte, int) int {
		return func(b []byte, key [4]byte, pos int) int {
			k32 := rotatedKey(key, pos)
			maskWords(b[f(b, k32):], k32)
			return pos + len(b)
		}
	}
	maskPaths = append(maskPaths, maskPath{"SSE2", kernel(maskSSE2)})
	if useAVX2 {
		maskPaths = append(maskPaths, maskPath{"AVX2", kernel(maskAVX2)})
	}
}

// TestHasAVX2MatchesKernel: the CPUID check agrees with Linux, whose
// /proc/cpuinfo lists avx2 only when the CPU has it and the kernel saves
// the YMM registers.
func TestHasAVX2MatchesKernel(t *testing.T) {
	t.Parallel()
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skip("no /proc/cpuinfo:", err)
	}
	flags := ""
	for _, line := range strings.Split(string(info), "\n") {
		if strings.HasPrefix(line, "flags") {
			flags = line + " "
			break
		}
	}
	if flags == "" {
		t.Skip("/proc/cpuinfo has no flags line")
	}
	assert.Equal(t, strings.Contains(flags, " avx2 "), hasAVX2(), "%s", flags)
	t.Logf("Mask uses AVX2: %v", useAVX2)
}

// TestMaskKernelsReturnWholeBlocks: each kernel reports the bytes it masked,
// whole vectors only, and leaves the rest to maskWords untouched.
func TestMaskKernelsReturnWholeBlocks(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 15, 16, 31, 32, 63, 64, 127, 128, 129, 300} {
		b := make([]byte, n+8)
		assert.Equal(t, n&^15, maskSSE2(b[:n], 0xffffffff), "SSE2 len %d", n)
		assertOnlyPrefixSet(t, b, n&^15)
		if useAVX2 {
			b = make([]byte, n+8)
			assert.Equal(t, n&^31, maskAVX2(b[:n], 0xffffffff), "AVX2 len %d", n)
			assertOnlyPrefixSet(t, b, n&^31)
		}
	}
}

func assertOnlyPrefixSet(t *testing.T, b []byte, n int) {
	t.Helper()
	for i, c := range b {
		want := byte(0)
		if i < n {
			want = 0xff
		}
		if !assert.Equal(t, want, c, "byte %d of %d masked by the kernel", i, n) {
			return
		}
	}
}
