package capturetest

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/capture"
)

// TestCompressedRecordingMatchesTshark records a permessage-deflate
// connection (the raw client against a -deflate server) with tcpdump. The
// reader and tshark agree on every frame as sent, and on the text each
// compressed message inflates to.
func TestCompressedRecordingMatchesTshark(t *testing.T) {
	t.Parallel()
	tcpdump, dir, bin := recordingTools(t)
	addr := startServer(t, bin, "127.0.0.1:0", "-deflate")
	file := filepath.Join(dir, "deflate.pcap")
	stop := startTcpdump(t, tcpdump, "lo", file, []int{addr.Port})
	compressedConnection(t, addr.String())
	waitForConnections(t, file, 1)
	stop()

	b, err := os.ReadFile(file)
	require.NoError(t, err)
	c, err := capture.Read(b, capture.Limits{})
	require.NoError(t, err)
	require.Len(t, c.Connections, 1)
	conn := c.Connections[0]
	p, ok := conn.DeflateParams()
	require.True(t, ok, conn.Extensions)
	t.Logf("agreed: %s", p)
	var ours []string
	for _, f := range conn.Frames {
		if f.Inflation != capture.NotCompressed {
			require.Equal(t, capture.Inflated, f.Inflation, "frame at %d: %v", f.Offset, f.Violations)
			if f.Message.Opcode == protocol.OpText {
				ours = append(ours, string(f.Message.Payload))
			}
		}
		assert.Empty(t, f.Violations)
	}
	var sent []string
	for _, text := range compressedTexts {
		sent = append(sent, text, text) // the client's message and the echo
	}
	assert.Equal(t, sent, ours, "each message inflated to what the client sent")

	decodeAs := []string{"-d", "tcp.port==" + strconv.Itoa(addr.Port) + ",http"}
	requireSameFrames(t, tsharkFrames(t, file, []int{addr.Port}, decodeAs...), ourFrames(t, b))
	theirs := tsharkInflated(t, file, decodeAs...)
	require.NotEmpty(t, theirs)
	lengths := make([]int, len(theirs))
	for i, text := range theirs {
		lengths[i] = len(text)
	}
	t.Logf("tshark inflated %d of the %d compressed text messages, of %v bytes", len(theirs), len(ours), lengths)
	for _, text := range theirs {
		assert.Contains(t, ours, text, "a text tshark inflated")
	}
}
