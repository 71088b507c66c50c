package capture

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

// flowBuilder writes the segments of one connection by hand, each at a
// chosen stream offset, a microsecond apart.
type flowBuilder struct {
	ends [2]Endpoint
	isn  [2]uint32
	t    Timestamp
	pkts []testPacket
}

func newFlow() *flowBuilder {
	return &flowBuilder{ends: [2]Endpoint{endpoint("10.0.0.1", 51000), endpoint("10.0.0.2", 80)},
		isn: [2]uint32{0xFFFFFF00, 7000}, t: testStart} // the client's numbers wrap around 2^32
}

// acceptedFlow is a connection whose SYNs and 101 are in the capture; the
// client's side is the test's to send.
func acceptedFlow() *flowBuilder {
	f := newFlow()
	f.syn()
	_, resp := handshakeHeads()
	f.data(1, 0, resp)
	return f
}

func (f *flowBuilder) packet(from int, seq uint32, flags uint8, data []byte) {
	f.t = f.t + Timestamp(time.Microsecond)
	f.pkts = append(f.pkts, testPacket{f.t, tcpPacket(f.ends[from], f.ends[1-from], seq, 0, flags|flagACK, data)})
}

func (f *flowBuilder) syn() {
	f.t = f.t + Timestamp(time.Microsecond)
	f.pkts = append(f.pkts, testPacket{f.t, tcpPacket(f.ends[0], f.ends[1], f.isn[0], 0, flagSYN, nil)})
	f.packet(1, f.isn[1], flagSYN, nil)
}

// data sends b at stream offset off of side from.
func (f *flowBuilder) data(from int, off int, b []byte) {
	f.packet(from, f.isn[from]+1+uint32(off), flagPSH, b)
}

func (f *flowBuilder) read(t *testing.T, lim Limits) (*Capture, *Connection) {
	t.Helper()
	c, err := Read(pcapFile(littleEndian, true, LinkEthernet, f.pkts), lim)
	require.NoError(t, err)
	require.Len(t, c.Connections, 1)
	return c, c.Connections[0]
}

func clientStream(frames ...sessionFrame) []byte {
	req, _ := handshakeHeads()
	for _, fr := range frames {
		req = protocol.AppendFrame(req, fr.f)
	}
	return req
}

func TestReassemblyOutOfOrderRetransmittedOverlapping(t *testing.T) {
	t.Parallel()
	stream := clientStream(clientFrame(protocol.OpText, true, "first"), clientFrame(protocol.OpText, true, "second"))
	f := acceptedFlow()
	// Pieces of 10 bytes, sent in the order 1 0 3 2 5 4 ...; piece 2 twice.
	var pieces [][2]int
	for off := 0; off < len(stream); off += 10 {
		pieces = append(pieces, [2]int{off, min(off+10, len(stream))})
	}
	for i := 0; i+1 < len(pieces); i += 2 {
		pieces[i], pieces[i+1] = pieces[i+1], pieces[i]
	}
	for i, p := range pieces {
		f.data(0, p[0], stream[p[0]:p[1]])
		if i == 2 {
			f.data(0, p[0], stream[p[0]:p[1]]) // a retransmission: the same bytes
		}
	}
	// An overlapping segment with other bytes, after the fact: the first copy wins.
	f.data(0, 5, []byte("XXXXXXXXXXXXXXXX"))
	c, conn := f.read(t, Limits{})
	require.Equal(t, KindWebSocket, conn.Kind, conn.Reason)
	require.Len(t, conn.Frames, 2)
	assert.Equal(t, "first", conn.Frames[0].Text)
	assert.Equal(t, "second", conn.Frames[1].Text)
	assert.Equal(t, len(stream), conn.Client.Bytes)
	require.Len(t, c.Problems, 1)
	assert.ErrorIs(t, c.Problems[0], ErrOverlap)
	assert.Equal(t, "16 bytes at stream byte 5", c.Problems[0].Value)
	assert.Equal(t, len(f.pkts), c.Problems[0].Packet)
	assert.Positive(t, c.Problems[0].Offset, "the packet's place in the file")
	assert.Equal(t, c.Problems, conn.Problems)
}

