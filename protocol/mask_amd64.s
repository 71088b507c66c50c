//go:build amd64 && !purego

#include "textflag.h"

// Masking kernels for Mask (RFC 6455 section 5.3). The caller has rotated the
// key so that its low byte belongs to b[0]; every 4-byte lane of a vector
// then takes the same 32-bit key, so one broadcast register serves the whole
// payload. Loads and stores are unaligned: payloads follow frame headers of
// 2 to 14 bytes and have no alignment of their own.

// func maskBulk(b []byte, k32 uint32, avx2 bool) int
//
// Masks the whole vectors at the start of b and returns their length; the
// tail (under 16 or 32 bytes) is left to Mask's portable loop. One entry for
// both kernels saves Mask a Go-level dispatch call.
TEXT ·maskBulk(SB), NOSPLIT, $0-40
	MOVQ b_base+0(FP), DI
	MOVQ b_len+8(FP), CX
	MOVL k32+24(FP), AX
	MOVQ AX, X0                  // key in the low lane
	CMPB avx2+28(FP), $0
	JNE  avx2Kernel

	// SSE2: the amd64 baseline, 16 bytes a register.
	ANDQ   $~15, CX              // whole 16-byte blocks only
	MOVQ   CX, ret+32(FP)
	PSHUFD $0, X0, X0            // key in all four lanes
	MOVQ   CX, DX
	ANDQ   $~63, DX              // bytes for the 64-byte loop
	JZ     sse16
	ADDQ   DI, DX                // end of the 64-byte loop

sse64:
	// Four blocks a turn spread the add-compare-branch over 64 bytes.
	// SSE's PXOR wants an aligned memory operand, hence the separate
	// unaligned loads.
	MOVOU (DI), X1
	MOVOU 16(DI), X2
	MOVOU 32(DI), X3
	MOVOU 48(DI), X4
	PXOR  X0, X1
	PXOR  X0, X2
	PXOR  X0, X3
	PXOR  X0, X4
	MOVOU X1, (DI)
	MOVOU X2, 16(DI)
	MOVOU X3, 32(DI)
	MOVOU X4, 48(DI)
	ADDQ  $64, DI
	CMPQ  DI, DX
	JNE   sse64

sse16:
	ANDQ $63, CX                 // 0 to 3 blocks left
	JZ   sseDone

sse16loop:
	MOVOU (DI), X1
	PXOR  X0, X1
	MOVOU X1, (DI)
	ADDQ  $16, DI
	SUBQ  $16, CX
	JNZ   sse16loop

sseDone:
	RET

avx2Kernel:
	// AVX2: 32 bytes a register.
	ANDQ         $~31, CX        // whole 32-byte blocks only
	MOVQ         CX, ret+32(FP)
	VPBROADCASTD X0, Y0          // key in all eight lanes
	MOVQ         CX, DX
	ANDQ         $~127, DX       // bytes for the 128-byte loop
	JZ           avx32
	ADDQ         DI, DX          // end of the 128-byte loop

avx128:
	// VPXOR takes its memory operand unaligned under VEX encoding, so each
	// block is one load-XOR and one store.
	VPXOR   (DI), Y0, Y1
	VPXOR   32(DI), Y0, Y2
	VPXOR   64(DI), Y0, Y3
	VPXOR   96(DI), Y0, Y4
	VMOVDQU Y1, (DI)
	VMOVDQU Y2, 32(DI)
	VMOVDQU Y3, 64(DI)
	VMOVDQU Y4, 96(DI)
	ADDQ    $128, DI
	CMPQ    DI, DX
	JNE     avx128

avx32:
	ANDQ $127, CX                // 0 to 3 blocks left
	JZ   avxDone

avx32loop:
	VPXOR   (DI), Y0, Y1
	VMOVDQU Y1, (DI)
	ADDQ    $32, DI
	SUBQ    $32, CX
	JNZ     avx32loop

avxDone:
	VZEROUPPER                   // no AVX-to-SSE transition penalty for the caller
	RET

// func cpuid(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL leaf+0(FP), AX
	MOVL subleaf+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func xgetbv() (eax, edx uint32): XCR0, the OS-enabled register state.
TEXT ·xgetbv(SB), NOSPLIT, $0-8
	MOVL   $0, CX
	XGETBV
	MOVL   AX, eax+0(FP)
	MOVL   DX, edx+4(FP)
	RET
