package capture

// appendEthernetIP writes an Ethernet header with zero addresses (as Linux
// loopback captures show) and an IPv4 (RFC 791) or IPv6 (RFC 8200) header
// for a TCP segment of n bytes.
func appendEthernetIP(b []byte, src, dst Endpoint, id uint16, n int) []byte {
	b = append(b, make([]byte, 12)...)
	if !src.V6 {
		b = append(b, etherIPv4>>8, etherIPv4&0xFF)
		start := len(b)
		total := 20 + n
		b = append(b, 0x45, 0, byte(total>>8), byte(total), byte(id>>8), byte(id), 0x40, 0, // DF
			64, protoTCP, 0, 0)
		b = append(append(b, src.IP[:4]...), dst.IP[:4]...)
		sum := ^checksum(0, b[start:])
		b[start+10], b[start+11] = byte(sum>>8), byte(sum)
		return b
	}
	b = append(b, etherIPv6>>8, etherIPv6&0xFF)
	b = append(b, 0x60, 0, 0, 0, byte(n>>8), byte(n), protoTCP, 64)
	return append(append(b, src.IP[:]...), dst.IP[:]...)
}

// appendTCP writes a 20-byte TCP header (RFC 9293 section 3.1) with its
// checksum over the pseudo-header, then the payload.
func appendTCP(b []byte, src, dst Endpoint, seq, ack uint32, flags uint8, payload []byte) []byte {
	start := len(b)
	b = append(b, byte(src.Port>>8), byte(src.Port), byte(dst.Port>>8), byte(dst.Port),
		byte(seq>>24), byte(seq>>16), byte(seq>>8), byte(seq),
		byte(ack>>24), byte(ack>>16), byte(ack>>8), byte(ack),
		5<<4, flags, 0xFF, 0xFF, 0, 0, 0, 0)
	b = append(b, payload...)
	n := len(b) - start
	sum := ^checksum(pseudoHeaderSum(src, dst, n), b[start:])
	b[start+16], b[start+17] = byte(sum>>8), byte(sum)
	return b
}

// pseudoHeaderSum adds the addresses, protocol and length that the TCP
// checksum covers (RFC 9293 section 3.1, RFC 8200 section 8.1).
func pseudoHeaderSum(src, dst Endpoint, n int) uint32 {
	size := 4
	if src.V6 {
		size = 16
	}
	return checksumAdd(checksumAdd(0, src.IP[:size]), dst.IP[:size]) + protoTCP + uint32(n)
}

// checksum folds the one's complement sum of b (RFC 1071) into 16 bits.
func checksum(sum uint32, b []byte) uint16 {
	sum = checksumAdd(sum, b)
	for sum > 0xFFFF {
		sum = sum>>16 + sum&0xFFFF
	}
	return uint16(sum)
}

func checksumAdd(sum uint32, b []byte) uint32 {
	for len(b) >= 2 {
		sum += uint32(b[0])<<8 | uint32(b[1])
		b = b[2:]
		if sum > 0xFFFF_0000 { // fold before it can overflow
			sum = sum>>16 + sum&0xFFFF
		}
	}
	if len(b) == 1 {
		sum += uint32(b[0]) << 8
	}
	return sum
}
