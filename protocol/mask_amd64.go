//go:build amd64 && !purego

package protocol

// maskKernel is chosen once at start-up (the tests switch it to run every
// path): SSE2 is part of every amd64 CPU, AVX2 is not.
var maskKernel = fastestMaskKernel()

func fastestMaskKernel() maskKernelID {
	if hasAVX2() {
		return avx2MaskKernel
	}
	return sse2MaskKernel
}

// hasAVX2 reports whether the CPU has AVX2 and the OS saves the 256-bit YMM
// registers on a context switch, the check the Intel SDM (vol. 1, 14.3)
// prescribes: CPUID.1:ECX says OSXSAVE and AVX, XGETBV's XCR0 says XMM and
// YMM state are enabled, CPUID.(7,0):EBX says AVX2.
func hasAVX2() bool {
	const (
		osxsave  = 1 << 27     // CPUID.1:ECX
		avx      = 1 << 28     // CPUID.1:ECX
		avx2     = 1 << 5      // CPUID.(7,0):EBX
		ymmState = 1<<1 | 1<<2 // XCR0: SSE and AVX register state
	)
	if maxLeaf, _, _, _ := cpuid(0, 0); maxLeaf < 7 {
		return false
	}
	if _, _, ecx, _ := cpuid(1, 0); ecx&(osxsave|avx) != osxsave|avx {
		return false
	}
	if xcr0, _ := xgetbv(); xcr0&ymmState != ymmState {
		return false
	}
	_, ebx, _, _ := cpuid(7, 0)
	return ebx&avx2 != 0
}

// maskBulk masks the whole vectors at the start of b, XORing them with k32
// repeated, and returns how many bytes that was: len(b) rounded down to a
// multiple of 16 with SSE2, of 32 with AVX2 (only where hasAVX2 says so).
// Mask's portable loop does the rest.
//
//go:noescape
func maskBulk(b []byte, k32 uint32, avx2 bool) int

func cpuid(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)

func xgetbv() (eax, edx uint32)
