package pagetest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server"
)

// The page selects the upgrade request the moment the tap reports it, which
// is before the server's 101 arrives. The detail must then show the 101 as
// soon as the timeline does, without the reader selecting the request again.
func TestLiveBrowserHandshakeDetailFollowsThe101(t *testing.T) {
	lt, _ := openLive(t, server.Config{})
	lt.Do(chromedp.Click(chromedp.CSS("#live-connect")))
	lt.Wait(`!!document.querySelector('#live-timeline li[data-kind="response"]')`, "no 101 on the timeline")

	// Nothing was clicked: the request is still the selected entry.
	assert.Equal(t, "true", lt.Eval(`document.querySelector('#live-timeline li[data-kind="request"] button').getAttribute("aria-pressed")`))
	response := lt.Text("#live-response")
	require.True(t, strings.HasPrefix(response, "HTTP/1.1 101 Switching Protocols"), "the detail still shows %q", response)
	key := lt.Text("#live-key")
	assert.Contains(t, response, "Sec-WebSocket-Accept: "+protocol.AcceptKey(key))
	assert.Equal(t, "true", lt.Eval(`document.querySelector("#live-accept-verdict").dataset.same`))
}

// The timeline is walked with the keyboard alone: ↓ and ↑ move the
// selection and its detail, End and Home jump to the last and first entry.
func TestLiveBrowserTimelineKeyboard(t *testing.T) {
	lt, _ := openLive(t, server.Config{})
	lt.Do(chromedp.Click(chromedp.CSS("#live-connect")))
	lt.Wait(`document.querySelector("#live-status").dataset.key === "live.connected"`, "the page never connected")
	lt.Do(chromedp.Click(chromedp.CSS("#live-send-text")))
	lt.Wait(`!!document.querySelector('#live-timeline li[data-kind="frame"][data-from="server"]')`, "no echo frame on the timeline")

	const pressed = `[...document.querySelectorAll("#live-timeline button")].findIndex(b => b.getAttribute("aria-pressed") === "true")`
	const focused = `[...document.querySelectorAll("#live-timeline button")].indexOf(document.activeElement)`
	key := func(k string) {
		lt.Do(chromedp.KeyEvent(k))
	}
	lt.Do(chromedp.Focus(chromedp.CSS(`#live-timeline li[data-kind="request"] button`)))
	key(kb.ArrowDown)
	assert.Equal(t, "1", lt.Eval(`String(`+pressed+`)`), "↓ selects the 101")
	assert.Equal(t, "1", lt.Eval(`String(`+focused+`)`), "and moves the focus with it")
	assert.True(t, strings.HasPrefix(lt.Text("#live-response"), "HTTP/1.1 101"), "the 101's detail is the handshake")

	key(kb.End)
	last := lt.Eval(`String(document.querySelectorAll("#live-timeline button").length - 1)`)
	assert.Equal(t, last, lt.Eval(`String(`+pressed+`)`), "End selects the last entry")
	assert.Equal(t, "hello", lt.Text("#live-detail .fv-text"), "the echo's detail")

	key(kb.ArrowUp)
	assert.Equal(t, "hello", lt.Text("#live-detail .fv-text"), "↑: the browser's frame")
	assert.Contains(t, lt.Text("#live-detail h4"), "browser")

	key(kb.Home)
	assert.Equal(t, "0", lt.Eval(`String(`+pressed+`)`), "Home selects the request")
	assert.Equal(t, "1", lt.Eval(`String(document.querySelectorAll('#live-timeline button[aria-pressed="true"]').length)`), "one selection")
}
