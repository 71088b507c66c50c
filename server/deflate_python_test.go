package server

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server/internal/testutil"
)

// pythonWebsockets is Debian's python3-websockets (10.4), a second client
// that nobody here wrote. Missing, it skips the test, and fails it under
// CI=true, where CI installs it.
func pythonWebsockets(t *testing.T) string {
	t.Helper()
	const python = "/usr/bin/python3"
	err := exec.Command(python, "-c", "import websockets").Run()
	if err == nil {
		return python
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s with websockets is needed (apt-get install python3-websockets): %v", python, err)
	}
	t.Skipf("%s with websockets is missing (apt-get install python3-websockets): %v", python, err)
	return ""
}

// python3-websockets with compression on echoes 0 B to 1 MiB byte for
// byte, with and without the client's context and with small windows.
func TestDeflateWithPythonWebsockets(t *testing.T) {
	t.Parallel()
	python := pythonWebsockets(t)
	_, addr, _ := startServer(t, Config{Deflate: true, MaxMessage: 2 << 20}) // random bytes grow a little
	tests := []struct{ mode, answer string }{
		{"chrome", "permessage-deflate; server_no_context_takeover; client_max_window_bits=12"},
		{"no-context", "permessage-deflate; server_no_context_takeover; client_no_context_takeover; client_max_window_bits=12"},
		{"small-windows", "permessage-deflate; server_no_context_takeover; server_max_window_bits=9; client_max_window_bits=9"},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 6*testutil.IOTimeout) // hang guard
			defer cancel()
			out, err := exec.CommandContext(ctx, python, "testdata/websockets_echo.py", "ws://"+addr+"/ws", tt.mode).CombinedOutput()
			require.NoError(t, err, "%s", out)
			assert.Equal(t, tt.answer, strings.TrimSpace(string(out)))
		})
	}
}
