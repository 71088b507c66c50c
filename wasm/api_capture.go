//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/capture"
)

// Captures: a .pcap or .pcapng file read by the core (protocol/capture) into
// its TCP connections and their WebSocket frames, and a tapped session
// written as .pcapng.

// readCapture is wsplay.readCapture(bytes, {fields, frames, maxFrames,
// maxPackets, maxInflated}): every TCP connection of the file, and for a
// WebSocket its handshake and frames in decode's shapes. What was read
// before a problem stopped the reading is returned with that problem as
// error. With fields: false the frames carry no annotated fields (the core
// skips that work: a capture can hold 50,000 frames); with frames: false
// the connections only count their frames and captureFrames gives them.
func readCapture(args []js.Value) (any, error) {
	var in input
	b, ok := in.bytes(arg(args, 0), "bytes")
	if !ok && in.err == nil {
		in.fail("bytes are required (the file as a Uint8Array)")
	}
	o := in.options(arg(args, 1), "options")
	lim := capture.Limits{
		MaxFrames:   o.intIn("maxFrames", capture.MaxFrames, 1, capture.MaxFrames),
		MaxPackets:  o.intIn("maxPackets", capture.MaxPackets, 1, capture.MaxPackets),
		MaxInflated: o.intIn("maxInflated", capture.MaxInflated, 1, capture.MaxInflated),
	}
	lim.NoFields = !o.bool("fields", true)
	withFrames := o.bool("frames", true)
	if in.err != nil {
		return nil, in.err
	}
	lastCapture = nil // the previous file's memory goes before this one's comes
	c, err := capture.Read(b, lim)
	if !withFrames {
		lastCapture = c
	}
	conns := make([]object, len(c.Connections))
	for i, conn := range c.Connections {
		conns[i] = connectionObject(conn, withFrames)
	}
	ifaces := make([]object, len(c.Interfaces))
	for i, f := range c.Interfaces {
		ifaces[i] = object{{"linkType", f.LinkType.String()}, {"name", f.Name}, {"snapLen", int(f.SnapLen)}, {"resolution", f.Resolution}}
	}
	out := object{
		{"format", formatName(c.Format)},
		{"packets", c.Packets},
		{"tcp", c.TCP},
		{"interfaces", ifaces},
		{"connections", conns},
		{"problems", problemObjects(c.Problems)},
		{"moreProblems", c.MoreProblems},
	}
	if p, ok := err.(*capture.Problem); ok {
		out = append(out, kv{"error", problemObject(p)})
	}
	return out, nil
}

func formatName(f capture.Format) any {
	if f == 0 {
		return nil // not a capture at all
	}
	return f.String()
}

// lastCapture is what readCapture read with frames: false, whose frames
// captureFrames hands out a slice at a time.
var lastCapture *capture.Capture

// connectionObject describes one TCP connection, with its frames or, for
// captureFrames to give later, only their count.
func connectionObject(c *capture.Connection, withFrames bool) object {
	frames := []object{}
	if withFrames {
		frames = frameObjects(c.Frames)
	}
	o := object{
		{"number", c.Number},
		{"kind", c.Kind.String()},
		{"skipped", c.Kind.Skipped()},
		{"reason", c.Reason},
		{"midStream", c.MidStream},
		{"first", c.First.Micros()},
		{"last", c.Last.Micros()},
		{"packets", c.Packets},
		{"client", directionObject(c.Client)},
		{"server", directionObject(c.Server)},
		{"request", nil},
		{"response", nil},
		{"upgrade", nil},
		{"extensions", c.Extensions},
		{"protocol", c.Protocol},
		{"deflate", deflateObject(c)},
		{"frames", frames},
		{"frameCount", len(c.Frames)},
		{"problems", problemObjects(c.Problems)},
	}
	if c.Request != nil {
		r := c.Request
		o.set("request", object{{"text", string(c.RequestHead)},
			{"lines", headLines(r.Method+" "+r.Target+" "+r.Proto, protocol.StartLineNote(0), r.Headers)}})
	}
	if c.Response != nil {
		r := c.Response
		o.set("response", object{{"text", string(c.ResponseHead)}, {"status", r.Status},
			{"lines", headLines(r.Proto+" "+itoa(r.Status)+" "+r.Reason, protocol.StartLineNote(r.Status), r.Headers)}})
	}
	if c.Upgrade != nil {
		o.set("upgrade", upgradeObject(c.Upgrade))
	}
	if c.RequestErr != nil {
		o = append(o, kv{"requestError", errorObject(c.RequestErr)})
	}
	if c.ResponseErr != nil {
		o = append(o, kv{"responseError", errorObject(c.ResponseErr)})
	}
	return o
}

