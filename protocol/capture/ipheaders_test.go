package capture

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withIPv4Options adds 8 bytes of IPv4 options (NOPs, then end of list)
// and 12 bytes of TCP options to an Ethernet frame.
func withIPv4Options(eth []byte) []byte {
	ip := eth[14:]
	ihl := int(ip[0]&15) * 4
	tcpOff := int(ip[ihl+12]>>4) * 4
	out := append([]byte(nil), eth[:14+ihl]...)
	out = append(out, 1, 1, 1, 1, 1, 1, 1, 0)
	out = append(out, ip[ihl:ihl+tcpOff]...)
	out = append(out, 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2) // NOP NOP timestamps
	out = append(out, ip[ihl+tcpOff:]...)
	o := out[14:]
	o[0] = 0x40 | byte((ihl+8)/4)
	total := len(o)
	o[2], o[3] = byte(total>>8), byte(total)
	o[ihl+8+12] = byte((tcpOff+12)/4) << 4
	return out
}

// withIPv6Extensions puts hop-by-hop, routing and destination options
// headers between an IPv6 header and its TCP segment.
func withIPv6Extensions(eth []byte, last byte) []byte {
	ip := eth[14:]
	out := append([]byte(nil), eth[:14+40]...)
	out = append(out, ipv6Routing, 0, 0, 0, 0, 0, 0, 0)  // hop-by-hop, 8 bytes
	out = append(out, ipv6DestOpts, 1, 0, 0, 0, 0, 0, 0) // routing, 16 bytes
	out = append(out, 0, 0, 0, 0, 0, 0, 0, 0)            //
	out = append(out, last, 0, 1, 4, 0, 0, 0, 0)         // destination options, 8 bytes
	out = append(out, ip[40:]...)
	o := out[14:]
	o[6] = ipv6HopByHop
	n := len(o) - 40
	o[4], o[5] = byte(n>>8), byte(n)
	return out
}

func TestReadVLANTagsAndIPv4AndTCPOptions(t *testing.T) {
	t.Parallel()
	for name, rewrite := range map[string]func([]byte) []byte{"vlan": withVLAN, "options": withIPv4Options} {
		pkts := sessionPackets(simpleSession())
		for i := range pkts {
			pkts[i].eth = rewrite(pkts[i].eth)
		}
		t.Run(name, func(t *testing.T) { requireSimple(t, pcapFile(littleEndian, false, LinkEthernet, pkts), 0) })
	}
}

func TestReadIPv6ExtensionHeaders(t *testing.T) {
	t.Parallel()
	s := simpleSession()
	s.Client, s.Server = endpoint("fe80::1", 40000), endpoint("fe80::2", 8080)
	pkts := sessionPackets(s)
	for i := range pkts {
		pkts[i].eth = withIPv6Extensions(pkts[i].eth, protoTCP)
	}
	requireSimple(t, pcapFile(bigEndian, true, LinkEthernet, pkts), 0)

	// A fragment header after the options: the packet is named, not read.
	pkts[0].eth = withIPv6Extensions(sessionPackets(s)[0].eth, ipv6Fragment)
	pkts[0].eth = append(pkts[0].eth[:14+40+32], append([]byte{protoTCP, 0, 0, 1, 0, 0, 0, 1}, pkts[0].eth[14+40+32:]...)...)
	c, err := Read(pcapFile(littleEndian, false, LinkEthernet, pkts[:1]), Limits{})
	require.NoError(t, err)
	require.Len(t, c.Problems, 1)
	assert.ErrorIs(t, c.Problems[0], ErrFragment)
	assert.Equal(t, "IPv6 fragment header", c.Problems[0].Value)
	assert.Equal(t, int64(24+16), c.Problems[0].Offset, "the packet's first byte")
}

func TestPacketsWithoutTCPAreCountedNotBlamed(t *testing.T) {
	t.Parallel()
	udp := sessionPackets(simpleSession())[0].eth
	udp[14+9] = 17
	arp := append(make([]byte, 12), 0x08, 0x06, 0, 1, 8, 0, 6, 4, 0, 1)
	c, err := Read(pcapFile(littleEndian, false, LinkEthernet, []testPacket{{testStart, udp}, {testStart, arp}}), Limits{})
	require.NoError(t, err)
	assert.Empty(t, c.Problems)
	assert.Equal(t, 2, c.Packets)
	assert.Zero(t, c.TCP)
	assert.Empty(t, c.Connections)
}
