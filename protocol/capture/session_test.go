package capture

import (
	"time"

	"github.com/wsplay/wsplay/protocol"
)

// testKey is the Sec-WebSocket-Key of RFC 6455 section 1.3.
const testKey = "dGhlIHNhbXBsZSBub25jZQ=="

var testStart = Timestamp(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC).UnixNano())

// sessionFrame is a frame of a test session, before it becomes bytes.
type sessionFrame struct {
	from protocol.Role
	f    protocol.Frame
}

func clientFrame(op protocol.Opcode, fin bool, payload string) sessionFrame {
	return sessionFrame{protocol.FromClient, protocol.Frame{
		Header:  protocol.Header{Fin: fin, Opcode: op, Masked: true, MaskKey: [4]byte{0x37, 0xfa, 0x21, 0x3d}},
		Payload: []byte(payload)}}
}

func serverFrame(op protocol.Opcode, fin bool, payload string) sessionFrame {
	return sessionFrame{protocol.FromServer, protocol.Frame{Header: protocol.Header{Fin: fin, Opcode: op}, Payload: []byte(payload)}}
}

// handshakeHeads returns a valid upgrade request and its 101.
func handshakeHeads(extensions ...string) (req, resp []byte) {
	r := protocol.NewRequest(protocol.ClientRequest{Host: "127.0.0.1:8080", Path: "/ws", Key: testKey, Extensions: extensions})
	up, err := protocol.CheckRequest(&r)
	if err != nil {
		panic(err)
	}
	a := protocol.Accepted(up, "")
	if len(extensions) > 0 {
		a.Headers = append(a.Headers, protocol.HeaderField{Name: "Sec-WebSocket-Extensions", Value: extensions[0]})
	}
	return protocol.AppendRequest(nil, r), protocol.AppendResponse(nil, a)
}

// testSession is a tapped connection: the handshake, the frames a
// millisecond apart, and a close.
func testSession(frames ...sessionFrame) Session {
	req, resp := handshakeHeads()
	s := Session{Events: []Event{
		{Kind: EventRequest, From: protocol.FromClient, Time: testStart, Bytes: req},
		{Kind: EventResponse, From: protocol.FromServer, Time: testStart + Timestamp(time.Millisecond), Bytes: resp},
	}}
	for i, f := range frames {
		s.Events = append(s.Events, Event{Kind: EventFrame, From: f.from, Time: testStart + Timestamp(time.Duration(i+2)*time.Millisecond),
			Bytes: protocol.AppendFrame(nil, f.f)})
	}
	s.Events = append(s.Events, Event{Kind: EventClosed, By: protocol.FromClient, Time: testStart + Timestamp(time.Second)})
	return s
}

// lessonFrames are fragmented, control, close and invalid frames.
func lessonFrames() []sessionFrame {
	return []sessionFrame{
		clientFrame(protocol.OpText, true, "Hello"),
		serverFrame(protocol.OpText, true, "Hello"),
		clientFrame(protocol.OpText, false, "and a"),
		clientFrame(protocol.OpPing, true, "ping"),
		clientFrame(protocol.OpContinuation, false, " happy new"),
		clientFrame(protocol.OpContinuation, true, " year!"),
		serverFrame(protocol.OpPong, true, "ping"),
		clientFrame(protocol.OpBinary, true, string(make([]byte, 70000))),
		clientFrame(protocol.Opcode(3), true, "reserved"),
		clientFrame(protocol.OpClose, true, "\x03\xe8bye"),
		serverFrame(protocol.OpClose, true, "\x03\xe8bye"),
	}
}
