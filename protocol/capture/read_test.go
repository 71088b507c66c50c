package capture

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

// requireSimple checks a capture of simpleSession: one WebSocket with the
// two frames at their times.
func requireSimple(t *testing.T, b []byte, precision time.Duration) *Connection {
	t.Helper()
	conn := readOneWebSocket(t, b)
	require.Len(t, conn.Frames, 2)
	assert.Equal(t, protocol.FromClient, conn.Frames[0].From)
	assert.Equal(t, "Hello", conn.Frames[0].Text)
	assert.Equal(t, [4]byte{0x37, 0xfa, 0x21, 0x3d}, conn.Frames[0].Header.MaskKey)
	assert.Equal(t, protocol.FromServer, conn.Frames[1].From)
	want := testStart + Timestamp(3*time.Millisecond)
	assert.InDelta(t, int64(want), int64(conn.Frames[1].Time), float64(precision))
	assert.Equal(t, 7, conn.Frames[1].Packet)
	return conn
}

// readOneWebSocket reads a capture that must hold one WebSocket connection
// and nothing wrong.
func readOneWebSocket(t *testing.T, b []byte) *Connection {
	t.Helper()
	c, err := Read(b, Limits{})
	require.NoError(t, err)
	require.Empty(t, c.Problems)
	require.Len(t, c.Connections, 1)
	conn := c.Connections[0]
	require.Equal(t, KindWebSocket, conn.Kind, conn.Reason)
	return conn
}

func TestReadPcapBothByteOrdersAndResolutions(t *testing.T) {
	t.Parallel()
	pkts := sessionPackets(simpleSession())
	for _, o := range []byteOrder{littleEndian, bigEndian} {
		for _, nano := range []bool{false, true} {
			requireSimple(t, pcapFile(o, nano, LinkEthernet, pkts), 0)
		}
	}
}

func TestReadEveryLinkType(t *testing.T) {
	t.Parallel()
	for _, l := range []LinkType{LinkEthernet, LinkSLL, LinkSLL2, LinkNull, LinkLoop, LinkRaw, LinkIPv4} {
		for _, o := range []byteOrder{littleEndian, bigEndian} {
			t.Run(l.String(), func(t *testing.T) {
				requireSimple(t, pcapFile(o, false, l, sessionPackets(simpleSession())), 0)
			})
		}
	}
	v6 := simpleSession()
	v6.Client, v6.Server = endpoint("::1", 40000), endpoint("::1", 8080)
	for _, l := range []LinkType{LinkEthernet, LinkSLL2, LinkNull, LinkRaw, LinkIPv6} {
		requireSimple(t, pcapFile(littleEndian, false, l, sessionPackets(v6)), 0)
	}
}

func TestReadPcapNG(t *testing.T) {
	t.Parallel()
	pkts := sessionPackets(simpleSession())
	for _, tc := range []struct {
		name      string
		o         byteOrder
		res       byte
		precision time.Duration
		obsolete  bool
	}{
		{"little endian, microseconds", littleEndian, 6, 0, false},
		{"big endian, nanoseconds", bigEndian, 9, 0, false},
		{"milliseconds", littleEndian, 3, 0, false},
		{"100 nanoseconds", bigEndian, 7, 0, false},
		{"2^-20 seconds", littleEndian, 0x80 | 20, time.Microsecond, false},
		{"obsolete packet blocks", bigEndian, 6, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := resolution{exp: tc.res & 0x7F, pow2: tc.res&0x80 != 0}
			b := ngSection(tc.o)
			b = append(b, ngInterfaceBlock(tc.o, LinkSLL, 6)...) // interface 0 is not used
			b = append(b, ngInterfaceBlock(tc.o, LinkEthernet, tc.res)...)
			b = append(b, ngBlock(tc.o, 0x0BAD, []byte("an unknown block is skipped"))...)
			for _, p := range pkts {
				b = append(b, ngPacketBlock(tc.o, 1, r, p, LinkEthernet, tc.obsolete)...)
			}
			c := requireSimple(t, b, tc.precision)
			assert.NotZero(t, c.Packets)
		})
	}
}

func TestReadPcapNGSectionsAndSimplePackets(t *testing.T) {
	t.Parallel()
	pkts := sessionPackets(simpleSession())
	b := append(ngSection(littleEndian), ngInterfaceBlock(littleEndian, LinkEthernet, 6)...)
	b = append(b, ngPacketBlock(littleEndian, 0, microseconds, pkts[0], LinkEthernet, false)...)
	// A second section in the other byte order, with its own interfaces.
	b = append(b, ngSection(bigEndian)...)
	b = append(b, ngInterfaceBlock(bigEndian, LinkRaw, 6)...)
	for _, p := range pkts[1:] {
		b = append(b, ngPacketBlock(bigEndian, 0, microseconds, p, LinkRaw, false)...)
	}
	c, err := Read(b, Limits{})
	require.NoError(t, err)
	require.Len(t, c.Interfaces, 2)
	assert.Equal(t, LinkRaw, c.Interfaces[1].LinkType)
	assert.Equal(t, "test0", c.Interfaces[1].Name)
	require.Len(t, c.Connections, 1)
	assert.Len(t, c.Connections[0].Frames, 2)

	// Simple Packet Blocks have no timestamp and belong to interface 0.
	spb := append(ngSection(littleEndian), ngInterfaceBlock(littleEndian, LinkEthernet, 6)...)
	for _, p := range pkts {
		spb = append(spb, ngBlock(littleEndian, blockSPB, append(put32(littleEndian, nil, uint32(len(p.eth))), p.eth...))...)
	}
	c, err = Read(spb, Limits{})
	require.NoError(t, err)
	require.Len(t, c.Connections, 1)
	assert.Len(t, c.Connections[0].Frames, 2)
	assert.Equal(t, FormatPcapNG, c.Format)
}
