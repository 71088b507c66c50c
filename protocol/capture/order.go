package capture

// byteOrder reads the integers of a capture, which are written in the byte
// order of the machine that wrote it (the magic number tells which). The
// package writes this itself: encoding/binary would pull reflect into the
// WebAssembly build.
type byteOrder bool

const (
	littleEndian byteOrder = false
	bigEndian    byteOrder = true
)

func (o byteOrder) u16(b []byte) uint16 {
	_ = b[1]
	if o == bigEndian {
		return uint16(b[0])<<8 | uint16(b[1])
	}
	return uint16(b[1])<<8 | uint16(b[0])
}

func (o byteOrder) u32(b []byte) uint32 {
	_ = b[3]
	if o == bigEndian {
		return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	}
	return uint32(b[3])<<24 | uint32(b[2])<<16 | uint32(b[1])<<8 | uint32(b[0])
}

func (o byteOrder) u64(b []byte) uint64 {
	if o == bigEndian {
		return uint64(o.u32(b))<<32 | uint64(o.u32(b[4:]))
	}
	return uint64(o.u32(b[4:]))<<32 | uint64(o.u32(b))
}

// Network byte order, for the headers inside packets.
func be16(b []byte) uint16 { return bigEndian.u16(b) }
func be32(b []byte) uint32 { return bigEndian.u32(b) }

func hex32(v uint32) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 10)
	out[0], out[1] = '0', 'x'
	for i := 9; i >= 2; i-- {
		out[i] = digits[v&15]
		v >>= 4
	}
	return string(out)
}
