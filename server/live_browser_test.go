package main

import (
	"context"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/browsertest"
	"github.com/wsplay/wsplay/site"
)

// liveTab is a Chromium tab on the real server (with the recording listener,
// so the tap shows the browser's own request bytes).
type liveTab struct {
	t   *testing.T
	ctx context.Context
}

func openLive(t *testing.T, cfg config) (*liveTab, string) {
	t.Helper()
	requireWasm(t)
	cfg.Files = site.Files
	_, addr, _ := startApp(t, cfg)
	// Chromium reaches the server as localhost: the page's origin then
	// matches the Host it sends, as for a learner after make run.
	base := "http://localhost:" + addr[strings.LastIndexByte(addr, ':')+1:]
	lt := &liveTab{t: t, ctx: browsertest.New(t)}
	browsertest.CatchErrors(t, lt.ctx)
	require.NoError(t, chromedp.Do(browsertest.Step(t, lt.ctx), chromedp.Navigate(base+"/#live")))
	lt.wait(`document.querySelector("#live-status")?.dataset.key === "live.ready"`, "the live section never found the server")
	return lt, base
}

func (lt *liveTab) wait(js, why string) {
	lt.t.Helper()
	_, err := chromedp.Run(browsertest.Step(lt.t, lt.ctx), chromedp.Poll[bool](js))
	require.NoError(lt.t, err, why)
}

func (lt *liveTab) do(actions ...chromedp.Action[chromedp.Void]) {
	lt.t.Helper()
	require.NoError(lt.t, chromedp.Do(browsertest.Step(lt.t, lt.ctx), actions...))
}

func (lt *liveTab) text(selector string) string {
	lt.t.Helper()
	s, err := chromedp.Run(browsertest.Step(lt.t, lt.ctx), chromedp.Evaluate[string](`document.querySelector(`+strconv.Quote(selector)+`).textContent`))
	require.NoError(lt.t, err, selector)
	return s
}

func (lt *liveTab) eval(js string) string {
	lt.t.Helper()
	s, err := chromedp.Run(browsertest.Step(lt.t, lt.ctx), chromedp.Evaluate[string](js))
	require.NoError(lt.t, err, js)
	return s
}

// The page connects, sends "hello", and shows what crossed the wire: a
// masked client frame, its payload decoded by the core, the 101 with the
// Accept that matches the key, and the echo.
func TestLiveBrowserEcho(t *testing.T) {
	lt, _ := openLive(t, config{})
	lt.do(chromedp.Click(chromedp.CSS("#live-connect")))
	lt.wait(`document.querySelector("#live-status").dataset.key === "live.connected"`, "the page never connected")
	lt.do(chromedp.Click(chromedp.CSS("#live-send-text"))) // the text box starts with "hello"

	// The echo arrives in the page's JavaScript.
	lt.wait(`[...document.querySelectorAll("#live-log li.received")].some(li => li.textContent.endsWith(": hello"))`, "no echo in the page log")

	// The tap showed the browser's frame: masked, with a non-zero key.
	const clientFrame = `#live-timeline li[data-kind="frame"][data-from="client"]`
	lt.wait(`!!document.querySelector('`+clientFrame+`')`, "no client frame on the timeline")
	lt.wait(`!!document.querySelector('#live-timeline li[data-kind="frame"][data-from="server"]')`, "no echo frame on the timeline")
	raw, err := hex.DecodeString(lt.eval(`document.querySelector('` + clientFrame + `').dataset.hex`))
	require.NoError(t, err)
	d := protocol.Decode(raw, protocol.Limits{From: protocol.FromClient})
	require.Len(t, d.Frames, 1)
	f := d.Frames[0]
	assert.Empty(t, d.Violations)
	assert.True(t, f.Header.Masked, "a browser masks every frame")
	assert.NotEqual(t, [4]byte{}, f.Header.MaskKey, "the masking key is random, not zero")
	assert.Equal(t, "hello", string(f.Payload))
	assert.NotEqual(t, "hello", string(f.MaskedPayload), "the bytes on the wire are masked")

	// Selecting it (keyboard: focus and Enter) decodes it in the page.
	lt.do(chromedp.Focus(chromedp.CSS(clientFrame+" button")), chromedp.KeyEvent("\r"))
	lt.wait(`document.querySelector("#live-detail .fv-text")?.textContent === "hello"`, "the page did not decode the payload as hello")
	assert.Contains(t, lt.text("#live-detail"), hex.EncodeToString(f.Header.MaskKey[:]))
	browsertest.ScreenshotOf(t, lt.ctx, "frame-en", "#live")

	// The handshake: the key shown, and the 101 carrying its Accept.
	lt.do(chromedp.Click(chromedp.CSS(`#live-timeline li[data-kind="request"] button`)))
	lt.wait(`!!document.querySelector("#live-key")`, "no key shown")
	key := lt.text("#live-key")
	require.NoError(t, protocol.CheckKey(key))
	response := lt.text("#live-response")
	assert.True(t, strings.HasPrefix(response, "HTTP/1.1 101 Switching Protocols"), response)
	assert.Contains(t, response, "Sec-WebSocket-Accept: "+protocol.AcceptKey(key))
	assert.Equal(t, protocol.AcceptKey(key), lt.text("#live-accept"))
	assert.Equal(t, "true", lt.eval(`document.querySelector("#live-accept-verdict").dataset.same`))
	request := lt.text("#live-request")
	assert.Contains(t, request, "Sec-WebSocket-Key: "+key)
	assert.Contains(t, request, "User-Agent: ", "the browser's own header lines")
	browsertest.ScreenshotOf(t, lt.ctx, "handshake-en", "#live")

	// Close with a code: the server echoes it and the timeline says so.
	lt.do(chromedp.SetValue(chromedp.CSS("#live-close-reason"), "done"), chromedp.Click(chromedp.CSS("#live-close")))
	lt.wait(`[...document.querySelectorAll("#live-log li")].some(li => li.textContent.includes("code 1000, reason done, closed cleanly"))`, "no clean close")
	lt.wait(`!!document.querySelector('#live-timeline li[data-kind="closed"]')`, "no end of connection on the timeline")
}

