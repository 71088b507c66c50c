package nginxtest

import (
	"context"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
	"github.com/wsplay/wsplay/server/internal/browsertest"
)

// The page, loaded through nginx in front of two instances, uses its live
// section as a learner would: it connects (its /tap and /ws carry the same
// ?tap= id, so nginx's hash sends both to one instance), sends "hello", and
// its timeline shows the browser's masked frame, the 101 with the Accept
// that matches the key, and the echo. Compression is agreed (the server's
// default) through nginx, which passes Sec-WebSocket-Extensions on: the
// frames are compressed, and inflate to "hello".
func TestPageLiveThroughNginx(t *testing.T) {
	nginx := findNginx(t)
	browsertest.RequireWasm(t)
	ctx := browsertest.New(t)
	bin := buildWsplay(t)
	a, b := startWsplay(t, bin, behindNginx...), startWsplay(t, bin, behindNginx...)
	front := startNginx(t, nginx, []string{a.Addr, b.Addr}, nil)

	tab := &browsertest.Tab{T: t, Ctx: ctx}
	browsertest.CatchErrors(t, ctx)
	tab.Do(chromedp.Navigate("http://" + front + "/#live"))
	tab.Wait(`document.querySelector("#live-status")?.dataset.key === "live.ready"`, "the live section never found the server through nginx")
	tab.Do(chromedp.Click(chromedp.CSS("#live-connect")))
	tab.Wait(`document.querySelector("#live-status").dataset.key === "live.connected"`, "the page never connected through nginx")
	tab.Do(chromedp.Click(chromedp.CSS("#live-send-text"))) // the text box starts with "hello"
	tab.Wait(`[...document.querySelectorAll("#live-log li.received")].some(li => li.textContent.endsWith(": hello"))`, "no echo in the page log")

	// The browser's frame as the instance behind nginx read it off the wire:
	// masked with a random key, "hello" once unmasked by the core.
	const clientFrame = `#live-timeline li[data-kind="frame"][data-from="client"]`
	const serverFrame = `#live-timeline li[data-kind="frame"][data-from="server"]`
	tab.Wait(`!!document.querySelector('`+clientFrame+`')`, "the tap showed no client frame: did /tap and /ws reach different instances?")
	tab.Wait(`!!document.querySelector('`+serverFrame+`')`, "the tap showed no echo frame")
	f := tab.CompressedTimelineFrame(`document.querySelector('`+clientFrame+`')`, "client")
	assert.True(t, f.Header.Masked, "a browser masks every frame")
	assert.NotEqual(t, [4]byte{}, f.Header.MaskKey, "the masking key is random, not zero")
	assert.Equal(t, protocol.OpText, f.Header.Opcode)
	assert.True(t, f.Header.Rsv1, "compressed")
	assert.Equal(t, "hello", inflated(t, f.Payload, 12), "the browser's window, from the 101")
	assert.NotEqual(t, f.Payload, f.MaskedPayload, "the bytes on the wire are masked")
	echo := tab.CompressedTimelineFrame(`document.querySelector('`+serverFrame+`')`, "server")
	assert.False(t, echo.Header.Masked, "a server never masks")
	assert.Equal(t, "hello", inflated(t, echo.Payload, 15))

	// Selected with the keyboard, the page inflates it to "hello".
	tab.Do(chromedp.Focus(chromedp.CSS(clientFrame+" button")), chromedp.KeyEvent("\r"))
	tab.Wait(`document.querySelector("#live-pmd-text")?.textContent === "hello"`, "the page did not inflate the payload to hello")
	browsertest.ScreenshotOf(t, ctx, "frame", "#live")

	// The handshake as wsplay received it from nginx, and its 101.
	_, request := tab.CheckLiveHandshake()
	assert.Contains(t, request, "Host: "+front, "nginx keeps the Host the browser used")
	assert.Contains(t, request, "X-Forwarded-For: 127.0.0.1", "the page shows the header nginx added")
	browsertest.ScreenshotOf(t, ctx, "handshake", "#live")

	tab.Do(chromedp.Click(chromedp.CSS("#live-close")))
	tab.Wait(`!!document.querySelector('#live-timeline li[data-kind="closed"]')`, "no end of connection on the timeline")

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

// inflated is a compressed message of one frame inflated by the core, with a
// fresh window of 2^windowBits bytes.
func inflated(t *testing.T, payload []byte, windowBits int) string {
	t.Helper()
	got, err := protocol.InflateMessage(deflate.NewInflater(deflate.Options{WindowBits: windowBits}), nil, payload)
	require.NoError(t, err)
	return string(got)
}
