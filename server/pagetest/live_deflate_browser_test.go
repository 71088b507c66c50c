package pagetest

import (
	"encoding/hex"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
	"github.com/wsplay/wsplay/server/internal/browsertest"
)

// The frames of a compressed connection on the live timeline: the browser's
// (masked) and the server's echoes.
const (
	compressedFromBrowser = `#live-timeline li[data-kind="frame"][data-from="client"]`
	compressedFromServer  = `#live-timeline li[data-kind="frame"][data-from="server"]`
)

// filler is the live section's long text (site/js/live/text.js), to compare
// what the page inflated with what it sent.
func filler(n int) string {
	return strings.Repeat("wsplay echoes this. ", n/20+1)[:n]
}

// Chromium compresses what the page sends, on the server's default
// (compression on): the 101 explains the answer, the timeline marks every
// RSV1 frame, and the page inflates the browser's real frames from the tap
// back to exactly what was sent: short text, the same text again (smaller,
// copying from the first), 300 bytes, 70,000 bytes (a 64-bit length) and
// binary. The core inflates the same tapped bytes in Go to the same result.
func TestLiveBrowserCompressedFramesInflate(t *testing.T) {
	t.Parallel()
	lt, _ := openLive(t, defaultConfig())
	lt.Do(chromedp.Click(chromedp.CSS("#live-connect")))
	lt.Wait(`document.querySelector("#live-status").dataset.key === "live.connected"`, "the page never connected")

	// The 101, explained parameter by parameter.
	lt.CheckLiveHandshake()
	lt.Wait(`!!document.querySelector("#live-extensions-agreed")`, "the agreed extension is not shown")
	assert.Contains(t, lt.Text("#live-extensions-agreed"), "permessage-deflate; server_no_context_takeover; client_max_window_bits=12")
	assert.Contains(t, lt.Text("#live-response"), "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_max_window_bits=12")
	answer := lt.Text("#live-answer-params")
	assert.Contains(t, answer, "server_no_context_takeover")
	assert.Contains(t, answer, "client_max_window_bits=12")
	assert.Contains(t, answer, "2^12 bytes", "each parameter has the core's note")
	assert.Contains(t, lt.Text("#live-offer-params"), "smaller window", "Chrome's bare client_max_window_bits, explained")
	assert.Equal(t, "So the browser compresses with a window of 2^12 bytes that it keeps from one message to the next, "+
		"and the server with a window of 2^15 bytes that it empties after every message.", lt.Text("#live-extensions-sides"))

	const hello = "hello, compressed world"
	sent := []struct {
		do     func()
		want   []byte
		binary bool
	}{
		{func() { sendLiveText(lt, hello) }, []byte(hello), false},
		{func() { sendLiveText(lt, hello) }, []byte(hello), false},
		{func() { lt.Do(chromedp.Click(chromedp.CSS("#live-send-16"))) }, []byte(filler(300)), false},
		{func() { lt.Do(chromedp.Click(chromedp.CSS("#live-send-64"))) }, []byte(filler(70000)), false},
		{func() {
			lt.Do(chromedp.SetValue(chromedp.CSS("#live-binary"), "01 02 fe ff 00 80"), chromedp.Click(chromedp.CSS("#live-send-binary")))
		}, []byte{1, 2, 0xfe, 0xff, 0, 0x80}, true},
	}
	// The browser keeps its context with a 4 KiB window, as the 101 agreed.
	z := deflate.NewInflater(deflate.Options{WindowBits: 12})
	sizes := make([]int, len(sent))
	for i, s := range sent {
		s.do()
		lt.Wait(`document.querySelectorAll('`+compressedFromBrowser+`').length > `+strconv.Itoa(i), "message "+strconv.Itoa(i+1)+" is not on the timeline")
		row := `[...document.querySelectorAll('` + compressedFromBrowser + `')][` + strconv.Itoa(i) + `]`
		f := lt.CompressedTimelineFrame(row, "client")
		require.True(t, f.Header.Rsv1, "message %d: RSV1 marks it compressed", i+1)
		assert.True(t, f.Header.Masked)
		sizes[i] = len(f.Payload)
		got, err := protocol.InflateMessage(z, nil, f.Payload)
		require.NoError(t, err, "message %d inflates in Go", i+1)
		require.Equal(t, s.want, got, "message %d: the browser compressed what was sent", i+1)
		assert.Contains(t, lt.Eval(row+`.textContent`), "compressed", "a visible mark, in words")

		lt.Do(chromedp.Evaluate[chromedp.Void](row + `.querySelector("button").click()`))
		lt.Wait(`!!document.querySelector("#live-pmd-out")`, "message "+strconv.Itoa(i+1)+": no inflated text in the detail")
		assert.Equal(t, hex.EncodeToString(s.want), lt.Eval(`document.querySelector("#live-pmd-out").dataset.hex`),
			"message %d: the page inflated exactly what was sent", i+1)
		assert.Equal(t, hex.EncodeToString(f.MaskedPayload), strings.ReplaceAll(lt.Text("#live-pmd-masked"), " ", ""),
			"message %d: the browser's masked bytes", i+1)
		assert.Contains(t, lt.Text("#live-pmd-window"), "2^12", "the window comes from the 101")
		if s.binary {
			assert.Equal(t, "01 02 fe ff 00 80", lt.Text("#live-pmd-text-hex"))
		} else {
			shown := strings.TrimSuffix(lt.Text("#live-pmd-text"), "…") // a long text is cut
			assert.True(t, strings.HasPrefix(string(s.want), shown), "message %d: the text shown", i+1)
		}
		assert.Positive(t, evalInt(t, lt, `document.querySelectorAll("#live-pmd-trace .dt-item").length`), "the trace is drawn")
		if i == 1 {
			assert.Less(t, sizes[1], sizes[0], "the same text again is smaller")
			assert.NotEqual(t, "0", lt.Eval(`document.querySelector("#live-pmd-copies").dataset.count`), "the second copies from the first")
			assert.Contains(t, lt.Text("#live-pmd-copies"), "from message 1")
			browsertest.ScreenshotOf(t, lt.Ctx, "deflate-repeat-en", "#live")
		}
	}
	// The echoes are compressed too, by a server that keeps no context.
	lt.Wait(`document.querySelectorAll('`+compressedFromServer+`').length >= `+strconv.Itoa(len(sent)), "no compressed echoes")
	lastEcho := `[...document.querySelectorAll('` + compressedFromServer + `')].at(-1)`
	lt.Do(chromedp.Evaluate[chromedp.Void](lastEcho + `.querySelector("button").click()`))
	lt.Wait(`!!document.querySelector("#live-pmd-out")`, "the echo is not inflated")
	assert.Equal(t, hex.EncodeToString(sent[len(sent)-1].want), lt.Eval(`document.querySelector("#live-pmd-out").dataset.hex`))
	assert.Contains(t, lt.Text("#live-pmd-window"), "empty window", "server_no_context_takeover, from the 101")
	assertNarrowFits(t, lt, "deflate-echo")
}

