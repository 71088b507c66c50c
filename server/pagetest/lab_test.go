package pagetest

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server"
	"github.com/wsplay/wsplay/server/internal/browsertest"
	"github.com/wsplay/wsplay/server/lab"
)

// openLab opens the page at hash on a real server and waits until the lab
// has found the server and its catalogue.
func openLab(t *testing.T, cfg server.Config, hash string) *browsertest.Tab {
	t.Helper()
	browsertest.RequireWasm(t)
	addr := startServer(t, cfg)
	base := "http://localhost:" + addr[strings.LastIndexByte(addr, ':')+1:]
	lt := &browsertest.Tab{T: t, Ctx: browsertest.New(t)}
	browsertest.CatchErrors(t, lt.Ctx)
	lt.Do(chromedp.Navigate(base + "/" + hash))
	lt.Wait(`document.querySelector("#lab-status")?.dataset.key === "lab.ready"`, "the lab never found the server")
	return lt
}

// runLab presses Run from the keyboard and waits for the verdict.
func runLab(lt *browsertest.Tab) {
	lt.T.Helper()
	lt.Do(chromedp.Focus(chromedp.CSS("#lab-run")), chromedp.KeyEvent("\r"))
	lt.Wait(`document.querySelector("#lab-status").dataset.key === "lab.done" && !!document.querySelector("#lab-agree")`, "the experiment never ended")
}

// The selected row is the server's close frame, decoded by the core.
func closeRow(lt *browsertest.Tab) string {
	lt.T.Helper()
	return lt.Eval(`[...document.querySelectorAll('#lab-timeline li[data-kind="frame"]')].pop()?.textContent ?? ""`)
}

// Catalogue experiments run in both languages: the RFC's requirement (the
// rule, its close code or status), the timeline with the server's close
// frame decoded (code and reason) or its refusal, and the verdict.
func TestLabBrowserCatalogue(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"en", "zh-CN"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tr := loadLabTranslation(t, lang)
			lt := openLab(t, server.Config{}, "#lab.exp=unmasked&lang="+lang)
			lt.Wait(`document.querySelector("#lab-exp").value === "unmasked"`, "the link did not choose the experiment")
			assert.Equal(t, tr["lab.q.unmasked"], lt.Text("#lab-question"))
			assert.Equal(t, protocol.ErrUnmaskedClientFrame.ID, lt.Eval(`document.querySelector("#lab-expect [data-rule]").dataset.rule`))
			assert.Equal(t, fill(tr["lab.expect.close"], "1002"), lt.Text("#lab-required"))
			runLab(lt)
			assert.Equal(t, "true", lt.Eval(`document.querySelector("#lab-agree").dataset.agree`))
			row := closeRow(lt)
			assert.Contains(t, row, "1002")
			detail := lt.Text("#lab-detail")
			assert.Contains(t, detail, "1002", "the close frame is selected and decoded")
			assert.Contains(t, detail, protocol.ErrUnmaskedClientFrame.ID+" (RFC 6455 section 5.1)", "its reason names the rule")
			assert.Contains(t, lt.Text("#lab-timeline"), tr["lab.closedBy.server"])
			browsertest.ScreenshotOf(t, lt.Ctx, "lab-unmasked-"+lang, "#lab")

			// A handshake experiment: the refusal with its headers.
			lt.Do(chromedp.Evaluate[chromedp.Void](`location.hash = "#lab.exp=version-8&lang=` + lang + `"`))
			lt.Wait(`document.querySelector("#lab-exp").value === "version-8"`, "the followed link did not choose the experiment")
			runLab(lt)
			assert.Equal(t, "true", lt.Eval(`document.querySelector("#lab-agree").dataset.agree`))
			assert.Contains(t, lt.Text("#lab-detail"), "Sec-WebSocket-Version: 13", "the 426 and its headers")
			assert.Contains(t, lt.Text(`#lab-timeline li[data-kind="response"]`), "426")
		})
	}
}

// The frame builder's bytes, sent to the lab: the core says which rule
// they break before they go, and the server agrees.
func TestLabBrowserFromTheFrameBuilder(t *testing.T) {
	t.Parallel()
	lt := openLab(t, server.Config{}, "#frame.mask=0")
	lt.Do(chromedp.Focus(chromedp.CSS("#fb-to-lab")), chromedp.KeyEvent("\r"))
	unmasked := hexOf(protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText}, Payload: []byte("Hello")}))
	lt.Wait(`document.querySelector("#lab-bytes").value === "`+unmasked+`"`, "the builder's bytes never reached the lab")
	lt.Wait(`location.hash.includes("lab.bytes=`+unmasked+`")`, "the bytes are not in the link")
	assert.Equal(t, "", lt.Eval(`document.querySelector("#lab-exp").value`), "the learner's own bytes")
	assert.Equal(t, protocol.ErrUnmaskedClientFrame.ID, lt.Eval(`document.querySelector("#lab-expect [data-rule]").dataset.rule`), "the core's verdict")
	runLab(lt)
	assert.Equal(t, "true", lt.Eval(`document.querySelector("#lab-agree").dataset.agree`))
	assert.Contains(t, closeRow(lt), "1002")

	// From the decoder too, with its own bytes: a masked ping, answered.
	ping := hexOf(protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpPing, Masked: true, MaskKey: [4]byte{1, 2, 3, 4}}, Payload: []byte("hi")}))
	lt.Do(chromedp.Evaluate[chromedp.Void](`location.hash = "#decoder.hex=` + ping + `"`))
	lt.Wait(`document.querySelector("#dc-hex").value === "`+ping+`"`, "the decoder never took the link's bytes")
	lt.Do(chromedp.Click(chromedp.CSS("#dc-to-lab")))
	lt.Wait(`document.querySelector("#lab-bytes").value === "`+ping+`"`, "the decoder's bytes never reached the lab")
	runLab(lt)
	assert.Contains(t, lt.Text(`#lab-timeline li[data-kind="frame"]`), "pong")
	assert.Equal(t, "true", lt.Eval(`document.querySelector("#lab-agree").dataset.agree`), "fine bytes: the server keeps the connection open")
}

