//go:build !js

package main

import (
	"os"
	"os/exec"
	"path/filepath"
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

// TestWasmAvoidsErrorsAs keeps errors.As out of the module's code that the
// wasm links: it works through internal/reflectlite, about 11 KB of brotli.
// protocol.AsViolation does the same walk with type switches.
func TestWasmAvoidsErrorsAs(t *testing.T) {
	t.Parallel()
	goBin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command is needed to list the wasm's packages")
	cmd := exec.Command(goBin, "list", "-deps", "-f", `{{.Dir}}{{range .GoFiles}} {{.}}{{end}}`, ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)

	module, err := filepath.Abs("..")
	require.NoError(t, err)
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 || !strings.HasPrefix(fields[0], module+string(filepath.Separator)) {
			continue // the standard library
		}
		for _, name := range fields[1:] {
			src, err := os.ReadFile(filepath.Join(fields[0], name))
			require.NoError(t, err)
			assert.NotContains(t, string(src), "errors.As(", "%s/%s: use protocol.AsViolation or a type switch", fields[0], name)
			checked++
		}
	}
	assert.Greater(t, checked, 10, "the listing must include the module's own files")
}
