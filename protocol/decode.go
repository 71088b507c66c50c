package protocol

// DefaultMaxPayload is the payload limit Decode applies when Limits.MaxPayload
// is 0. Decode never allocates by a header's word, but a length this large
// cannot be a lesson, only an attack.
const DefaultMaxPayload = 64 << 20

const maxInt = int(^uint(0) >> 1)

// DecodedFrame is one frame found by Decode.
type DecodedFrame struct {
	Offset        int // where the frame starts in the input
	Header        Header
	HeaderSize    int
	Payload       []byte        // unmasked application data
	MaskedPayload []byte        // the payload as it travelled (equal to Payload when not masked)
	Fields        []Field       // the annotation model, header then payload
	Violations    []*Violation  // rules this frame breaks, offsets into the input
	Close         *ClosePayload // the parsed body of a valid close frame
	Message       *Message      // the message this frame completes, if any
	Text          string        // Payload as text when it is valid UTF-8
	TextValid     bool
	Compressed    bool // Message came with RSV1 (permessage-deflate); inflated when Limits.Inflater is set
}

// Decoding is the result of Decode.
type Decoding struct {
	Frames     []DecodedFrame
	Violations []*Violation // every violation, in input order
	// NeedMore is how many bytes the input lacks to finish the last frame's
	// header, or its payload once the header is known; 0 when the input ends
	// on a frame boundary. It saturates at the largest int.
	NeedMore int
	// Consumed is how many bytes whole frames took.
	Consumed int
	// OpenMessage is set when the input ends inside a fragmented message:
	// a continuation frame with FIN 1 is still to come.
	OpenMessage bool
}

// Decode reads as many frames from b as it holds, annotates each, and checks
// every rule: per header (CheckHeader), across frames (Assembler) and close
// bodies. Unlike an endpoint, which fails the connection at the first
// violation, Decode keeps going when the framing still makes sense, so that
// a page can show every problem; it stops at a header it cannot trust to
// delimit the frame (a hostile or impossible length).
func Decode(b []byte, lim Limits) Decoding {
	if lim.MaxPayload == 0 {
		lim.MaxPayload = DefaultMaxPayload
	}
	var d Decoding
	asm := DeflateAssembler{Inflater: lim.Inflater}
	for d.Consumed < len(b) {
		start := d.Consumed
		h, n, need := ParseHeader(b[start:])
		if n == 0 {
			d.NeedMore = need
			break
		}
		f := DecodedFrame{Offset: start, Header: h, HeaderSize: n}
		if !lim.NoFields {
			f.Fields = annotateHeader(h, start)
		}
		for _, v := range headerViolations(h, lim, true) {
			f.Violations = append(f.Violations, v.shifted(int64(start)))
		}
		if h.Length>>63 != 0 || h.Length > lim.MaxPayload {
			d.add(f)
			break
		}
		if avail := uint64(len(b) - start - n); h.Length > avail { // in uint64: int may be 32 bits
			d.NeedMore = maxInt
			if missing := h.Length - avail; missing < uint64(maxInt) {
				d.NeedMore = int(missing)
			}
			d.add(f) // header known, payload incomplete
			break
		}
		end := start + n + int(h.Length)
		f.MaskedPayload = b[start+n : end]
		f.Payload = f.MaskedPayload
		if h.Masked {
			f.Payload = append([]byte(nil), f.MaskedPayload...)
			Mask(f.Payload, h.MaskKey, 0)
		}
		if !lim.NoFields {
			f.Fields = append(f.Fields, annotatePayload(h, f.MaskedPayload, f.Payload, start+n)...)
		}
		if ValidUTF8(f.Payload) < 0 {
			f.Text, f.TextValid = string(f.Payload), true
		}
		if !h.Opcode.IsReserved() {
			m, compressed, done, err := asm.Push(h, f.Payload)
			f.Compressed = compressed && done
			if v, ok := err.(*Violation); ok {
				at := int64(start + n) // payload offsets are relative to the payload
				if v.Offset < 0 {      // a rule about the frame as a whole: point at its first byte (FIN, opcode)
					at, v.Offset = int64(start), 0
				}
				f.Violations = append(f.Violations, v.shifted(at))
			} else if done {
				if m.Opcode.IsData() {
					m.Payload = append([]byte(nil), m.Payload...)
				}
				f.Message, f.Close = &m, m.Close
			}
		}
		d.Consumed = end
		d.add(f)
	}
	d.OpenMessage = asm.InMessage()
	return d
}

func (d *Decoding) add(f DecodedFrame) {
	d.Frames = append(d.Frames, f)
	d.Violations = append(d.Violations, f.Violations...)
}
