package protocol

// Mask XORs b in place with the masking key, as section 5.3 defines:
// byte i of the payload is XORed with key[i mod 4]. pos is the position of
// b[0] in the whole payload, so a payload can be masked in pieces; Mask
// returns the position that follows b. Masking twice restores the input.
//
// Once the key is rotated to the position, masking is a plain XOR with a
// repeating 32-bit word. On amd64 an assembly kernel (SSE2, or AVX2 where
// the CPU has it) masks the whole vectors of a long payload. The portable
// loop below does the rest, and all of it on js/wasm and the other
// architectures: eight bytes at a time with the key repeated into a 64-bit
// word (little-endian loads and stores, which compile to single moves), then
// bytes for the last few.
func Mask(b []byte, key [4]byte, pos int) int {
	next := pos + len(b)
	// Rotate the key so that b[0] meets key[pos mod 4].
	r := uint(pos&3) * 8
	k32 := le32(key[:])
	if r != 0 {
		k32 = k32>>r | k32<<(32-r)
	}
	// maskKernel is a constant without assembly, so this costs those builds
	// nothing; the kernel masks a multiple of 4 bytes, so k32 still lines up.
	if maskKernel != noMaskKernel && len(b) >= maskKernelMin {
		b = b[maskBulk(b, k32, maskKernel == avx2MaskKernel):]
	}
	k64 := uint64(k32) | uint64(k32)<<32

	for len(b) >= 64 {
		v := b[:64:64]
		putLE64(v[0:], le64(v[0:])^k64)
		putLE64(v[8:], le64(v[8:])^k64)
		putLE64(v[16:], le64(v[16:])^k64)
		putLE64(v[24:], le64(v[24:])^k64)
		putLE64(v[32:], le64(v[32:])^k64)
		putLE64(v[40:], le64(v[40:])^k64)
		putLE64(v[48:], le64(v[48:])^k64)
		putLE64(v[56:], le64(v[56:])^k64)
		b = b[64:]
	}
	for len(b) >= 8 {
		putLE64(b, le64(b)^k64)
		b = b[8:]
	}
	// Every step above consumed a multiple of 4 bytes, so the rotated key
	// still lines up: the low byte of k32 belongs to b[0].
	for i := range b {
		b[i] ^= byte(k32 >> (uint(i&3) * 8))
	}
	return next
}

// MaskStep is one line of the masking table: payload byte I is XORed with
// key byte J = I mod 4.
type MaskStep struct {
	I        int
	J        int
	Original byte
	Key      byte
	Result   byte
}

// TraceMask returns the step-by-step masking of payload with key, starting at
// stream position pos, computed byte by byte exactly as section 5.3 writes it.
func TraceMask(payload []byte, key [4]byte, pos int) []MaskStep {
	steps := make([]MaskStep, len(payload))
	for i, c := range payload {
		j := (pos + i) % 4
		steps[i] = MaskStep{I: pos + i, J: j, Original: c, Key: key[j], Result: c ^ key[j]}
	}
	return steps
}

// Note narrates the step in the words of section 5.3.
func (s MaskStep) Note() Note {
	return Note{ID: "mask.step", Args: []string{itoa(s.I), itoa(s.J), hexByte(s.Original), hexByte(s.Key), hexByte(s.Result)}}
}

// maskKernelMin is the shortest payload Mask hands to an assembly kernel:
// below it the portable loop is as fast as the call (measured on amd64,
// where the two meet between 96 and 192 bytes).
const maskKernelMin = 96

// maskKernelID names the code that masks the bulk of a long payload.
type maskKernelID uint8

const (
	noMaskKernel   maskKernelID = iota // the portable loop does every byte
	sse2MaskKernel                     // amd64 baseline, 16 bytes a step
	avx2MaskKernel                     // 32 bytes a step, where the CPU has AVX2
)
