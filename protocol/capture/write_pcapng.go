package capture

// The writer's pcapng blocks (draft-ietf-opsawg-pcapng sections 4.1 to 4.3),
// little-endian, one section, one Ethernet interface with nanosecond
// timestamps.

func appendLE16(b []byte, v uint16) []byte { return append(b, byte(v), byte(v>>8)) }

func appendLE32(b []byte, v uint32) []byte {
	return append(b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
}

// appendBlock writes a block around the body that fill appends.
func appendBlock(b []byte, typ uint32, fill func([]byte) []byte) []byte {
	start := len(b)
	b = appendLE32(appendLE32(b, typ), 0)
	b = fill(b)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	size := uint32(len(b) - start + 4)
	b = appendLE32(b, size)
	b[start+4], b[start+5], b[start+6], b[start+7] = byte(size), byte(size>>8), byte(size>>16), byte(size>>24)
	return b
}

// appendOption writes one option, its value padded to 32 bits.
func appendOption(b []byte, code uint16, value []byte) []byte {
	b = appendLE16(appendLE16(b, code), uint16(len(value)))
	b = append(b, value...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

func appendSectionHeader(b []byte) []byte {
	return appendBlock(b, blockSHB, func(b []byte) []byte {
		b = appendLE32(b, byteOrderMagic)
		b = appendLE16(appendLE16(b, 1), 0)                           // version 1.0
		b = append(b, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF) // section length not given
		b = appendOption(b, 4, []byte("wsplay"))                      // shb_userappl
		return appendOption(b, optEnd, nil)
	})
}

func appendInterface(b []byte) []byte {
	return appendBlock(b, blockIDB, func(b []byte) []byte {
		b = appendLE32(appendLE16(appendLE16(b, uint16(LinkEthernet)), 0), 0) // snaplen 0: no limit
		b = appendOption(b, optIfName, []byte("lo"))
		b = appendOption(b, optTSResol, []byte{9})
		return appendOption(b, optEnd, nil)
	})
}

func appendEnhancedPacket(b []byte, p outPacket) []byte {
	return appendBlock(b, blockEPB, func(b []byte) []byte {
		ns := uint64(max(p.time, 0))
		b = appendLE32(b, 0)
		b = appendLE32(appendLE32(b, uint32(ns>>32)), uint32(ns))
		b = appendLE32(appendLE32(b, uint32(len(p.data))), uint32(len(p.data)))
		b = append(b, p.data...)
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
		if p.comment != "" {
			b = appendOption(b, optComment, []byte(p.comment))
			b = appendOption(b, optEnd, nil)
		}
		return b
	})
}
