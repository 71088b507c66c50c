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
