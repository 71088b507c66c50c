package protocol

// Opcode is the 4-bit frame type of RFC 6455 section 5.2.
type Opcode uint8

// The opcodes defined by RFC 6455 section 5.2 (section 11.8 keeps the rest
// reserved for future use).
const (
	OpContinuation Opcode = 0x0
	OpText         Opcode = 0x1
	OpBinary       Opcode = 0x2
	OpClose        Opcode = 0x8
	OpPing         Opcode = 0x9
	OpPong         Opcode = 0xA
)

var opcodeNames = [16]string{
	0x0: "continuation", 0x1: "text", 0x2: "binary",
	0x8: "close", 0x9: "ping", 0xA: "pong",
}

// String returns the opcode's name ("text", "ping") or, for the values
// reserved by section 5.2, "reserved-0x3".
func (op Opcode) String() string {
	if op < 16 && opcodeNames[op] != "" {
		return opcodeNames[op]
	}
	return "reserved-" + op.Hex()
}

// Hex returns the opcode as RFC 6455 writes it, one upper-case digit: "0x1",
// "0xA".
func (op Opcode) Hex() string {
	const digits = "0123456789ABCDEF"
	if op < 16 {
		return "0x" + string(digits[op])
	}
	return "0x" + string(digits[op>>4&15]) + string(digits[op&15])
}

// IsControl reports whether op is a control opcode: the most significant of
// its four bits is set (0x8-0xF, section 5.5).
func (op Opcode) IsControl() bool { return op&0x8 != 0 && op < 16 }

// IsData reports whether op is a data opcode (0x0-0x7, section 5.6),
// continuation included.
func (op Opcode) IsData() bool { return op < 0x8 }

// IsReserved reports whether op is one of the values section 5.2 reserves for
// future use (0x3-0x7 and 0xB-0xF) or does not fit in four bits.
func (op Opcode) IsReserved() bool { return op >= 16 || opcodeNames[op] == "" }

// OnWire reports whether an endpoint may send op today, that is whether it is
// defined and fits in the 4-bit field.
func (op Opcode) OnWire() bool { return !op.IsReserved() }

// NoteID is the id of the opcode's one-line meaning in the catalogue of notes.
func (op Opcode) NoteID() string {
	if op.IsReserved() {
		if op.IsControl() {
			return "opcode.reserved-control"
		}
		return "opcode.reserved-data"
	}
	return "opcode." + op.String()
}

// Meaning is the opcode's one-line meaning in English.
func (op Opcode) Meaning() string { return Note{ID: op.NoteID(), Args: []string{op.Hex()}}.English() }
