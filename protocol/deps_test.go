//go:build !js

package protocol

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/wsplay/wsplay/"

// goListDeps lists the packages pattern links, tests left out.
func goListDeps(t *testing.T, pattern string) []string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command is needed to list packages")
	out, err := exec.Command(goBin, "list", "-deps", pattern).CombinedOutput()
	require.NoError(t, err, "%s", out)
	return strings.Fields(string(out))
}

// TestCoreImportsNothingOfOurs: the core and its test helpers stand alone,
// so the server, the wasm and any other program can build on them.
func TestCoreImportsNothingOfOurs(t *testing.T) {
	t.Parallel()
	deps := goListDeps(t, "./...")
	require.Contains(t, deps, module+"protocol/protocoltest", "the listing must cover the subpackages")
	for _, d := range deps {
		if strings.HasPrefix(d, module) {
			assert.True(t, d == module+"protocol" || strings.HasPrefix(d, module+"protocol/"), "protocol/ links %s", d)
		}
	}
}

// TestCoreNeverLinksItsTestHelpers: protocoltest (and its encoding/json) is
// for tests; the package itself must not import it.
func TestCoreNeverLinksItsTestHelpers(t *testing.T) {
	t.Parallel()
	deps := goListDeps(t, ".")
	require.Contains(t, deps, module+"protocol")
	assert.NotContains(t, deps, module+"protocol/protocoltest")
	assert.NotContains(t, deps, "testing")
}
