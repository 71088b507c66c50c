package capturetest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/capture"
)

// TestTsharkReadsWhatTheWriterWrote opens a session saved by capture.Write
// with Wireshark's dissectors, which must find the same frames with no
// settings changed.
func TestTsharkReadsWhatTheWriterWrote(t *testing.T) {
	t.Parallel()
	requireTool(t, "tshark")
	file := filepath.Join(t.TempDir(), "session.pcapng")
	b, err := capture.Write(lessonSession())
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(file, b, 0o644))
	want := tsharkFrames(t, file, []int{capture.DefaultServerPort})
	got := ourFrames(t, b)
	require.Len(t, got, len(lessonSession().Events)-3, "every frame of the session")
	requireSameFrames(t, want, got)
}

// lessonSession is a tapped session with fragmented, control, invalid and
// large frames, in the shape the tap delivers it.
func lessonSession() capture.Session {
	key := "dGhlIHNhbXBsZSBub25jZQ=="
	req := protocol.NewRequest(protocol.ClientRequest{Host: "127.0.0.1:8080", Path: "/ws", Key: key})
	up, err := protocol.CheckRequest(&req)
	if err != nil {
		panic(err)
	}
	t0 := capture.Timestamp(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC).UnixNano())
	s := capture.Session{Events: []capture.Event{
		{Kind: capture.EventRequest, From: protocol.FromClient, Time: t0, Bytes: protocol.AppendRequest(nil, req)},
		{Kind: capture.EventResponse, From: protocol.FromServer, Time: t0, Bytes: protocol.AppendResponse(nil, protocol.Accepted(up, ""))},
	}}
	mask := [4]byte{0xde, 0xad, 0xbe, 0xef}
	big := make([]byte, 100_000)
	for i := range big {
		big[i] = byte(i * 7)
	}
	frames := []struct {
		from protocol.Role
		h    protocol.Header
		p    []byte
	}{
		{protocol.FromClient, protocol.Header{Fin: true, Opcode: protocol.OpText}, []byte("Hello")},
		{protocol.FromServer, protocol.Header{Fin: true, Opcode: protocol.OpText}, []byte("Hello")},
		{protocol.FromClient, protocol.Header{Opcode: protocol.OpText}, []byte("and a")},
		{protocol.FromClient, protocol.Header{Fin: true, Opcode: protocol.OpPing}, []byte("are you there")},
		{protocol.FromClient, protocol.Header{Opcode: protocol.OpContinuation}, []byte(" happy new")},
		{protocol.FromClient, protocol.Header{Fin: true, Opcode: protocol.OpContinuation}, []byte(" year!")},
		{protocol.FromServer, protocol.Header{Fin: true, Opcode: protocol.OpPong}, []byte("are you there")},
		{protocol.FromClient, protocol.Header{Fin: true, Opcode: protocol.OpBinary}, big},
		{protocol.FromServer, protocol.Header{Fin: true, Opcode: protocol.OpBinary}, big},
		{protocol.FromClient, protocol.Header{Fin: true, Opcode: protocol.OpText}, []byte("\xff not UTF-8")},
		{protocol.FromClient, protocol.Header{Fin: true, Opcode: protocol.OpClose}, []byte("\x03\xe8done")},
		{protocol.FromServer, protocol.Header{Fin: true, Opcode: protocol.OpClose}, []byte("\x03\xef")},
	}
	for i, f := range frames {
		if f.from == protocol.FromClient {
			f.h.Masked, f.h.MaskKey = true, mask
			mask[0]++
		}
		s.Events = append(s.Events, capture.Event{Kind: capture.EventFrame, From: f.from,
			Time: t0 + capture.Timestamp(time.Duration(i+1)*time.Millisecond), Bytes: protocol.AppendFrame(nil, protocol.Frame{Header: f.h, Payload: f.p})})
	}
	s.Events = append(s.Events, capture.Event{Kind: capture.EventClosed, By: protocol.FromClient, Time: t0 + capture.Timestamp(time.Second)})
	return s
}
