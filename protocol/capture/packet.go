package capture

import (
	"math/bits"
	"strconv"
)

// Format is the container a capture was read from.
type Format uint8

const (
	FormatPcap   Format = iota + 1 // classic libpcap, draft-ietf-opsawg-pcap
	FormatPcapNG                   // pcapng, draft-ietf-opsawg-pcapng
)

func (f Format) String() string {
	switch f {
	case FormatPcap:
		return "pcap"
	case FormatPcapNG:
		return "pcapng"
	}
	return "unknown"
}

// packet is one captured packet as the file holds it.
type packet struct {
	number int   // 1 for the first packet of the file
	offset int64 // file offset of the packet's first byte
	at     Timestamp
	iface  int // index into Capture.Interfaces
	data   []byte
	orig   int // the length on the wire, at least len(data)
}

// resolution is a timestamp unit: 10^-exp seconds, or 2^-exp when pow2.
type resolution struct {
	exp  uint8
	pow2 bool
}

var microseconds = resolution{exp: 6}

func (r resolution) valid() bool {
	if r.pow2 {
		return r.exp < 64
	}
	return r.exp <= 19 // 10^19 is the largest power of ten in 64 bits
}

func (r resolution) String() string {
	if r.pow2 {
		return "2^-" + strconv.Itoa(int(r.exp))
	}
	return "1e-" + strconv.Itoa(int(r.exp))
}

// time turns a count of units into a time, splitting seconds off first so
// that no step overflows 64 bits. Times beyond the years 1678 to 2262, which
// nanoseconds in 64 bits cannot count, are held at the nearest end.
func (r resolution) time(units uint64, offsetSeconds int64) Timestamp {
	var sec, nsec uint64
	if r.pow2 {
		sec = units >> r.exp
		if r.exp > 0 {
			hi, lo := bits.Mul64(units&(1<<r.exp-1), 1e9)
			nsec = hi<<(64-r.exp) | lo>>r.exp
		}
	} else {
		p := pow10(r.exp)
		sec = units / p
		if frac := units % p; r.exp <= 9 {
			nsec = frac * pow10(9-r.exp)
		} else {
			nsec = frac / pow10(r.exp-9)
		}
	}
	const maxSeconds = (1<<63-1)/1_000_000_000 - 1
	s := int64(min(sec, maxSeconds)) + min(max(offsetSeconds, -maxSeconds), maxSeconds)
	s = min(max(s, -maxSeconds), maxSeconds)
	return Timestamp(s*1_000_000_000 + int64(nsec))
}

func pow10(n uint8) uint64 {
	p := uint64(1)
	for range n {
		p *= 10
	}
	return p
}
