package capture

import "strconv"

// Fault is one way a capture file, or the traffic in it, can be wrong or
// beyond what the reader follows. Faults are comparable sentinels:
// errors.Is(err, ErrTruncated) reports whether err is that fault.
type Fault struct {
	ID   string // stable id, e.g. "file-truncated"
	Spec string // where the rule is written, e.g. "draft-ietf-opsawg-pcapng section 3.1"
	Text string // the fault in one English sentence
}

func (f *Fault) Error() string { return f.Text + " (" + f.Spec + ")" }

// Problem is a Fault found at a particular place of a capture.
type Problem struct {
	Fault  *Fault
	Offset int64  // byte of the file at fault, -1 when no single byte is
	Packet int    // the packet's number (1 is the first, as in Wireshark), 0 for none
	Value  string // what was found, e.g. "0x0a0d0d0b" or "1400 bytes at stream byte 512"
}

func (p *Problem) Error() string {
	s := "capture: " + p.Fault.ID + ": " + p.Fault.Error()
	if p.Packet > 0 {
		s += " in packet " + strconv.Itoa(p.Packet)
	}
	if p.Offset >= 0 {
		s += " at byte " + strconv.FormatInt(p.Offset, 10)
	}
	if p.Value != "" {
		s += " (" + p.Value + ")"
	}
	return s
}

// Unwrap lets errors.Is match the Fault.
func (p *Problem) Unwrap() error { return p.Fault }

// The faults are composite literals, not built by a function at start-up:
// static data costs the WebAssembly build less than initialisation code.

const (
	specPcap   = "draft-ietf-opsawg-pcap"
	specPcapNG = "draft-ietf-opsawg-pcapng"
)

// The file formats.
var (
	ErrNotCapture = &Fault{"file-format", specPcap + " section 4, " + specPcapNG + " section 4.1",
		"not a capture: a .pcap file starts with the magic number a1b2c3d4 or a1b23c4d, a .pcapng file with a Section Header Block (0a0d0d0a)"}
	ErrTruncated = &Fault{"file-truncated", specPcap + " section 5, " + specPcapNG + " section 3.1",
		"the file ends inside a header, a block or a packet record"}
	ErrBlockLength = &Fault{"block-length", specPcapNG + " section 3.1",
		"a block's total length must be at least 12, a multiple of 4, fit in the file and be repeated at the block's end"}
	ErrByteOrder = &Fault{"section-byte-order", specPcapNG + " section 4.1",
		"a Section Header Block's byte-order magic must read 1a2b3c4d in one of the two byte orders"}
	ErrRecordLength = &Fault{"record-length", specPcap + " section 5, " + specPcapNG + " section 4.3",
		"a packet's captured length must fit in its record and in the reader's limit (MaxPacketBytes)"}
	ErrInterfaceUnknown = &Fault{"interface-unknown", specPcapNG + " section 4.3",
		"a packet names an interface that no Interface Description Block of its section defined"}
	ErrTimestampResolution = &Fault{"timestamp-resolution", specPcapNG + " section 4.2",
		"if_tsresol must be 10^-n or 2^-n with n small enough for nanoseconds to be counted in 64 bits"}
)

// The packets.
var (
	ErrLinkType = &Fault{"link-type-unsupported", "https://www.tcpdump.org/linktypes.html",
		"the interface's link type is not one the reader takes apart (Ethernet, Linux cooked v1 and v2, BSD loopback, raw IP)"}
	ErrMalformed = &Fault{"packet-malformed", "RFC 791 section 3.1, RFC 8200 section 3, RFC 9293 section 3.1",
		"a link, IP or TCP header is shorter than it says, or its length fields contradict each other"}
	ErrFragment = &Fault{"ip-fragment", "RFC 791 section 3.2, RFC 8200 section 4.5",
		"IP fragments are not reassembled; the fragment's TCP bytes are missing from the stream"}
	ErrCut = &Fault{"packet-cut", specPcap + " section 5",
		"the capture kept only the first bytes of this packet (its snapshot length); the rest of the segment is missing"}
)

// The TCP streams.
var (
	ErrOverlap = &Fault{"tcp-overlap-differs", "RFC 9293 section 3.10.7.4",
		"a retransmitted or overlapping segment carries other bytes than the copy already received; the first copy is kept"}
	ErrGap = &Fault{"tcp-gap", "RFC 9293 section 3.10.7.4",
		"bytes of the stream are missing from the capture, so nothing after them can be read in order"}
	ErrMidStream = &Fault{"tcp-mid-stream", "RFC 9293 section 3.5",
		"the capture starts after the connection opened: no SYN was seen, so the stream's first bytes may be missing"}
)

// The reader's limits (see Limits).
var (
	ErrTooManyPackets = &Fault{"limit-packets", "wsplay capture.Limits",
		"the capture holds more packets than the reader reads (MaxPackets); the rest were not read"}
	ErrTooManyConnections = &Fault{"limit-connections", "wsplay capture.Limits",
		"the capture holds more TCP connections than the reader follows (MaxConnections); the packets of the others were skipped"}
	ErrStreamTooLong = &Fault{"limit-stream-bytes", "wsplay capture.Limits",
		"a direction of a connection carries more bytes than the reader keeps (MaxStreamBytes); the rest were skipped"}
	ErrTooManyPieces = &Fault{"limit-out-of-order", "wsplay capture.Limits",
		"too many out-of-order segments wait for a missing one (MaxPending); later ones were dropped"}
	ErrTooManyFrames = &Fault{"limit-frames", "wsplay capture.Limits",
		"the capture holds more frames than the reader decodes (MaxFrames); the rest were not decoded"}
	ErrTooMuchInflated = &Fault{"limit-inflated", "wsplay capture.Limits",
		"the compressed messages inflate to more bytes than the reader keeps (MaxInflated); the rest stay compressed"}
)

// Faults returns every fault the reader can report, in a stable order.
func Faults() []*Fault {
	return []*Fault{
		ErrNotCapture,
		ErrTruncated,
		ErrBlockLength,
		ErrByteOrder,
		ErrRecordLength,
		ErrInterfaceUnknown,
		ErrTimestampResolution,
		ErrLinkType,
		ErrMalformed,
		ErrFragment,
		ErrCut,
		ErrOverlap,
		ErrGap,
		ErrMidStream,
		ErrTooManyPackets,
		ErrTooManyConnections,
		ErrStreamTooLong,
		ErrTooManyPieces,
		ErrTooManyFrames,
		ErrTooMuchInflated,
	}
}
