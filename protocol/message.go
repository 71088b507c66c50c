package protocol

// SplitMessage cuts a message into frames of at most size payload bytes
// (section 5.4): the first frame carries op, the rest are continuations, and
// only the last has FIN set. An empty message is one empty frame. Size 0 or
// less means one frame. The frames' payloads share payload's memory and are
// unmasked; set Masked and MaskKey on each to send them from a client.
func SplitMessage(op Opcode, payload []byte, size int) []Frame {
	if size <= 0 || size >= len(payload) {
		return []Frame{{Header: Header{Fin: true, Opcode: op, Length: uint64(len(payload))}, Payload: payload}}
	}
	frames := make([]Frame, 0, (len(payload)+size-1)/size)
	for start := 0; start < len(payload); start += size {
		end := min(start+size, len(payload))
		h := Header{Fin: end == len(payload), Opcode: OpContinuation, Length: uint64(end - start)}
		if start == 0 {
			h.Opcode = op
		}
		frames = append(frames, Frame{Header: h, Payload: payload[start:end]})
	}
	return frames
}

// Message is a complete message, or a control frame, as the Assembler hands
// it over.
type Message struct {
	Opcode  Opcode
	Payload []byte
	Frames  int           // how many frames carried it
	Close   *ClosePayload // the parsed body, for a close frame
}

// Assembler puts fragmented messages back together (section 5.4). Push it
// every frame in order, with the payload already unmasked; control frames may
// come between fragments and are handed back at once. The zero value is ready
// to use, with no size limit.
type Assembler struct {
	// MaxMessage caps a reassembled message in bytes; 0 means no cap.
	MaxMessage int

	open   bool   // a fragmented message has started
	broken bool   // and was refused; its remaining frames are skipped
	op     Opcode // its opcode
	buf    []byte
	count  int
	utf8   UTF8Validator
}

// InMessage reports whether a fragmented message is open, waiting for a
// continuation frame.
func (a *Assembler) InMessage() bool { return a.open }

// Push takes the next frame. It returns the finished message (done = true)
// when h completes one or is a control frame. The returned payload may alias
// payload or the Assembler's buffer and is valid until the next Push.
// Violation offsets are relative to the start of this frame's payload, or -1
// for a rule about the frame as a whole: its order, the message's size, or a
// text message that ends inside a character begun in an earlier frame. (A
// character begun in this frame is blamed at its first byte.)
//
// A message that breaks a rule is refused once: its remaining continuation
// frames are taken without further checks up to its last frame, and it is
// never handed over. An endpoint fails the connection at the first error
// anyway; a decoder that keeps going does not report the same problem twice.
//
// Push checks the rules that span frames: continuation order, message size,
// UTF-8 of text (byte by byte across fragments) and close bodies. Check each
// header with CheckHeader first; Push trusts that control frames are short
// and whole.
func (a *Assembler) Push(h Header, payload []byte) (m Message, done bool, err error) {
	if h.Opcode.IsControl() {
		m = Message{Opcode: h.Opcode, Payload: payload, Frames: 1}
		if h.Opcode == OpClose {
			c, err := ParseClose(payload)
			if err != nil {
				return m, false, err
			}
			m.Close = &c
		}
		return m, true, nil
	}
	switch {
	case h.Opcode == OpContinuation && !a.open:
		return m, false, violation(ErrContinuationWithoutStart, -1, h.Opcode.Hex())
	case h.Opcode != OpContinuation && a.open:
		return m, false, violation(ErrDataInsideFragmented, -1, h.Opcode.Hex())
	}
	if h.Opcode != OpContinuation {
		a.open, a.broken, a.op, a.count = true, false, h.Opcode, 0
		a.buf = a.buf[:0]
		a.utf8.Reset()
	}
	a.count++
	if a.broken {
		a.open = !h.Fin
		return m, false, nil
	}
	if a.MaxMessage > 0 && len(a.buf)+len(payload) > a.MaxMessage {
		return m, false, a.refuse(h, violation(ErrTooBig, -1, itoa(len(a.buf)+len(payload))))
	}
	if a.op == OpText {
		if i := a.utf8.Write(payload); i >= 0 {
			return m, false, a.refuse(h, violation(ErrInvalidUTF8, int64(i), byteValue(payload, i)))
		}
		if h.Fin && !a.utf8.Complete() {
			return m, false, a.refuse(h, violation(ErrInvalidUTF8, int64(unfinishedStart(payload)), unfinishedHex(payload)))
		}
	}
	if h.Fin && a.count == 1 { // a whole message in one frame: no copy
		a.open = false
		return Message{Opcode: a.op, Payload: payload, Frames: 1}, true, nil
	}
	a.buf = append(a.buf, payload...)
	if !h.Fin {
		return m, false, nil
	}
	a.open = false
	return Message{Opcode: a.op, Payload: a.buf, Frames: a.count}, true, nil
}

// refuse marks the open message as broken after v: it stays open, to be
// skipped, until the frame with FIN.
func (a *Assembler) refuse(h Header, v *Violation) error {
	a.broken, a.open = true, !h.Fin
	a.buf = a.buf[:0]
	return v
}
