package pagetest

import (
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server"
	"github.com/wsplay/wsplay/server/internal/browsertest"
	"github.com/wsplay/wsplay/server/static"
	"github.com/wsplay/wsplay/site"
)

// openLive opens the page's live section in Chromium, on the real server
// (with the recording listener, so the tap shows the browser's own request
// bytes), and waits until the section has found the server. The page offers
// compression; a server on Config{} declines it (-deflate=false), so its
// frames are plain, and one on defaultConfig() accepts it.
func openLive(t *testing.T, cfg server.Config) (*browsertest.Tab, string) {
	t.Helper()
	browsertest.RequireWasm(t)
	addr := startServer(t, cfg)
	// Chromium reaches the server as localhost: the page's origin then
	// matches the Host it sends, as for a learner after make run.
	base := "http://localhost:" + addr[strings.LastIndexByte(addr, ':')+1:]
	lt := &browsertest.Tab{T: t, Ctx: browsertest.New(t)}
	browsertest.CatchErrors(t, lt.Ctx)
	require.NoError(t, chromedp.Do(browsertest.Step(t, lt.Ctx), chromedp.Navigate(base+"/#live")))
	lt.Wait(`document.querySelector("#live-status")?.dataset.key === "live.ready"`, "the live section never found the server")
	return lt, base
}

// The page connects, sends "hello", and shows what crossed the wire: a
// masked client frame, its payload decoded by the core, the 101 with the
// Accept that matches the key, and the echo.
func TestLiveBrowserEcho(t *testing.T) {
	t.Parallel()
	lt, _ := openLive(t, server.Config{})
	lt.Do(chromedp.Click(chromedp.CSS("#live-connect")))
	lt.Wait(`document.querySelector("#live-status").dataset.key === "live.connected"`, "the page never connected")
	lt.Do(chromedp.Click(chromedp.CSS("#live-send-text"))) // the text box starts with "hello"

	// The echo arrives in the page's JavaScript.
	lt.Wait(`[...document.querySelectorAll("#live-log li.received")].some(li => li.textContent.endsWith(": hello"))`, "no echo in the page log")

	// The tap showed the browser's frame: masked, with a non-zero key.
	const clientFrame = `#live-timeline li[data-kind="frame"][data-from="client"]`
	lt.Wait(`!!document.querySelector('`+clientFrame+`')`, "no client frame on the timeline")
	lt.Wait(`!!document.querySelector('#live-timeline li[data-kind="frame"][data-from="server"]')`, "no echo frame on the timeline")
	f := lt.TimelineFrame(clientFrame)
	assert.True(t, f.Header.Masked, "a browser masks every frame")
	assert.NotEqual(t, [4]byte{}, f.Header.MaskKey, "the masking key is random, not zero")
	assert.Equal(t, "hello", string(f.Payload))
	assert.NotEqual(t, "hello", string(f.MaskedPayload), "the bytes on the wire are masked")

	// Selecting it (keyboard: focus and Enter) decodes it in the page.
	lt.Do(chromedp.Focus(chromedp.CSS(clientFrame+" button")), chromedp.KeyEvent("\r"))
	lt.Wait(`document.querySelector("#live-detail .fv-text")?.textContent === "hello"`, "the page did not decode the payload as hello")
	assert.Contains(t, lt.Text("#live-detail"), hex.EncodeToString(f.Header.MaskKey[:]))
	browsertest.ScreenshotOf(t, lt.Ctx, "frame-en", "#live")

	// The handshake: the key shown, and the 101 carrying its Accept.
	lt.CheckLiveHandshake()
	browsertest.ScreenshotOf(t, lt.Ctx, "handshake-en", "#live")

	// Close with a code: the server echoes it and the timeline says so.
	lt.Do(chromedp.SetValue(chromedp.CSS("#live-close-reason"), "done"), chromedp.Click(chromedp.CSS("#live-close")))
	lt.Wait(`[...document.querySelectorAll("#live-log li")].some(li => li.textContent.includes("code 1000, reason done, closed cleanly"))`, "no clean close")
	lt.Wait(`!!document.querySelector('#live-timeline li[data-kind="closed"]')`, "no end of connection on the timeline")
}

