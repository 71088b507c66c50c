//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"

	"github.com/wsplay/wsplay/protocol"
)

// Reference tables for the page: every note template, rule, opcode and the
// close codes, all read from the core.

// notes is wsplay.notes(): {id: English template} for every note id, the keys
// a translation must cover.
func notes([]js.Value) (any, error) {
	ids := protocol.NoteIDs()
	out := make(object, 0, len(ids))
	for _, id := range ids {
		t, _ := protocol.EnglishTemplate(id)
		out = append(out, kv{id, t})
	}
	return out, nil
}

// rules is wsplay.rules(): every rule the core can report.
func rules([]js.Value) (any, error) {
	rs := protocol.Rules()
	out := make([]object, len(rs))
	for i, r := range rs {
		out[i] = object{
			{"id", r.ID},
			{"section", r.Section},
			{"text", r.Text},
			{"closeCode", int(r.Close)},
			{"httpStatus", r.HTTP},
			{"noteId", r.NoteID()},
		}
	}
	return out, nil
}

// opcodes is wsplay.opcodes(): all 16 values of the 4-bit field (section 5.2).
func opcodes([]js.Value) (any, error) {
	out := make([]object, 16)
	for v := range out {
		op := protocol.Opcode(v)
		out[v] = object{
			{"value", v},
			{"hex", op.Hex()},
			{"name", op.String()},
			{"control", op.IsControl()},
			{"data", op.IsData()},
			{"reserved", op.IsReserved()},
			{"onWire", op.OnWire()},
			{"note", noteObject(protocol.Note{ID: op.NoteID(), Args: []string{op.Hex()}})},
		}
	}
	return out, nil
}

// statusCodes is wsplay.statusCodes(): the named close codes 1000-1015 and
// one code of each range for applications (section 7.4).
func statusCodes([]js.Value) (any, error) {
	codes := append(protocol.NamedStatusCodes(), 3000, 4000)
	out := make([]object, len(codes))
	for i, c := range codes {
		out[i] = object{
			{"code", int(c)},
			{"name", statusName(c)},
			{"onWire", c.OnWire()},
			{"neverOnWire", c.NeverOnWire()},
			{"reserved", c.IsReserved()},
			{"note", noteObject(statusNote(c))},
		}
	}
	return out, nil
}

// statusName is the core's name of c without its number, e.g. "normal-closure".
func statusName(c protocol.StatusCode) string {
	_, name, _ := strings.Cut(c.String(), " ")
	return name
}

// statusNote explains c, as the core's decoder does for a close frame.
func statusNote(c protocol.StatusCode) protocol.Note {
	return protocol.Note{ID: c.NoteID(), Args: []string{itoa(int(c))}}
}
