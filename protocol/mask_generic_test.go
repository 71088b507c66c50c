//go:build !amd64 || purego

package protocol

// Without assembly Mask has one path, the portable loop.
var maskKernels = []maskKernelID{noMaskKernel}

func useMaskKernel(maskKernelID) (restore func()) { return func() {} }
