package protocol

import "errors"

// Assembler puts fragmented messages back together (section 5.4) and checks
// the rules that span frames: continuation order, message size, UTF-8 of
// text (byte by byte across fragments, section 8.1) and close bodies.
// Control frames may come between fragments and are handed back at once.
// Check each header with CheckHeader first: the Assembler trusts that
// control frames are short and whole. The zero value is ready to use, with
// no size limit.
//
// A frame goes in either whole, with Push, or as it arrives off the wire:
// StartFrame with its header, FeedPayload with each piece of its unmasked
// payload, in order, and FinishFrame with the whole payload. Text is judged
// as the pieces come, so an endpoint fails the connection at the first
// impossible byte without waiting for the rest of the frame ("fail fast").
// Push is the same three steps at once, so no byte is checked twice.
//
// A message that breaks a rule is refused once: its remaining frames, and
// the rest of the frame that broke it, are taken without further checks up
// to its last frame, and it is never handed over. An endpoint fails the
// connection at the first error anyway; a decoder that keeps going does not
// report the same problem twice.
type Assembler struct {
	// MaxMessage caps a reassembled message in bytes; 0 means no cap.
	MaxMessage int

	open   bool   // a fragmented message has started
	broken bool   // and was refused; its remaining frames are skipped
	op     Opcode // its opcode
	buf    []byte
	count  int
	utf8   UTF8Validator

	frame frameState // the frame between StartFrame and FinishFrame
	cur   Header     // its header
	fed   uint64     // its payload bytes given to FeedPayload so far
}

// frameState is where the Assembler is within one frame.
type frameState uint8

const (
	frameNone     frameState = iota // between frames
	frameChecking                   // started: pieces are checked
	frameSkipping                   // refused, or part of a refused message: pieces are only counted
)

// InMessage reports whether a message is open, waiting for a continuation
// frame; between StartFrame and FinishFrame, the frame's own message counts.
func (a *Assembler) InMessage() bool { return a.open }

// Push takes the next frame, whole. It returns the finished message (done =
// true) when h completes one or is a control frame. h.Length is taken from
// payload. The returned payload may alias payload or the Assembler's buffer
// and is valid until the next frame. Violation offsets are relative to the
// start of this frame's payload, or -1 for a rule about the frame as a
// whole: its order, the message's size, or a text message that ends inside
// a character begun in an earlier frame. (A character begun in this frame is
// blamed at its first byte.)
func (a *Assembler) Push(h Header, payload []byte) (m Message, done bool, err error) {
	h.Length = uint64(len(payload))
	if err := a.StartFrame(h); err != nil {
		a.frame = frameNone
		return m, false, err
	}
	if err := a.FeedPayload(payload); err != nil {
		a.frame = frameNone
		return m, false, err
	}
	return a.FinishFrame(payload)
}

// StartFrame begins a frame whose payload will arrive in pieces. It checks
// what the header alone decides: the frame's place in the message (section
// 5.4) and, from h.Length, the message's size. After an error the frame is
// skipped: FeedPayload and FinishFrame take its bytes without checks, and
// the next StartFrame may come at once.
func (a *Assembler) StartFrame(h Header) error {
	if a.frame == frameChecking {
		return misuse("StartFrame before the previous frame's FinishFrame")
	}
	a.frame, a.cur, a.fed = frameSkipping, h, 0
	if h.Opcode.IsControl() {
		a.frame = frameChecking
		return nil
	}
	switch {
	case h.Opcode == OpContinuation && !a.open:
		return violation(ErrContinuationWithoutStart, -1, h.Opcode.Hex())
	case h.Opcode != OpContinuation && a.open:
		return violation(ErrDataInsideFragmented, -1, h.Opcode.Hex())
	}
	if h.Opcode != OpContinuation {
		a.open, a.broken, a.op, a.count = true, false, h.Opcode, 0
		a.buf = a.buf[:0]
		a.utf8.Reset()
	}
	a.count++
	if a.broken {
		a.open = !h.Fin
		return nil
	}
	if a.MaxMessage > 0 && (len(a.buf) > a.MaxMessage || h.Length > uint64(a.MaxMessage-len(a.buf))) {
		return a.refuse(violation(ErrTooBig, -1, utoa(saturatingAdd(uint64(len(a.buf)), h.Length))))
	}
	a.frame = frameChecking
	return nil
}

// FeedPayload checks the next piece of the started frame's payload, already
// unmasked. The pieces must add up to the header's length. A text message is
// refused at its first impossible byte; the Violation's offset counts from
// the start of this frame's payload, as if the frame had come whole.
func (a *Assembler) FeedPayload(piece []byte) error {
	if a.frame == frameNone {
		return misuse("FeedPayload without StartFrame")
	}
	at := a.fed
	if uint64(len(piece)) > a.cur.Length-at {
		return misuse("FeedPayload beyond the header's length")
	}
	a.fed += uint64(len(piece))
	if a.frame == frameSkipping || a.cur.Opcode.IsControl() || a.op != OpText {
		return nil
	}
	if i := a.utf8.Write(piece); i >= 0 {
		a.frame = frameSkipping
		return a.refuse(violation(ErrInvalidUTF8, int64(at)+int64(i), byteValue(piece, i)))
	}
	return nil
}

// FinishFrame completes the started frame. payload is its whole unmasked
// payload, the pieces FeedPayload saw, now side by side; it is kept as it is
// when the frame is a whole message, so a one-frame message is never copied.
// It returns the finished message (done = true) when the frame completes one
// or is a control frame, like Push.
func (a *Assembler) FinishFrame(payload []byte) (m Message, done bool, err error) {
	state, h := a.frame, a.cur
	a.frame = frameNone
	switch {
	case state == frameNone:
		return m, false, misuse("FinishFrame without StartFrame")
	case a.fed != h.Length || uint64(len(payload)) != h.Length:
		err := misuse("FinishFrame's payload, the pieces fed and the header's length differ")
		if state == frameChecking && !h.Opcode.IsControl() {
			a.breakMessage() // bytes may be missing: never hand it over
		}
		return m, false, err
	case state == frameSkipping:
		return m, false, nil
	case h.Opcode.IsControl():
		return controlMessage(h, payload)
	}
	if h.Fin && a.op == OpText && !a.utf8.Complete() {
		return m, false, a.refuse(violation(ErrInvalidUTF8, int64(unfinishedStart(payload)), unfinishedHex(payload)))
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

// controlMessage hands a control frame back, with its close body parsed.
func controlMessage(h Header, payload []byte) (Message, bool, error) {
	m := Message{Opcode: h.Opcode, Payload: payload, Frames: 1}
	if h.Opcode == OpClose {
		c, err := ParseClose(payload)
		if err != nil {
			return m, false, err
		}
		m.Close = &c
	}
	return m, true, nil
}

// refuse breaks the open message and returns v, the rule it broke.
func (a *Assembler) refuse(v *Violation) error {
	a.breakMessage()
	return v
}

// breakMessage marks the open message as refused: it stays open, to be
// skipped, until the frame with FIN.
func (a *Assembler) breakMessage() {
	a.broken, a.open = true, !a.cur.Fin
	a.buf = a.buf[:0]
}

// misuse is the error for calls out of order: a fault of the caller, not
// of the peer, so it names no rule.
func misuse(what string) error { return errors.New("wsplay: Assembler: " + what) }

func saturatingAdd(a, b uint64) uint64 {
	if a+b < a {
		return ^uint64(0)
	}
	return a + b
}
