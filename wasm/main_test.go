//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/protocoltest"
)

// These tests run in Node through go_js_wasm_exec (see make test). They call
// the API as the page does, through the installed JS object, and compare with
// what the core computes in Go for the same input.

// installed returns a fresh wsplay object, installed on a throwaway global.
func installed(t testing.TB) js.Value {
	t.Helper()
	global := jsObject.New()
	install(global)
	api := global.Get("wsplay")
	require.Equal(t, js.TypeObject, api.Type())
	return api
}

// call invokes wsplay[name](args...).
func call(t testing.TB, name string, args ...any) js.Value {
	t.Helper()
	return installed(t).Call(name, args...)
}

// callOK is call for a result that must not carry an error.
func callOK(t testing.TB, name string, args ...any) js.Value {
	t.Helper()
	res := call(t, name, args...)
	if e := res.Get("error"); e.Type() == js.TypeObject {
		require.Fail(t, "unexpected error", "%s: %s", name, e.Get("message").String())
	}
	return res
}

// callErr invokes wsplay[name](args...), which must fail as a whole: it
// returns the error message, after checking the result holds nothing else.
func callErr(t testing.TB, name string, args ...any) string {
	t.Helper()
	res := call(t, name, args...)
	e := res.Get("error")
	require.Equal(t, js.TypeObject, e.Type(), "%s must return {error}", name)
	keys := js.Global().Get("Object").Call("keys", res)
	assert.Equal(t, 1, keys.Length(), "a failed call returns only {error}")
	msg := e.Get("message").String()
	assert.True(t, strings.HasPrefix(msg, "wsplay."+name+": "), "message %q names the function", msg)
	return msg
}

// goBytes copies a Uint8Array result into Go.
func goBytes(t testing.TB, v js.Value) []byte {
	t.Helper()
	require.True(t, v.InstanceOf(jsUint8Array), "want a Uint8Array, got %s", v.Type())
	b := make([]byte, v.Length())
	js.CopyBytesToGo(b, v)
	return b
}

func jsBytes(b []byte) js.Value { return uint8Array(b) }

var mustHex = protocoltest.DecodeHex

// jsObj builds a JS options object from a Go map.
func jsObj(m map[string]any) js.Value { return js.ValueOf(m) }

func strs(v js.Value) []string {
	out := make([]string, v.Length())
	for i := range out {
		out[i] = v.Index(i).String()
	}
	return out
}

// assertNote checks a {id, args, text} object against the core's note.
func assertNote(t testing.TB, want protocol.Note, got js.Value) {
	t.Helper()
	assert.Equal(t, want.ID, got.Get("id").String())
	wantArgs := want.Args
	if wantArgs == nil {
		wantArgs = []string{}
	}
	assert.Equal(t, wantArgs, strs(got.Get("args")))
	assert.Equal(t, want.English(), got.Get("text").String())
}

// assertFields checks field objects against the core's, offsets less base.
func assertFields(t testing.TB, want []protocol.Field, got js.Value, base int) {
	t.Helper()
	require.Equal(t, len(want), got.Length(), "number of fields")
	for i, f := range want {
		g := got.Index(i)
		assert.Equal(t, f.ID, g.Get("id").String())
		assert.Equal(t, f.Name, g.Get("name").String())
		assert.Equal(t, f.Offset-base, g.Get("offset").Int(), f.ID)
		assert.Equal(t, f.Size, g.Get("size").Int(), f.ID)
		assert.Equal(t, f.Bit, g.Get("bit").Int(), f.ID)
		assert.Equal(t, f.Bits, g.Get("bits").Int(), f.ID)
		assert.Equal(t, f.Raw, g.Get("raw").String(), f.ID)
		assert.Equal(t, f.Value, g.Get("value").String(), f.ID)
		assert.Equal(t, f.Section, g.Get("section").String(), f.ID)
		assertNote(t, f.Note, g.Get("note"))
	}
}

// assertViolations checks violation objects against the core's.
func assertViolations(t testing.TB, want []*protocol.Violation, got js.Value, base int) {
	t.Helper()
	require.Equal(t, len(want), got.Length(), "number of violations")
	for i, v := range want {
		g := got.Index(i)
		assert.Equal(t, v.Rule.ID, g.Get("rule").String())
		assert.Equal(t, v.Rule.Section, g.Get("section").String())
		assert.Equal(t, int(v.Offset)-base, g.Get("offset").Int(), v.Rule.ID)
		assert.Equal(t, v.Value, g.Get("value").String(), v.Rule.ID)
		assert.Equal(t, int(v.Rule.Close), g.Get("closeCode").Int(), v.Rule.ID)
		assert.Equal(t, v.Error(), g.Get("message").String())
		assertNote(t, protocol.Note{ID: v.Rule.NoteID()}, g.Get("note"))
	}
}

func TestVersion(t *testing.T) {
	assert.Equal(t, protocol.Version, installed(t).Get("version").String())
}

func TestEveryFunctionIsInstalled(t *testing.T) {
	w := installed(t)
	for _, name := range []string{"notes", "rules", "opcodes", "statusCodes", "randomKey", "randomMask",
		"accept", "handshake", "checkRequest", "checkResponse", "encode", "decode", "bytes", "mask", "maskSteps",
		"fragment", "closePayload"} {
		assert.Equal(t, js.TypeFunction, w.Get(name).Type(), name)
	}
}

func TestExportRecoversPanics(t *testing.T) {
	f := export("boom", func([]js.Value) (any, error) { panic("boom") })
	defer f.Release()
	res := f.Invoke()
	assert.Equal(t, "wsplay: internal error: boom", res.Get("error").Get("message").String())

	// The runtime survived: a later call still works.
	assert.Equal(t, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", call(t, "accept", "dGhlIHNhbXBsZSBub25jZQ==").Get("accept").String())
}

func TestAnnounceReadyWithoutDocument(t *testing.T) {
	// Node has no document: announceReady must be a no-op, not a panic.
	assert.NotPanics(t, func() { announceReady(jsObject.New()) })
}

func TestAnnounceReadyFiresEvent(t *testing.T) {
	// Node 20 has EventTarget and Event, enough to stand in for document.
	global := jsObject.New()
	global.Set("Event", js.Global().Get("Event"))
	doc := js.Global().Get("EventTarget").New()
	global.Set("document", doc)

	fired := 0
	listener := js.FuncOf(func(js.Value, []js.Value) any { fired++; return nil })
	defer listener.Release()
	doc.Call("addEventListener", "wsplay-ready", listener)

	announceReady(global)
	assert.Equal(t, 1, fired)
}
