package capturetest

import (
	"context"
	"encoding/hex"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/browsertest"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

// The page's captures section against Wireshark's dissector: a capture
// recorded by tcpdump opened in the page, and a live session saved from the
// page, each read back by tshark frame by frame.

// compressedTexts are the messages of compressedConnection: the second one
// repeats the first, so that with context takeover it refers back into it.
var compressedTexts = []string{
	strings.Repeat("compress me, compress me again. ", 40),
	strings.Repeat("compress me, compress me again. ", 41),
	"short",
}

// compressedConnection sends compressedTexts with permessage-deflate, the
// second in fragments, reads the echoes and closes.
func compressedConnection(t *testing.T, addr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	c, err := wsclient.Dial(ctx, wsclient.Options{Addr: addr, Path: "/ws", Deflate: "permessage-deflate; client_max_window_bits"})
	require.NoError(t, err)
	_, ok := c.Deflate()
	require.True(t, ok, "the server (-deflate) accepts the offer")
	for i, text := range compressedTexts {
		require.NoError(t, c.WriteMessage(protocol.OpText, []byte(text), 100*(i%2)))
		_, echo, err := c.ReadMessage()
		require.NoError(t, err)
		require.Equal(t, text, string(echo))
	}
	_, err = c.Close(protocol.StatusNormalClosure, "done")
	require.NoError(t, err)
}

// openCapturePage opens the page the server serves at its captures section.
func openCapturePage(t *testing.T, base string) *browsertest.Tab {
	t.Helper()
	browsertest.RequireWasm(t)
	tab := &browsertest.Tab{T: t, Ctx: browsertest.New(t)}
	browsertest.CatchErrors(t, tab.Ctx)
	tab.Do(chromedp.Navigate(base + "/#capture"))
	tab.Wait(`document.documentElement.dataset.page === "ready"`, "the page never became ready")
	return tab
}

// openInPage gives file to the section's file picker and waits for the
// core's reading.
func openInPage(tab *browsertest.Tab, file string) {
	tab.T.Helper()
	tab.Do(chromedp.SetUploadFiles(chromedp.CSS("#capture-file"), []string{file}))
	tab.Wait(`["capture.read", "capture.stopped"].includes(document.querySelector("#capture-status")?.dataset.key)`, "the page never read the capture")
}

// pageFrames picks every WebSocket connection of the list in turn and reads
// its frames from the timeline: each row's bytes (header and payload as
// sent) decoded in Go, with the packet the page names.
func pageFrames(tab *browsertest.Tab) []wireFrame {
	tab.T.Helper()
	n, err := strconv.Atoi(tab.Eval(`String(document.querySelectorAll('#capture-connections li[data-kind="websocket"]').length)`))
	require.NoError(tab.T, err)
	var out []wireFrame
	for i := range n {
		pick := `#capture-connections li[data-kind="websocket"]:nth-of-type(` + strconv.Itoa(i+1) + `) button`
		tab.Do(chromedp.Focus(chromedp.CSS(pick)), chromedp.KeyEvent("\r")) // the keyboard alone
		tab.Wait(`document.querySelector(`+strconv.Quote(pick)+`).getAttribute("aria-pressed") === "true"`, "the connection was not picked")
		for tab.Eval(`String(!document.querySelector("#capture-more").hidden)`) == "true" {
			tab.Do(chromedp.Click(chromedp.CSS("#capture-more")))
		}
		rows := tab.Eval(`[...document.querySelectorAll("#capture-timeline li[data-kind=frame]")].map(li => li.dataset.from + " " + li.dataset.packet + " " + li.dataset.hex).join("\n")`)
		for _, row := range strings.Split(rows, "\n") {
			if row != "" {
				out = append(out, rowFrame(tab.T, row))
			}
		}
	}
	return out
}

func rowFrame(t *testing.T, row string) wireFrame {
	parts := strings.Fields(row)
	require.Len(t, parts, 3, row)
	packet, err := strconv.Atoi(parts[1])
	require.NoError(t, err)
	b, err := hex.DecodeString(parts[2])
	require.NoError(t, err)
	d := protocol.Decode(b, protocol.Limits{})
	require.Len(t, d.Frames, 1, "one frame a row")
	f := d.Frames[0]
	w := wireFrame{Packet: packet, Fin: f.Header.Fin, Opcode: int(f.Header.Opcode), Payload: hex.EncodeToString(f.Payload), FromServer: parts[0] == "server"}
	if f.Header.Masked {
		w.MaskKey = hex.EncodeToString(f.Header.MaskKey[:])
	}
	if f.Header.Opcode == protocol.OpClose && len(f.Payload) >= 2 {
		w.CloseCode = int(f.Payload[0])<<8 | int(f.Payload[1])
	}
	return w
}

// TestPageReadsATcpdumpRecordingAsTsharkDoes records the lesson, a broken
// connection and a compressed one with tcpdump, opens the file in the page
// and compares every frame the page shows with tshark's.
func TestPageReadsATcpdumpRecordingAsTsharkDoes(t *testing.T) {
	t.Parallel()
	tcpdump, dir, bin := recordingTools(t)
	addr := startServer(t, bin, "127.0.0.1:0", "-deflate")
	file := filepath.Join(dir, "page.pcap")
	stop := startTcpdump(t, tcpdump, "lo", file, []int{addr.Port})
	lessonConnection(t, addr.String())
	brokenConnection(t, addr.String(), frame(protocol.Header{Fin: true, Opcode: 0x3, Masked: true}, "reserved opcode"))
	compressedConnection(t, addr.String())
	waitForConnections(t, file, 3)
	stop()

	tab := openCapturePage(t, "http://"+addr.String())
	openInPage(tab, file)
	assert.Equal(t, "3", tab.Eval(`String(document.querySelectorAll('#capture-connections li[data-kind="websocket"]').length)`))
	got := pageFrames(tab)
	want := tsharkFrames(t, file, []int{addr.Port}, "-d", "tcp.port=="+strconv.Itoa(addr.Port)+",http")
	requireSameFrames(t, want, got)

	// The compressed connection (the last one picked): the agreement, and
	// every message inflated to what the client sent.
	assert.Contains(t, tab.Text("#capture-deflate"), "permessage-deflate")
	inflated := tab.Eval(`[...document.querySelectorAll("#capture-timeline li[data-kind=frame]")].map(li => li.dataset.inflated ?? "").filter(Boolean).join("\n")`)
	var texts []string
	for _, text := range compressedTexts {
		texts = append(texts, text, text) // the client's message and the echo
	}
	assert.Equal(t, strings.Join(texts, "\n"), inflated)
	tab.Do(chromedp.Click(chromedp.CSS(`#capture-timeline li[data-inflated] button`)))
	assert.Contains(t, tab.Text("#capture-inflated"), compressedTexts[0][:40])
}

// TestPageSavesALiveSessionThatTsharkReads connects the live section,
// sends a message, closes, saves the session as .pcapng from the page and
// reads the file with tshark: the same frames as the page's timeline.
func TestPageSavesALiveSessionThatTsharkReads(t *testing.T) {
	t.Parallel()
	requireTool(t, "tshark")
	addr := startServer(t, buildServer(t, t.TempDir()), "127.0.0.1:0")
	tab := openCapturePage(t, "http://localhost:"+strconv.Itoa(addr.Port))
	tab.Wait(`document.querySelector("#live-status")?.dataset.key === "live.ready"`, "the live section never found the server")
	tab.Do(chromedp.Click(chromedp.CSS("#live-connect")))
	tab.Wait(`document.querySelector("#live-status").dataset.key === "live.connected"`, "the page never connected")
	tab.Do(chromedp.Click(chromedp.CSS("#live-send-text")), chromedp.Click(chromedp.CSS("#live-send-16")))
	tab.Wait(`document.querySelectorAll('#live-timeline li[data-kind="frame"]').length >= 4`, "the echoes never reached the timeline")
	tab.Do(chromedp.Click(chromedp.CSS("#live-close")))
	tab.Wait(`document.querySelectorAll('#live-timeline li[data-kind="frame"]').length >= 6`, "the close frames never reached the timeline")
	timeline := tab.Eval(`[...document.querySelectorAll('#live-timeline li[data-kind="frame"]')].map(li => li.dataset.from + " " + li.dataset.hex).join("\n")`)

	// The browser downloads the file, as it would for a reader.
	downloads := t.TempDir()
	tab.Do(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, browser.SetDownloadBehavior,
			browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads})
		return err
	}))
	tab.Do(chromedp.Click(chromedp.CSS("#live-save")))
	file := waitForDownload(t, downloads)
	name := filepath.Base(file)
	assert.True(t, strings.HasPrefix(name, "wsplay-live-") && strings.HasSuffix(name, ".pcapng"), name)

	want := tsharkFrames(t, file, []int{8080})
	var got []wireFrame
	for _, row := range strings.Split(timeline, "\n") {
		from, hexBytes, _ := strings.Cut(row, " ")
		w := rowFrame(t, from+" 0 "+hexBytes)
		got = append(got, w)
	}
	for i := range want {
		want[i].Packet = 0 // the timeline has no packets; the order is the same
	}
	requireSameFrames(t, want, got)
	assert.Contains(t, tab.Text("#live-save-note"), name)
	tab.Eval(`(document.querySelector("#live-save").scrollIntoView({block: "center"}), "")`)
	browsertest.Screenshot(t, tab.Ctx, "live-saved")
}

// waitForDownload returns the file the browser finished downloading into
// dir.
func waitForDownload(t *testing.T, dir string) string {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for time.Now().Before(deadline) {
		names, err := filepath.Glob(filepath.Join(dir, "*.pcapng"))
		require.NoError(t, err)
		if len(names) == 1 {
			return names[0]
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the browser never downloaded the capture")
	return ""
}
