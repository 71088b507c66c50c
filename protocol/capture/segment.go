package capture

import "strconv"

// TCP flags (RFC 9293 section 3.1).
const (
	flagFIN = 0x01
	flagSYN = 0x02
	flagRST = 0x04
	flagPSH = 0x08
	flagACK = 0x10
)

// IP protocol numbers and IPv6 extension headers (RFC 8200 section 4).
const (
	protoTCP      = 6
	ipv6HopByHop  = 0
	ipv6Routing   = 43
	ipv6Fragment  = 44
	ipv6ESP       = 50
	ipv6AH        = 51
	ipv6NoNext    = 59
	ipv6DestOpts  = 60
	ipv6Mobility  = 135
	maxExtHeaders = 16
)

// segment is one TCP segment taken out of a packet.
type segment struct {
	src, dst Endpoint
	seq, ack uint32
	flags    uint8
	payload  []byte
	missing  int // payload bytes the IP header counts but the capture cut off
}

// skipReason says why a packet yields no segment. fatal is set when the
// packet is broken rather than merely not TCP.
type skipReason struct {
	fault *Fault // nil: not TCP, nothing wrong
	text  string
}

// parseIP finds the TCP segment in an IP packet.
func parseIP(ether uint16, b []byte) (segment, *skipReason) {
	switch ether {
	case etherIPv4:
		return parseIPv4(b)
	case etherIPv6:
		return parseIPv6(b)
	}
	return segment{}, &skipReason{text: "EtherType " + hex32(uint32(ether))}
}

func malformed(text string) *skipReason { return &skipReason{fault: ErrMalformed, text: text} }

// parseIPv4 reads RFC 791 section 3.1. A total length of 0 is what a capture
// of TCP segmentation offload shows: the packet's own length then counts.
func parseIPv4(b []byte) (segment, *skipReason) {
	if len(b) < 20 || b[0]>>4 != 4 {
		return segment{}, malformed("IPv4 header shorter than 20 bytes")
	}
	ihl := int(b[0]&15) * 4
	total := int(be16(b[2:]))
	if total == 0 {
		total = len(b)
	}
	if ihl < 20 || ihl > len(b) || total < ihl {
		return segment{}, malformed("IPv4 header length " + strconv.Itoa(ihl) + ", total length " + strconv.Itoa(total))
	}
	if frag := be16(b[6:]); frag&0x2000 != 0 || frag&0x1FFF != 0 {
		return segment{}, &skipReason{fault: ErrFragment, text: "IPv4 fragment at offset " + strconv.Itoa(int(frag&0x1FFF)*8)}
	}
	if b[9] != protoTCP {
		return segment{}, &skipReason{text: "IP protocol " + strconv.Itoa(int(b[9]))}
	}
	src, dst := IPv4(b[12], b[13], b[14], b[15], 0), IPv4(b[16], b[17], b[18], b[19], 0)
	return parseTCP(src, dst, b[ihl:min(total, len(b))], max(0, total-len(b)))
}

// parseIPv6 reads RFC 8200 section 3 and walks the extension headers of
// section 4 to the TCP header.
func parseIPv6(b []byte) (segment, *skipReason) {
	if len(b) < 40 || b[0]>>4 != 6 {
		return segment{}, malformed("IPv6 header shorter than 40 bytes")
	}
	total := 40 + int(be16(b[4:]))
	if total == 40 { // a jumbogram or an offloaded segment: the packet's own length counts
		total = len(b)
	}
	src, dst := IPv6([16]byte(b[8:24]), 0), IPv6([16]byte(b[24:40]), 0)
	next, off := b[6], 40
	end := min(total, len(b))
	for range maxExtHeaders {
		switch next {
		case protoTCP:
			return parseTCP(src, dst, b[off:end], max(0, total-len(b)))
		case ipv6HopByHop, ipv6Routing, ipv6DestOpts, ipv6Mobility, ipv6AH:
			if off+8 > end {
				return segment{}, malformed("IPv6 extension header cut short")
			}
			size := (int(b[off+1]) + 1) * 8
			if next == ipv6AH {
				size = (int(b[off+1]) + 2) * 4
			}
			next, off = b[off], off+size
			if off > end {
				return segment{}, malformed("IPv6 extension header longer than the packet")
			}
		case ipv6Fragment:
			return segment{}, &skipReason{fault: ErrFragment, text: "IPv6 fragment header"}
		case ipv6ESP:
			return segment{}, &skipReason{text: "IPv6 ESP (encrypted)"}
		case ipv6NoNext:
			return segment{}, &skipReason{text: "IPv6 no next header"}
		default:
			return segment{}, &skipReason{text: "IP protocol " + strconv.Itoa(int(next))}
		}
	}
	return segment{}, malformed("more than " + strconv.Itoa(maxExtHeaders) + " IPv6 extension headers")
}

// parseTCP reads the header of RFC 9293 section 3.1; options are skipped.
// src and dst are the IP addresses, with the ports still to fill.
func parseTCP(src, dst Endpoint, b []byte, missing int) (segment, *skipReason) {
	if len(b) < 20 {
		return segment{}, malformed("TCP header shorter than 20 bytes")
	}
	off := int(b[12]>>4) * 4
	if off < 20 || off > len(b) {
		return segment{}, malformed("TCP data offset " + strconv.Itoa(off) + " in a segment of " + strconv.Itoa(len(b)) + " bytes")
	}
	src.Port, dst.Port = be16(b), be16(b[2:])
	return segment{
		src:     src,
		dst:     dst,
		seq:     be32(b[4:]),
		ack:     be32(b[8:]),
		flags:   b[13],
		payload: b[off:],
		missing: missing,
	}, nil
}
