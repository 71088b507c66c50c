package capture

import "strconv"

// pcapng block types (draft-ietf-opsawg-pcapng sections 4 and appendix A)
// and the options the reader uses.
const (
	blockSHB = 0x0A0D0D0A // Section Header Block: a palindrome, read the same in both orders
	blockIDB = 0x00000001 // Interface Description Block
	blockOPB = 0x00000002 // Obsolete Packet Block (appendix A)
	blockSPB = 0x00000003 // Simple Packet Block
	blockEPB = 0x00000006 // Enhanced Packet Block

	byteOrderMagic = 0x1A2B3C4D

	optEnd      = 0
	optComment  = 1
	optIfName   = 2
	optTSResol  = 9
	optTSOffset = 14
)

// ngInterface is an interface as a pcapng section defined it.
type ngInterface struct {
	index  int // into Capture.Interfaces, -1 when over MaxInterfaces
	snap   uint32
	res    resolution
	offset int64 // if_tsoffset, seconds
}

// readPcapNG reads sections of blocks (section 3.1: type, total length, body,
// the total length again). Unknown blocks are skipped; a block whose length
// cannot be trusted ends the reading, because nothing after it can be
// delimited.
func (r *reader) readPcapNG(b []byte) *Problem {
	var o byteOrder
	var ifaces []ngInterface
	for off := 0; off < len(b); {
		if len(b)-off < 12 {
			return r.fatal(ErrTruncated, int64(off), "a block is at least 12 bytes, "+strconv.Itoa(len(b)-off)+" are left")
		}
		typ := o.u32(b[off:])
		if typ == blockSHB {
			var ok bool
			if o, ok = sectionOrder(b[off+8:]); !ok {
				return r.fatal(ErrByteOrder, int64(off+8), hex32(bigEndian.u32(b[off+8:])))
			}
			ifaces = ifaces[:0]
		}
		size := o.u32(b[off+4:])
		if size < 12 || size%4 != 0 {
			return r.fatal(ErrBlockLength, int64(off+4), "total length "+utoa(size))
		}
		if uint64(size) > uint64(len(b)-off) {
			return r.fatal(ErrTruncated, int64(off+4), "the block says "+utoa(size)+" bytes, "+strconv.Itoa(len(b)-off)+" are left")
		}
		end := off + int(size)
		if trail := o.u32(b[end-4:]); trail != size {
			return r.fatal(ErrBlockLength, int64(end-4), "total length "+utoa(size)+" at the start, "+utoa(trail)+" at the end")
		}
		body := b[off+8 : end-4]
		switch typ {
		case blockSHB:
			if len(body) < 16 || o.u16(body[4:]) != 1 {
				return r.fatal(ErrBlockLength, int64(off), "a Section Header Block of version 1 has at least 16 bytes of body")
			}
		case blockIDB:
			ifaces = r.addInterface(ifaces, o, body, int64(off))
		case blockEPB, blockOPB, blockSPB:
			if !r.ngPacket(o, typ, ifaces, body, int64(off+8)) {
				return nil
			}
		}
		off = end
	}
	return nil
}

// sectionOrder reads the byte-order magic of a Section Header Block.
func sectionOrder(b []byte) (byteOrder, bool) {
	switch {
	case littleEndian.u32(b) == byteOrderMagic:
		return littleEndian, true
	case bigEndian.u32(b) == byteOrderMagic:
		return bigEndian, true
	}
	return littleEndian, false
}

// addInterface reads an Interface Description Block (section 4.2).
func (r *reader) addInterface(ifaces []ngInterface, o byteOrder, body []byte, at int64) []ngInterface {
	if len(body) < 8 {
		r.problem(ErrBlockLength, at, 0, "an Interface Description Block has at least 8 bytes of body")
		return append(ifaces, ngInterface{index: -1})
	}
	ni := ngInterface{index: -1, snap: o.u32(body[4:]), res: microseconds}
	it := Interface{LinkType: LinkType(o.u16(body)), SnapLen: ni.snap}
	eachOption(o, body[8:], func(code uint16, v []byte) {
		switch {
		case code == optIfName:
			it.Name = string(v)
		case code == optTSResol && len(v) >= 1:
			ni.res = resolution{exp: v[0] & 0x7F, pow2: v[0]&0x80 != 0}
		case code == optTSOffset && len(v) >= 8:
			ni.offset = int64(o.u64(v))
		}
	})
	if !ni.res.valid() {
		r.problem(ErrTimestampResolution, at, 0, ni.res.String())
		ni.res = microseconds
	}
	it.Resolution = ni.res.String()
	if len(r.c.Interfaces) < MaxInterfaces && len(ifaces) < MaxInterfaces {
		ni.index = len(r.c.Interfaces)
		r.c.Interfaces = append(r.c.Interfaces, it)
	}
	return append(ifaces, ni)
}

// eachOption calls fn for each option (section 3.5: code, length, value
// padded to 32 bits) until opt_endofopt or the end of b.
func eachOption(o byteOrder, b []byte, fn func(code uint16, value []byte)) {
	for len(b) >= 4 {
		code, n := o.u16(b), int(o.u16(b[2:]))
		if code == optEnd || 4+n > len(b) {
			return
		}
		fn(code, b[4:4+n])
		b = b[min(len(b), 4+(n+3)&^3):]
	}
}

// ngPacket reads an Enhanced (section 4.3), Simple (4.4) or Obsolete
// (appendix A) Packet Block. It returns false once MaxPackets is reached.
func (r *reader) ngPacket(o byteOrder, typ uint32, ifaces []ngInterface, body []byte, at int64) bool {
	var id int
	var units uint64
	var caplen, orig uint32
	var data []byte
	switch typ {
	case blockSPB: // no interface, no timestamp: interface 0, its snaplen bounds the data
		if len(body) < 4 {
			return r.badBlock(at, "a Simple Packet Block has at least 4 bytes of body")
		}
		orig = o.u32(body)
		caplen = min(orig, uint32(len(body)-4))
		if len(ifaces) > 0 && ifaces[0].snap != 0 {
			caplen = min(caplen, ifaces[0].snap)
		}
		data = body[4:]
	case blockEPB, blockOPB:
		if len(body) < 20 {
			return r.badBlock(at, "a packet block has at least 20 bytes of body")
		}
		id = int(o.u32(body))
		if typ == blockOPB {
			id = int(o.u16(body))
		}
		units = uint64(o.u32(body[4:]))<<32 | uint64(o.u32(body[8:]))
		caplen, orig, data = o.u32(body[12:]), o.u32(body[16:]), body[20:]
	}
	number := r.nextPacket()
	if number == 0 {
		return false
	}
	switch {
	case uint64(caplen) > uint64(len(data)) || caplen > MaxPacketBytes:
		r.problem(ErrRecordLength, at+12, number, "captured length "+utoa(caplen)+" in a block with room for "+strconv.Itoa(len(data)))
	case id >= len(ifaces) || ifaces[id].index < 0:
		r.problem(ErrInterfaceUnknown, at, number, "interface "+strconv.Itoa(id)+" of "+strconv.Itoa(len(ifaces)))
	default:
		ni := ifaces[id]
		r.packet(packet{number: number, offset: at + int64(len(body)-len(data)), at: ni.res.time(units, ni.offset),
			iface: ni.index, data: data[:caplen], orig: int(max(orig, caplen))})
	}
	return true
}

func (r *reader) badBlock(at int64, text string) bool {
	r.problem(ErrBlockLength, at, 0, text)
	return true
}
