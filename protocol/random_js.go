//go:build js

package protocol

import "syscall/js"

// randomBytes fills b from the browser's (or Node's) crypto.getRandomValues.
// Importing crypto/rand instead would pull math/big and fmt into the wasm.
func randomBytes(b []byte) {
	arr := js.Global().Get("Uint8Array").New(len(b))
	js.Global().Get("crypto").Call("getRandomValues", arr)
	js.CopyBytesToGo(b, arr)
}
