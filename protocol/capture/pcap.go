package capture

import "strconv"

// Classic pcap magic numbers (draft-ietf-opsawg-pcap section 4): the first
// word says the byte order and whether the fraction counts micro- or
// nanoseconds.
const (
	pcapMagicMicro = 0xA1B2C3D4
	pcapMagicNano  = 0xA1B23C4D
	pcapHeaderSize = 24
	pcapRecordSize = 16
)

// pcapOrder reports the byte order and resolution of a classic pcap header.
func pcapOrder(b []byte) (byteOrder, resolution, bool) {
	for _, o := range []byteOrder{littleEndian, bigEndian} {
		switch o.u32(b) {
		case pcapMagicMicro:
			return o, microseconds, true
		case pcapMagicNano:
			return o, resolution{exp: 9}, true
		}
	}
	return littleEndian, resolution{}, false
}

// readPcap reads a classic pcap file: a 24-byte header, then records of a
// 16-byte header and the packet bytes (section 5). It stops at the first
// record it cannot delimit.
func (r *reader) readPcap(b []byte) *Problem {
	o, res, _ := pcapOrder(b)
	if len(b) < pcapHeaderSize {
		return r.fatal(ErrTruncated, int64(len(b)), "a pcap file header is 24 bytes, the file has "+strconv.Itoa(len(b)))
	}
	snap := o.u32(b[16:])
	link := LinkType(o.u32(b[20:]) & 0xFFFF) // the upper bits describe the FCS
	r.c.Interfaces = append(r.c.Interfaces, Interface{LinkType: link, SnapLen: snap, Resolution: res.String()})
	off := pcapHeaderSize
	for off < len(b) {
		if len(b)-off < pcapRecordSize {
			return r.fatal(ErrTruncated, int64(off), "a record header is 16 bytes, "+strconv.Itoa(len(b)-off)+" are left")
		}
		h := b[off : off+pcapRecordSize]
		incl, orig := o.u32(h[8:]), o.u32(h[12:])
		start := off + pcapRecordSize
		if uint64(incl) > uint64(len(b)-start) {
			return r.fatal(ErrTruncated, int64(off+8), "the record says "+utoa(incl)+" bytes, "+strconv.Itoa(len(b)-start)+" are left")
		}
		off = start + int(incl)
		number := r.nextPacket()
		if number == 0 {
			return nil
		}
		if incl > MaxPacketBytes {
			r.problem(ErrRecordLength, int64(start-8), number, utoa(incl)+" bytes")
			continue
		}
		units := uint64(o.u32(h))*pow10(res.exp) + uint64(o.u32(h[4:]))
		r.packet(packet{number: number, offset: int64(start), at: res.time(units, 0),
			data: b[start:off], orig: int(max(orig, incl))})
	}
	return nil
}

func utoa(v uint32) string { return strconv.FormatUint(uint64(v), 10) }
