package capture

import "strconv"

// endpoints names a connection by its two ends, the lower first, so both
// directions find the same flow.
type endpoints struct{ a, b Endpoint }

func endpointsOf(seg segment) (endpoints, int) {
	if seg.src.compare(seg.dst) <= 0 {
		return endpoints{seg.src, seg.dst}, 0
	}
	return endpoints{seg.dst, seg.src}, 1
}

// flow is a connection being read: its two streams, dirs[0] from ends.a.
type flow struct {
	number  int
	ends    endpoints
	dirs    [2]stream
	packets int
	conn    *Connection // where its problems go
}

// tracker sorts segments into flows.
type tracker struct {
	r       *reader
	byEnds  map[endpoints]*flow
	flows   []*flow
	refused int // segments of connections beyond MaxConnections
}

func (t *tracker) add(seg segment, a at) {
	ends, dir := endpointsOf(seg)
	f := t.byEnds[ends]
	if f != nil && f.reopened(seg, dir) {
		f = nil // a new connection on the same ports: the old one is complete
	}
	if f == nil {
		if len(t.flows) == t.r.lim.MaxConnections {
			if t.refused == 0 {
				t.r.problem(ErrTooManyConnections, -1, a.packet, strconv.Itoa(len(t.flows))+" connections followed")
			}
			t.refused++
			return
		}
		f = t.newFlow(ends)
	}
	f.packets++
	f.dirs[dir].segment(seg, a)
}

func (t *tracker) newFlow(ends endpoints) *flow {
	if t.byEnds == nil {
		t.byEnds = map[endpoints]*flow{}
	}
	f := &flow{number: len(t.flows) + 1, ends: ends, conn: &Connection{}}
	for i := range f.dirs {
		f.dirs[i].lim = &t.r.lim
		f.dirs[i].report = func(fa *Fault, a at, value string) {
			if p := t.r.problem(fa, a.offset, a.packet, value); p != nil {
				f.conn.Problems = append(f.conn.Problems, p)
			}
		}
	}
	t.byEnds[ends] = f
	t.flows = append(t.flows, f)
	return f
}

// reopened reports whether a SYN starts a new connection on the ports of
// one that has ended (RFC 9293 section 3.5: TIME-WAIT may be cut short by a
// new SYN with a higher sequence number). A retransmitted SYN is not new.
func (f *flow) reopened(seg segment, dir int) bool {
	if seg.flags&(flagSYN|flagACK) != flagSYN {
		return false
	}
	d := &f.dirs[dir]
	ended := f.dirs[0].fin || f.dirs[0].rst || f.dirs[1].fin || f.dirs[1].rst
	return ended && !(d.syn && d.isn == seg.seq+1)
}