func TestReassemblyEarlySegmentsWinOverLaterOnes(t *testing.T) {
	t.Parallel()
	stream := clientStream(clientFrame(protocol.OpText, true, "original"))
	f := acceptedFlow()
	f.data(0, 20, stream[20:]) // early: waits for bytes 0..19
	bad := append([]byte(nil), stream[:30]...)
	bad[25] ^= 0xFF
	f.data(0, 0, bad) // overlaps the waiting segment with one byte changed
	c, conn := f.read(t, Limits{})
	require.Len(t, conn.Frames, 1)
	assert.Equal(t, "original", conn.Frames[0].Text)
	require.Len(t, c.Problems, 1)
	assert.ErrorIs(t, c.Problems[0], ErrOverlap)
}

func TestReassemblyFrameTimeIsTheSegmentThatCompletedIt(t *testing.T) {
	t.Parallel()
	stream := clientStream(clientFrame(protocol.OpText, true, "split across three segments"))
	f := acceptedFlow()
	f.data(0, 0, stream[:len(stream)-20])
	f.data(0, len(stream)-5, stream[len(stream)-5:]) // early
	f.data(0, len(stream)-20, stream[len(stream)-20:len(stream)-5])
	_, conn := f.read(t, Limits{})
	require.Len(t, conn.Frames, 1)
	assert.Equal(t, len(f.pkts), conn.Frames[0].Packet, "the segment that filled the gap")
	assert.Equal(t, f.pkts[len(f.pkts)-1].time, conn.Frames[0].Time)
}

func TestReassemblyGapStopsTheStreamAndSaysSo(t *testing.T) {
	t.Parallel()
	stream := clientStream(clientFrame(protocol.OpText, true, "kept"), clientFrame(protocol.OpText, true, "lost"),
		clientFrame(protocol.OpText, true, "after"))
	cut := len(stream) - (6 + 4) - (6 + 5) // where "lost" starts
	f := acceptedFlow()
	f.data(0, 0, stream[:cut])
	f.data(0, cut+4, stream[cut+4:]) // 4 bytes never captured
	c, conn := f.read(t, Limits{})
	require.Len(t, conn.Frames, 1)
	assert.Equal(t, "kept", conn.Frames[0].Text)
	assert.True(t, conn.Client.Missing)
	require.Len(t, c.Problems, 1)
	assert.ErrorIs(t, c.Problems[0], ErrGap)
	assert.Contains(t, c.Problems[0].Value, "4 bytes missing at stream byte ")
}

func TestReassemblyMidStream(t *testing.T) {
	t.Parallel()
	f := newFlow()
	frames := protocol.AppendFrame(nil, serverFrame(protocol.OpText, true, "no head").f)
	f.data(1, 0, frames)
	c, conn := f.read(t, Limits{})
	assert.Equal(t, KindMidStream, conn.Kind)
	assert.True(t, conn.MidStream)
	require.NotEmpty(t, c.Problems)
	assert.ErrorIs(t, c.Problems[0], ErrMidStream)

	// No SYN, but the capture begins with the handshake: it is read.
	f = newFlow()
	req, resp := handshakeHeads()
	f.data(0, 0, req)
	f.data(1, 0, resp)
	f.data(0, len(req), protocol.AppendFrame(nil, clientFrame(protocol.OpText, true, "hi").f))
	_, conn = f.read(t, Limits{})
	assert.Equal(t, KindWebSocket, conn.Kind)
	assert.True(t, conn.MidStream)
	require.Len(t, conn.Frames, 1)
	assert.Equal(t, endpoint("10.0.0.1", 51000), conn.Client.Addr, "the side that sent the request")
}

func TestReassemblyNewConnectionOnTheSamePorts(t *testing.T) {
	t.Parallel()
	pkts := sessionPackets(simpleSession())
	again := sessionPackets(simpleSession())
	for i := range again {
		again[i].time = again[i].time + Timestamp(time.Minute)
	}
	c, err := Read(pcapFile(littleEndian, false, LinkEthernet, append(pkts, again...)), Limits{})
	require.NoError(t, err)
	require.Len(t, c.Connections, 1, "the same sequence numbers: a retransmission of everything")

	s := simpleSession()
	w, _ := newConnWriter(s, 0)
	w.seq = [2]uint32{5_000_000, 6_000_000}
	for j, ev := range s.Events {
		require.NoError(t, w.event(ev, j))
	}
	for _, p := range w.packets {
		pkts = append(pkts, testPacket{p.time + Timestamp(time.Minute), p.data})
	}
	c, err = Read(pcapFile(littleEndian, false, LinkEthernet, pkts), Limits{})
	require.NoError(t, err)
	require.Len(t, c.Connections, 2)
	for _, conn := range c.Connections {
		assert.Len(t, conn.Frames, 2)
	}
}
