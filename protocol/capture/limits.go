package capture

// Default limits. A capture is input a stranger may have crafted, and the
// page reads it in a browser tab, so every quantity that grows with the file
// is bounded. The file itself is already in memory; the reader adds at most
// one copy of each connection's stream bytes.
const (
	// MaxPackets is how many packets are read; a million tiny packets is a
	// real capture of a busy minute, so the default leaves room for that.
	MaxPackets = 2_000_000
	// MaxPacketBytes bounds one packet's captured length. Loopback packets
	// reach 64 KiB plus headers; a snaplen of 4 GiB promises nothing.
	MaxPacketBytes = 1 << 20
	// MaxConnections is how many TCP connections are followed.
	MaxConnections = 10_000
	// MaxStreamBytes is how many bytes of each direction of a connection
	// are kept.
	MaxStreamBytes = 64 << 20
	// MaxPending is how many out-of-order segments of one direction may wait
	// for a missing segment.
	MaxPending = 4096
	// MaxFrames is how many WebSocket frames are decoded in the whole
	// capture. Each costs a few microseconds and a kilobyte or two for its
	// annotations, and a few kilobytes of capture can hold thousands of
	// two-byte frames.
	MaxFrames = 50_000
	// MaxProblems is how many problems are listed; more are only counted.
	MaxProblems = 1000
	// MaxHeadBytes is how far into a stream the end of an HTTP head is
	// looked for.
	MaxHeadBytes = 64 << 10
	// MaxInterfaces bounds the interfaces of one pcapng section.
	MaxInterfaces = 1024
	// MaxInflated is how many bytes the compressed messages of the whole
	// capture may inflate to, and one message at most: a few kilobytes of
	// DEFLATE can claim gigabytes (RFC 7692 section 8.1).
	MaxInflated = 32 << 20
)

// Limits bound the reader's work and memory. A zero field takes the default
// constant of the same name.
type Limits struct {
	MaxPackets     int
	MaxConnections int
	MaxStreamBytes int
	MaxPending     int
	MaxFrames      int
	MaxProblems    int
	MaxInflated    int
	// NoFields leaves each frame's annotated Fields out
	// (protocol.Limits.NoFields): for a reader that shows a few of many
	// frames and annotates those from their own bytes.
	NoFields bool
}

func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.MaxPackets, MaxPackets)
	def(&l.MaxConnections, MaxConnections)
	def(&l.MaxStreamBytes, MaxStreamBytes)
	def(&l.MaxPending, MaxPending)
	def(&l.MaxFrames, MaxFrames)
	def(&l.MaxProblems, MaxProblems)
	def(&l.MaxInflated, MaxInflated)
	return l
}
