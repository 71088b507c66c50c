//go:build !amd64 || purego

package protocol

// Without assembly (js/wasm, arm64 and the rest, or any build with the
// purego tag) the portable loop in Mask does every byte. The constant lets
// the compiler drop the kernel call, so these builds carry no extra code.
const maskKernel = noMaskKernel

func maskBulk(b []byte, k32 uint32, avx2 bool) int { return 0 }
