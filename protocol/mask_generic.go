//go:build !amd64 || purego

package protocol

// maskBulk leaves every byte to maskWords where no assembly kernel exists
// (js/wasm, arm64 and the rest, or any build with the purego tag). It
// inlines to nothing, so those builds carry no extra code.
func maskBulk(b []byte, k32 uint32) int { return 0 }
