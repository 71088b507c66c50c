//go:build js && wasm

// Command wasm is the browser adapter of the protocol core: it exposes
// globalThis.wsplay to the page. It avoids fmt, encoding/json, net/url and
// reflect, which would add hundreds of kilobytes to wsplay.wasm.
package main

import (
	"errors"
	"syscall/js"

	"github.com/wsplay/wsplay/protocol"
)

func main() {
	install(js.Global())
	announceReady(js.Global())
	select {} // keep the exported functions alive for the page's lifetime
}

// install sets global.wsplay to the API object.
func install(global js.Value) {
	global.Set("wsplay", object{
		"version": protocol.Version,
		"accept":  export(accept),
	}.value())
}

// announceReady fires "wsplay-ready" on document. Node has no document, and
// there the caller polls for globalThis.wsplay instead.
func announceReady(global js.Value) {
	doc := global.Get("document")
	if doc.IsUndefined() || doc.IsNull() {
		return
	}
	doc.Call("dispatchEvent", global.Get("Event").New("wsplay-ready"))
}

// accept is wsplay.accept(key): every step of Sec-WebSocket-Accept for key.
func accept(args []js.Value) js.Value {
	key, ok := stringArg(args, 0)
	if !ok {
		return errorValue(errors.New("wsplay.accept needs a string key"))
	}
	t := protocol.TraceAccept(key)
	out := object{
		"key":     t.Key,
		"guid":    t.GUID,
		"concat":  t.Concat,
		"sha1Hex": t.SHA1Hex,
		"accept":  t.Accept,
	}
	if t.Err != nil {
		out["error"] = errorObject(t.Err)
	}
	return out.value()
}
