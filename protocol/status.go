package protocol

import "strconv"

// StatusCode is a close status code (RFC 6455 section 7.4).
type StatusCode uint16

// Status codes defined in RFC 6455 section 7.4.1, and the three that IANA
// registered later in the "WebSocket Close Code Number Registry".
const (
	StatusNormalClosure      StatusCode = 1000
	StatusGoingAway          StatusCode = 1001
	StatusProtocolError      StatusCode = 1002
	StatusUnsupportedData    StatusCode = 1003
	StatusNoStatusReceived   StatusCode = 1005 // never on the wire
	StatusAbnormalClosure    StatusCode = 1006 // never on the wire
	StatusInvalidPayload     StatusCode = 1007
	StatusPolicyViolation    StatusCode = 1008
	StatusMessageTooBig      StatusCode = 1009
	StatusMandatoryExtension StatusCode = 1010
	StatusInternalError      StatusCode = 1011
	StatusServiceRestart     StatusCode = 1012
	StatusTryAgainLater      StatusCode = 1013
	StatusBadGateway         StatusCode = 1014
	StatusTLSHandshake       StatusCode = 1015 // never on the wire
)

var statusNames = map[StatusCode]string{
	1000: "normal-closure", 1001: "going-away", 1002: "protocol-error",
	1003: "unsupported-data", 1004: "reserved-1004", 1005: "no-status-received",
	1006: "abnormal-closure", 1007: "invalid-payload", 1008: "policy-violation",
	1009: "message-too-big", 1010: "mandatory-extension", 1011: "internal-error",
	1012: "service-restart", 1013: "try-again-later", 1014: "bad-gateway",
	1015: "tls-handshake",
}

// NamedStatusCodes lists the codes 1000-1015 in order, for pickers and tables.
func NamedStatusCodes() []StatusCode {
	codes := make([]StatusCode, 0, 16)
	for c := StatusCode(1000); c <= 1015; c++ {
		codes = append(codes, c)
	}
	return codes
}

// String returns the code's name, e.g. "1000 normal-closure" or, outside the
// named range, the class it belongs to ("3000 registered", "4000 private").
func (c StatusCode) String() string {
	return strconv.Itoa(int(c)) + " " + c.name()
}

func (c StatusCode) name() string {
	if n, ok := statusNames[c]; ok {
		return n
	}
	switch {
	case c < 1000:
		return "unused"
	case c < 3000:
		return "reserved"
	case c < 4000:
		return "registered"
	case c < 5000:
		return "private"
	}
	return "out-of-range"
}

// IsReserved reports whether c is in a range RFC 6455 section 7.4.2 keeps for
// the protocol itself and has not been given a meaning (0-999, 1004,
// 1016-2999, 5000 and above).
func (c StatusCode) IsReserved() bool {
	if _, ok := statusNames[c]; ok {
		return c == 1004
	}
	return c < 3000 || c >= 5000
}

// NeverOnWire reports whether c is one of the codes that exist only to tell
// an application what happened and must not be sent in a close frame
// (1005, 1006 and 1015, section 7.4.1).
func (c StatusCode) NeverOnWire() bool {
	return c == StatusNoStatusReceived || c == StatusAbnormalClosure || c == StatusTLSHandshake
}

// OnWire reports whether c may appear in a close frame: a defined code that is
// not one of the three local-only ones, or a code from 3000-4999.
func (c StatusCode) OnWire() bool { return !c.IsReserved() && !c.NeverOnWire() }

// NoteID is the id of the code's one-line meaning in the catalogue of notes.
func (c StatusCode) NoteID() string { return "status." + c.name() }

// Meaning is the code's one-line meaning in English.
func (c StatusCode) Meaning() string {
	return Note{ID: c.NoteID(), Args: []string{strconv.Itoa(int(c))}}.English()
}
