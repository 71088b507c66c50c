//go:build !js

package protocol

import "github.com/gobwas/ws"

// gobwas/ws is a peer for the masking benchmark only: its Cipher takes the
// same arguments as Mask and uses AVX2 assembly on amd64. The js/wasm test
// build skips this file, so it never needs the module.
func init() {
	maskPeers = append(maskPeers, maskPeer{name: "gobwas", mask: ws.Cipher})
}