// Fragmented compressed echoes: the server cuts each compressed message into
// 16-byte frames, RSV1 on the first only; the page puts them together (the
// folded ones too) and inflates the message on its last frame.
func TestLiveBrowserCompressedFragments(t *testing.T) {
	t.Parallel()
	lt, _ := openLive(t, defaultConfig())
	lt.Do(chromedp.SetValue(chromedp.CSS("#live-frag"), "16"), chromedp.Click(chromedp.CSS("#live-connect")))
	lt.Wait(`document.querySelector("#live-status").dataset.key === "live.connected"`, "the page never connected")
	for _, s := range []string{"The quick brown fox jumps over the lazy dog", filler(300), filler(70000)} {
		before := strconv.Itoa(evalInt(t, lt, `document.querySelectorAll('`+compressedFromServer+`').length`))
		if len(s) == 300 {
			lt.Do(chromedp.Click(chromedp.CSS("#live-send-16")))
		} else if len(s) == 70000 {
			lt.Do(chromedp.Click(chromedp.CSS("#live-send-64")))
		} else {
			sendLiveText(lt, s)
		}
		// The echo's last frame (FIN) is drawn, after its first (RSV1).
		lastFrame := `[...document.querySelectorAll('` + compressedFromServer + `')].slice(` + before + `).find(li => !li.textContent.includes("FIN=0"))`
		lt.Wait(`!!(`+lastFrame+`)`, "the echo of "+strconv.Itoa(len(s))+" bytes never ended")
		first := lt.CompressedTimelineFrame(`[...document.querySelectorAll('`+compressedFromServer+`')][`+before+`]`, "server")
		assert.True(t, first.Header.Rsv1, "RSV1 on the first frame")
		last := lt.CompressedTimelineFrame(lastFrame, "server")
		assert.False(t, last.Header.Rsv1, "RSV1 on the first frame only")
		assert.Equal(t, protocol.OpContinuation, last.Header.Opcode)
		lt.Do(chromedp.Evaluate[chromedp.Void](lastFrame + `.querySelector("button").click()`))
		lt.Wait(`!!document.querySelector("#live-pmd-out")`, "the fragmented echo is not inflated")
		assert.Equal(t, hex.EncodeToString([]byte(s)), lt.Eval(`document.querySelector("#live-pmd-out").dataset.hex`), "%d bytes", len(s))
		assert.Contains(t, lt.Text("#live-pmd-rsv1"), "continuation")
	}
	lt.Wait(`!!document.querySelector('#live-timeline li[data-kind="folded"]')`, "the long echo's middle frames are folded")
}

