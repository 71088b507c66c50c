package capture

import "github.com/wsplay/wsplay/protocol"

// Kind says what a TCP connection turned out to carry.
type Kind uint8

const (
	KindWebSocket  Kind = iota + 1 // an upgrade answered with 101: its frames are decoded
	KindTLS                        // a TLS ClientHello (wss:// or https://): unreadable without the session keys
	KindNotHTTP                    // the first bytes are not an HTTP request
	KindHTTP                       // HTTP that does not ask for a WebSocket upgrade
	KindBadUpgrade                 // an upgrade request that breaks a rule of RFC 6455 section 4.2.1
	KindRefused                    // a valid upgrade request answered with another status than 101
	KindNoAnswer                   // an upgrade request whose answer is not in the capture
	KindMidStream                  // no SYN and no HTTP head: the capture began inside the connection
	KindNoData                     // no payload in either direction (a refused or idle connection)
)

var kindNames = [...]string{
	KindWebSocket: "websocket", KindTLS: "tls", KindNotHTTP: "not-http", KindHTTP: "http",
	KindBadUpgrade: "bad-upgrade", KindRefused: "refused", KindNoAnswer: "no-answer",
	KindMidStream: "mid-stream", KindNoData: "no-data",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "unknown"
}

// IsWebSocket reports whether the connection's frames were decoded.
func (k Kind) IsWebSocket() bool { return k == KindWebSocket }

// Skipped reports whether the connection was listed but not read as WebSocket.
func (k Kind) Skipped() bool { return k != KindWebSocket }

// Direction is what one side of a connection sent.
type Direction struct {
	From     protocol.Role
	Addr     Endpoint
	Bytes    int  // stream bytes kept in order, the HTTP head included (see Missing, Truncated)
	Segments int  // segments that carried payload, retransmissions included
	SYN      bool // this side's SYN was captured
	FIN, RST bool // this side ended the connection, in order or by reset
	// Missing is set when bytes of this direction never appeared in the
	// capture, so the stream stops before its end.
	Missing bool
	// Truncated is set when MaxStreamBytes stopped the kept bytes.
	Truncated bool
	// Unread counts the stream bytes after the last decoded frame: a frame
	// still arriving, or bytes beyond MaxFrames.
	Unread int
	// NeedMore is protocol.Decoding.NeedMore of this direction: how many
	// bytes the last frame lacks.
	NeedMore int
	// OpenMessage is set when the direction ends inside a fragmented message.
	OpenMessage bool
}

// Frame is one WebSocket frame found in a connection: the core's decoding,
// with where and when the capture had it. The offsets of the decoding
// (Offset, Fields, Violations) count from the first byte after the HTTP head
// of the frame's direction: the decoding is that of protocol.Decode over the
// bytes that direction sent once the handshake was over.
type Frame struct {
	protocol.DecodedFrame
	From protocol.Role
	// Time is the capture time of the segment that completed the frame, the
	// moment its receiver could read it whole.
	Time   Timestamp
	Packet int // that segment's packet number
	// Complete is false for a last frame whose payload is not all in the
	// capture; it has a header but no payload.
	Complete bool
	// Compressed is set on the frames of a message that permessage-deflate
	// compressed (RSV1 on its first frame, RFC 7692 section 6). Their payloads
	// are the compressed bytes as sent. On the frame that completes the
	// message, Inflation says whether Message holds the inflated payload
	// (inflated with the window and takeover the 101 agreed, its UTF-8
	// checked) or still the DEFLATE bytes.
	Compressed bool
	Inflation  Inflation
}

// Connection is one TCP connection found in a capture.
type Connection struct {
	Number       int // 1 for the connection whose first packet came first
	Client       Direction
	Server       Direction
	First, Last  Timestamp
	Packets      int
	Kind         Kind
	Reason       string // why it was skipped, or what is wrong with it, in one English sentence
	MidStream    bool   // no SYN was captured from the client
	RequestHead  []byte // the HTTP request head exactly as sent, when found
	Request      *protocol.Request
	RequestErr   error // the first rule the request breaks (*protocol.Violation), or nil
	Upgrade      *protocol.Upgrade
	ResponseHead []byte
	Response     *protocol.Response
	ResponseErr  error // the client's checks of the answer (protocol.CheckResponse), or nil
	// Extensions are the extensions the 101 accepted, each with its
	// parameters, e.g. "permessage-deflate; client_max_window_bits=10".
	// Frames keep their payloads exactly as sent; the Message of a message
	// whose first frame has RSV1 under permessage-deflate is inflated (see
	// Frame.Inflation and DeflateParams).
	Extensions []string
	Protocol   string     // the subprotocol the 101 chose
	Frames     []Frame    // both directions, in capture order
	Problems   []*Problem // about this connection's packets and streams
}

// Deflate reports whether the 101 accepted permessage-deflate (RFC 7692),
// whose messages carry RSV1 and need inflating.
func (c *Connection) Deflate() bool {
	for _, e := range c.Extensions {
		if protocol.EqualFoldASCII(extensionName(e), protocol.PerMessageDeflate) {
			return true
		}
	}
	return false
}
