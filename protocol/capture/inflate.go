package capture

import (
	"strconv"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
)

// Inflation says what became of a message that permessage-deflate
// compressed (RFC 7692 section 6), on the frame that completes it.
type Inflation uint8

const (
	NotCompressed    Inflation = iota // not the last frame of a compressed message
	Inflated                          // Message holds the inflated payload
	InflateFailed                     // the DEFLATE data is bad: the frame's Violations say which bit
	InflateAfterBad                   // an earlier message of this direction failed, and its window is lost with it
	InflateOverLimit                  // Limits.MaxInflated was reached: the message stays compressed
)

var inflationNames = [...]string{
	NotCompressed: "", Inflated: "inflated", InflateFailed: "failed",
	InflateAfterBad: "after-failure", InflateOverLimit: "over-limit",
}

func (i Inflation) String() string {
	if int(i) < len(inflationNames) {
		return inflationNames[i]
	}
	return "unknown"
}

// IsInflated reports whether the Message's payload is the inflated one.
func (i Inflation) IsInflated() bool { return i == Inflated }

// StillCompressed reports whether the message was compressed and its
// Message still holds the DEFLATE bytes as sent.
func (i Inflation) StillCompressed() bool { return i > Inflated }

// DeflateParams returns what the 101 agreed for permessage-deflate: each
// side's window and whether it keeps its window between messages (RFC 7692
// section 7.1), with the client's offer taken into account as a client does
// (protocol.CheckDeflateResponse). A 101 a client would refuse is read as it
// is written. ok is false when permessage-deflate was not accepted.
func (c *Connection) DeflateParams() (p protocol.DeflateParams, ok bool) {
	if !c.Deflate() || c.Response == nil {
		return p, false
	}
	answer := c.Response.Headers.Values("Sec-WebSocket-Extensions")
	if c.Upgrade != nil {
		for _, e := range protocol.ParseExtensions(c.Upgrade.Extensions...) {
			offer, why := protocol.ParseDeflateParams(e)
			if why != nil {
				continue
			}
			if accepted, agreed, err := protocol.CheckDeflateResponse(offer, answer...); err == nil && accepted {
				return agreed, true
			}
		}
	}
	for _, e := range protocol.ParseExtensions(answer...) {
		if agreed, why := protocol.ParseDeflateParams(e); why == nil {
			return agreed, true
		}
	}
	return p, true // named but unreadable: the defaults (15-bit windows, context kept)
}

// inflaters returns the inflater of each direction's messages, client's
// first: the client compresses with the client's window and takeover, the
// server with its own. Each may produce at most max bytes a message.
func inflaters(p protocol.DeflateParams, max int) (client, server *deflate.Inflater) {
	client = deflate.NewInflater(deflate.Options{WindowBits: p.ClientWindowBits(), NoContextTakeover: p.ClientNoContextTakeover, MaxOutput: max})
	server = deflate.NewInflater(deflate.Options{WindowBits: p.ServerWindowBits(), NoContextTakeover: p.ServerNoContextTakeover, MaxOutput: max})
	return client, server
}

// inflate inflates, in order, the compressed messages of one direction's
// frames, which protocol.Decode handed over still compressed. A message
// that does not inflate gets the violation on the frame that completes it;
// with context takeover the later messages of that direction cannot be
// inflated either (their back-references reach into the lost window), and
// say so. Inflated bytes count against Limits.MaxInflated.
func (r *reader) inflate(c *Connection, frames []Frame, z *deflate.Inflater) {
	failed := false
	for i := range frames {
		fr := &frames[i]
		if !fr.DecodedFrame.Compressed || fr.Message == nil {
			continue
		}
		switch {
		case failed:
			fr.Inflation = InflateAfterBad
		case r.inflatedLeft <= 0:
			fr.Inflation = InflateOverLimit
			if !r.inflateFull {
				r.inflateFull = true
				if p := r.problem(ErrTooMuchInflated, -1, fr.Packet, "inflated the first "+strconv.Itoa(r.lim.MaxInflated)+" bytes"); p != nil {
					c.Problems = append(c.Problems, p)
				}
			}
		default:
			m, err := protocol.InflateData(z, nil, fr.Message.Opcode, *fr.Message)
			if err != nil {
				fr.Inflation = InflateFailed
				fr.Violations = append(fr.Violations, violationAt(err, fr))
				z.Reset()
				failed = !z.Options().NoContextTakeover
				continue
			}
			r.inflatedLeft -= len(m.Payload)
			fr.Message, fr.Inflation = &m, Inflated
		}
	}
}

// violationAt places an inflate violation in the direction's bytes: a
// payload byte of a one-frame message counts from the frame's payload, and
// a violation about no single byte points at the frame's first byte, as
// protocol.Decode does.
func violationAt(err error, fr *Frame) *protocol.Violation {
	v, ok := protocol.AsViolation(err)
	if !ok {
		v = &protocol.Violation{Rule: protocol.ErrInflate, Offset: -1, Value: err.Error()}
	}
	at := *v
	if at.Offset < 0 {
		at.Offset = int64(fr.Offset)
	} else {
		at.Offset += int64(fr.Offset + fr.HeaderSize)
	}
	return &at
}
