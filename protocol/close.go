package protocol

// ClosePayload is the body of a close frame (section 5.5.1): an optional
// status code followed by an optional UTF-8 reason.
type ClosePayload struct {
	Code   StatusCode // StatusNoStatusReceived (1005) when the body was empty
	Reason string
}

// ParseClose reads a close frame's body and checks it: empty, or a 2-byte code
// that may appear on the wire followed by valid UTF-8. Violation offsets are
// relative to the start of the body; a reason that ends inside a character is
// blamed at that character's first byte.
func ParseClose(body []byte) (ClosePayload, error) {
	switch len(body) {
	case 0:
		return ClosePayload{Code: StatusNoStatusReceived}, nil
	case 1:
		return ClosePayload{}, violation(ErrCloseBodyOneByte, 0, hexByte(body[0]))
	}
	c := ClosePayload{Code: StatusCode(be16(body)), Reason: string(body[2:])}
	if err := checkCloseCode(c.Code); err != nil {
		return c, err
	}
	if i := ValidUTF8(body[2:]); i == len(body)-2 { // the reason ends inside a character
		return c, violation(ErrCloseReasonUTF8, int64(2+unfinishedStart(body[2:])), unfinishedHex(body[2:]))
	} else if i >= 0 {
		return c, violation(ErrCloseReasonUTF8, int64(2+i), byteValue(body, 2+i))
	}
	return c, nil
}

func checkCloseCode(code StatusCode) error {
	switch {
	case code.NeverOnWire():
		return violation(ErrCloseCodeLocal, 0, itoa(int(code)))
	case code.IsReserved():
		return violation(ErrCloseCodeInvalid, 0, itoa(int(code)))
	}
	return nil
}

// AppendClose appends a close frame body for code and reason. Code 0 (or
// 1005) writes an empty body, which is how "no status" travels. The reason is
// cut at a UTF-8 boundary so the whole body stays within the 125 bytes a
// control frame may carry.
func AppendClose(dst []byte, code StatusCode, reason string) []byte {
	if code == 0 || code == StatusNoStatusReceived {
		return dst
	}
	dst = appendBE16(dst, uint16(code))
	if len(reason) > 123 {
		cut := 123
		for cut > 0 && reason[cut]&0xC0 == 0x80 { // do not split a character
			cut--
		}
		reason = reason[:cut]
	}
	return append(dst, reason...)
}
