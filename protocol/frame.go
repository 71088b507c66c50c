package protocol

import "github.com/wsplay/wsplay/protocol/deflate"

// Role says which endpoint sent the bytes being read. The masking rule of
// section 5.1 depends on it: clients mask every frame, servers never do.
type Role uint8

const (
	FromClient Role = iota + 1 // the reader is a server
	FromServer                 // the reader is a client
)

func (r Role) String() string {
	switch r {
	case FromClient:
		return "client"
	case FromServer:
		return "server"
	}
	return "unknown"
}

// LengthForm is how many bits carry the payload length (section 5.2): 7, or
// the 7-bit marker 126 followed by 16 bits, or 127 followed by 64 bits.
type LengthForm uint8

const (
	LengthMinimal LengthForm = 0 // choose the shortest form, as section 5.2 requires
	Length7       LengthForm = 7
	Length16      LengthForm = 16
	Length64      LengthForm = 64
)

// MinimalLengthForm returns the form section 5.2 requires for a payload of n
// bytes: 7 bits up to 125, 16 bits up to 65535, 64 bits beyond.
func MinimalLengthForm(n uint64) LengthForm {
	switch {
	case n <= 125:
		return Length7
	case n <= 0xFFFF:
		return Length16
	}
	return Length64
}

// Header is a frame header (section 5.2). Length is the payload length as
// written, which may exceed what the reader accepts; it is uint64 because a
// hostile peer can write any 64 bits, and the checks reject it before
// anything is allocated.
type Header struct {
	Fin              bool
	Rsv1, Rsv2, Rsv3 bool
	Opcode           Opcode
	Masked           bool
	MaskKey          [4]byte
	Length           uint64
	// LengthForm records how Length was (or is to be) encoded. Encoders treat
	// LengthMinimal as "shortest"; ParseHeader always sets 7, 16 or 64.
	LengthForm LengthForm
}

// MaxHeaderSize is the largest header: 2 bytes, 8 of extended length, 4 of key.
const MaxHeaderSize = 14

// Size is the number of bytes the header occupies on the wire.
func (h Header) Size() int {
	n := 2
	switch h.form() {
	case Length16:
		n += 2
	case Length64:
		n += 8
	}
	if h.Masked {
		n += 4
	}
	return n
}

// form is the length form h is encoded with: h.LengthForm when it is one of
// the three forms and wide enough for Length, otherwise the minimal one.
func (h Header) form() LengthForm {
	minimal := MinimalLengthForm(h.Length)
	switch h.LengthForm {
	case Length7, Length16, Length64:
		if h.LengthForm > minimal {
			return h.LengthForm
		}
	}
	return minimal
}

// rsvBits returns the three RSV flags as the 3-bit value they form.
func (h Header) rsvBits() uint8 {
	var v uint8
	if h.Rsv1 {
		v |= 4
	}
	if h.Rsv2 {
		v |= 2
	}
	if h.Rsv3 {
		v |= 1
	}
	return v
}

// String renders the header for logs, e.g.
// "FIN text len=5 mask=37fa213d" or "CONT binary rsv1 len=70000".
func (h Header) String() string {
	s := "CONT"
	if h.Fin {
		s = "FIN"
	}
	s += " " + h.Opcode.String()
	for i, set := range [3]bool{h.Rsv1, h.Rsv2, h.Rsv3} {
		if set {
			s += " rsv" + itoa(i+1)
		}
	}
	s += " len=" + utoa(h.Length)
	if h.form() != MinimalLengthForm(h.Length) {
		s += "/" + itoa(int(h.form())) + "bit"
	}
	if h.Masked {
		s += " mask=" + Hex(h.MaskKey[:])
	}
	return s
}

// AppendHeader appends the encoded header to dst. Any header can be written,
// including ones that break the rules (RSV bits, reserved opcodes, a
// non-minimal length when h.LengthForm asks for one), because a playground
// must be able to show them. A LengthForm too small for Length is widened, and
// one that is not 7, 16 or 64 counts as LengthMinimal. Opcodes above 15 are
// truncated to their low four bits.
func AppendHeader(dst []byte, h Header) []byte {
	b0 := byte(h.Opcode & 0xF)
	if h.Fin {
		b0 |= 0x80
	}
	b0 |= h.rsvBits() << 4
	var b1 byte
	if h.Masked {
		b1 = 0x80
	}
	switch h.form() {
	case Length7:
		dst = append(dst, b0, b1|byte(h.Length))
	case Length16:
		dst = append(dst, b0, b1|126)
		dst = appendBE16(dst, uint16(h.Length))
	default:
		dst = append(dst, b0, b1|127)
		dst = appendBE64(dst, h.Length)
	}
	if h.Masked {
		dst = append(dst, h.MaskKey[:]...)
	}
	return dst
}

// Frame is a header and its payload, unmasked.
type Frame struct {
	Header
	Payload []byte
}

// AppendFrame appends f to dst: the header (with Length set from the payload)
// and the payload, masked with f.MaskKey when f.Masked. f.Payload is not
// modified.
func AppendFrame(dst []byte, f Frame) []byte {
	f.Length = uint64(len(f.Payload))
	dst = AppendHeader(dst, f.Header)
	start := len(dst)
	dst = append(dst, f.Payload...)
	if f.Masked {
		Mask(dst[start:], f.MaskKey, 0)
	}
	return dst
}

