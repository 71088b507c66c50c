//go:build amd64 && !purego

package protocol

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// maskKernels: the portable loop and SSE2 run on every amd64 machine, AVX2
// where the CPU has it.
var maskKernels = func() []maskKernelID {
	ks := []maskKernelID{noMaskKernel, sse2MaskKernel}
	if hasAVX2() {
		ks = append(ks, avx2MaskKernel)
	}
	return ks
}()

// useMaskKernel switches Mask to kernel k until restore is called; only
// sequential tests may call it (see maskKernelNames).
func useMaskKernel(k maskKernelID) (restore func()) {
	was := maskKernel
	maskKernel = k
	return func() { maskKernel = was }
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
	t.Logf("Mask uses %s", maskKernelNames[maskKernel])
}

// TestMaskKernelsReturnWholeBlocks: each kernel reports the bytes it masked,
// whole vectors only, and leaves the rest untouched.
func TestMaskKernelsReturnWholeBlocks(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 15, 16, 31, 32, 63, 64, 127, 128, 129, 300} {
		b := make([]byte, n+8)
		assert.Equal(t, n&^15, maskBulk(b[:n], 0xffffffff, false), "SSE2 len %d", n)
		assertOnlyPrefixSet(t, b, n&^15)
		if hasAVX2() {
			b = make([]byte, n+8)
			assert.Equal(t, n&^31, maskBulk(b[:n], 0xffffffff, true), "AVX2 len %d", n)
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
