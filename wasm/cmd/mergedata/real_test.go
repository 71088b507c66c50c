package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMergeOfAGoModule merges a real Go-built module, built with make wasm's
// flags, and runs it in Node as go test runs js/wasm tests.
func TestMergeOfAGoModule(t *testing.T) {
	t.Parallel()
	goBin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command builds the test module")
	wasm := filepath.Join(t.TempDir(), "hello.wasm")
	build := exec.Command(goBin, "build", "-trimpath", "-ldflags=-s -w", "-gcflags=all=-l", "-o", wasm, "./testdata/hello")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOEXPERIMENT=nogreenteagc")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	in, err := os.ReadFile(wasm)
	require.NoError(t, err)
	require.NoError(t, rewrite(wasm, defaultGap))
	merged, err := os.ReadFile(wasm)
	require.NoError(t, err)
	assert.Equal(t, memory(t, in), memory(t, merged))
	assert.Less(t, len(dataSegments(t, merged))*100, len(dataSegments(t, in)), "the linker's segments are joined")

	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but node is missing: it runs the js/wasm tests")
		}
		t.Skip("node is not installed")
	}
	goroot, err := exec.Command(goBin, "env", "GOROOT").Output()
	require.NoError(t, err)
	runner := filepath.Join(string(goroot[:len(goroot)-1]), "lib", "wasm", "wasm_exec_node.js")
	out, err = exec.Command(node, runner, wasm).CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Equal(t, "main.main: hello from merged data\n", string(out))
}
