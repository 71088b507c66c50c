package capture

import "github.com/wsplay/wsplay/protocol"

// EventKind is the kind of a wire-tap event (README, "The wire tap").
type EventKind uint8

const (
	EventRequest  EventKind = iota + 1 // the upgrade request as it arrived
	EventResponse                      // the answer as it was sent
	EventFrame                         // one frame, either way
	EventClosed                        // the connection ended
	EventDropped                       // the tap lost events at this point
)

// Event is one event of a tapped connection, in the shape the server's tap
// delivers it.
type Event struct {
	Kind EventKind
	From protocol.Role // who sent Bytes (request, response, frame)
	Time Timestamp
	// Bytes are the bytes as they crossed the wire. A frame's bytes may be
	// only its start: the tap carries the first -tap-frame-bytes of a frame.
	Bytes []byte
	// Size is how many bytes the frame had on the wire; 0 means len(Bytes).
	// When it is more, the writer fills the rest with zero bytes, so that the
	// stream keeps its framing, and says so in the packet's comment.
	Size    int
	By      protocol.Role // EventClosed: who sent the close frame first; 0 when the TCP connection just ended
	Dropped int           // EventDropped: how many events were lost
}

// Session is one tapped connection to write.
type Session struct {
	// Client and Server are the two ends; the zero value is 127.0.0.1 with
	// an ephemeral port for the client and 8080 for the server, a port
	// Wireshark dissects as HTTP (and so as WebSocket) with no settings.
	Client, Server Endpoint
	Events         []Event
}

// DefaultServerPort is the server port of a Session without one.
const DefaultServerPort = 8080

// firstClientPort is the client port of the first Session without one; the
// next sessions count up from it (RFC 6335 section 6's dynamic range).
const firstClientPort = 49152
