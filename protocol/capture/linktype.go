package capture

import "strconv"

// LinkType is the LINKTYPE_ value of an interface: what the bytes of each
// packet start with (https://www.tcpdump.org/linktypes.html).
type LinkType uint16

const (
	LinkNull     LinkType = 0   // BSD loopback: a 4-byte address family in the writer's byte order
	LinkEthernet LinkType = 1   // Ethernet II, with 802.1Q/802.1ad VLAN tags
	LinkRaw      LinkType = 101 // raw IP, version 4 or 6 from the first nibble
	LinkLoop     LinkType = 108 // OpenBSD loopback: the address family in network byte order
	LinkSLL      LinkType = 113 // Linux cooked capture v1
	LinkIPv4     LinkType = 228 // raw IPv4
	LinkIPv6     LinkType = 229 // raw IPv6
	LinkSLL2     LinkType = 276 // Linux cooked capture v2, what `tcpdump -i any` writes
)

// String names the link type, or gives its number when it is not one the
// reader takes apart.
func (l LinkType) String() string {
	if n := l.name(); n != "" {
		return n
	}
	return "linktype-" + strconv.Itoa(int(l))
}

func (l LinkType) name() string {
	switch l {
	case LinkNull:
		return "null"
	case LinkEthernet:
		return "ethernet"
	case LinkRaw:
		return "raw"
	case LinkLoop:
		return "loop"
	case LinkSLL:
		return "linux-sll"
	case LinkIPv4:
		return "ipv4"
	case LinkIPv6:
		return "ipv6"
	case LinkSLL2:
		return "linux-sll2"
	}
	return ""
}

// Supported reports whether the reader finds IP packets on this link type.
func (l LinkType) Supported() bool { return l.name() != "" }

// Interface is one capture interface: a pcap file has one, a pcapng section
// as many as its Interface Description Blocks.
type Interface struct {
	LinkType LinkType
	Name     string // if_name, when the file gave one
	SnapLen  uint32 // the most bytes of a packet the capture kept; 0 means no limit
	// Resolution is how long one timestamp unit is, in the notation of
	// if_tsresol: "1e-6" (the default), "1e-9", or "2^-20".
	Resolution string
}

// EtherTypes of the network layer (IEEE 802 numbers).
const (
	etherIPv4  = 0x0800
	etherIPv6  = 0x86DD
	ether8021Q = 0x8100
	ether8021A = 0x88A8
	ether9100  = 0x9100 // an older double-tagging value some switches still write
)

// maxVLANTags bounds the tags peeled from one Ethernet frame.
const maxVLANTags = 8

// network returns the IP packet inside a link-layer frame: its EtherType-like
// family and its bytes, or why there is none.
func network(l LinkType, b []byte) (uint16, []byte, *skipReason) {
	ether, ip, why := link(l, b)
	switch {
	case why == "":
		return ether, ip, nil
	case !l.Supported():
		return 0, nil, &skipReason{fault: ErrLinkType, text: why}
	}
	return 0, nil, malformed(why)
}

func link(l LinkType, b []byte) (ether uint16, ip []byte, skip string) {
	switch l {
	case LinkEthernet:
		return ethernet(b)
	case LinkSLL:
		if len(b) < 16 {
			return 0, nil, "Linux cooked header shorter than 16 bytes"
		}
		return be16(b[14:]), b[16:], ""
	case LinkSLL2:
		if len(b) < 20 {
			return 0, nil, "Linux cooked v2 header shorter than 20 bytes"
		}
		return be16(b), b[20:], ""
	case LinkNull, LinkLoop:
		return loopback(l, b)
	case LinkRaw:
		if len(b) == 0 {
			return 0, nil, "empty raw IP packet"
		}
		switch b[0] >> 4 {
		case 4:
			return etherIPv4, b, ""
		case 6:
			return etherIPv6, b, ""
		}
		return 0, nil, "raw IP packet of version " + strconv.Itoa(int(b[0]>>4))
	case LinkIPv4:
		return etherIPv4, b, ""
	case LinkIPv6:
		return etherIPv6, b, ""
	}
	return 0, nil, "link type " + l.String()
}

func ethernet(b []byte) (uint16, []byte, string) {
	if len(b) < 14 {
		return 0, nil, "Ethernet header shorter than 14 bytes"
	}
	ether, rest := be16(b[12:]), b[14:]
	for tags := 0; ether == ether8021Q || ether == ether8021A || ether == ether9100; tags++ {
		if tags == maxVLANTags || len(rest) < 4 {
			return 0, nil, "VLAN tags cut short or nested too deep"
		}
		ether, rest = be16(rest[2:]), rest[4:]
	}
	return ether, rest, ""
}

// loopback reads the address family of BSD loopback: 2 is IPv4, and IPv6 is
// 10 (Linux), 24 (NetBSD, OpenBSD), 28 (FreeBSD) or 30 (macOS). LinkNull
// writes it in the capturing host's byte order, which the file does not
// record, so a value too large to be a family is read the other way round.
func loopback(l LinkType, b []byte) (uint16, []byte, string) {
	if len(b) < 4 {
		return 0, nil, "loopback header shorter than 4 bytes"
	}
	fam := bigEndian.u32(b)
	if l == LinkNull && fam > 0xFFFF {
		fam = littleEndian.u32(b)
	}
	switch fam {
	case 2:
		return etherIPv4, b[4:], ""
	case 10, 24, 28, 30:
		return etherIPv6, b[4:], ""
	}
	return 0, nil, "loopback address family " + strconv.Itoa(int(fam))
}
