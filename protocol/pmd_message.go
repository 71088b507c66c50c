package protocol

import (
	"strconv"

	"github.com/wsplay/wsplay/protocol/deflate"
)

// ServerCodecs returns the compressor and inflater a server uses once p is
// agreed: its own window and takeover for what it sends, the client's for
// what it reads, and maxMessage (0 = no cap) as the most one message may
// inflate to.
func (p DeflateParams) ServerCodecs(maxMessage int) (*deflate.Compressor, *deflate.Inflater) {
	return deflate.NewCompressor(deflate.CompressorOptions{WindowBits: p.ServerWindowBits(), NoContextTakeover: p.ServerNoContextTakeover}),
		deflate.NewInflater(deflate.Options{WindowBits: p.ClientWindowBits(), NoContextTakeover: p.ClientNoContextTakeover, MaxOutput: maxMessage})
}

// ClientCodecs is ServerCodecs seen from the client.
func (p DeflateParams) ClientCodecs(maxMessage int) (*deflate.Compressor, *deflate.Inflater) {
	return deflate.NewCompressor(deflate.CompressorOptions{WindowBits: p.ClientWindowBits(), NoContextTakeover: p.ClientNoContextTakeover}),
		deflate.NewInflater(deflate.Options{WindowBits: p.ServerWindowBits(), NoContextTakeover: p.ServerNoContextTakeover, MaxOutput: maxMessage})
}

// CompressedFrames cuts a compressed payload into frames like SplitMessage,
// with RSV1 set on the first frame only (RFC 7692 section 6).
func CompressedFrames(op Opcode, compressed []byte, size int) []Frame {
	frames := SplitMessage(op, compressed, size)
	frames[0].Rsv1 = true
	return frames
}

// InflateMessage appends the inflated form of a compressed message's
// payload (its frames joined, the tail stripped) to dst (RFC 7692 section
// 7.2.2). Data that does not inflate is ErrInflate (1007); more than the
// inflater's MaxOutput is ErrTooBig (1009). Either way the value names the
// DEFLATE problem and its bit.
func InflateMessage(z *deflate.Inflater, dst, payload []byte) ([]byte, error) {
	out, err := z.Inflate(dst, payload)
	if err == nil {
		return out, nil
	}
	v := inflateViolation(err)
	if v.Offset >= int64(len(payload)) { // the bit is in the tail the receiver appended
		v.Offset = -1
	}
	return out, v
}

func inflateViolation(err error) *Violation {
	de, ok := findError[*deflate.Error](err)
	if !ok {
		return violation(ErrInflate, -1, err.Error())
	}
	rule := ErrInflate
	if de.Problem == deflate.ErrTooBig {
		rule = ErrTooBig
	}
	value := de.Problem.ID + " at bit " + strconv.FormatInt(de.Bit, 10)
	if de.Value != "" {
		value += ", " + de.Value
	}
	return violation(rule, de.Bit/8, value)
}

// DeflateAssembler is an Assembler for a connection with permessage-deflate
// agreed: a message whose first frame has RSV1 is inflated once complete,
// and a text message's UTF-8 is checked on the inflated bytes. With a nil
// Inflater it is a plain Assembler that hands compressed messages over as
// they came. Check each
// header with Limits.Extensions = ExtensionsDeflate first, which refuses RSV1 on
// continuation and control frames.
type DeflateAssembler struct {
	Assembler
	Inflater *deflate.Inflater

	compressed bool // the open message has RSV1
	op         Opcode
	out        []byte
}

// Push is Assembler.Push, with compressed messages inflated. The second
// result says whether the message came compressed. An inflate violation of
// a one-frame message points at the payload byte that holds the bad bit;
// of a fragmented one, at no byte (-1), its value naming the bit.
func (a *DeflateAssembler) Push(h Header, payload []byte) (m Message, compressed, done bool, err error) {
	if first, ah := CompressedStart(h, a.InMessage()); first {
		a.compressed, a.op, h = h.Rsv1, h.Opcode, ah
	}
	if !a.compressed || h.Opcode.IsControl() {
		m, done, err = a.Assembler.Push(h, payload)
		return m, false, done, err
	}
	m, done, err = a.Assembler.Push(h, payload)
	if !done || err != nil {
		return m, true, done, err
	}
	if a.Inflater == nil { // nothing to inflate with: hand the DEFLATE bytes over
		m.Opcode = a.op
		return m, true, true, nil
	}
	if cap(a.out) > 1<<16 {
		a.out = nil // an idle connection should not hold its largest message
	}
	m, err = InflateData(a.Inflater, a.out[:0], a.op, m)
	if err != nil {
		return Message{}, true, false, err
	}
	a.out = m.Payload
	return m, true, true, nil
}

// CompressedStart tells an assembler of a permessage-deflate connection
// whether h begins a data message (inMessage says whether one is open), and
// gives the header to assemble it with: a compressed message's frames hold
// DEFLATE data, not yet text, so they are put together as binary and the
// UTF-8 of a text message is judged once inflated (InflateData).
func CompressedStart(h Header, inMessage bool) (first bool, assemble Header) {
	if !h.Opcode.IsData() || h.Opcode == OpContinuation || inMessage {
		return false, h
	}
	if h.Rsv1 {
		h.Opcode = OpBinary
	}
	return true, h
}

// InflateData completes a compressed data message m, reassembled from
// frames that began with opcode op and RSV1: its payload is inflated onto
// dst (InflateMessage), and a text message's UTF-8 is checked on the
// inflated bytes (RFC 7692 section 6: the extension transforms the payload,
// the text is what comes out). The result's payload starts at dst's start.
// An inflate violation of a one-frame message points at the payload byte
// that holds the bad bit; of a fragmented one, at no byte (-1).
func InflateData(z *deflate.Inflater, dst []byte, op Opcode, m Message) (Message, error) {
	out, err := InflateMessage(z, dst, m.Payload)
	if err != nil {
		if v, ok := err.(*Violation); ok && m.Frames > 1 {
			v.Offset = -1 // the offset counts into the frames joined, not into one
		}
		return Message{}, err
	}
	m.Opcode, m.Payload = op, out
	if op == OpText {
		if i := ValidUTF8(out[len(dst):]); i >= 0 {
			return Message{}, violation(ErrInvalidUTF8, -1, "inflated byte "+itoa(i)+" = "+byteValue(out[len(dst):], i))
		}
	}
	return m, nil
}
