package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The WebSocket libraries wsplay is compared with, and the packages that
// wrap them for the measurements. None of them may ship.
var peerPackages = []string{
	"github.com/gorilla/websocket",
	"github.com/gobwas/ws",
	"github.com/wsplay/wsplay/server/internal/peers",
	"github.com/wsplay/wsplay/server/internal/gorillapeer",
	"github.com/wsplay/wsplay/server/internal/gobwaspeer",
	"github.com/wsplay/wsplay/server/internal/floorpeer",
}

// goList runs go list with args in the module root, for goos/goarch when
// given ("" keeps the host's).
func goList(t *testing.T, goos, goarch string, args ...string) []string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command is needed to list packages")
	cmd := exec.Command(goBin, append([]string{"list"}, args...)...)
	cmd.Dir = "../../.."
	if goos != "" {
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch)
	}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

// TestShipsNoPeer: neither the wsplay binary nor the wasm links a peer
// library or a peer package; they are for tests and measurements only.
func TestShipsNoPeer(t *testing.T) {
	t.Parallel()
	for _, target := range []struct{ pkg, goos, goarch string }{
		{"./server/cmd/wsplay", "", ""},
		{"./wasm", "js", "wasm"},
	} {
		deps := goList(t, target.goos, target.goarch, "-deps", target.pkg)
		require.Contains(t, deps, "github.com/wsplay/wsplay/protocol", "the listing must be of %s", target.pkg)
		for _, d := range deps {
			for _, peer := range peerPackages {
				assert.False(t, d == peer || strings.HasPrefix(d, peer+"/"), "%s links %s", target.pkg, d)
			}
		}
	}
}

// TestOnlyPeerPackagesImportPeers: outside _test files, gorilla and gobwas
// are imported only by the peer packages, and those only by each other, so
// no package that a program could link reaches them by accident.
func TestOnlyPeerPackagesImportPeers(t *testing.T) {
	t.Parallel()
	lines := goList(t, "", "", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...")
	require.Greater(t, len(lines), 10, "the listing must cover the module")
	for _, line := range lines {
		fields := strings.Fields(line)
		if isPeer(fields[0]) {
			continue
		}
		for _, imp := range fields[1:] {
			assert.False(t, isPeer(imp), "%s imports %s outside its tests", fields[0], imp)
		}
	}
}

func isPeer(pkg string) bool {
	for _, peer := range peerPackages {
		if pkg == peer || strings.HasPrefix(pkg, peer+"/") {
			return true
		}
	}
	return false
}
