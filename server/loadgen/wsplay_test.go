package main

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAgainstWsplay runs each mode briefly against the real server binary,
// built here, so a server change that loses or corrupts echoes under
// concurrent load fails a test, not only make soak.
func TestAgainstWsplay(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and starts the server")
	}
	goBin, err := exec.LookPath("go")
	require.NoError(t, err)
	bin := filepath.Join(t.TempDir(), "wsplay")
	out, err := exec.Command(goBin, "build", "-o", bin, "github.com/wsplay/wsplay/server/cmd/wsplay").CombinedOutput()
	require.NoError(t, err, "go build ./server/cmd/wsplay:\n%s", out)
	spawn := bin + " -log-level warn"

	ok, out2 := runLoad(t, "-mode", "pingpong", "-spawn", spawn, "-conns", "8", "-count", "2000", "-opcode", "text")
	assert.True(t, ok)
	assert.Contains(t, out2, "echoes: 2000 verified byte for byte, 0 mismatches, 0 errors")

	ok, out2 = runLoad(t, "-mode", "large", "-spawn", spawn, "-conns", "2", "-count", "40", "-size", "300000", "-fragment", "100000")
	assert.True(t, ok)
	assert.Contains(t, out2, "echoes: 40 verified byte for byte, 0 mismatches, 0 errors")

	ok, out2 = runLoad(t, "-mode", "churn", "-spawn", spawn, "-conns", "10", "-count", "30", "-lifetime", "300ms", "-duration", "1m", "-interval", "100ms", "-max-growth", "0")
	assert.True(t, ok)
	assert.Contains(t, out2, "connections: 30 tried, 30 opened, 30 closed with the close code echoed")

	ok, out2 = runLoad(t, "-mode", "idle", "-spawn", spawn, "-conns", "50", "-hold", "200ms")
	assert.True(t, ok)
	assert.Contains(t, out2, "RSS per idle connection: ")
	assert.Contains(t, out2, "echoes: 50 verified byte for byte, 0 mismatches, 0 errors")

	ok, out2 = runLoad(t, "-mode", "room", "-spawn", spawn, "-conns", "12", "-duration", "2s", "-interval", "500ms", "-settle", "100ms")
	assert.True(t, ok, out2)
	assert.Regexp(t, `students -> teacher: (\d+) of \d+ messages, 0 lost, 0 out of order`, out2)
	assert.Regexp(t, `teacher -> students: \d+ broadcasts x 12 students = (\d+) of \d+ frames, 0 lost`, out2)
	assert.Contains(t, out2, "RSS per connected student: ")
	assert.Contains(t, out2, "errors: 0")
}
