package capture

import "strconv"

// Capture is what Read found in a capture file.
type Capture struct {
	Format     Format
	Interfaces []Interface
	Packets    int // packets read
	TCP        int // packets that carried a TCP segment
	// Connections lists every TCP connection, in the order of its first
	// packet, WebSocket or not.
	Connections []*Connection
	// Problems lists what was wrong with the file or its traffic, up to
	// MaxProblems; MoreProblems counts the rest.
	Problems     []*Problem
	MoreProblems int
}

// Read reads a .pcap or .pcapng file held in b. It always returns what it
// could read; the error is the Problem that stopped it before the end of the
// file (a truncated file, a length that cannot be trusted), or nil. Problems
// it could read past are in Capture.Problems.
func Read(b []byte, lim Limits) (*Capture, error) {
	r := &reader{lim: lim.withDefaults(), c: &Capture{}}
	r.framesLeft, r.inflatedLeft = r.lim.MaxFrames, r.lim.MaxInflated
	r.t.r = r
	var stop *Problem
	switch {
	case len(b) < 4:
		stop = r.fatal(ErrNotCapture, 0, "the file has "+strconv.Itoa(len(b))+" bytes")
	case isPcapNG(b):
		r.c.Format = FormatPcapNG
		stop = r.readPcapNG(b)
	default:
		if _, _, ok := pcapOrder(b); !ok {
			stop = r.fatal(ErrNotCapture, 0, "magic "+hex32(bigEndian.u32(b)))
			break
		}
		r.c.Format = FormatPcap
		stop = r.readPcap(b)
	}
	for _, f := range r.t.flows {
		r.c.Connections = append(r.c.Connections, r.connection(f))
	}
	if stop != nil {
		return r.c, stop
	}
	return r.c, nil
}

func isPcapNG(b []byte) bool { return bigEndian.u32(b) == blockSHB }

// reader holds the state of one Read.
type reader struct {
	lim        Limits
	c          *Capture
	t          tracker
	fullCount  bool           // MaxPackets reached
	linkFaults map[int32]bool // interfaces whose link type was reported (int32 keys: the wasm already links their map code, not int's)
	framesLeft int            // of MaxFrames
	// inflatedLeft counts down MaxInflated; inflateFull is set once it ran
	// out and the problem was reported.
	inflatedLeft int
	inflateFull  bool
}

// problem records p unless MaxProblems are already listed; it returns the
// recorded problem or nil.
func (r *reader) problem(f *Fault, off int64, packet int, value string) *Problem {
	if len(r.c.Problems) >= r.lim.MaxProblems {
		r.c.MoreProblems++
		return nil
	}
	p := &Problem{Fault: f, Offset: off, Packet: packet, Value: value}
	r.c.Problems = append(r.c.Problems, p)
	return p
}

// fatal records a problem that ends the reading, and returns it even when
// the list is full.
func (r *reader) fatal(f *Fault, off int64, value string) *Problem {
	if p := r.problem(f, off, 0, value); p != nil {
		return p
	}
	return &Problem{Fault: f, Offset: off, Value: value}
}

// nextPacket numbers the next packet, or returns 0 once MaxPackets have been
// read.
func (r *reader) nextPacket() int {
	if r.c.Packets >= r.lim.MaxPackets {
		if !r.fullCount {
			r.fullCount = true
			r.problem(ErrTooManyPackets, -1, 0, "read the first "+strconv.Itoa(r.lim.MaxPackets))
		}
		return 0
	}
	r.c.Packets++
	return r.c.Packets
}

// packet takes a captured packet apart down to its TCP segment.
func (r *reader) packet(p packet) {
	link := r.c.Interfaces[p.iface].LinkType
	ether, ip, why := network(link, p.data)
	if why == nil {
		var seg segment
		if seg, why = parseIP(ether, ip); why == nil {
			r.c.TCP++
			if seg.missing > 0 {
				r.problem(ErrCut, p.offset, p.number, strconv.Itoa(seg.missing)+" bytes cut off")
			}
			r.t.add(seg, at{packet: p.number, time: p.at, offset: p.offset})
			return
		}
	}
	switch why.fault {
	case nil:
	case ErrLinkType:
		if !r.linkFaults[int32(p.iface)] {
			if r.linkFaults == nil {
				r.linkFaults = map[int32]bool{}
			}
			r.linkFaults[int32(p.iface)] = true
			r.problem(ErrLinkType, p.offset, p.number, link.String()+" on interface "+strconv.Itoa(p.iface))
		}
	default:
		r.problem(why.fault, p.offset, p.number, why.text)
	}
}
