package pagetest

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server"
	"github.com/wsplay/wsplay/server/internal/browsertest"
)

// cspWatch runs in every frame before the frame's own scripts (the browser
// runs it outside the page's policy). It reports each Content-Security-
// Policy violation on the console with a marker, and tells the parent frame
// when a wsplay page in an iframe is ready, and of its violations, since a
// cross-origin frame cannot be read from its parent.
const cspWatch = `(() => {
  const report = (v) => {
    console.warn("wsplay-csp-violation " + JSON.stringify(v));
    if (parent !== window) parent.postMessage({ wsplayCSP: v }, "*");
  };
  addEventListener("securitypolicyviolation", (e) => report({
    directive: e.violatedDirective, blocked: e.blockedURI, page: location.pathname,
    source: e.sourceFile + ":" + e.lineNumber, sample: e.sample,
  }), true);
  if (parent !== window) {
    new MutationObserver((_, obs) => {
      if (document.documentElement?.dataset.page === "ready") {
        parent.postMessage({ wsplayReady: location.pathname + location.hash }, "*");
        obs.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-page"] });
  }
})();`

// violations collects what cspWatch reports, JavaScript dialogs, and the
// page contexts of frames, so that a test can script a cross-origin iframe.
type violations struct {
	mu       sync.Mutex
	csp      []string
	dialogs  []string
	contexts map[string][]string // origin: unique ids of its frames' main worlds
}

func (v *violations) take() (csp, dialogs []string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	csp, dialogs = v.csp, v.dialogs
	v.csp, v.dialogs = nil, nil
	return csp, dialogs
}

// watchPolicy installs cspWatch in every frame of the tab and collects its
// reports; a dialog (alert, confirm, prompt) is recorded and dismissed.
func watchPolicy(t *testing.T, ctx context.Context) *violations {
	t.Helper()
	v := &violations{contexts: map[string][]string{}}
	dialogs := make(chan struct{}, 8)
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if len(ev.Args) == 0 {
				return
			}
			var first string
			if json.Unmarshal(ev.Args[0].Value, &first) != nil || !strings.HasPrefix(first, "wsplay-csp-violation ") {
				return
			}
			v.mu.Lock()
			v.csp = append(v.csp, strings.TrimPrefix(first, "wsplay-csp-violation "))
			v.mu.Unlock()
		case *runtime.EventExecutionContextCreated:
			var aux struct{ IsDefault bool }
			if json.Unmarshal(ev.Context.AuxData, &aux) == nil && aux.IsDefault {
				v.mu.Lock()
				v.contexts[ev.Context.Origin] = append(v.contexts[ev.Context.Origin], ev.Context.UniqueID)
				v.mu.Unlock()
			}
		case *runtime.EventExecutionContextDestroyed:
			v.mu.Lock()
			for origin, ids := range v.contexts {
				v.contexts[origin] = slices.DeleteFunc(ids, func(id string) bool { return id == ev.ExecutionContextUniqueID })
			}
			v.mu.Unlock()
		case *runtime.EventExecutionContextsCleared:
			v.mu.Lock()
			clear(v.contexts)
			v.mu.Unlock()
		case *cdppage.EventJavascriptDialogOpening:
			v.mu.Lock()
			v.dialogs = append(v.dialogs, string(ev.Type)+": "+ev.Message)
			v.mu.Unlock()
			select {
			case dialogs <- struct{}{}:
			default:
			}
		}
	}))
	go func() { // commands may not run inside Listen's callback
		for {
			select {
			case <-dialogs:
				_, _ = chromedp.Call(ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: false})
			case <-ctx.Done():
				return
			}
		}
	}()
	_, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch})
	require.NoError(t, err)
	return v
}

