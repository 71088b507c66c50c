package browsertest

import (
	"context"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/testutil"
)

// Tab is a Chromium tab whose every step is bounded by StepTimeout and
// fails the test when it does not complete.
type Tab struct {
	T   *testing.T
	Ctx context.Context
}

// Do runs actions in the tab.
func (tb *Tab) Do(actions ...chromedp.Action[chromedp.Void]) {
	tb.T.Helper()
	require.NoError(tb.T, chromedp.Do(Step(tb.T, tb.Ctx), actions...))
}

// Wait polls js until it is true; why says what did not happen.
func (tb *Tab) Wait(js, why string) {
	tb.T.Helper()
	require.NoError(tb.T, Poll(Step(tb.T, tb.Ctx), js), why)
}

// Poll waits until js is true in the tab of ctx. A poll that began in a
// document which a navigation then replaced fails with "Cannot find context
// with specified id"; it is started again in the new one, within ctx.
func Poll(ctx context.Context, js string) error {
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](js))
		if err == nil || !strings.Contains(err.Error(), "Cannot find context with specified id") || ctx.Err() != nil {
			return err
		}
	}
}

// Eval returns the string js evaluates to.
func (tb *Tab) Eval(js string) string {
	tb.T.Helper()
	s, err := chromedp.Run(Step(tb.T, tb.Ctx), chromedp.Evaluate[string](js))
	require.NoError(tb.T, err, js)
	return s
}

// Text returns the text content of the element at selector.
func (tb *Tab) Text(selector string) string {
	tb.T.Helper()
	return tb.Eval(`document.querySelector(` + strconv.Quote(selector) + `).textContent`)
}

// TimelineFrame decodes, with the core, the raw bytes of the live timeline's
// entry at selector: one whole frame, without violations. A selector naming
// data-from="server" is read as the server's side.
func (tb *Tab) TimelineFrame(selector string) protocol.DecodedFrame {
	tb.T.Helper()
	raw, err := hex.DecodeString(tb.Eval(`document.querySelector(` + strconv.Quote(selector) + `).dataset.hex`))
	require.NoError(tb.T, err)
	from := "client"
	if strings.Contains(selector, `"server"`) {
		from = "server"
	}
	return testutil.DecodeFrame(tb.T, raw, from)
}

// CompressedTimelineFrame decodes, with the core, the raw bytes of the live
// timeline's row that the JS expression row finds, on a connection that
// agreed permessage-deflate (RSV1 allowed, RFC 7692): one whole frame, sent
// by from ("client" or "server"). A continuation frame read on its own
// lacks its start, the one rule it may break here.
func (tb *Tab) CompressedTimelineFrame(row, from string) protocol.DecodedFrame {
	tb.T.Helper()
	raw, err := hex.DecodeString(tb.Eval(row + `.dataset.hex`))
	require.NoError(tb.T, err)
	role := protocol.FromClient
	if from == "server" {
		role = protocol.FromServer
	}
	d := protocol.Decode(raw, protocol.Limits{From: role, Extensions: protocol.ExtensionsDeflate})
	require.Len(tb.T, d.Frames, 1, "one frame in % x", raw)
	for _, v := range d.Violations {
		require.ErrorIs(tb.T, v, protocol.ErrContinuationWithoutStart)
	}
	f := d.Frames[0]
	require.EqualValues(tb.T, f.Header.Length, len(f.Payload), "the tap carried the whole frame")
	return f
}

// CheckLiveHandshake opens the live timeline's upgrade request and checks
// what the page shows against the core: a valid key, the 101 carrying the
// Accept derived from it, and the request with that key. It returns the key
// and the request as the page shows it.
func (tb *Tab) CheckLiveHandshake() (key, request string) {
	tb.T.Helper()
	tb.Do(chromedp.Click(chromedp.CSS(`#live-timeline li[data-kind="request"] button`)))
	tb.Wait(`!!document.querySelector("#live-key")`, "no key shown")
	key = tb.Text("#live-key")
	require.NoError(tb.T, protocol.CheckKey(key))
	response := tb.Text("#live-response")
	assert.True(tb.T, strings.HasPrefix(response, "HTTP/1.1 101 Switching Protocols"), response)
	assert.Contains(tb.T, response, "Sec-WebSocket-Accept: "+protocol.AcceptKey(key))
	assert.Equal(tb.T, protocol.AcceptKey(key), tb.Text("#live-accept"))
	assert.Equal(tb.T, "true", tb.Eval(`document.querySelector("#live-accept-verdict").dataset.same`))
	request = tb.Text("#live-request")
	assert.Contains(tb.T, request, "Sec-WebSocket-Key: "+key)
	assert.Contains(tb.T, request, "User-Agent: ", "the browser's own header lines")
	return key, request
}

// Settled is a Poll expression that is true once the element at selector
// stands still between two animation frames. A click lands where the element
// was when chromedp measured it, so clicking during the page's smooth scroll
// (a "go to the decoder" button) can miss it.
func Settled(selector string) string {
	sel := strconv.Quote(selector)
	return `(() => {
  const e = document.querySelector(` + sel + `);
  if (!e) return false;
  const r = e.getBoundingClientRect(), at = r.top + "," + r.left;
  const seen = (window.__wsplaySettled ??= {});
  const still = seen[` + sel + `] === at;
  seen[` + sel + `] = at;
  return still;
})()`
}

// Wider is a JS expression listing, as one string, the elements under root
// (a CSS selector) whose right edge passes width pixels, leaving out those
// inside a box that scrolls sideways and itself fits (the frame view's bit
// table does on a phone). Empty: everything fits a screen that wide.
func Wider(root string, width int) string {
	w := strconv.Itoa(width) + " + 0.5"
	return `(() => {
  const fits = (e) => { for (let a = e.parentElement; a; a = a.parentElement) if (/auto|scroll|hidden/.test(getComputedStyle(a).overflowX)) return a.getBoundingClientRect().right <= ` + w + `; return false; };
  return [...document.querySelectorAll(` + strconv.Quote(root+", "+root+" *") + `)]
    .filter((e) => e.getBoundingClientRect().right > ` + w + ` && !fits(e))
    .slice(0, 12).map((e) => e.tagName + "#" + e.id + "." + e.className + " " + Math.round(e.getBoundingClientRect().right)).join("; ");
})()`
}
