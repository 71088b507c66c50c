package capture

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

// requireProblem checks that err is the Problem of fault f at byte off.
func requireProblem(t *testing.T, err error, f *Fault, off int64) {
	t.Helper()
	var p *Problem
	require.ErrorAs(t, err, &p)
	require.ErrorIs(t, err, f, "%v", err)
	assert.Equal(t, off, p.Offset, "%v", err)
	assert.Contains(t, err.Error(), f.ID)
}

func TestNotACapture(t *testing.T) {
	t.Parallel()
	for _, b := range [][]byte{nil, {1, 2}, []byte("GET / HTTP/1.1\r\n\r\n")} {
		c, err := Read(b, Limits{})
		requireProblem(t, err, ErrNotCapture, 0)
		assert.Empty(t, c.Connections)
	}
}

// TestTruncatedAtEveryByte cuts a good file at every length: each prefix
// gives a partial result and, unless it ends on a record boundary, the
// truncation with its offset.
func TestTruncatedAtEveryByte(t *testing.T) {
	t.Parallel()
	pkts := sessionPackets(simpleSession())
	ng, err := Write(simpleSession())
	require.NoError(t, err)
	for _, file := range [][]byte{pcapFile(littleEndian, false, LinkEthernet, pkts), ng} {
		for n := 4; n < len(file); n++ {
			c, err := Read(file[:n], Limits{})
			require.NotNil(t, c)
			if err != nil {
				require.ErrorIs(t, err, ErrTruncated, "cut at %d: %v", n, err)
			}
		}
	}
}

func TestLyingLengths(t *testing.T) {
	t.Parallel()
	pkts := sessionPackets(simpleSession())
	pcap := pcapFile(littleEndian, false, LinkEthernet, pkts)

	huge := append([]byte(nil), pcap...)
	copy(huge[24+8:], []byte{0xff, 0xff, 0xff, 0x7f}) // the first record's captured length
	c, err := Read(huge, Limits{})
	requireProblem(t, err, ErrTruncated, 24+8)
	assert.Zero(t, c.Packets)

	snap := append([]byte(nil), pcap...)
	copy(snap[16:], []byte{0xff, 0xff, 0xff, 0xff}) // a 4 GiB snaplen promises nothing
	requireSimple(t, snap, 0)

	ng, err := Write(simpleSession())
	require.NoError(t, err)
	shb := int(littleEndian.u32(ng[4:]))
	odd := append([]byte(nil), ng...)
	copy(odd[shb+4:], []byte{13, 0, 0, 0})
	_, err = Read(odd, Limits{})
	requireProblem(t, err, ErrBlockLength, int64(shb+4))

	trailer := append([]byte(nil), ng...)
	trailer[shb-4]++
	_, err = Read(trailer, Limits{})
	requireProblem(t, err, ErrBlockLength, int64(shb-4))

	order := append([]byte(nil), ng...)
	order[8] = 0
	_, err = Read(order, Limits{})
	requireProblem(t, err, ErrByteOrder, 8)
}

func TestBadPacketsAreSkippedAndNamed(t *testing.T) {
	t.Parallel()
	pkts := sessionPackets(simpleSession())
	frag := append([]byte(nil), pkts[0].eth...)
	frag[14+6] |= 0x20 // more fragments
	short := pkts[1].eth[:14+12]
	orphanIface := ngPacketBlock(littleEndian, 7, microseconds, pkts[2], LinkEthernet, false)
	b := append(ngSection(littleEndian), ngInterfaceBlock(littleEndian, LinkEthernet, 6)...)
	b = append(b, ngPacketBlock(littleEndian, 0, microseconds, testPacket{pkts[0].time, frag}, LinkEthernet, false)...)
	b = append(b, ngPacketBlock(littleEndian, 0, microseconds, testPacket{pkts[1].time, short}, LinkEthernet, false)...)
	b = append(b, orphanIface...)
	b = append(b, ngInterfaceBlock(littleEndian, LinkType(147), 6)...) // a user link type
	b = append(b, ngPacketBlock(littleEndian, 1, microseconds, pkts[3], LinkEthernet, false)...)
	b = append(b, ngPacketBlock(littleEndian, 1, microseconds, pkts[3], LinkEthernet, false)...)
	c, err := Read(b, Limits{})
	require.NoError(t, err)
	var ids []string
	for _, p := range c.Problems {
		ids = append(ids, p.Fault.ID)
		assert.NotZero(t, p.Packet)
	}
	assert.Equal(t, []string{"ip-fragment", "packet-malformed", "interface-unknown", "link-type-unsupported"}, ids,
		"the unsupported link type is reported once")
	assert.Equal(t, 5, c.Packets)
}

