//go:build js && wasm

// Command wasm is the browser adapter of the protocol core: it exposes
// globalThis.wsplay to the page (see /work/notes/wasm-api.md and the README's
// "JavaScript API"). It avoids fmt, encoding/json, net/url, reflect and
// math/big, which would add hundreds of kilobytes to wsplay.wasm
// (deps_test.go checks).
package main

import (
	"syscall/js"

	"github.com/wsplay/wsplay/protocol"
)

func main() {
	install(js.Global())
	announceReady(js.Global())
	select {} // keep the exported functions alive for the page's lifetime
}

// api lists the exported functions by their JS names.
var api = []struct {
	name string
	fn   func(args []js.Value) (any, error)
}{
	{"notes", notes},
	{"rules", rules},
	{"opcodes", opcodes},
	{"statusCodes", statusCodes},
	{"randomKey", randomKey},
	{"randomMask", randomMask},
	{"accept", accept},
	{"handshake", handshake},
	{"checkRequest", checkRequest},
	{"checkResponse", checkResponse},
	{"encode", encode},
	{"decode", decode},
	{"bytes", bytesAPI},
	{"mask", mask},
	{"maskSteps", maskSteps},
	{"fragment", fragment},
	{"closePayload", closePayload},
	{"inflate", inflate},
	{"compress", compress},
	{"negotiate", negotiate},
	{"deflateExamples", deflateExamples},
	{"readCapture", readCapture},
	{"writeCapture", writeCapture},
	{"captureFrames", captureFrames},
}

// install sets global.wsplay to the API object.
func install(global js.Value) {
	w := jsObject.New()
	w.Set("version", protocol.Version)
	// decode's options.extensions for a connection that agreed to
	// permessage-deflate (RSV1 means compressed).
	w.Set("extensionsDeflate", int(protocol.ExtensionsDeflate))
	for _, f := range api {
		w.Set(f.name, export(f.name, f.fn))
	}
	global.Set("wsplay", w)
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
