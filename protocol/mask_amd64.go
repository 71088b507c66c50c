//go:build amd64 && !purego

package protocol

// maskKernel is chosen once at start-up (the tests switch it to run every
// path): SSE2 is part of every amd64 CPU, AVX2 is not.
var maskKernel = fastestMaskKernel()

// maskBulk masks the whole vectors at the start of b with the kernel
// maskKernel names and returns how many bytes that was (a multiple of 16);
// Mask's portable loop does the rest.
func maskBulk(b []byte, k32 uint32) int {
	if maskKernel == avx2MaskKernel {
		return maskAVX2(b, k32)
	}
	return maskSSE2(b, k32)
}

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
		osxsave  = 1 << 27 // CPUID.1:ECX
		avx      = 1 << 28 // CPUID.1:ECX
		avx2     = 1 << 5  // CPUID.(7,0):EBX
		ymmState = 1<<1 | 1<<2
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

// maskSSE2 XORs b with k32 repeated, 16 bytes at a time, and returns the
// number of bytes masked: len(b) rounded down to a multiple of 16.
//
//go:noescape
func maskSSE2(b []byte, k32 uint32) int

// maskAVX2 is maskSSE2 with 32-byte registers: it returns len(b) rounded
// down to a multiple of 32. Only call it when hasAVX2 says so.
//
//go:noescape
func maskAVX2(b []byte, k32 uint32) int

func cpuid(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)

func xgetbv() (eax, edx uint32)
