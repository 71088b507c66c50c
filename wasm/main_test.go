//go:build js && wasm

package main

import (
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

// These tests run in Node through go_js_wasm_exec (see make test).

func installed(t *testing.T) js.Value {
	t.Helper()
	global := js.Global().Get("Object").New()
	install(global)
	api := global.Get("wsplay")
	require.Equal(t, js.TypeObject, api.Type())
	return api
}

func TestVersion(t *testing.T) {
	assert.Equal(t, protocol.Version, installed(t).Get("version").String())
}

func TestAcceptRFCExample(t *testing.T) {
	res := installed(t).Call("accept", "dGhlIHNhbXBsZSBub25jZQ==")
	assert.Equal(t, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", res.Get("accept").String())
	assert.Equal(t, "dGhlIHNhbXBsZSBub25jZQ==", res.Get("key").String())
	assert.Equal(t, protocol.GUID, res.Get("guid").String())
	assert.Equal(t, "dGhlIHNhbXBsZSBub25jZQ=="+protocol.GUID, res.Get("concat").String())
	assert.Equal(t, "b37a4f2cc0624f1690f64606cf385945b2bec4ea", res.Get("sha1Hex").String())
	assert.True(t, res.Get("error").IsUndefined(), "a valid key has no error")
}

func TestAcceptInvalidKeyNamesTheRule(t *testing.T) {
	res := installed(t).Call("accept", "not-a-key")
	assert.Equal(t, protocol.AcceptKey("not-a-key"), res.Get("accept").String(),
		"the value is still derived for an invalid key")
	e := res.Get("error")
	require.Equal(t, js.TypeObject, e.Type())
	assert.Equal(t, protocol.ErrInvalidKey.ID, e.Get("rule").String())
	assert.Equal(t, protocol.ErrInvalidKey.Section, e.Get("section").String())
	assert.NotEmpty(t, e.Get("message").String())
}

func TestAcceptRejectsNonString(t *testing.T) {
	res := installed(t).Call("accept", 42)
	assert.Contains(t, res.Get("error").Get("message").String(), "string key")
	assert.True(t, res.Get("accept").IsUndefined())
}

func TestExportRecoversPanics(t *testing.T) {
	f := export(func([]js.Value) js.Value { panic("boom") })
	defer f.Release()
	res := f.Invoke()
	assert.Equal(t, "wsplay: internal error: boom", res.Get("error").Get("message").String())

	// The runtime survived: a later call still works.
	assert.Equal(t, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
		installed(t).Call("accept", "dGhlIHNhbXBsZSBub25jZQ==").Get("accept").String())
}

func TestAnnounceReadyWithoutDocument(t *testing.T) {
	// Node has no document: announceReady must be a no-op, not a panic.
	assert.NotPanics(t, func() { announceReady(js.Global().Get("Object").New()) })
}

func TestAnnounceReadyFiresEvent(t *testing.T) {
	// Node 20 has EventTarget and Event, enough to stand in for document.
	global := js.Global().Get("Object").New()
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
