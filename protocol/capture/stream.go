package capture

import (
	"bytes"
	"slices"
	"strconv"

	"github.com/wsplay/wsplay/protocol"
)

// at names the packet that brought some bytes, where it is in the file and
// when it was captured.
type at struct {
	packet int
	offset int64
	time   Timestamp
}

// piece is a run of stream bytes that arrived ahead of a missing segment.
// It points into the capture file, which stays in memory; nothing is copied.
type piece struct {
	off  int
	data []byte
	at   at
}

func (p piece) end() int { return p.off + len(p.data) }

// mark records where a WebSocket frame ends in the stream and which
// packet completed it: its bytes could be read from that moment on.
type mark struct {
	end int
	at  at
}

// reporter takes a problem about a stream, found in packet a.
type reporter func(f *Fault, a at, value string)

// stream is one direction of a TCP connection, put back in order (RFC 9293
// section 3.10.7.4): bytes are kept from the first one seen, later copies of
// the same bytes are compared and dropped (the first copy wins), and
// segments that arrive early wait in pending until the gap before them
// fills. As bytes arrive, the stream finds the end of an HTTP head and then
// the WebSocket frames behind it, so that each frame gets the time of the
// segment that completed it.
type stream struct {
	lim    *Limits
	report reporter

	started, syn bool
	opened       bool   // sent a SYN without ACK: this side is the client
	isn          uint32 // sequence number of stream byte 0
	data         []byte
	pending      []piece
	segments     int  // segments with payload
	full         bool // MaxStreamBytes reached
	discard      bool // not HTTP: bytes are counted, not kept
	crowded      bool // MaxPending reached once
	fin, rst     bool
	first, last  at

	head     int // length of the HTTP head at the start, 0 until found
	searched int // how far the head's end was looked for
	scanOff  bool
	next     int // where the next frame starts
	marks    []mark
}

// keepWhenNotHTTP is how much of a stream that is not HTTP is kept, enough
// to show its first bytes and recognise TLS.
const keepWhenNotHTTP = 64

// segment takes a TCP segment sent in this direction.
func (s *stream) segment(seg segment, a at) {
	seq := seg.seq
	if seg.flags&flagSYN != 0 {
		s.opened = s.opened || seg.flags&flagACK == 0
		if !s.syn {
			s.isn, s.started, s.syn = seq+1, true, true
		}
		seq++ // the SYN occupies one sequence number
	}
	if s.first.packet == 0 {
		s.first = a
	}
	s.last = a
	if n := len(seg.payload); n > 0 {
		if !s.started {
			s.isn, s.started = seq, true
		}
		s.segments++
		s.add(int(int32(seq-s.isn)), seg.payload, a)
	}
	s.fin = s.fin || seg.flags&flagFIN != 0
	s.rst = s.rst || seg.flags&flagRST != 0
}

// add places len(b) bytes at stream offset off.
func (s *stream) add(off int, b []byte, a at) {
	if off < 0 { // before the first byte this capture saw
		if -off >= len(b) {
			return
		}
		b, off = b[-off:], 0
	}
	if s.discard || s.full {
		return
	}
	if off < len(s.data) {
		n := min(len(b), len(s.data)-off)
		if !bytes.Equal(s.data[off:off+n], b[:n]) {
			s.report(ErrOverlap, a, strconv.Itoa(n)+" bytes at stream byte "+strconv.Itoa(off))
		}
		b, off = b[n:], off+n
	}
	if len(b) == 0 {
		return
	}
	grew := len(s.data)
	s.hold(piece{off: off, data: b, at: a})
	s.drain()
	if len(s.data) > grew {
		s.scan(a)
	}
}

// hold inserts p into pending, cut around the pieces already waiting there:
// those arrived first, so their bytes win.
func (s *stream) hold(p piece) {
	i, _ := slices.BinarySearchFunc(s.pending, p.off, func(q piece, off int) int { return q.end() - 1 - off })
	for p.off < p.end() {
		if i == len(s.pending) || s.pending[i].off >= p.end() {
			s.insert(i, p)
			return
		}
		q := s.pending[i]
		if q.off > p.off { // the part of p before q is new
			s.insert(i, piece{off: p.off, data: p.data[:q.off-p.off], at: p.at})
			i++
			p = piece{off: q.off, data: p.data[q.off-p.off:], at: p.at}
		}
		n := min(p.end(), q.end()) - p.off
		if !bytes.Equal(q.data[p.off-q.off:p.off-q.off+n], p.data[:n]) {
			s.report(ErrOverlap, p.at, strconv.Itoa(n)+" bytes at stream byte "+strconv.Itoa(p.off))
		}
		p = piece{off: p.off + n, data: p.data[n:], at: p.at}
		i++
	}
}