// A shared link reproduces an experiment with the learner's edits; the
// whole section works from the keyboard on a 360-px phone.
func TestLabBrowserSharedLinkKeyboardPhone(t *testing.T) {
	t.Parallel()
	lt := openLab(t, server.Config{}, "#lang=zh-CN")
	lt.Do(chromedp.EmulateViewport(360, 780))
	// Keyboard: the list of experiments, then the pause.
	lt.Do(chromedp.Focus(chromedp.CSS("#lab-exp")))
	for lt.Eval(`document.querySelector("#lab-exp").value`) != "ping-between-fragments" {
		require.NotEqual(t, "pmd-bad-deflate", lt.Eval(`document.querySelector("#lab-exp").value`), "walked past the experiment")
		lt.Do(chromedp.KeyEvent(kb.ArrowDown))
	}
	lt.Wait(`location.hash.includes("lab.exp=ping-between-fragments")`, "the experiment is not in the link")
	lt.Do(chromedp.Focus(chromedp.CSS("#lab-pause")), chromedp.KeyEvent("5"))
	pause := lt.Eval(`document.querySelector("#lab-pause").value`)
	require.NotEqual(t, "0", pause)
	lt.Wait(`location.hash.includes("lab.pause=`+pause+`")`, "the edit is not in the link")
	link := lt.Eval(`location.href`)
	assert.Empty(t, lt.Eval(browsertest.Wider("#lab", 360)), "nothing of the lab is wider than the phone")

	lt.Do(chromedp.Navigate("about:blank"), chromedp.Navigate(link))
	lt.Wait(`document.querySelector("#lab-status")?.dataset.key === "lab.ready" && document.querySelector("#lab-exp").value === "ping-between-fragments"`, "the link did not reproduce the experiment")
	assert.Equal(t, pause, lt.Eval(`document.querySelector("#lab-pause").value`))
	runLab(lt)
	assert.Equal(t, "true", lt.Eval(`document.querySelector("#lab-agree").dataset.agree`))
	frames := lt.Eval(`[...document.querySelectorAll('#lab-timeline li[data-kind="frame"]')].map(li => li.textContent).join(" | ")`)
	assert.Contains(t, frames, loadTranslation(t, "zh-CN").UI["opcode.pong"], frames)
	assert.Empty(t, lt.Eval(browsertest.Wider("#lab", 360)), "the timeline and the verdict fit the phone")
	// The timeline's rows take the arrow keys, as the live section's do.
	lt.Do(chromedp.Focus(chromedp.CSS(`#lab-timeline .live-pick[tabindex="0"]`)), chromedp.KeyEvent(kb.Home))
	lt.Wait(`document.activeElement.closest("li")?.dataset.kind === "request"`, "Home did not reach the request")
	assert.Contains(t, lt.Text("#lab-detail"), "GET /ws HTTP/1.1")
	browsertest.ScreenshotOf(t, lt.Ctx, "lab-phone-zh-CN", "#lab")
}

// On a static host the lab says it needs the server, and still gives the
// core's verdict on the form.
func TestLabBrowserWithoutServer(t *testing.T) {
	t.Parallel()
	lt := openStatic(t, "#lab.bytes=8a00")
	lt.Wait(`document.querySelector("#lab-offline") && !document.querySelector("#lab-offline").hidden`, "no explanation without a server")
	assert.Contains(t, lt.Text("#lab-offline"), "make run")
	assert.Equal(t, "true", lt.Eval(`String(document.querySelector("#lab-run").disabled)`))
	assert.Equal(t, protocol.ErrUnmaskedClientFrame.ID, lt.Eval(`document.querySelector("#lab-expect [data-rule]").dataset.rule`), "an unmasked pong, judged by the core")
	browsertest.ScreenshotOf(t, lt.Ctx, "lab-offline-en", "#lab")
}