// The greeting demo, fragments, the long messages and a language switch,
// with screenshots of the section in both languages.
func TestLiveBrowserOptions(t *testing.T) {
	t.Parallel()
	lt, _ := openLive(t, server.Config{})
	lt.Do(chromedp.Click(chromedp.CSS("#live-greet")), chromedp.SetValue(chromedp.CSS("#live-frag"), "4"),
		chromedp.Click(chromedp.CSS("#live-connect")))
	lt.Wait(`[...document.querySelectorAll("#live-log li.received")].some(li => li.textContent.endsWith(": world"))`, "no greeting")
	lt.Do(chromedp.Click(chromedp.CSS("#live-send-64")))
	lt.Wait(`[...document.querySelectorAll("#live-log li.received")].some(li => li.textContent.includes("70,000"))`, "the long message did not come back")
	// Echoed in small frames: the greeting's 4-byte frames are all drawn; the
	// long message's many continuation frames are folded into a count.
	lt.Wait(`document.querySelectorAll('#live-timeline li[data-kind="frame"][data-from="server"]').length >= 8`, "no fragments on the timeline")
	lt.Wait(`!!document.querySelector('#live-timeline li[data-kind="folded"]')`, "a long run of continuation frames is not folded")

	lt.Do(chromedp.SetValue(chromedp.CSS("#live-binary"), "01 02 fe ff"), chromedp.Click(chromedp.CSS("#live-send-binary")))
	lt.Wait(`[...document.querySelectorAll("#live-log li.received")].some(li => li.textContent.endsWith("01 02 fe ff"))`, "no binary echo")

	// The 64-bit length frame from the browser: the tap carries its start.
	bigFrame := `[...document.querySelectorAll('#live-timeline li[data-kind="frame"][data-from="client"]')].find(li => li.textContent.includes("70,000"))`
	lt.Wait(`!!(`+bigFrame+`)`, "no 70,000-byte frame")
	lt.Do(chromedp.Evaluate[chromedp.Void](bigFrame + `.querySelector("button").click()`))
	lt.Wait(`!!document.querySelector("#live-truncated")`, "a cut frame is not explained")
	browsertest.ScreenshotOf(t, lt.Ctx, "options-en", "#live")

	lt.Do(chromedp.SetValue(chromedp.CSS("#lang-select"), "zh-CN"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#lang-select").dispatchEvent(new Event("change"))`))
	lt.Wait(`document.documentElement.lang === "zh-CN" && document.querySelector("#live-connect").textContent === "连接"`, "the section did not switch language")
	lt.Wait(`[...document.querySelectorAll("#live-log li")].some(li => li.textContent.includes("message 事件"))`, "the page log kept its old language")
	browsertest.ScreenshotOf(t, lt.Ctx, "options-zh", "#live")
	lt.Do(chromedp.Click(chromedp.CSS(`#live-timeline li[data-kind="request"] button`)))
	browsertest.ScreenshotOf(t, lt.Ctx, "handshake-zh", "#live")
}

// Without the server (a static host), the section explains how to start it.
func TestLiveBrowserWithoutServer(t *testing.T) {
	t.Parallel()
	lt := openStatic(t, "#live")
	lt.Wait(`document.querySelector("#live-offline") && !document.querySelector("#live-offline").hidden`, "no explanation without a server")
	assert.Contains(t, lt.Text("#live-offline"), "make run")
	browsertest.ScreenshotOf(t, lt.Ctx, "offline-en", "#live")
}

// openStatic opens the page at hash as a static host serves it.
func openStatic(t *testing.T, hash string) *browsertest.Tab {
	t.Helper()
	browsertest.RequireWasm(t)
	lt := &browsertest.Tab{T: t, Ctx: browsertest.New(t)}
	base := browsertest.Serve(t, staticOnly{static.Handler(site.Files)})
	browsertest.CatchErrors(t, lt.Ctx)
	lt.Do(chromedp.Navigate(base + "/" + hash))
	return lt
}

// staticOnly serves files and nothing else, like a static host: /healthz,
// /ws and /tap are missing.
type staticOnly struct{ files http.Handler }

func (s staticOnly) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/healthz" {
		http.NotFound(w, r)
		return
	}
	s.files.ServeHTTP(w, r)
}
