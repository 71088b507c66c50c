package ws

import (
	"net/http"

	"github.com/wsplay/wsplay/protocol"
)

// Handler is what a connection does with its messages: the one place where
// the echo, a lab, a room or a compressing extension plugs in. The read and
// write paths, pings, the idle timeout and the closing handshake stay in the
// connection; a Handler only sees whole data messages and answers through
// the *Conn.
//
// A connection calls its Handler from one goroutine at a time, each call
// after the last has returned (a quiet connection parks and resumes on a
// fresh goroutine), so the Handler of one connection needs no locking of its
// own.
type Handler interface {
	// Open runs once, after the 101 went out and before the first frame is
	// read: the place to speak first. An error ends the connection.
	Open(c *Conn) error
	// Message runs for each complete text or binary message (control
	// frames are the connection's business). m.Payload is valid only
	// during the call. An error ends the connection; a *protocol.Violation
	// fails it with the rule's close code (RFC 6455 section 7.1.7).
	Message(c *Conn, m Message) error
}

// Choose picks the Handler of a connection from its upgrade request, or
// says why the request cannot be served; the error's text is the body of
// the 400 the client gets.
type Choose func(r *http.Request) (Handler, error)

// Message is one whole data message, reassembled by the core.
type Message struct {
	Opcode  protocol.Opcode // OpText or OpBinary
	Payload []byte          // unmasked; valid during the Handler call only
	Frames  int             // how many frames it arrived in
	// Compressed says it came with RSV1 (permessage-deflate); Payload is
	// then the inflated message.
	Compressed bool

	// For SendBack: the frame it arrived in and that frame's header size,
	// when it arrived in one frame.
	frame []byte
	hs    int
}

// FrameWatcher is a Handler that also sees every frame the client sends,
// control frames included, before the connection acts on it: a room shows
// each student's frames, masking key and RSV1 bit as they arrived.
type FrameWatcher interface {
	Handler
	// ClientFrame runs on the connection's goroutine for each whole frame.
	// f.Frame is the header and the payload already unmasked; both are
	// valid only during the call.
	ClientFrame(c *Conn, f ClientFrame)
}

// ClientFrame is one frame as a client sent it.
type ClientFrame struct {
	Header     protocol.Header // as parsed: MaskKey, Rsv1, Opcode, Length
	Frame      []byte          // header bytes as sent, then the payload unmasked
	HeaderSize int
}

// Ender is a Handler that is told how its connection ended, once, after
// the last Message and before the connection's slot is given back.
type Ender interface {
	Handler
	Closed(c *Conn, e End)
}

// End is how a connection finished (RFC 6455 section 7.1.5): the close
// code and reason of the first close frame, and who sent it. Code 0 with
// By "" means no close frame at all: the connection dropped (1006).
type End struct {
	Code   protocol.StatusCode
	Reason string
	By     string // "client", "server" or "" (none)
	Clean  bool   // the closing handshake completed
}
