package protocol

// pmdRSV1Misplaced applies RFC 7692 section 6 to a header whose RSV1 a
// negotiated extension allows: RSV1 marks a compressed message, so it may
// only be set on a message's first frame, never on a continuation or
// control frame. It reports whether add asked to stop.
func pmdRSV1Misplaced(h Header, add func(*Rule, int64, string) bool) bool {
	switch {
	case h.Opcode.IsControl():
		return add(ErrCompressedControl, 0, "RSV1=1 on "+h.Opcode.Hex())
	case h.Opcode == OpContinuation:
		return add(ErrCompressedContinuation, 0, "RSV1=1 on 0x0")
	}
	return false
}
