package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server/internal/browsertest"
	"github.com/wsplay/wsplay/site"
)

// The live section keeps its inputs in the link, as the other sections do:
// a link opens with its options, the connection uses them, and what the
// reader types goes back into the link.
func TestLiveBrowserOptionsInTheLink(t *testing.T) {
	requireWasm(t)
	_, addr, _ := startApp(t, config{Files: site.Files})
	base := "http://localhost:" + addr[strings.LastIndexByte(addr, ':')+1:]
	lt := &browsertest.Tab{T: t, Ctx: browsertest.New(t)}
	browsertest.CatchErrors(t, lt.Ctx)
	require.NoError(t, chromedp.Do(browsertest.Step(t, lt.Ctx),
		chromedp.Navigate(base+"/#live.greet=1&live.frag=16&live.text=hi&live.code=3000&live.reason=later")))
	lt.Wait(`document.querySelector("#live-status")?.dataset.key === "live.ready"`, "the live section never found the server")

	assert.Equal(t, "true", lt.Eval(`String(document.querySelector("#live-greet").checked)`))
	assert.Equal(t, "16", lt.Eval(`document.querySelector("#live-frag").value`))
	assert.Equal(t, "hi", lt.Eval(`document.querySelector("#live-text").value`))
	assert.Equal(t, "3000", lt.Eval(`document.querySelector("#live-close-code").value`))
	assert.Equal(t, "later", lt.Eval(`document.querySelector("#live-close-reason").value`))

	lt.Do(chromedp.Click(chromedp.CSS("#live-connect")))
	lt.Wait(`document.querySelector("#live-status").dataset.key === "live.connected"`, "the page never connected")
	assert.Contains(t, lt.Text("#live-status"), "greet=world&frag=16", "the socket was opened with the link's options")

	lt.Do(chromedp.SendKeys(chromedp.CSS("#live-text"), " there"))
	lt.Wait(`location.hash.includes("live.text=hi+there")`, "the typed text never reached the link")
	// A link cannot choose what the list does not offer.
	lt.Do(chromedp.Evaluate[chromedp.Void](`location.hash = "#live.code=1006"`))
	lt.Wait(`document.querySelector("#live-close-code").value === "1000"`, "a code the page cannot send was taken from the link")
	assert.Equal(t, "hello", lt.Eval(`document.querySelector("#live-text").value`), "a link without the text restores the default")
}
