package pagetest

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/browsertest"
)

// TestBrowserHandshake loads the real page from the real handler in headless
// Chromium and checks that the WebAssembly core computes what Go computes.
func TestBrowserHandshake(t *testing.T) {
	t.Parallel()
	browsertest.RequireWasm(t)
	ctx := browsertest.New(t)
	base := browsertest.Serve(t, pageHandler(t))
	browsertest.CatchErrors(t, ctx)

	require.NoError(t, chromedp.Do(browsertest.Step(t, ctx), chromedp.Navigate(base+"/")))

	// boot.js marks <html data-wsplay="ready"> when the Go program fires
	// wsplay-ready; polling the mark cannot miss an event that came early.
	_, err := chromedp.Run(browsertest.Step(t, ctx),
		chromedp.Poll[bool](`document.documentElement.dataset.wsplay === "ready"`))
	require.NoError(t, err, "wsplay-ready never fired")

	// The browser got a precompressed twin of wsplay.wasm (.br or .gz, as
	// Chromium's Accept-Encoding allows over plain HTTP) and still ran it.
	sizes, err := chromedp.Run(browsertest.Step(t, ctx), chromedp.Evaluate[[]float64](
		`(e => [e.encodedBodySize, e.decodedBodySize])(performance.getEntriesByName(new URL("wasm/wsplay.wasm", location.href).href)[0])`))
	require.NoError(t, err)
	require.Len(t, sizes, 2)
	assert.Less(t, sizes[0], sizes[1]/2, "wsplay.wasm should arrive compressed: encoded %v, decoded %v bytes", sizes[0], sizes[1])

	version, err := chromedp.Run(browsertest.Step(t, ctx), chromedp.Evaluate[string](`wsplay.version`))
	require.NoError(t, err)
	assert.Equal(t, protocol.Version, version)

	// The RFC 6455 section 1.3 example, straight through the JS API.
	rfc, err := chromedp.Run(browsertest.Step(t, ctx),
		chromedp.Evaluate[string](`wsplay.accept('dGhlIHNhbXBsZSBub25jZQ==').accept`))
	require.NoError(t, err)
	assert.Equal(t, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", rfc)

	// The page renders the default key on load.
	shown, err := chromedp.Run(browsertest.Step(t, ctx), chromedp.Text(chromedp.ID("out-accept")))
	require.NoError(t, err)
	assert.Equal(t, protocol.AcceptKey("w4v7O6xFTi36lq3RNcgctw=="), shown)

	// Type a new key as a person would; the page updates on every input event.
	const key = "x3JJHMbDL1EzLkh9GBhXDw=="
	require.NoError(t, chromedp.Do(browsertest.Step(t, ctx),
		chromedp.Clear(chromedp.ID("ws-key")),
		chromedp.SendKeys(chromedp.ID("ws-key"), key),
	))
	_, err = chromedp.Run(browsertest.Step(t, ctx), chromedp.PollFunction[bool](
		`(k) => document.querySelector("#out-key").value === k`, chromedp.WithPollingArgs(key)))
	require.NoError(t, err, "the page never showed the typed key")

	for id, want := range map[string]string{
		"out-accept": protocol.AcceptKey(key),
		"out-guid":   protocol.GUID,
		"out-concat": key + protocol.GUID,
		"out-sha1":   protocol.TraceAccept(key).SHA1Hex,
	} {
		got, err := chromedp.Run(browsertest.Step(t, ctx), chromedp.Text(chromedp.ID(id)))
		require.NoError(t, err, id)
		assert.Equal(t, want, got, id)
	}
	hidden, err := chromedp.Run(browsertest.Step(t, ctx), chromedp.Evaluate[bool](`document.querySelector("#accept-error").hidden`))
	require.NoError(t, err)
	assert.True(t, hidden, "a valid key shows no error")
	browsertest.Screenshot(t, ctx, "valid-key")

	// An invalid key still gets a value, plus the rule it breaks.
	require.NoError(t, chromedp.Do(browsertest.Step(t, ctx),
		chromedp.SendKeys(chromedp.ID("ws-key"), "!"),
		chromedp.WaitVisible(chromedp.ID("accept-error")),
	))
	problem, err := chromedp.Run(browsertest.Step(t, ctx), chromedp.Text(chromedp.ID("accept-error")))
	require.NoError(t, err)
	assert.Contains(t, problem, "section "+protocol.ErrInvalidKey.Section)
	rule, err := chromedp.Run(browsertest.Step(t, ctx),
		chromedp.Evaluate[string](`document.querySelector("#accept-error").dataset.rule`))
	require.NoError(t, err)
	assert.Equal(t, protocol.ErrInvalidKey.ID, rule)
	shown, err = chromedp.Run(browsertest.Step(t, ctx), chromedp.Text(chromedp.ID("out-accept")))
	require.NoError(t, err)
	assert.Equal(t, protocol.AcceptKey(key+"!"), shown)
	browsertest.Screenshot(t, ctx, "invalid-key")
}
