package capturetest

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/capture"
	"github.com/wsplay/wsplay/server/internal/browsertest"
)

// chromiumSession is what the page sends: text, a large binary message, a
// text message the server echoes in fragments, and a close.
const chromiumSession = `new Promise((resolve, reject) => {
	const ws = new WebSocket("ws://" + location.host + "/ws?frag=1000");
	ws.binaryType = "arraybuffer";
	let echoes = 0;
	ws.onopen = () => {
		ws.send("hello from Chromium");
		ws.send(new Uint8Array(70000).map((_, i) => i % 251));
		ws.send("é".repeat(1500));
	};
	ws.onmessage = () => {
		if (++echoes === 3) ws.close(1000, "bye"); // after close() a page hears no more messages
	};
	ws.onclose = (e) => resolve(e.code + " " + echoes);
	ws.onerror = () => reject(new Error("the WebSocket failed"));
})`

// TestChromiumRecordingMatchesTshark records a browser's WebSocket to the
// wsplay server with tcpdump: real masking keys, the browser's own header
// lines, the server's fragments. Both readers must agree.
func TestChromiumRecordingMatchesTshark(t *testing.T) {
	t.Parallel()
	tcpdump, dir, bin := recordingTools(t)
	addr := startServer(t, bin, "127.0.0.1:0")
	file := filepath.Join(dir, "chromium.pcap")
	stop := startTcpdump(t, tcpdump, "lo", file, []int{addr.Port})

	ctx := browsertest.New(t)
	_, err := chromedp.Run(browsertest.Step(t, ctx), chromedp.Navigate("http://"+addr.String()+"/healthz"))
	require.NoError(t, err)
	result, err := chromedp.Run(browsertest.Step(t, ctx), chromedp.Evaluate[string](chromiumSession, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	assert.Equal(t, "1000 3", result, "the close code and the echoes the page saw")
	waitForConnections(t, file, 1)
	stop()

	b, err := os.ReadFile(file)
	require.NoError(t, err)
	c, err := capture.Read(b, capture.Limits{})
	require.NoError(t, err)
	var ws *capture.Connection
	for _, conn := range c.Connections {
		if conn.Kind.IsWebSocket() {
			require.Nil(t, ws, "one WebSocket")
			ws = conn
		}
	}
	require.NotNil(t, ws)
	assert.NotEmpty(t, ws.Upgrade.Origin, "a browser sends its Origin")
	assert.NoError(t, ws.ResponseErr)
	var fromClient, masked int
	for _, f := range ws.Frames {
		assert.Empty(t, f.Violations, "frame at %d", f.Offset)
		if f.From == protocol.FromClient {
			fromClient++
			if f.Header.Masked && f.Header.MaskKey != [4]byte{} {
				masked++
			}
		}
	}
	assert.Equal(t, 4, fromClient, "three messages and the close")
	assert.Equal(t, fromClient, masked, "the browser masks every frame with a key of its own")
	want := tsharkFrames(t, file, []int{addr.Port}, "-d", "tcp.port=="+strconv.Itoa(addr.Port)+",http")
	requireSameFrames(t, want, ourFrames(t, b))
}
