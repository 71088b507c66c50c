package pagetest

import (
	"encoding/hex"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server"
	"github.com/wsplay/wsplay/server/internal/browsertest"
)

// The Chinese page must not fall back to English sentences, wherever they
// come from: the page's own text, the core's notes, a violation's value or
// an error message. Data stays as it is (hex, header names, payloads, HTTP
// lines), so the check reads the text a person sees outside code, quoted
// payloads and input fields, and looks for English prose: four or more
// plain words in a row.

// englishRunsJS returns, for the element it is given, every run of four or
// more English words in its visible text and in the labels and tooltips it
// carries. A word is letters only (capitalised or not, an apostrophe
// allowed); anything with a digit, hyphen, slash, dot or inner capital
// (RSV1, Sec-WebSocket-Key, HTTP/1.1, WebSocket) is a technical token and
// breaks a run, as do Chinese characters and punctuation. Titles in 《》
// (a paper's name) are names, not prose.
const englishRunsJS = `(root) => {
  const skip = "code, pre, kbd, samp, q, textarea, input, script, style";
  const runs = [];
  const word = /^[A-Za-z][a-z]*(?:'[a-z]+)?$/;
  const look = (text, where) => {
    text = text.replace(/《[^》]*》/g, " ");
    for (const segment of text.split(/[\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef·•→←▶◀✓✗⚠]+/)) {
      let run = [];
      const flush = () => {
        if (run.length >= 4) runs.push(where + ": " + run.join(" "));
        run = [];
      };
      for (const raw of segment.split(/\s+/)) {
        const token = raw.replace(/^[("'\[{]+|[)"'\]},.;:!?]+$/g, "");
        if (word.test(token) && (token.length > 1 || token === "a" || token === "I")) run.push(token);
        else if (!/^\d[\d,.]*$/.test(token)) flush(); // "must be 4 bytes" is one run
      }
      flush();
    }
  };
  const describe = (el) => el.id ? "#" + el.id : el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    const el = n.parentElement;
    if (!el || el.closest(skip) || !el.checkVisibility()) continue;
    look(n.textContent, describe(el));
  }
  for (const el of [root, ...root.querySelectorAll("[aria-label], [title], [placeholder]")]) {
    if (el.closest(skip + ", [hidden]")) continue;
    for (const attr of ["aria-label", "title", "placeholder"]) {
      if (el.hasAttribute(attr)) look(el.getAttribute(attr), describe(el) + "[" + attr + "]");
    }
  }
  return runs;
}`

// englishRuns opens every <details> under selector (their text shows when
// a reader opens them) and returns the English runs found there.
func englishRuns(p *page, selector string) []string {
	p.t.Helper()
	return eval[[]string](p, `(() => { const root = document.querySelector(`+quote(selector)+`);
	  for (const d of root.querySelectorAll("details")) d.open = true;
	  return (`+englishRunsJS+`)(root); })()`)
}

// zhStates are links that put the sections where the core has most to say
// in Chinese: invalid keys and hex, rules broken, codes refused.
var zhStates = map[string]string{
	"defaults": "",
	"broken input": "handshake.key=abc&frame.key=010203&mask.mode=hex&mask.payload=4g&fragment.size=1&fragment.text=" +
		strings.Repeat("x", 300) + "&control.code=70000&proxy.key=0102",
	"broken rules": "frame.rsv1=1&frame.op=3&frame.len=16&frame.mode=hex&frame.payload=c328&control.code=1005&control.ping=" +
		strings.Repeat("p", 126) + "&proxy.payload=" + url.QueryEscape("garbage\n\n") + "&fragment.mode=tutorial&fragment.mask=1",
	"odd hex": "frame.mode=hex&frame.payload=abc&mask.key=0102030&decoder.hex=810&control.from=server",
}

