package capture

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

// TestWriteThenReadGivesTheSameFrames is the writer's round trip: every
// frame of the session comes back with its direction, bytes and time.
func TestWriteThenReadGivesTheSameFrames(t *testing.T) {
	t.Parallel()
	s := testSession(lessonFrames()...)
	b, err := Write(s)
	require.NoError(t, err)
	conn := readOneWebSocket(t, b)
	assert.Equal(t, s.Events[0].Bytes, conn.RequestHead)
	assert.Equal(t, s.Events[1].Bytes, conn.ResponseHead)
	require.NoError(t, conn.RequestErr)
	require.NoError(t, conn.ResponseErr)
	assert.Equal(t, testKey, conn.Upgrade.Key)
	assert.True(t, conn.Client.SYN && conn.Server.SYN && conn.Client.FIN && conn.Server.FIN)
	assert.Equal(t, uint16(DefaultServerPort), conn.Server.Addr.Port)

	var frames []Event
	for _, ev := range s.Events {
		if ev.Kind == EventFrame {
			frames = append(frames, ev)
		}
	}
	require.Len(t, conn.Frames, len(frames))
	for i, f := range conn.Frames {
		wire := protocol.AppendHeader(nil, f.Header)
		wire = append(wire, f.MaskedPayload...)
		assert.Equal(t, frames[i].Bytes, wire, "frame %d", i)
		assert.Equal(t, frames[i].From, f.From, "frame %d", i)
		assert.Equal(t, frames[i].Time, f.Time, "frame %d", i)
		assert.True(t, f.Complete)
	}
	assert.Equal(t, "and a happy new year!", string(conn.Frames[5].Message.Payload))
	assert.Equal(t, protocol.ErrReservedOpcode, conn.Frames[8].Violations[0].Rule)
	assert.Equal(t, protocol.StatusNormalClosure, conn.Frames[9].Close.Code)
}

func TestWriteFillsTruncatedFramesAndNotesDrops(t *testing.T) {
	t.Parallel()
	full := protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpBinary}, Payload: make([]byte, 3000)})
	for i := range full[4:] {
		full[4+i] = byte(i)
	}
	s := testSession()
	s.Events = append(s.Events[:2],
		Event{Kind: EventDropped, Dropped: 3, Time: testStart + Timestamp(time.Millisecond)},
		Event{Kind: EventFrame, From: protocol.FromServer, Time: testStart + Timestamp(2*time.Millisecond), Bytes: full[:1024], Size: len(full)},
		serverText(testStart+Timestamp(3*time.Millisecond), "after"))
	b, err := Write(s)
	require.NoError(t, err)
	c, err := Read(b, Limits{})
	require.NoError(t, err)
	conn := c.Connections[0]
	require.Len(t, conn.Frames, 2)
	got := conn.Frames[0].Payload
	assert.Equal(t, full[4:1024], got[:1020], "the bytes the tap kept")
	assert.Equal(t, make([]byte, 3000-1020), got[1020:], "zeros in place of the rest")
	assert.Equal(t, "after", conn.Frames[1].Text)
	assert.True(t, bytes.Contains(b, []byte("the tap lost 3 events before this packet; the tap kept the first 1024 of the 3004 bytes sent here")))
}

func serverText(at Timestamp, text string) Event {
	return Event{Kind: EventFrame, From: protocol.FromServer, Time: at,
		Bytes: protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText}, Payload: []byte(text)})}
}

func TestWriteRefusesWhatItCannotWrite(t *testing.T) {
	t.Parallel()
	for name, s := range map[string]Session{
		"no sender":    {Events: []Event{{Kind: EventFrame, Bytes: []byte{0x81, 0}}}},
		"unknown kind": {Events: []Event{{Kind: 42}}},
		"huge size":    {Events: []Event{{Kind: EventFrame, From: protocol.FromServer, Size: MaxStreamBytes + 1}}},
		"mixed families": {Client: endpoint("::1", 5000), Server: endpoint("127.0.0.1", 80),
			Events: []Event{{Kind: EventFrame, From: protocol.FromServer, Bytes: []byte{0x81, 0}}}},
	} {
		_, err := Write(s)
		require.ErrorIs(t, err, ErrWrite, name)
		var we *WriteError
		require.ErrorAs(t, err, &we, name)
		assert.NotEmpty(t, we.Text, name)
	}
}

func TestWriteIPv6AndSeveralSessions(t *testing.T) {
	t.Parallel()
	a := testSession(clientFrame(protocol.OpText, true, "one"))
	b := testSession(clientFrame(protocol.OpText, true, "two"))
	b.Client, b.Server = endpoint("::1", 50000), endpoint("::1", 80)
	for i := range b.Events {
		b.Events[i].Time = b.Events[i].Time + Timestamp(time.Hour)
	}
	out, err := Write(a, b)
	require.NoError(t, err)
	c, err := Read(out, Limits{})
	require.NoError(t, err)
	require.Len(t, c.Connections, 2)
	assert.Equal(t, "one", c.Connections[0].Frames[0].Text)
	assert.Equal(t, "two", c.Connections[1].Frames[0].Text)
	assert.Equal(t, "[::1]:50000", c.Connections[1].Client.Addr.String())
}
