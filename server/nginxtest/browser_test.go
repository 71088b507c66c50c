package nginxtest

import (
	"context"
	"encoding/hex"
	"io/fs"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/browsertest"
	"github.com/wsplay/wsplay/site"
)

// The page, loaded through nginx in front of two instances, uses its live
// section as a learner would: it connects (its /tap and /ws carry the same
// ?tap= id, so nginx's hash sends both to one instance), sends "hello", and
// its timeline shows the browser's masked frame, the 101 with the Accept
// that matches the key, and the echo.
func TestPageLiveThroughNginx(t *testing.T) {
	nginx := findNginx(t)
	requireWasm(t)
	ctx := browsertest.New(t)
	bin := buildWsplay(t)
	a, b := startWsplay(t, bin, behindNginx...), startWsplay(t, bin, behindNginx...)
	front := startNginx(t, nginx, []string{a.Addr, b.Addr}, nil)

	tab := &tab{t: t, ctx: ctx}
	browsertest.CatchErrors(t, ctx)
	tab.do(chromedp.Navigate("http://" + front + "/#live"))
	tab.wait(`document.querySelector("#live-status")?.dataset.key === "live.ready"`, "the live section never found the server through nginx")
	tab.do(chromedp.Click(chromedp.CSS("#live-connect")))
	tab.wait(`document.querySelector("#live-status").dataset.key === "live.connected"`, "the page never connected through nginx")
	tab.do(chromedp.Click(chromedp.CSS("#live-send-text"))) // the text box starts with "hello"
	tab.wait(`[...document.querySelectorAll("#live-log li.received")].some(li => li.textContent.endsWith(": hello"))`, "no echo in the page log")

	// The browser's frame as the instance behind nginx read it off the wire:
	// masked with a random key, "hello" once unmasked by the core.
	const clientFrame = `#live-timeline li[data-kind="frame"][data-from="client"]`
	const serverFrame = `#live-timeline li[data-kind="frame"][data-from="server"]`
	tab.wait(`!!document.querySelector('`+clientFrame+`')`, "the tap showed no client frame: did /tap and /ws reach different instances?")
	tab.wait(`!!document.querySelector('`+serverFrame+`')`, "the tap showed no echo frame")
	f := tab.frame(clientFrame)
	assert.True(t, f.Header.Masked, "a browser masks every frame")
	assert.NotEqual(t, [4]byte{}, f.Header.MaskKey, "the masking key is random, not zero")
	assert.Equal(t, protocol.OpText, f.Header.Opcode)
	assert.Equal(t, "hello", string(f.Payload))
	assert.NotEqual(t, "hello", string(f.MaskedPayload), "the bytes on the wire are masked")
	echo := tab.frame(serverFrame)
	assert.False(t, echo.Header.Masked, "a server never masks")
	assert.Equal(t, "hello", string(echo.Payload))

	// Selected with the keyboard, the page decodes it as "hello".
	tab.do(chromedp.Focus(chromedp.CSS(clientFrame+" button")), chromedp.KeyEvent("\r"))
	tab.wait(`document.querySelector("#live-detail .fv-text")?.textContent === "hello"`, "the page did not decode the payload as hello")
	browsertest.ScreenshotOf(t, ctx, "frame", "#live")

	// The handshake as wsplay received it from nginx, and its 101.
	tab.do(chromedp.Click(chromedp.CSS(`#live-timeline li[data-kind="request"] button`)))
	tab.wait(`!!document.querySelector("#live-key")`, "no key shown")
	key := tab.text("#live-key")
	require.NoError(t, protocol.CheckKey(key))
	response := tab.text("#live-response")
	assert.True(t, strings.HasPrefix(response, "HTTP/1.1 101 Switching Protocols"), response)
	assert.Contains(t, response, "Sec-WebSocket-Accept: "+protocol.AcceptKey(key))
	assert.Equal(t, protocol.AcceptKey(key), tab.text("#live-accept"))
	assert.Equal(t, "true", tab.eval(`document.querySelector("#live-accept-verdict").dataset.same`))
	request := tab.text("#live-request")
	assert.Contains(t, request, "Sec-WebSocket-Key: "+key)
	assert.Contains(t, request, "Host: "+front, "nginx keeps the Host the browser used")
	assert.Contains(t, request, "X-Forwarded-For: 127.0.0.1", "the page shows the header nginx added")
	assert.Contains(t, request, "User-Agent: ", "the browser's own header lines")
	browsertest.ScreenshotOf(t, ctx, "handshake", "#live")

	tab.do(chromedp.Click(chromedp.CSS("#live-close")))
	tab.wait(`!!document.querySelector('#live-timeline li[data-kind="closed"]')`, "no end of connection on the timeline")

	// Both of the page's requests went to one instance: the one that opened
	// its WebSocket also holds its event stream (a second subscriber to the
	// same id gets 409 there, and an ordinary stream on the other one).
	m := regexp.MustCompile(`^GET /ws\?tap=([0-9a-f]{32}) HTTP/1\.1\r?\n`).FindStringSubmatch(request)
	require.NotNil(t, m, "the request line carries the page's tap id:\n%s", request)
	id := m[1]
	holders := map[*instance]int{a: tapStatus(t, a.Addr, id), b: tapStatus(t, b.Addr, id)}
	opened := map[*instance]int{a: a.logged("websocket open"), b: b.logged("websocket open")}
	t.Logf("instance A: tap answers %d, %d WebSocket; instance B: tap answers %d, %d WebSocket", holders[a], opened[a], holders[b], opened[b])
	for _, in := range []*instance{a, b} {
		if opened[in] == 1 {
			assert.Equal(t, http.StatusConflict, holders[in], "the instance with the page's WebSocket holds its tap")
		} else {
			assert.Zero(t, opened[in])
			assert.Equal(t, http.StatusOK, holders[in], "the other instance does not know the id")
		}
	}
}

