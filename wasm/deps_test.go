//go:build !js

package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWasmLeavesOutHeavyPackages keeps the packages that would add hundreds
// of kilobytes to wsplay.wasm out of everything it links.
func TestWasmLeavesOutHeavyPackages(t *testing.T) {
	t.Parallel()
	goBin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command is needed to list the wasm's packages")
	cmd := exec.Command(goBin, "list", "-deps", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)

	deps := strings.Fields(string(out))
	require.Contains(t, deps, "github.com/wsplay/wsplay/protocol", "the listing must be of the wasm command")
	for _, banned := range []string{"fmt", "encoding/json", "net/url", "reflect", "math/big"} {
		assert.NotContains(t, deps, banned)
	}
}