// set replaces the value of key, which o must have.
func (o object) set(key string, val any) {
	for i := range o {
		if o[i].key == key {
			o[i].val = val
			return
		}
	}
	panic("wsplay: no property " + key) // a bug in this package; export reports it
}

func directionObject(d capture.Direction) object {
	return object{
		{"from", d.From.String()},
		{"address", d.Addr.Address()},
		{"port", int(d.Addr.Port)},
		{"endpoint", d.Addr.String()},
		{"bytes", d.Bytes},
		{"segments", d.Segments},
		{"syn", d.SYN},
		{"fin", d.FIN},
		{"rst", d.RST},
		{"missing", d.Missing},
		{"truncated", d.Truncated},
		{"unread", d.Unread},
		{"needMore", d.NeedMore},
		{"openMessage", d.OpenMessage},
	}
}

// deflateObject is what the 101 agreed for permessage-deflate (RFC 7692
// section 7.1), or null.
func deflateObject(c *capture.Connection) any {
	p, ok := c.DeflateParams()
	if !ok {
		return nil
	}
	return object{
		{"text", p.String()},
		{"clientWindowBits", p.ClientWindowBits()},
		{"serverWindowBits", p.ServerWindowBits()},
		{"clientNoContextTakeover", p.ClientNoContextTakeover},
		{"serverNoContextTakeover", p.ServerNoContextTakeover},
	}
}

func frameObjects(fs []capture.Frame) []object {
	out := make([]object, len(fs))
	for i := range fs {
		out[i] = captureFrame(&fs[i])
	}
	return out
}

// captureFrames is wsplay.captureFrames(connection, {start, count}): count
// frames from start of the connection numbered connection in the capture
// readCapture last read with frames: false.
func captureFrames(args []js.Value) (any, error) {
	var in input
	number := in.intIn(arg(args, 0), "connection", 0, 1, capture.MaxConnections)
	o := in.options(arg(args, 1), "options")
	start := o.intIn("start", 0, 0, capture.MaxFrames)
	count := o.intIn("count", defaultFrameSlice, 1, capture.MaxFrames)
	if in.err == nil && lastCapture == nil {
		in.fail("no capture to take frames from: call readCapture(bytes, {frames: false}) first")
	}
	if in.err != nil {
		return nil, in.err
	}
	for _, c := range lastCapture.Connections {
		if c.Number == number {
			fs := c.Frames[min(start, len(c.Frames)):min(start+count, len(c.Frames))]
			return object{{"frames", frameObjects(fs)}, {"start", start}, {"total", len(c.Frames)}}, nil
		}
	}
	in.fail("the capture has no connection " + itoa(number))
	return nil, in.err
}

// defaultFrameSlice is how many frames captureFrames gives by default: a
// page draws that many rows at a time.
const defaultFrameSlice = 1000

// captureFrame is decode's frame object (decodedFrame) with where and when
// the capture had it. Its offsets count in its direction's bytes after the
// HTTP head; headerHex and maskedPayload are the frame's own bytes, for a
// view of the frame alone. A compressed message's text is the inflated one,
// and null while it stays compressed.
func captureFrame(f *capture.Frame) object {
	o := decodedFrame(f.DecodedFrame, f.Complete)
	o = append(o,
		kv{"from", f.From.String()},
		kv{"t", f.Time.Micros()},
		kv{"packet", f.Packet},
		kv{"headerHex", frameHeaderHex(f)},
		kv{"compressed", f.Compressed},
		kv{"inflation", f.Inflation.String()})
	if f.Inflation == capture.NotCompressed || f.Message == nil {
		return o
	}
	for _, p := range o {
		if p.key != "message" {
			continue
		}
		msg := p.val.(object)
		if f.Message.Opcode == protocol.OpText {
			var text any // InflateData checked the inflated text's UTF-8
			if f.Inflation.IsInflated() {
				text = string(f.Message.Payload)
			}
			msg.set("text", text)
		}
		if f.Inflation.IsInflated() {
			o = append(o, kv{"inflated", object{{"length", len(f.Message.Payload)}, {"payload", f.Message.Payload}}})
		}
	}
	return o
}

// frameHeaderHex writes the frame's header as it was on the wire: the
// header as the core writes it, which is exact for the form it was read in.
func frameHeaderHex(f *capture.Frame) string {
	return protocol.Hex(protocol.AppendHeader(nil, f.Header))
}

func problemObject(p *capture.Problem) object {
	return object{
		{"id", p.Fault.ID},
		{"spec", p.Fault.Spec},
		{"text", p.Fault.Text},
		{"message", p.Error()},
		{"offset", p.Offset},
		{"packet", p.Packet},
		{"value", p.Value},
	}
}

func problemObjects(ps []*capture.Problem) []object {
	out := make([]object, len(ps))
	for i, p := range ps {
		out[i] = problemObject(p)
	}
	return out
}