// frameEval evaluates expr in the frame context id and returns its value as
// JSON.
func frameEval(t *testing.T, ctx context.Context, id, expr string) string {
	t.Helper()
	res, err := chromedp.Call(browsertest.Step(t, ctx), runtime.Evaluate, runtime.EvaluateParams{
		Expression: expr, UniqueContextID: id, ReturnByValue: new(true), AwaitPromise: new(true)})
	require.NoError(t, err, expr)
	require.Nil(t, res.ExceptionDetails, expr)
	return string(res.Result.Value)
}

// frameWait polls expr in a frame until it is true.
func frameWait(t *testing.T, ctx context.Context, id, expr, why string) {
	t.Helper()
	for deadline := time.Now().Add(browsertest.StepTimeout); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if frameEval(t, ctx, id, expr) == "true" {
			return
		}
	}
	t.Fatalf("%s (waiting for %s)", why, expr)
}

// The page runs whole under its Content-Security-Policy: every section, the
// chrome (language, theme, presentation mode), the live section with its
// constructed stylesheet, and embed.html inside an iframe on another
// origin. A payload written as HTML, sent through the live echo, shows as
// text and runs nothing.
func TestBrowserSecurityPolicy(t *testing.T) {
	t.Parallel()
	browsertest.RequireWasm(t)
	addr := startServer(t, server.Config{})
	base := "http://" + addr
	ctx := browsertest.New(t)
	browsertest.CatchErrors(t, ctx)
	v := watchPolicy(t, ctx)
	p := &page{t: t, ctx: ctx, base: base}
	lt := &browsertest.Tab{T: t, Ctx: ctx}

	p.open("/#live")
	require.Contains(t, eval[string](p, `document.documentElement.dataset.wsplay`), "ready")

	// The watcher works, and the policy is enforced: an inline event
	// handler put into the page from outside does not run.
	eval[bool](p, `(document.body.insertAdjacentHTML("beforeend", '<img id="csp-probe" src="data:," onload="window.__probed = 1">'), true)`)
	p.waitJS(`document.querySelector("#csp-probe").complete`, "the probe image never loaded")
	csp, _ := v.take()
	require.Len(t, csp, 1, "the watcher must see the refused inline handler")
	assert.Contains(t, csp[0], "script-src")
	assert.Equal(t, "undefined", eval[string](p, `typeof window.__probed`), "an inline handler ran")
	eval[bool](p, `(document.querySelector("#csp-probe").remove(), true)`)

	// The page's own features, as a visitor uses them.
	for _, lang := range []string{"zh-CN", "en"} {
		lt.Do(chromedp.SetValue(chromedp.CSS("#lang-select"), lang),
			chromedp.Evaluate[chromedp.Void](`document.querySelector("#lang-select").dispatchEvent(new Event("change"))`))
		p.waitJS(`document.documentElement.lang === `+strconv.Quote(lang), "the language did not switch")
	}
	lt.Do(chromedp.SetValue(chromedp.CSS("#theme-select"), "dark"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#theme-select").dispatchEvent(new Event("change"))`))
	p.click("#present-toggle")
	p.click("#present-toggle")
	p.click("#copy-link")

	// The live section: connect, then a payload that is HTML.
	lt.Wait(`document.querySelector("#live-status")?.dataset.key === "live.ready"`, "the live section never found the server")
	imgs := eval[int](p, `document.querySelectorAll("img").length`)
	const payload = `<img src=x onerror=alert(1)>`
	lt.Do(chromedp.Click(chromedp.CSS("#live-connect")))
	lt.Wait(`document.querySelector("#live-status").dataset.key === "live.connected"`, "the page never connected")
	lt.Do(chromedp.SetValue(chromedp.CSS("#live-text"), payload), chromedp.Click(chromedp.CSS("#live-send-text")))
	lt.Wait(`[...document.querySelectorAll("#live-log li.received")].some(li => li.textContent.endsWith(`+strconv.Quote(": "+payload)+`))`,
		"the echo did not show the payload as text")
	const clientFrame = `#live-timeline li[data-kind="frame"][data-from="client"] button`
	lt.Wait(`!!document.querySelector('`+clientFrame+`')`, "no client frame on the timeline")
	lt.Do(chromedp.Click(chromedp.CSS(clientFrame)))
	lt.Wait(`document.querySelector("#live-detail .fv-text")?.textContent === `+strconv.Quote(payload), "the decoded payload is not shown as text")
	lt.Do(chromedp.Click(chromedp.CSS("#live-send-64"))) // a long frame, cut on the tap
	lt.Wait(`[...document.querySelectorAll("#live-log li.received")].some(li => li.textContent.includes("70,000"))`, "the long message did not come back")
	assert.Equal(t, imgs, eval[int](p, `document.querySelectorAll("img").length`), "the payload became an element")
	assert.False(t, eval[bool](p, `!!document.querySelector('img[src="x"]')`))
	browsertest.ScreenshotOf(t, ctx, "payload-as-text", "#live")
	lt.Do(chromedp.Click(chromedp.CSS("#live-close")))
	lt.Wait(`!!document.querySelector('#live-timeline li[data-kind="closed"]')`, "the connection did not close")

	// embed.html on another origin: a second server on 127.0.0.1 serves a
	// page that frames two sections of it. index.html may not be framed
	// there (frame-ancestors 'self').
	host := browsertest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><title>a docs site</title>
<script>window.ready = []; window.csp = [];
addEventListener("message", (e) => { if (e.data.wsplayReady) ready.push(e.data.wsplayReady); if (e.data.wsplayCSP) csp.push(e.data.wsplayCSP); });</script>
<iframe id="live" src="` + base + `/embed.html#section=live" width="900" height="700"></iframe>
<iframe id="mask" src="` + base + `/embed.html#section=mask&lang=zh-CN" width="900" height="500"></iframe>
<iframe id="full" src="` + base + `/" width="300" height="200"></iframe>`))
	}))
	require.NotEqual(t, base, host, "the framing page is on another origin")
	require.NoError(t, chromedp.Do(browsertest.Step(t, ctx), chromedp.Navigate(host)))
	p.waitJS(`ready.length >= 2`, "embed.html did not load in the iframes")

	// The embedded live section connects and echoes from inside the frame.
	v.mu.Lock()
	contexts := v.contexts[base]
	v.mu.Unlock()
	live := ""
	for _, id := range contexts {
		if frameEval(t, ctx, id, `location.hash`) == `"#section=live"` {
			live = id
		}
	}
	require.NotEmpty(t, live, "no context for the live iframe")
	frameWait(t, ctx, live, `document.querySelector("#live-status")?.dataset.key === "live.ready"`, "the embedded live section never found the server")
	frameEval(t, ctx, live, `document.querySelector("#live-connect").click()`)
	frameWait(t, ctx, live, `document.querySelector("#live-status").dataset.key === "live.connected"`, "the embedded page never connected")
	frameEval(t, ctx, live, `(document.querySelector("#live-text").value = `+strconv.Quote(payload)+`, document.querySelector("#live-send-text").click())`)
	frameWait(t, ctx, live, `[...document.querySelectorAll("#live-log li.received")].some(li => li.textContent.endsWith(`+strconv.Quote(": "+payload)+`))`,
		"no echo in the embedded page")
	assert.Equal(t, "false", frameEval(t, ctx, live, `!!document.querySelector('img[src="x"]')`))
	browsertest.Screenshot(t, ctx, "embedded")
	assert.ElementsMatch(t, []string{"/embed.html#section=live", "/embed.html#section=mask&lang=zh-CN"}, eval[[]string](p, `ready`),
		"only embed.html runs in a foreign frame; the full page refuses it")

	csp, dialogs := v.take()
	assert.Empty(t, csp, "Content-Security-Policy violations")
	assert.Empty(t, dialogs, "a dialog opened")
	assert.Empty(t, eval[[]any](p, `csp`), "violations inside the iframes")
}