// ParseHeader reads the frame header at the start of b. When b holds only
// part of it, ParseHeader returns n == 0 and need, the number of bytes still
// missing (at most 13). It checks nothing: see CheckHeader.
func ParseHeader(b []byte) (h Header, n int, need int) {
	if len(b) < 2 {
		return h, 0, 2 - len(b)
	}
	b0, b1 := b[0], b[1]
	h.Fin = b0&0x80 != 0
	h.Rsv1, h.Rsv2, h.Rsv3 = b0&0x40 != 0, b0&0x20 != 0, b0&0x10 != 0
	h.Opcode = Opcode(b0 & 0xF)
	h.Masked = b1&0x80 != 0
	n = 2
	switch l7 := b1 & 0x7F; l7 {
	case 126:
		h.LengthForm = Length16
		n += 2
	case 127:
		h.LengthForm = Length64
		n += 8
	default:
		h.LengthForm = Length7
		h.Length = uint64(l7)
	}
	if h.Masked {
		n += 4
	}
	if len(b) < n {
		return Header{}, 0, n - len(b)
	}
	switch h.LengthForm {
	case Length16:
		h.Length = uint64(be16(b[2:]))
	case Length64:
		h.Length = be64(b[2:])
	}
	if h.Masked {
		copy(h.MaskKey[:], b[n-4:n])
	}
	return h, n, 0
}

// ExtensionsDeflate is permessage-deflate's bit in Limits.Extensions: it
// gives RSV1 its meaning, "this message is compressed" (RFC 7692 section 6).
const ExtensionsDeflate uint8 = 4

// Limits tells the checks what the reading endpoint expects.
type Limits struct {
	From Role // who sent the frames; 0 skips the masking rule
	// Extensions are the RSV bits negotiated extensions define, as the 3-bit
	// value RSV1<<2 | RSV2<<1 | RSV3 (permessage-deflate allows ExtensionsDeflate).
	Extensions uint8
	// MaxPayload caps a frame's payload length; 0 means 1<<63-1. A reader
	// buffers at most this much, so a hostile length is refused up front.
	MaxPayload uint64
	// Inflater, with permessage-deflate agreed (ExtensionsDeflate), lets Decode
	// inflate the messages whose first frame has RSV1 (RFC 7692). Without
	// it Decode hands such messages over compressed, unchecked for UTF-8.
	Inflater *deflate.Inflater
	// NoFields leaves DecodedFrame.Fields empty: a reader of thousands of
	// frames (a capture) that shows a few annotates those alone, and the
	// annotations are most of Decode's work and memory.
	NoFields bool
}

// CheckHeader returns the first rule h breaks, as a *Violation whose offset is
// relative to the start of the frame, or nil. The length rules apply to the
// form AppendHeader would write h in, so a header built by hand is judged by
// the bytes it becomes.
func CheckHeader(h Header, lim Limits) error {
	if vs := headerViolations(h, lim, false); vs != nil {
		return vs[0]
	}
	return nil
}

// headerViolations checks h against every header rule, stopping at the first
// unless all is set. Offsets are relative to the frame's first byte.
func headerViolations(h Header, lim Limits, all bool) []*Violation {
	var vs []*Violation
	add := func(r *Rule, off int64, value string) bool {
		vs = append(vs, violation(r, off, value))
		return !all
	}
	if h.Opcode.IsReserved() && add(ErrReservedOpcode, 0, h.Opcode.Hex()) {
		return vs
	}
	if rsv := h.rsvBits(); rsv&^lim.Extensions != 0 && add(ErrReservedBits, 0, "RSV="+bitsOf(uint64(rsv), 3)) {
		return vs
	}
	if lim.Extensions&ExtensionsDeflate != 0 && h.Rsv1 && pmdRSV1Misplaced(h, add) {
		return vs
	}
	if lim.From == FromClient && !h.Masked && add(ErrUnmaskedClientFrame, 1, "MASK=0") {
		return vs
	}
	if lim.From == FromServer && h.Masked && add(ErrMaskedServerFrame, 1, "MASK=1") {
		return vs
	}
	if h.Opcode.IsControl() {
		if !h.Fin && add(ErrControlFragmented, 0, "FIN=0") {
			return vs
		}
		if h.Length > 125 && add(ErrControlTooLong, 1, utoa(h.Length)) {
			return vs
		}
	}
	// A length of 2^63 or more is always written in the 64-bit form.
	if h.Length>>63 != 0 && add(ErrLengthHighBit, 2, "0x"+Hex(appendBE64(nil, h.Length))) {
		return vs
	}
	form := h.form()
	if form != MinimalLengthForm(h.Length) &&
		add(ErrLengthNotMinimal, 1, extendedLengthHex(h.Length, form)) {
		return vs
	}
	max := lim.MaxPayload
	if max == 0 {
		max = 1<<63 - 1
	}
	lengthAt := int64(1) // the byte that holds the length's value
	if form != Length7 {
		lengthAt = 2
	}
	if h.Length>>63 == 0 && h.Length > max && add(ErrTooBig, lengthAt, utoa(h.Length)) {
		return vs
	}
	return vs
}

// extendedLengthHex shows an extended length field as it is written, e.g.
// "0x0005" for 5 in the 16-bit form.
func extendedLengthHex(n uint64, form LengthForm) string {
	b := appendBE64(nil, n)
	if form == Length16 {
		b = b[6:]
	}
	return "0x" + Hex(b)
}