// The greeting demo, fragments, the long messages and a language switch,
// with screenshots of the section in both languages.
func TestLiveBrowserOptions(t *testing.T) {
	lt, _ := openLive(t, config{})
	lt.do(chromedp.Click(chromedp.CSS("#live-greet")), chromedp.SetValue(chromedp.CSS("#live-frag"), "4"),
		chromedp.Click(chromedp.CSS("#live-connect")))
	lt.wait(`[...document.querySelectorAll("#live-log li.received")].some(li => li.textContent.endsWith(": world"))`, "no greeting")
	lt.do(chromedp.Click(chromedp.CSS("#live-send-64")))
	lt.wait(`[...document.querySelectorAll("#live-log li.received")].some(li => li.textContent.includes("70,000"))`, "the long message did not come back")
	// Echoed in small frames: the greeting's 4-byte frames are all drawn; the
	// long message's many continuation frames are folded into a count.
	lt.wait(`document.querySelectorAll('#live-timeline li[data-kind="frame"][data-from="server"]').length >= 8`, "no fragments on the timeline")
	lt.wait(`!!document.querySelector('#live-timeline li[data-kind="folded"]')`, "a long run of continuation frames is not folded")

	lt.do(chromedp.SetValue(chromedp.CSS("#live-binary"), "01 02 fe ff"), chromedp.Click(chromedp.CSS("#live-send-binary")))
	lt.wait(`[...document.querySelectorAll("#live-log li.received")].some(li => li.textContent.endsWith("01 02 fe ff"))`, "no binary echo")

	// The 64-bit length frame from the browser: the tap carries its start.
	bigFrame := `[...document.querySelectorAll('#live-timeline li[data-kind="frame"][data-from="client"]')].find(li => li.textContent.includes("70,000"))`
	lt.wait(`!!(`+bigFrame+`)`, "no 70,000-byte frame")
	lt.do(chromedp.Evaluate[chromedp.Void](bigFrame + `.querySelector("button").click()`))
	lt.wait(`!!document.querySelector("#live-truncated")`, "a cut frame is not explained")
	browsertest.ScreenshotOf(t, lt.ctx, "options-en", "#live")

	lt.do(chromedp.SetValue(chromedp.CSS("#lang-select"), "zh-CN"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#lang-select").dispatchEvent(new Event("change"))`))
	lt.wait(`document.documentElement.lang === "zh-CN" && document.querySelector("#live-connect").textContent === "连接"`, "the section did not switch language")
	lt.wait(`[...document.querySelectorAll("#live-log li")].some(li => li.textContent.includes("message 事件"))`, "the page log kept its old language")
	browsertest.ScreenshotOf(t, lt.ctx, "options-zh", "#live")
	lt.do(chromedp.Click(chromedp.CSS(`#live-timeline li[data-kind="request"] button`)))
	browsertest.ScreenshotOf(t, lt.ctx, "handshake-zh", "#live")
}

// Without the server (a static host), the section explains how to start it.
func TestLiveBrowserWithoutServer(t *testing.T) {
	requireWasm(t)
	ctx := browsertest.New(t)
	base := browsertest.Serve(t, staticOnly{staticFiles{files: site.Files}})
	browsertest.CatchErrors(t, ctx)
	require.NoError(t, chromedp.Do(browsertest.Step(t, ctx), chromedp.Navigate(base+"/#live")))
	lt := &liveTab{t: t, ctx: ctx}
	lt.wait(`document.querySelector("#live-offline") && !document.querySelector("#live-offline").hidden`, "no explanation without a server")
	assert.Contains(t, lt.text("#live-offline"), "make run")
	browsertest.ScreenshotOf(t, ctx, "offline-en", "#live")
}

// staticOnly serves files and nothing else, like a static host: /healthz,
// /ws and /tap are missing.
type staticOnly struct{ files staticFiles }

func (s staticOnly) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/healthz" {
		http.NotFound(w, r)
		return
	}
	s.files.ServeHTTP(w, r)
}