func (s *stream) insert(i int, p piece) {
	if len(s.pending) >= s.lim.MaxPending && p.off > len(s.data) {
		if !s.crowded {
			s.crowded = true
			s.report(ErrTooManyPieces, p.at, strconv.Itoa(len(s.pending))+" segments waiting")
		}
		return
	}
	s.pending = append(s.pending, piece{})
	copy(s.pending[i+1:], s.pending[i:])
	s.pending[i] = p
}

// drain moves the pieces that now continue the stream into data.
func (s *stream) drain() {
	n := 0
	for n < len(s.pending) && s.pending[n].off == len(s.data) && !s.full {
		b := s.pending[n].data
		if room := s.lim.MaxStreamBytes - len(s.data); len(b) > room {
			b, s.full = b[:room], true
			s.report(ErrStreamTooLong, s.pending[n].at, "kept the first "+strconv.Itoa(s.lim.MaxStreamBytes)+" bytes")
		}
		s.data = append(s.data, b...)
		n++
	}
	s.pending = s.pending[:copy(s.pending, s.pending[n:])]
	if s.full {
		s.pending = nil
	}
}

// scan follows the stream's structure as it grows: first the end of an HTTP
// head, then one WebSocket frame after the other. a is the packet whose
// bytes just arrived.
func (s *stream) scan(a at) {
	if s.scanOff {
		return
	}
	if s.head == 0 && !s.findHead() {
		return
	}
	for len(s.marks) < s.lim.MaxFrames {
		h, n, _ := protocol.ParseHeader(s.data[s.next:])
		if n == 0 {
			return
		}
		// protocol.Decode stops at such a length too: it cannot delimit the frame.
		if h.Length > protocol.DefaultMaxPayload {
			s.scanOff = true
			return
		}
		end := s.next + n + int(h.Length)
		if end > len(s.data) {
			return
		}
		s.marks = append(s.marks, mark{end: end, at: a})
		s.next = end
	}
}

// findHead looks for the empty line that ends an HTTP head, in the bytes that
// arrived since the last look. A stream whose first byte cannot start a
// request or a response line is not HTTP: its bytes are no longer kept.
func (s *stream) findHead() bool {
	if c := s.data[0]; c < 'A' || c > 'Z' {
		s.scanOff, s.discard = true, true
		s.data = s.data[:min(len(s.data), keepWhenNotHTTP):min(len(s.data), keepWhenNotHTTP)]
		s.pending = nil
		return false
	}
	end := min(len(s.data), MaxHeadBytes)
	from := max(0, s.searched-2)
	s.searched = end
	window := s.data[from:end]
	if bytes.Index(window, []byte("\n\r\n")) < 0 && bytes.Index(window, []byte("\n\n")) < 0 {
		if end == MaxHeadBytes { // no head: keep what shows it, not the rest
			s.scanOff, s.discard = true, true
			s.data, s.pending = s.data[:end:end], nil
		}
		return false
	}
	_, n, _ := protocol.ParseRequest(s.data[:end]) // a response head ends the same way
	s.head, s.next = n, n
	return n > 0
}

// frameTime returns the packet that completed the frame ending at end, or
// the stream's last packet when no mark says.
func (s *stream) frameTime(end int) at {
	i, found := slices.BinarySearchFunc(s.marks, end, func(m mark, e int) int { return m.end - e })
	if found {
		return s.marks[i].at
	}
	return s.last
}

// gap reports the bytes still missing in front of pending segments.
func (s *stream) gap() {
	if len(s.pending) > 0 {
		p := s.pending[0]
		s.report(ErrGap, p.at, strconv.Itoa(p.off-len(s.data))+" bytes missing at stream byte "+
			strconv.Itoa(len(s.data))+"; "+strconv.Itoa(len(s.pending))+" segments after them were not read")
	}
}