func TestSnapLengthCutsASegment(t *testing.T) {
	t.Parallel()
	pkts := sessionPackets(simpleSession())
	pkts[3].eth = pkts[3].eth[:100] // the request, cut by a 100-byte snaplen
	c, err := Read(pcapFile(littleEndian, false, LinkEthernet, pkts), Limits{})
	require.NoError(t, err)
	require.NotEmpty(t, c.Problems)
	assert.ErrorIs(t, c.Problems[0], ErrCut)
	assert.Equal(t, 4, c.Problems[0].Packet)
	assert.True(t, c.Connections[0].Client.Missing)
	assert.Equal(t, KindNotHTTP, c.Connections[0].Kind, "the head never ends: "+c.Connections[0].Reason)
}

func TestLimits(t *testing.T) {
	t.Parallel()
	b, err := Write(testSession(lessonFrames()...))
	require.NoError(t, err)
	for _, tc := range []struct {
		lim   Limits
		fault *Fault
	}{
		{Limits{MaxPackets: 5}, ErrTooManyPackets},
		{Limits{MaxStreamBytes: 1000}, ErrStreamTooLong},
		{Limits{MaxFrames: 3}, ErrTooManyFrames},
	} {
		c, err := Read(b, tc.lim)
		require.NoError(t, err)
		var found bool
		for _, p := range c.Problems {
			found = found || errors.Is(p, tc.fault)
		}
		assert.True(t, found, "%+v: %v", tc.lim, c.Problems)
	}
	c, _ := Read(b, Limits{MaxFrames: 3})
	assert.Len(t, c.Connections[0].Frames, 3, "in the whole capture")
	assert.Positive(t, c.Connections[0].Server.Unread, "the server's frames are counted as not read")

	var sessions []Session
	for range 5 {
		sessions = append(sessions, simpleSession())
	}
	many, err := Write(sessions...)
	require.NoError(t, err)
	c, err = Read(many, Limits{MaxConnections: 2, MaxProblems: 1})
	require.NoError(t, err)
	assert.Len(t, c.Connections, 2)
	require.Len(t, c.Problems, 1)
	assert.ErrorIs(t, c.Problems[0], ErrTooManyConnections)
}

func TestOutOfOrderSegmentsAreBounded(t *testing.T) {
	t.Parallel()
	f := newFlow()
	f.syn()
	for i := range 50 {
		f.data(0, 100+i*10, []byte("0123456789")) // all after a gap that never fills
	}
	c, conn := f.read(t, Limits{MaxPending: 10})
	var faults []string
	for _, p := range c.Problems {
		faults = append(faults, p.Fault.ID)
	}
	assert.Equal(t, []string{"limit-out-of-order", "tcp-gap"}, faults)
	assert.True(t, conn.Client.Missing)
	assert.Zero(t, conn.Client.Bytes, "nothing in order")
	assert.Equal(t, 50, conn.Client.Segments)
}

// TestManyTinyPackets reads a capture of 200,000 one-byte segments: bounded
// work, every frame found.
func TestManyTinyPackets(t *testing.T) {
	t.Parallel()
	req, _ := handshakeHeads()
	stream := req
	for range 20000 {
		stream = protocol.AppendFrame(stream, clientFrame(protocol.OpText, true, "x").f) // 7 bytes
	}
	f := acceptedFlow()
	for i := range stream {
		f.data(0, i, stream[i:i+1])
	}
	_, conn := f.read(t, Limits{})
	require.Equal(t, KindWebSocket, conn.Kind)
	assert.Len(t, conn.Frames, 20000)
	assert.Equal(t, conn.Frames[19999].Packet, len(f.pkts))
}

func TestFaultsAreDescribed(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, f := range Faults() {
		assert.False(t, seen[f.ID], f.ID)
		seen[f.ID] = true
		assert.NotEmpty(t, f.Spec)
		assert.True(t, strings.HasSuffix(f.Error(), ")"))
	}
}
