package capture

import (
	"errors"
	"strconv"

	"github.com/wsplay/wsplay/protocol"
)

// maxSegment is the most payload one written segment carries; it keeps every
// packet under the 65,535 bytes of an IPv4 total length.
const maxSegment = 32 << 10

// ErrWrite is the error of Write for a session it cannot write.
var ErrWrite = errors.New("capture: cannot write the session")

// writeError names what is wrong with a session.
func writeError(session, event int, text string) error {
	return &WriteError{Session: session, Event: event, Text: text}
}

// WriteError says which session and event Write could not turn into
// packets.
type WriteError struct {
	Session, Event int // indexes, -1 when not about one event
	Text           string
}

func (e *WriteError) Error() string {
	s := "capture: session " + strconv.Itoa(e.Session)
	if e.Event >= 0 {
		s += ", event " + strconv.Itoa(e.Event)
	}
	return s + ": " + e.Text
}

// Unwrap lets errors.Is(err, ErrWrite) match every WriteError.
func (e *WriteError) Unwrap() error { return ErrWrite }

// Write returns a .pcapng file of the sessions: for each, a TCP connection
// between its two ends with a three-way handshake, the request, the
// response and the frames as segments at their events' times with
// consistent sequence and acknowledgement numbers, and a FIN from each side
// when it closed. Packets of all sessions are in time order.
func Write(sessions ...Session) ([]byte, error) {
	var runs [][]outPacket
	total := 0
	for i, s := range sessions {
		w, err := newConnWriter(s, i)
		if err != nil {
			return nil, err
		}
		for j, ev := range s.Events {
			if err := w.event(ev, j); err != nil {
				return nil, err
			}
		}
		total += w.bytes
		if total > MaxStreamBytes*2 {
			return nil, writeError(i, -1, "the sessions carry more than "+strconv.Itoa(MaxStreamBytes*2)+" bytes")
		}
		runs = append(runs, w.packets)
	}
	sorted := mergeAll(runs, func(a, b outPacket) bool { return b.time < a.time })
	out := appendSectionHeader(nil)
	out = appendInterface(out)
	for _, p := range sorted {
		out = appendEnhancedPacket(out, p)
	}
	return out, nil
}

// outPacket is one packet to write.
type outPacket struct {
	time    Timestamp
	data    []byte
	comment string
}

// connWriter writes one session as a TCP connection. Sequence numbers start
// at fixed values: a capture of a tap has no real ones to keep.
type connWriter struct {
	session      int
	ends         [2]Endpoint // [client, server]
	seq          [2]uint32   // next sequence number of each side
	ipID         uint16
	opened, shut bool
	last         Timestamp // the latest packet's time
	note         string    // a comment for the next packet
	packets      []outPacket
	bytes        int
}

func newConnWriter(s Session, i int) (*connWriter, error) {
	if s.Client.IsZero() {
		s.Client = IPv4(127, 0, 0, 1, uint16(firstClientPort+i%16000))
	}
	if s.Server.IsZero() {
		s.Server = IPv4(127, 0, 0, 1, DefaultServerPort)
	}
	if s.Client.V6 != s.Server.V6 {
		return nil, writeError(i, -1, "the client and the server must both be IPv4 or both IPv6")
	}
	return &connWriter{session: i, ends: [2]Endpoint{s.Client, s.Server},
		seq: [2]uint32{1_000_000, 2_000_000}}, nil
}

// side is 0 for the client, 1 for the server.
func side(r protocol.Role) (int, bool) {
	switch r {
	case protocol.FromClient:
		return 0, true
	case protocol.FromServer:
		return 1, true
	}
	return 0, false
}

func (w *connWriter) event(ev Event, j int) error {
	switch ev.Kind {
	case EventRequest, EventResponse, EventFrame:
		from, ok := side(ev.From)
		if !ok {
			return writeError(w.session, j, "an event with bytes needs From (client or server)")
		}
		data, err := w.wire(ev, j)
		if err != nil {
			return err
		}
		w.open(ev.Time)
		w.send(from, data, ev.Time)
	case EventClosed:
		w.close(ev)
	case EventDropped:
		w.addNote("the tap lost " + strconv.Itoa(ev.Dropped) + " events before this packet")
	default:
		return writeError(w.session, j, "unknown event kind "+strconv.Itoa(int(ev.Kind)))
	}
	return nil
}

// wire returns the bytes an event put on the wire, zero-filled to its size
// when the tap kept only the start.
func (w *connWriter) wire(ev Event, j int) ([]byte, error) {
	size := max(ev.Size, len(ev.Bytes))
	if size > MaxStreamBytes {
		return nil, writeError(w.session, j, "an event of "+strconv.Itoa(size)+" bytes (the limit is "+strconv.Itoa(MaxStreamBytes)+")")
	}
	w.bytes += size
	if size == len(ev.Bytes) {
		return ev.Bytes, nil
	}
	w.addNote("the tap kept the first " + strconv.Itoa(len(ev.Bytes)) + " of the " + strconv.Itoa(size) +
		" bytes sent here; the rest are zeros written in their place")
	return append(append(make([]byte, 0, size), ev.Bytes...), make([]byte, size-len(ev.Bytes))...), nil
}

// addNote adds a sentence to the next packet's comment.
func (w *connWriter) addNote(s string) {
	if w.note != "" {
		s = w.note + "; " + s
	}
	w.note = s
}

// open writes the three-way handshake before the first bytes.
func (w *connWriter) open(t Timestamp) {
	if w.opened {
		return
	}
	w.opened = true
	w.segment(0, flagSYN, nil, t)
	w.seq[0]++
	w.segment(1, flagSYN|flagACK, nil, t)
	w.seq[1]++
	w.segment(0, flagACK, nil, t)
}

func (w *connWriter) send(from int, data []byte, t Timestamp) {
	for len(data) > 0 {
		n := min(len(data), maxSegment)
		w.segment(from, flagPSH|flagACK, data[:n], t)
		w.seq[from] += uint32(n)
		data = data[n:]
	}
}

// close ends the connection: the side that closed first sends its FIN
// first; the server does when nobody did (RFC 6455 section 7.1.1).
func (w *connWriter) close(ev Event) {
	if !w.opened || w.shut {
		return
	}
	w.shut = true
	first := 1
	if ev.By == protocol.FromClient {
		first = 0
	}
	w.segment(first, flagFIN|flagACK, nil, ev.Time)
	w.seq[first]++
	w.segment(1-first, flagFIN|flagACK, nil, ev.Time)
	w.seq[1-first]++
	w.segment(first, flagACK, nil, ev.Time)
}

// segment writes one TCP segment from side from, acknowledging everything
// the other side sent. A time before the previous packet's is moved up to
// it, so that sorting the sessions' packets by time keeps each one's order.
func (w *connWriter) segment(from int, flags uint8, payload []byte, t Timestamp) {
	t = max(t, w.last)
	w.last = t
	src, dst := w.ends[from], w.ends[1-from]
	ack := uint32(0)
	if flags&flagACK != 0 {
		ack = w.seq[1-from]
	}
	w.ipID++
	pkt := appendEthernetIP(nil, src, dst, w.ipID, 20+len(payload))
	pkt = appendTCP(pkt, src, dst, w.seq[from], ack, flags, payload)
	w.packets = append(w.packets, outPacket{time: t, data: pkt, comment: w.note})
	w.note = ""
}