func TestPageChineseHasNoEnglishProse(t *testing.T) {
	t.Parallel()
	// The check can fail: it finds English prose in every section of the
	// English page, and in one sentence slipped into Chinese text.
	p := openPage(t, "/")
	for _, id := range sectionIDs {
		require.NotEmpty(t, englishRuns(p, "#"+id), "the English %s section has English prose", id)
	}
	p.open("/#lang=zh-CN")
	eval[bool](p, `(document.querySelector("#mask .prose").append("（no empty line ends the head）"), true)`)
	require.Equal(t, []string{"div.prose: no empty line ends the head"}, englishRuns(p, "#mask .prose"))

	for name, hash := range zhStates {
		p.open("/#lang=zh-CN&" + hash)
		require.Equal(t, "zh-CN", eval[string](p, `document.documentElement.lang`))
		for _, id := range sectionIDs {
			assert.Empty(t, englishRuns(p, "#"+id), "%s: section %s", name, id)
		}
		assert.Empty(t, englishRuns(p, ".masthead"), name)
		assert.Empty(t, englishRuns(p, "#toc"), name)
	}

	// Every example of the decoder, and every invalid vector of the test
	// data, explained in Chinese.
	p.open("/#lang=zh-CN")
	for _, id := range eval[[]string](p, `[...document.querySelectorAll("#dc-preset option")].map(o => o.value).filter(Boolean)`) {
		eval[bool](p, `(() => { const s = document.querySelector("#dc-preset"); s.value = `+quote(id)+`; s.dispatchEvent(new Event("change")); return true })()`)
		assert.Empty(t, englishRuns(p, "#decoder"), "decoder example %s", id)
	}
	for _, v := range invalidVectors(t) {
		p.click("#dc-from-" + v.From)
		p.paste("#dc-hex", hex.EncodeToString(v.Wire))
		p.waitJS(`document.querySelector("#dc-summary").dataset.violations !== "0"`, v.Name)
		assert.Empty(t, englishRuns(p, "#decoder"), "decoder vector %s", v.Name)
	}

	// The presentation bar.
	p.click("#present-toggle")
	assert.Empty(t, englishRuns(p, "#present-bar"))
	browsertest.Screenshot(t, p.ctx, "zh-present")
}

// The live section on the real server, in Chinese: timeline, detail, log.
func TestLiveChineseHasNoEnglishProse(t *testing.T) {
	t.Parallel()
	lt, _ := openLive(t, server.Config{})
	p := &page{t: t, ctx: lt.Ctx}
	lt.Do(chromedp.SetValue(chromedp.CSS("#lang-select"), "zh-CN"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#lang-select").dispatchEvent(new Event("change"))`))
	lt.Wait(`document.documentElement.lang === "zh-CN" && document.querySelector("#live-connect").textContent === "连接"`, "the page never switched to Chinese")
	assert.Empty(t, englishRuns(p, "#live"), "before connecting")

	lt.Do(chromedp.SetValue(chromedp.CSS("#live-frag"), "4"), chromedp.Click(chromedp.CSS("#live-connect")))
	lt.Wait(`document.querySelector("#live-status").dataset.key === "live.connected"`, "the page never connected")
	lt.Do(chromedp.SetValue(chromedp.CSS("#live-text"), "hello there my good friend"), chromedp.Click(chromedp.CSS("#live-send-text")),
		chromedp.Click(chromedp.CSS("#live-send-16")), chromedp.Click(chromedp.CSS("#live-send-binary")))
	lt.Wait(`document.querySelectorAll("#live-log li.received").length >= 3`, "the echoes never came back")
	for _, kind := range []string{"request", "frame"} {
		// The tap's events trail the echoes by up to a flush interval.
		lt.Wait(`!!document.querySelector('#live-timeline li[data-kind="`+kind+`"] button')`, "no "+kind+" on the timeline")
		lt.Do(chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('#live-timeline li[data-kind="` + kind + `"] button')].at(-1).click()`))
		assert.Empty(t, englishRuns(p, "#live"), "detail of a %s", kind)
	}
	lt.Do(chromedp.SetValue(chromedp.CSS("#live-close-reason"), "that is all for today"), chromedp.Click(chromedp.CSS("#live-close")))
	lt.Wait(`!!document.querySelector('#live-timeline li[data-kind="closed"]')`, "no end of connection on the timeline")
	lt.Do(chromedp.Evaluate[chromedp.Void](`document.querySelector('#live-timeline li[data-kind="closed"] button').click()`))
	assert.Empty(t, englishRuns(p, "#live"), "after the close")
	browsertest.ScreenshotOf(t, lt.Ctx, "live-zh", "#live")
}
