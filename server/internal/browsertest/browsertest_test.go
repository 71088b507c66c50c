package browsertest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFindChromiumHonoursEnv(t *testing.T) {
	fake := filepath.Join(t.TempDir(), "my-chromium")
	assert.NoError(t, os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755))

	t.Setenv("CHROMIUM", fake)
	path, ok := FindChromium()
	assert.True(t, ok)
	assert.Equal(t, fake, path)

	// An explicit choice that does not exist must not fall back silently.
	t.Setenv("CHROMIUM", filepath.Join(t.TempDir(), "missing"))
	_, ok = FindChromium()
	assert.False(t, ok)
}

func TestSafeName(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "TestPage_sub_case-valid-key", safeName("TestPage/sub case-valid-key"))
	assert.NotContains(t, safeName("../../etc/passwd"), "/", "a name must stay inside the screenshot folder")
}
