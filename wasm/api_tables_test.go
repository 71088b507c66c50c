//go:build js && wasm

package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

func TestNotes(t *testing.T) {
	res := call(t, "notes")
	ids := protocol.NoteIDs()
	keys := jsObject.Call("keys", res)
	assert.Equal(t, ids, strs(keys))
	for _, id := range ids {
		tmpl, _ := protocol.EnglishTemplate(id)
		assert.Equal(t, tmpl, res.Get(id).String(), id)
	}
	assert.Contains(t, res.Get("mask.step").String(), "{0}", "templates keep their placeholders")
}

func TestRules(t *testing.T) {
	res := call(t, "rules")
	rs := protocol.Rules()
	require.Equal(t, len(rs), res.Length())
	for i, r := range rs {
		o := res.Index(i)
		assert.Equal(t, r.ID, o.Get("id").String())
		assert.Equal(t, r.Section, o.Get("section").String())
		assert.Equal(t, r.Text, o.Get("text").String())
		assert.Equal(t, int(r.Close), o.Get("closeCode").Int())
		assert.Equal(t, r.HTTP, o.Get("httpStatus").Int())
		assert.Equal(t, r.NoteID(), o.Get("noteId").String())
	}
}

func TestOpcodes(t *testing.T) {
	res := call(t, "opcodes")
	require.Equal(t, 16, res.Length())
	for v := 0; v < 16; v++ {
		op, o := protocol.Opcode(v), res.Index(v)
		assert.Equal(t, v, o.Get("value").Int())
		assert.Equal(t, op.Hex(), o.Get("hex").String())
		assert.Equal(t, op.String(), o.Get("name").String())
		assert.Equal(t, op.IsControl(), o.Get("control").Bool())
		assert.Equal(t, op.IsData(), o.Get("data").Bool())
		assert.Equal(t, op.IsReserved(), o.Get("reserved").Bool())
		assert.Equal(t, op.OnWire(), o.Get("onWire").Bool())
		assertNote(t, protocol.Note{ID: op.NoteID(), Args: []string{op.Hex()}}, o.Get("note"))
	}
	// One tutorial lists 0x8 as ping; the table must not.
	assert.Equal(t, "close", res.Index(8).Get("name").String())
	assert.Equal(t, "ping", res.Index(9).Get("name").String())
	assert.Equal(t, "pong", res.Index(10).Get("name").String())
}

func TestStatusCodes(t *testing.T) {
	res := call(t, "statusCodes")
	codes := append(protocol.NamedStatusCodes(), 3000, 4000)
	require.Equal(t, len(codes), res.Length())
	for i, c := range codes {
		o := res.Index(i)
		assert.Equal(t, int(c), o.Get("code").Int())
		assert.Equal(t, c.String(), itoa(int(c))+" "+o.Get("name").String())
		assert.Equal(t, c.OnWire(), o.Get("onWire").Bool())
		assert.Equal(t, c.NeverOnWire(), o.Get("neverOnWire").Bool())
		assert.Equal(t, c.IsReserved(), o.Get("reserved").Bool())
		assertNote(t, protocol.Note{ID: c.NoteID(), Args: []string{itoa(int(c))}}, o.Get("note"))
	}
	assert.Equal(t, "no-status-received", res.Index(5).Get("name").String())
	assert.True(t, res.Index(5).Get("neverOnWire").Bool())
}