// With the toggle off the page connects to /ws?deflate=0: the server
// declines the browser's offer, the 101 names no extension, and the
// browser's frames have RSV1 = 0. The choice is kept in the link.
func TestLiveBrowserCompressionOff(t *testing.T) {
	t.Parallel()
	lt, _ := openLive(t, defaultConfig())
	assert.Equal(t, "true", lt.Eval(`String(document.querySelector("#live-deflate").checked)`), "on by default")
	lt.Do(chromedp.Focus(chromedp.CSS("#live-deflate")), chromedp.KeyEvent(" "))
	lt.Wait(`location.hash.includes("live.deflate=0")`, "the choice is not in the link")
	lt.Do(chromedp.Click(chromedp.CSS("#live-connect")))
	lt.Wait(`document.querySelector("#live-status").dataset.key === "live.connected"`, "the page never connected")
	assert.Equal(t, "true", lt.Eval(`String(document.querySelector("#live-deflate").disabled)`), "fixed while connected")
	sendLiveText(lt, "plain")
	lt.Wait(`!!document.querySelector('`+compressedFromBrowser+`')`, "no frame from the browser")
	f := lt.TimelineFrame(compressedFromBrowser) // decoded with no extension agreed: RSV1 would break a rule
	assert.False(t, f.Header.Rsv1)
	assert.Equal(t, "plain", string(f.Payload))
	assert.NotContains(t, lt.Eval(`document.querySelector('`+compressedFromBrowser+`').textContent`), "compressed")

	_, request := lt.CheckLiveHandshake()
	assert.Contains(t, request, "deflate=0")
	assert.Contains(t, request, "Sec-WebSocket-Extensions: permessage-deflate", "the browser offers it anyway")
	assert.NotContains(t, lt.Text("#live-response"), "Sec-WebSocket-Extensions")
	assert.Contains(t, lt.Text("#live-extensions-declined"), "deflate=0")
	browsertest.ScreenshotOf(t, lt.Ctx, "deflate-off-en", "#live-detail")
}

