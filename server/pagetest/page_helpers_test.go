package pagetest

import (
	"context"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server/internal/browsertest"
)

// page is one headless Chromium tab on the real handler, shared by the steps
// of one test.
type page struct {
	t    *testing.T
	ctx  context.Context
	base string
}

// openPage starts a browser, serves the embedded site on 127.0.0.1 and opens
// path (e.g. "/" or "/embed.html#section=mask") in English, whatever the
// browser's language, so that tests can read English words.
func openPage(t *testing.T, path string) *page {
	t.Helper()
	p := openPageAsBrowser(t, path)
	if eval[string](p, `document.documentElement.lang`) != "en" && !strings.Contains(path, "lang=") {
		eval[bool](p, `(localStorage.setItem("wsplay.lang", "en"), true)`)
		p.open(path)
	}
	return p
}

// openPageAsBrowser opens path with the language the browser asks for.
func openPageAsBrowser(t *testing.T, path string) *page {
	t.Helper()
	browsertest.RequireWasm(t)
	p := &page{t: t, ctx: browsertest.New(t)}
	p.base = browsertest.Serve(t, pageHandler(t))
	browsertest.CatchErrors(t, p.ctx)
	p.open(path)
	return p
}

// open loads path as a new document (about:blank first, so that a link that
// differs only in its hash still reloads) and waits for every section.
func (p *page) open(path string) {
	p.t.Helper()
	require.NoError(p.t, chromedp.Do(browsertest.Step(p.t, p.ctx),
		chromedp.Navigate("about:blank"),
		chromedp.Navigate(p.base+path)))
	p.waitJS(`document.documentElement.dataset.page === "ready"`, "the page never became ready")
}

// eval runs a JS expression and returns its value.
func eval[T any](p *page, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(browsertest.Step(p.t, p.ctx), chromedp.Evaluate[T](expr))
	require.NoError(p.t, err, expr)
	return v
}

// waitJS polls a JS predicate until it holds.
func (p *page) waitJS(predicate, why string) {
	p.t.Helper()
	require.NoError(p.t, browsertest.Poll(browsertest.Step(p.t, p.ctx), predicate), why+" (waiting for "+predicate+")")
}

// text is the rendered text of the first element matching a CSS selector.
func (p *page) text(selector string) string {
	p.t.Helper()
	return eval[string](p, `(document.querySelector(`+quote(selector)+`)?.innerText ?? "<missing `+strings.ReplaceAll(selector, `"`, `'`)+`>")`)
}

// texts lists the rendered texts of every match of a CSS selector.
func (p *page) texts(selector string) []string {
	p.t.Helper()
	return eval[[]string](p, `[...document.querySelectorAll(`+quote(selector)+`)].map(e => e.innerText)`)
}

// click clicks an element as a mouse would.
func (p *page) click(selector string) {
	p.t.Helper()
	ctx := browsertest.Step(p.t, p.ctx)
	require.NoError(p.t, chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS(selector))), "scroll to "+selector)
	require.NoError(p.t, browsertest.Poll(ctx, browsertest.Settled(selector)), selector+" never stood still")
	require.NoError(p.t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(selector))), "click "+selector)
}

// retype focuses a text field, selects all with Ctrl+A, deletes it and types
// s key by key, as a person would.
func (p *page) retype(selector, s string) {
	p.t.Helper()
	require.NoError(p.t, chromedp.Do(browsertest.Step(p.t, p.ctx),
		chromedp.Focus(chromedp.CSS(selector)),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl), selectAll),
		chromedp.KeyEvent(kb.Backspace),
		chromedp.SendKeys(chromedp.CSS(selector), s)), "type into "+selector)
}

// paste replaces a field's content with s in one input event, as pasting
// from the clipboard does (typing long hex key by key is slow).
func (p *page) paste(selector, s string) {
	p.t.Helper()
	require.NoError(p.t, chromedp.Do(browsertest.Step(p.t, p.ctx),
		chromedp.Focus(chromedp.CSS(selector)),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl), selectAll),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: s})
			return err
		})), "paste into "+selector)
}

// keys sends key presses to the focused element (e.g. kb.ArrowRight).
func (p *page) keys(keys ...string) {
	p.t.Helper()
	for _, k := range keys {
		require.NoError(p.t, chromedp.Do(browsertest.Step(p.t, p.ctx), chromedp.KeyEvent(k)))
	}
}

// focus moves the keyboard focus to an element. The mouse first moves to
// the page's corner, so that what it hovers does not compete with the focus.
func (p *page) focus(selector string) {
	p.t.Helper()
	require.NoError(p.t, chromedp.Do(browsertest.Step(p.t, p.ctx),
		chromedp.MouseEvent(chromedp.MouseMoved, 1, 1),
		chromedp.Focus(chromedp.CSS(selector))))
}

// choose picks an option of a <select> with the keyboard: focus, then the
// arrow keys until the value is reached (a closed select changes at once).
func (p *page) choose(selector, value string) {
	p.t.Helper()
	index := eval[int](p, `[...document.querySelector(`+quote(selector)+`).options].findIndex(o => o.value === `+quote(value)+`)`)
	require.GreaterOrEqual(p.t, index, 0, "%s has no option %q", selector, value)
	current := eval[int](p, `document.querySelector(`+quote(selector)+`).selectedIndex`)
	p.focus(selector)
	for ; current < index; current++ {
		p.keys(kb.ArrowDown)
	}
	for ; current > index; current-- {
		p.keys(kb.ArrowUp)
	}
	p.waitJS(`document.querySelector(`+quote(selector)+`).value === `+quote(value), "select "+selector+" never showed "+value)
}

// hexOf is lowercase hex without spaces.
func hexOf(b []byte) string { return hex.EncodeToString(b) }

// unspace drops the spaces the page puts between bytes.
func unspace(s string) string { return strings.Join(strings.Fields(s), "") }

// quote writes s as a JS string literal.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// selectAll makes Ctrl+A select the field's text: headless Chromium applies
// editing shortcuts only when the key event names the command.
func selectAll(k *input.DispatchKeyEventParams) {
	if k.Type == input.DispatchKeyEventTypeKeyDown || k.Type == input.DispatchKeyEventTypeRawKeyDown {
		k.Commands = []string{"selectAll"}
	}
}
