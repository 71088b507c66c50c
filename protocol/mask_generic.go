//go:build !amd64 || purego

package protocol

import "math"

// Where no assembly kernel exists (js/wasm, arm64 and the rest, or any build
// with the purego tag) maskWords does every byte: no payload is long enough
// to reach maskBulk, so the compiler drops the call and those builds carry
// no extra code.
const maskBulkMin = math.MaxInt

func maskBulk(b []byte, k32 uint32) int { return 0 }