// In Chinese, the compressed message's detail and the 101's explanation
// have no English prose left.
func TestLiveBrowserCompressionChinese(t *testing.T) {
	t.Parallel()
	lt, _ := openLive(t, defaultConfig())
	p := &page{t: t, ctx: lt.Ctx}
	lt.Do(chromedp.SetValue(chromedp.CSS("#lang-select"), "zh-CN"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#lang-select").dispatchEvent(new Event("change"))`))
	lt.Wait(`document.documentElement.lang === "zh-CN"`, "the page never switched to Chinese")
	lt.Do(chromedp.Click(chromedp.CSS("#live-connect")))
	lt.Wait(`document.querySelector("#live-status").dataset.key === "live.connected"`, "the page never connected")
	sendLiveText(lt, "你好，你好")
	sendLiveText(lt, "你好，你好")
	lt.Wait(`document.querySelectorAll('`+compressedFromBrowser+`').length >= 2`, "no second message")
	lt.Do(chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('` + compressedFromBrowser + `')[1].querySelector("button").click()`))
	lt.Wait(`!!document.querySelector("#live-pmd-out")`, "no inflated text")
	assert.Equal(t, "你好，你好", lt.Text("#live-pmd-text"))
	assert.Contains(t, lt.Text("#live-timeline"), "已压缩")
	assert.Empty(t, englishRuns(p, "#live-pmd"), "the compressed message's detail")
	browsertest.ScreenshotOf(t, lt.Ctx, "deflate-repeat-zh", "#live-pmd")
	lt.Do(chromedp.Click(chromedp.CSS(`#live-timeline li[data-kind="request"] button`)))
	lt.Wait(`!!document.querySelector("#live-extensions-agreed")`, "no agreed extension")
	assert.Empty(t, englishRuns(p, "#live-detail"), "the 101's explanation")
	browsertest.ScreenshotOf(t, lt.Ctx, "deflate-handshake-zh", "#live")
	assertNarrowFits(t, lt, "deflate-handshake")
}

// The tap carries the first 1 KiB of a frame: a compressed message longer
// than that cannot be inflated, and the page says so; so is the browser's
// next message (it may copy from the cut one), but not the server's next
// echo, whose sender keeps no context.
func TestLiveBrowserCompressedMessageCutByTheTap(t *testing.T) {
	t.Parallel()
	lt, _ := openLive(t, defaultConfig())
	lt.Do(chromedp.Click(chromedp.CSS("#live-connect")))
	lt.Wait(`document.querySelector("#live-status").dataset.key === "live.connected"`, "the page never connected")
	noise := make([]byte, 1500) // does not compress: its frame is over the tap's 1 KiB
	r := rand.New(rand.NewPCG(9, 7))
	for i := range noise {
		noise[i] = byte(r.Uint32())
	}
	lt.Do(chromedp.SetValue(chromedp.CSS("#live-binary"), hex.EncodeToString(noise)), chromedp.Click(chromedp.CSS("#live-send-binary")))
	sendLiveText(lt, "after the cut")
	lt.Wait(`document.querySelectorAll('`+compressedFromServer+`').length >= 2`, "no echoes")

	pick := func(sel string, i int) {
		lt.Do(chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('` + sel + `')[` + strconv.Itoa(i) + `].querySelector("button").click()`))
	}
	pick(compressedFromBrowser, 0)
	lt.Wait(`!!document.querySelector("#live-pmd-problem")`, "the cut message is not explained")
	assert.Contains(t, lt.Text("#live-pmd-problem"), "only the start of a long frame")
	pick(compressedFromBrowser, 1)
	lt.Wait(`document.querySelector("#live-pmd-problem")?.textContent.includes("message 1")`, "the next message does not say why it cannot be inflated")
	pick(compressedFromServer, 1)
	lt.Wait(`document.querySelector("#live-pmd-text")?.textContent === "after the cut"`, "the server's next echo, which copies nothing, is not inflated")
}

// sendLiveText sends text from the live section's text box.
func sendLiveText(lt *browsertest.Tab, text string) {
	lt.Do(chromedp.SetValue(chromedp.CSS("#live-text"), text), chromedp.Click(chromedp.CSS("#live-send-text")))
}

// assertNarrowFits looks at the section on a 360-px-wide phone: nothing in
// it reaches past the screen's edge, unless inside a box that scrolls on
// its own (the frame view's table does).
func assertNarrowFits(t *testing.T, lt *browsertest.Tab, shot string) {
	t.Helper()
	lt.Do(chromedp.EmulateViewport(360, 780))
	lt.Wait(`document.documentElement.clientWidth === 360`, "the viewport did not narrow")
	wide := lt.Eval(browsertest.Wider("#live", 360))
	assert.Empty(t, wide, "past the edge of a 360-px screen")
	browsertest.ScreenshotOf(t, lt.Ctx, shot+"-360", "#live-detail")
}

// evalInt is a JS number expression's value.
func evalInt(t *testing.T, lt *browsertest.Tab, expr string) int {
	t.Helper()
	n, err := strconv.Atoi(lt.Eval(`String(` + expr + `)`))
	require.NoError(t, err, expr)
	return n
}
