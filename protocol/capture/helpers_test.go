package capture

import (
	"net/netip"

	"github.com/wsplay/wsplay/protocol"
)

// endpoint parses an address with net/netip, which the package itself does
// without.
func endpoint(addr string, port uint16) Endpoint {
	return endpointOf(netip.AddrPortFrom(netip.MustParseAddr(addr), port))
}

func endpointOf(a netip.AddrPort) Endpoint {
	if a.Addr().Is4() {
		ip := a.Addr().As4()
		return IPv4(ip[0], ip[1], ip[2], ip[3], a.Port())
	}
	return IPv6(a.Addr().As16(), a.Port())
}

// testPacket is an Ethernet frame with its capture time.
type testPacket struct {
	time Timestamp
	eth  []byte
}

// sessionPackets writes s with the package's writer and returns its packets.
func sessionPackets(s Session) []testPacket {
	w, err := newConnWriter(s, 0)
	if err != nil {
		panic(err)
	}
	for j, ev := range s.Events {
		if err := w.event(ev, j); err != nil {
			panic(err)
		}
	}
	out := make([]testPacket, len(w.packets))
	for i, p := range w.packets {
		out[i] = testPacket{p.time, p.data}
	}
	return out
}

// tcpPacket builds one Ethernet frame carrying a TCP segment.
func tcpPacket(src, dst Endpoint, seq, ack uint32, flags uint8, payload []byte) []byte {
	b := appendEthernetIP(nil, src, dst, 1, 20+len(payload))
	return appendTCP(b, src, dst, seq, ack, flags, payload)
}

// onLink rewraps an Ethernet frame for another link type.
func onLink(l LinkType, o byteOrder, eth []byte) []byte {
	ether, ip := eth[12:14], eth[14:]
	v6 := ether[0] == 0x86
	switch l {
	case LinkEthernet:
		return eth
	case LinkSLL: // packet type, ARPHRD_LOOPBACK, address length, address, protocol
		return append([]byte{0, 0, 3, 4, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, ether[0], ether[1]}, ip...)
	case LinkSLL2: // protocol, reserved, interface index, ARPHRD, packet type, address length, address
		return append([]byte{ether[0], ether[1], 0, 0, 0, 0, 0, 1, 3, 4, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0}, ip...)
	case LinkNull:
		fam := uint32(2)
		if v6 {
			fam = 30
		}
		return append(put32(o, nil, fam), ip...)
	case LinkLoop:
		fam := uint32(2)
		if v6 {
			fam = 24
		}
		return append(put32(bigEndian, nil, fam), ip...)
	}
	return ip // raw IP
}

// withVLAN inserts two 802.1Q/802.1ad tags into an Ethernet frame.
func withVLAN(eth []byte) []byte {
	out := append([]byte(nil), eth[:12]...)
	out = append(out, 0x88, 0xA8, 0, 100, 0x81, 0x00, 0, 200)
	return append(out, eth[12:]...)
}

func put16(o byteOrder, b []byte, v uint16) []byte {
	if o == bigEndian {
		return append(b, byte(v>>8), byte(v))
	}
	return append(b, byte(v), byte(v>>8))
}

func put32(o byteOrder, b []byte, v uint32) []byte {
	if o == bigEndian {
		return append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	}
	return append(b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
}

// pcapFile writes a classic pcap file in byte order o.
func pcapFile(o byteOrder, nano bool, link LinkType, pkts []testPacket) []byte {
	magic := uint32(pcapMagicMicro)
	if nano {
		magic = pcapMagicNano
	}
	b := put32(o, nil, magic)
	b = put16(o, put16(o, b, 2), 4)
	b = put32(o, put32(o, b, 0), 0)
	b = put32(o, put32(o, b, 262144), uint32(link))
	for _, p := range pkts {
		data := onLink(link, o, p.eth)
		sec, ns := int64(p.time)/1e9, int64(p.time)%1e9
		frac := uint32(ns / 1000)
		if nano {
			frac = uint32(ns)
		}
		b = put32(o, put32(o, b, uint32(sec)), frac)
		b = put32(o, put32(o, b, uint32(len(data))), uint32(len(data)))
		b = append(b, data...)
	}
	return b
}

// ngBlock writes one pcapng block in byte order o.
func ngBlock(o byteOrder, typ uint32, body []byte) []byte {
	for len(body)%4 != 0 {
		body = append(body, 0)
	}
	b := put32(o, put32(o, nil, typ), uint32(len(body)+12))
	return put32(o, append(b, body...), uint32(len(body)+12))
}

func ngOption(o byteOrder, b []byte, code uint16, v []byte) []byte {
	b = put16(o, put16(o, b, code), uint16(len(v)))
	b = append(b, v...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

func ngSection(o byteOrder) []byte {
	body := put32(o, nil, byteOrderMagic)
	body = put16(o, put16(o, body, 1), 0)
	body = append(body, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)
	return ngBlock(o, blockSHB, body)
}

func ngInterfaceBlock(o byteOrder, link LinkType, tsresol byte) []byte {
	body := put32(o, put16(o, put16(o, nil, uint16(link)), 0), 0)
	body = ngOption(o, body, optIfName, []byte("test0"))
	body = ngOption(o, body, optTSResol, []byte{tsresol})
	return ngBlock(o, blockIDB, ngOption(o, body, optEnd, nil))
}

// units counts t in the unit of if_tsresol r.
func units(t Timestamp, r resolution) uint64 {
	if r.pow2 {
		return uint64(t/1e9)<<r.exp + uint64(t%1e9)<<r.exp/1e9
	}
	if r.exp <= 9 {
		return uint64(t) / pow10(9-r.exp)
	}
	return uint64(t) * pow10(r.exp-9)
}

// ngPacketBlock writes an EPB, or an OPB when obsolete is set.
func ngPacketBlock(o byteOrder, iface uint32, r resolution, p testPacket, link LinkType, obsolete bool) []byte {
	data := onLink(link, o, p.eth)
	u := units(p.time, r)
	var body []byte
	typ := uint32(blockEPB)
	if obsolete {
		typ = blockOPB
		body = put16(o, put16(o, nil, uint16(iface)), 0)
	} else {
		body = put32(o, nil, iface)
	}
	body = put32(o, put32(o, body, uint32(u>>32)), uint32(u))
	body = put32(o, put32(o, body, uint32(len(data))), uint32(len(data)))
	return ngBlock(o, typ, append(body, data...))
}

// simpleSession is a short WebSocket session: a handshake and two frames.
func simpleSession() Session {
	return testSession(clientFrame(protocol.OpText, true, "Hello"), serverFrame(protocol.OpText, true, "Hello"))
}
