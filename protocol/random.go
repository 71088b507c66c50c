//go:build !js

package protocol

import "crypto/rand"

// randomBytes fills b from the operating system's entropy source.
func randomBytes(b []byte) {
	_, _ = rand.Read(b) // crypto/rand.Read does not fail on supported systems
}
