package pagetest

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/wsplay/wsplay/server"
)

// The live section keeps its inputs in the link, as the other sections do:
// a link sets its options (when followed and when loaded), the connection
// uses them, and what the reader types goes back into the link.
func TestLiveBrowserOptionsInTheLink(t *testing.T) {
	lt, _ := openLive(t, server.Config{})
	options := func(when string) {
		assert.Equal(t, "true", lt.Eval(`String(document.querySelector("#live-greet").checked)`), when)
		assert.Equal(t, "16", lt.Eval(`document.querySelector("#live-frag").value`), when)
		assert.Equal(t, "hi", lt.Eval(`document.querySelector("#live-text").value`), when)
		assert.Equal(t, "3000", lt.Eval(`document.querySelector("#live-close-code").value`), when)
		assert.Equal(t, "later", lt.Eval(`document.querySelector("#live-close-reason").value`), when)
	}
	lt.Do(chromedp.Evaluate[chromedp.Void](`location.hash = "#live.greet=1&live.frag=16&live.text=hi&live.code=3000&live.reason=later"`))
	lt.Wait(`document.querySelector("#live-frag").value === "16"`, "the followed link did not set the options")
	options("after following the link")
	lt.Do(chromedp.Reload())
	lt.Wait(`document.querySelector("#live-status")?.dataset.key === "live.ready"`, "the reloaded section never found the server")
	options("after loading the link")

	lt.Do(chromedp.Click(chromedp.CSS("#live-connect")))
	lt.Wait(`document.querySelector("#live-status").dataset.key === "live.connected"`, "the page never connected")
	assert.Contains(t, lt.Text("#live-status"), "greet=world&frag=16", "the socket was opened with the link's options")

	lt.Do(chromedp.SendKeys(chromedp.CSS("#live-text"), " there"))
	lt.Wait(`location.hash.includes("live.text=hi+there")`, "the typed text never reached the link")
	// A link cannot choose what the list does not offer, and what it leaves
	// out takes its default.
	lt.Do(chromedp.Evaluate[chromedp.Void](`location.hash = "#live.code=1006"`))
	lt.Wait(`document.querySelector("#live-close-code").value === "1000"`, "a code the page cannot send was taken from the link")
	assert.Equal(t, "hello", lt.Eval(`document.querySelector("#live-text").value`))
}