// tapStatus subscribes to id's tap on one instance directly, not through
// nginx, and returns the answer's status: 409 where a page already holds it.
func tapStatus(t *testing.T, addr, id string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", "http://"+addr+"/tap?tap="+id, nil)
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close() // a stream that was opened ends here
	return res.StatusCode
}

// requireWasm skips (fails under CI=true) when the embedded site has no
// WebAssembly core, which the page needs.
func requireWasm(t *testing.T) {
	t.Helper()
	if _, err := fs.Stat(site.Files, "wasm/wsplay.wasm"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but site/wasm/wsplay.wasm is not built; make test builds it first")
		}
		t.Skip("site/wasm/wsplay.wasm is not built; run make build")
	}
}

// tab is a Chromium tab whose every step is bounded.
type tab struct {
	t   *testing.T
	ctx context.Context
}

func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	require.NoError(tb.t, chromedp.Do(browsertest.Step(tb.t, tb.ctx), actions...))
}

func (tb *tab) wait(js, why string) {
	tb.t.Helper()
	_, err := chromedp.Run(browsertest.Step(tb.t, tb.ctx), chromedp.Poll[bool](js))
	require.NoError(tb.t, err, why)
}

func (tb *tab) eval(js string) string {
	tb.t.Helper()
	s, err := chromedp.Run(browsertest.Step(tb.t, tb.ctx), chromedp.Evaluate[string](js))
	require.NoError(tb.t, err, js)
	return s
}

func (tb *tab) text(selector string) string {
	tb.t.Helper()
	return tb.eval(`document.querySelector(` + strconv.Quote(selector) + `).textContent`)
}

// frame decodes, with the core, the raw bytes of the timeline entry at
// selector: one whole frame, without violations.
func (tb *tab) frame(selector string) protocol.DecodedFrame {
	tb.t.Helper()
	raw, err := hex.DecodeString(tb.eval(`document.querySelector(` + strconv.Quote(selector) + `).dataset.hex`))
	require.NoError(tb.t, err)
	from := protocol.FromClient
	if strings.Contains(selector, `"server"`) {
		from = protocol.FromServer
	}
	d := protocol.Decode(raw, protocol.Limits{From: from})
	require.Len(tb.t, d.Frames, 1, "one frame at %s", selector)
	assert.Empty(tb.t, d.Violations)
	return d.Frames[0]
}