// With permessage-deflate agreed, the echo of a compressed "Hello" reads
// as text on the timeline: the lab inflated it with the core.
func TestLabBrowserCompressedEcho(t *testing.T) {
	t.Parallel()
	lt := openLab(t, server.Config{Deflate: true}, "#lab.exp=pmd-hello")
	lt.Wait(`document.querySelector("#lab-exp").value === "pmd-hello"`, "the link did not choose the experiment")
	assert.Contains(t, lt.Eval(`document.querySelector("#lab-request").value`), "Sec-WebSocket-Extensions: permessage-deflate")
	runLab(lt)
	assert.Equal(t, "true", lt.Eval(`document.querySelector("#lab-agree").dataset.agree`))
	row := closeRow(lt)
	assert.Contains(t, row, loadLabTranslation(t, "en")["lab.compressed"])
	assert.Contains(t, row, "Hello")
	assert.Contains(t, lt.Text("#lab-detail"), "Hello", "the detail shows the inflated text")
	assert.Equal(t, "false", lt.Eval(`String(!!document.querySelector("#lab-detail .fv-violation"))`), "RSV1 is agreed: the core sees no broken rule")
	browsertest.ScreenshotOf(t, lt.Ctx, "lab-compressed-en", "#lab")
}

// The lab in Chinese, after experiments that show every kind of row and
// verdict: no English prose (the server's own reasons are data).
func TestLabChineseHasNoEnglishProse(t *testing.T) {
	t.Parallel()
	lt := openLab(t, server.Config{HandshakeTimeout: 300 * time.Millisecond}, "#lang=zh-CN")
	p := &page{t: t, ctx: lt.Ctx}
	assert.Empty(t, englishRuns(p, "#lab"), "before any experiment")
	for _, exp := range []string{"unmasked", "version-8", "close-no-code", "trickled-request", "invalid-utf8", "not-http"} {
		lt.Do(chromedp.Evaluate[chromedp.Void](`location.hash = "#lang=zh-CN&lab.exp=` + exp + `"`))
		lt.Wait(`document.querySelector("#lab-exp").value === "`+exp+`"`, "the link did not choose "+exp)
		runLab(lt)
		assert.Empty(t, englishRuns(p, "#lab"), "%s: the verdict", exp)
		for _, kind := range []string{"request", "write", "response", "frame", "closed"} {
			lt.Do(chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('#lab-timeline li[data-kind="` + kind + `"] button')].at(-1)?.click()`))
			assert.Empty(t, englishRuns(p, "#lab"), "%s: the detail of a %s", exp, kind)
		}
	}
	// The learner's own bytes: half a frame, which the server waits for.
	lt.Do(chromedp.Evaluate[chromedp.Void](`location.hash = "#lang=zh-CN&lab.bytes=8185"`))
	lt.Wait(`document.querySelector("#lab-bytes").value === "8185"`, "the link did not set the bytes")
	assert.Empty(t, englishRuns(p, "#lab"), "half a frame")
}

// Every experiment of the catalogue, in the page: the core's own reading
// of its bytes (what the page says for bytes of the learner's) names the
// rule the catalogue names, and the server does what the RFC requires.
func TestLabBrowserEveryExperiment(t *testing.T) {
	t.Parallel()
	cfg := server.Config{MaxMessage: 1024, Deflate: true, HandshakeTimeout: 300 * time.Millisecond}
	lt := openLab(t, cfg, "")
	for _, exp := range lab.NewCatalogue("localhost", cfg.MaxMessage, cfg.Deflate).Experiments {
		lt.Do(chromedp.Evaluate[chromedp.Void](`location.hash = "#lab.exp=` + exp.ID + `"`))
		lt.Wait(`document.querySelector("#lab-exp").value === "`+exp.ID+`"`, "the link did not choose "+exp.ID)
		// A pause of its own makes the inputs the learner's: the page then
		// asks the core, and the pause changes nothing the core judges.
		lt.Do(chromedp.Evaluate[chromedp.Void](`(() => { const p = document.querySelector("#lab-pause"); p.value = String(Number(p.value) + 7); p.dispatchEvent(new Event("input")); })()`))
		core := lt.Eval(`document.querySelector("#lab-expect [data-rule]")?.dataset.rule ?? "?"`)
		if exp.Expect.Rule == protocol.ErrInflate.ID {
			// wsplay.decode does not inflate: the page says that only the
			// server judges the DEFLATE data.
			assert.Empty(t, core, exp.ID)
			assert.Equal(t, "true", lt.Eval(`String(!!document.querySelector("#lab-no-inflate"))`), exp.ID)
		} else {
			assert.Equal(t, exp.Expect.Rule, core, "%s: the core's reading", exp.ID)
		}
		lt.Wait(`location.hash.includes("lab.pause=")`, "the edit never reached the link")
		lt.Do(chromedp.Evaluate[chromedp.Void](`location.hash = "#lab.exp=` + exp.ID + `"`))
		lt.Wait(`document.querySelector("#lab-pause").value === "`+strconv.Itoa(exp.PauseMs)+`"`, "the link did not restore "+exp.ID)
		runLab(lt)
		assert.Equal(t, "true", lt.Eval(`document.querySelector("#lab-agree").dataset.agree`), "%s: %s", exp.ID, lt.Text("#lab-did"))
	}
}
