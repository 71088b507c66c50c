package pagetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/browsertest"
)

// The page with the keyboard alone: Tab reaches every section and leaves
// the page at the end (nothing traps the focus), every stop shows where the
// focus is, and each section's controls work from the keyboard.

// focusStopJS describes the focused element: where it is, and whether a
// reader can see that it has the focus (an outline or a shadow around a
// box of some size).
const focusStopJS = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return {id: "", section: "", ring: true};
  const cs = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2;
  const shadow = cs.boxShadow !== "none";
  let id = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "");
  if (!e.id && e.dataset.field) id += "[" + e.dataset.field + "]";
  if (!e.id && e.closest("[id]")) id += " in #" + e.closest("[id]").id;
  if (!e.id) id += " @" + [...document.querySelectorAll("*")].indexOf(e); // unique
  return {id, section: e.closest("section[data-section]")?.id ?? "", ring: (outline || shadow) && r.width > 0 && r.height > 0,
    kind: e.matches(".fv-row") ? "fv-row" : ""};
})()`

type focusStop struct {
	ID      string `json:"id"`
	Section string `json:"section"`
	Ring    bool   `json:"ring"`
	Kind    string `json:"kind"`
}

// tabWalk presses key (Tab or Shift+Tab) until the focus leaves the page
// and returns every stop on the way.
func tabWalk(p *page, shift bool) []focusStop {
	p.t.Helper()
	var stops []focusStop
	for range 400 {
		if shift {
			p.shiftTab()
		} else {
			p.keys(kb.Tab)
		}
		s := eval[focusStop](p, focusStopJS)
		if s.ID == "" {
			return stops
		}
		require.False(p.t, len(stops) > 0 && stops[len(stops)-1].ID == s.ID, "the focus is stuck on %s", s.ID)
		stops = append(stops, s)
	}
	p.t.Fatalf("the focus never left the page after %d stops: a trap? last: %v", len(stops), stops[len(stops)-5:])
	return nil
}

// tabTo presses Tab until the element matching selector has the focus.
func (p *page) tabTo(selector string) {
	p.t.Helper()
	for range 300 {
		if eval[bool](p, `document.activeElement?.matches(`+quote(selector)+`) ?? false`) {
			return
		}
		p.keys(kb.Tab)
	}
	p.t.Fatalf("Tab never reached %s", selector)
}

func TestPageKeyboardOnly(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")

	// From the top, Tab walks the whole page and leaves it.
	stops := tabWalk(p, false)
	require.NotEmpty(t, stops)
	assert.Equal(t, "a", stops[0].ID[:1], "the first stop is the skip link")
	assert.Equal(t, "Skip to the content", eval[string](p, `document.querySelector(".skip").textContent`))
	seen := map[string]int{}
	rows := 0
	for _, s := range stops {
		assert.True(t, s.Ring, "%s shows no focus ring", s.ID)
		seen[s.Section]++
		if s.Kind == "fv-row" {
			rows++
		}
	}
	for _, id := range sectionIDs {
		assert.Positive(t, seen[id], "Tab never reaches the %s section", id)
	}
	// A frame view is one stop, whatever its number of fields and links.
	assert.Equal(t, eval[int](p, `[...document.querySelectorAll(".fv-frame")].filter(f => f.querySelector(".fv-row")?.checkVisibility()).length`), rows)

	// Shift+Tab walks the same stops back.
	back := tabWalk(p, true)
	require.Len(t, back, len(stops), "Shift+Tab and Tab stop at different places")
	for i := range back {
		assert.Equal(t, stops[len(stops)-1-i].ID, back[i].ID, "stop %d from the end", i)
	}
	browsertest.Screenshot(t, p.ctx, "keyboard-walk-end")

	t.Run("handshake", func(t *testing.T) { keyboardHandshake(t, p) })
	t.Run("frame builder", func(t *testing.T) { keyboardFrame(t, p) })
	t.Run("masking", func(t *testing.T) { keyboardMask(t, p) })
	t.Run("decoder", func(t *testing.T) { keyboardDecoder(t, p) })
	t.Run("fragmentation", func(t *testing.T) { keyboardFragment(t, p) })
	t.Run("control frames", func(t *testing.T) { keyboardControl(t, p) })
	t.Run("presentation", func(t *testing.T) { keyboardPresentation(t, p) })
}

func keyboardHandshake(t *testing.T, p *page) {
	p.t = t
	before := p.text("#out-key")
	p.tabTo("#ws-key-random")
	p.keys(kb.Enter)
	key := eval[string](p, `document.querySelector("#ws-key").value`)
	assert.NotEqual(t, before, key, "Enter on Random key draws a new key")
	require.NoError(t, protocol.CheckKey(key))
	assert.Equal(t, protocol.AcceptKey(key), p.text("#out-accept"))

	// The derivation steps with the arrow keys, from its own Tab stop.
	p.tabTo("#accept-trace")
	p.keys(kb.Home, kb.ArrowRight, kb.ArrowRight)
	assert.Equal(t, 2, eval[int](p, `document.querySelectorAll("#accept-trace .trace-row:not(.pending)").length`))
	assert.Equal(t, protocol.TraceAccept(key).Notes()[1].English(), strings.TrimSpace(p.text("#accept-narration")))
	p.keys(kb.End)
}

func keyboardFrame(t *testing.T, p *page) {
	p.t = t
	p.tabTo("#fb-fin")
	p.keys(" ") // FIN off
	p.tabTo("#fb-opcode")
	p.keys(kb.ArrowDown) // text → binary
	p.tabTo("#fb-mode-text")
	p.keys(kb.ArrowRight) // payload as hex
	require.True(t, eval[bool](p, `document.querySelector("#fb-mode-hex").checked`))
	p.tabTo("#fb-payload")
	p.retype("#fb-payload", "48 69")
	h := protocol.Header{Opcode: protocol.OpBinary, Masked: true, MaskKey: [4]byte{0x37, 0xfa, 0x21, 0x3d}}
	want := protocol.AppendFrame(nil, protocol.Frame{Header: h, Payload: []byte("Hi")})
	p.waitJS(`document.querySelector("#fb-hex").innerText.replaceAll(" ", "") === `+quote(hexOf(want)), "the keyboard-built frame never showed")

	// The frame view: Tab to its table, ↓ to the opcode, Enter follows the
	// RFC link of that field.
	eval[bool](p, `(document.addEventListener("click", (e) => { const a = e.target.closest("a.rfc"); if (a) { window.__rfc = a.href; e.preventDefault(); } }, true), true)`)
	p.tabTo("#fb-view .fv-row")
	p.keys(kb.ArrowDown, kb.ArrowDown, kb.ArrowDown, kb.ArrowDown)
	assert.Equal(t, "opcode", eval[string](p, `document.activeElement.dataset.field`))
	p.keys(kb.Enter)
	assert.True(t, strings.HasSuffix(eval[string](p, `window.__rfc ?? ""`), "#section-5.2"), "Enter opens the field's RFC section")
}

func keyboardMask(t *testing.T, p *page) {
	p.t = t
	p.tabTo("#mk-table")
	p.keys(kb.Home, kb.ArrowRight)
	steps := protocol.TraceMask([]byte("Hello"), [4]byte{0x37, 0xfa, 0x21, 0x3d}, 0)
	assert.Equal(t, steps[0].Note().English(), p.text("#mk-narration"))
	p.keys(kb.End)
	assert.Equal(t, 0, eval[int](p, `document.querySelectorAll("#mk-table tr.pending").length`))
}

func keyboardDecoder(t *testing.T, p *page) {
	p.t = t
	p.tabTo("#dc-preset")
	for range 30 {
		if eval[string](p, `document.querySelector("#dc-view .fv-violation")?.dataset.rule ?? ""`) == protocol.ErrReservedOpcode.ID {
			break
		}
		p.keys(kb.ArrowDown)
	}
	assert.Equal(t, protocol.ErrReservedOpcode.ID, eval[string](p, `document.querySelector("#dc-view .fv-violation")?.dataset.rule ?? ""`), "the arrow keys reach the reserved-opcode example")
}

func keyboardFragment(t *testing.T, p *page) {
	p.t = t
	p.tabTo("#fr-mode-size")
	p.keys(kb.ArrowDown) // the tutorial's example
	require.True(t, eval[bool](p, `document.querySelector("#fr-mode-tutorial").checked`))
	assert.Equal(t, []string{"hello", "and a", "happy new", "year!"}, p.texts("#fr-frames tbody td:nth-child(4) q"))
	p.keys(kb.ArrowUp)
}

func keyboardControl(t *testing.T, p *page) {
	p.t = t
	p.tabTo("#cf-code")
	for range 20 {
		if eval[string](p, `document.querySelector("#cf-code").value`) == "1005" {
			break
		}
		p.keys(kb.ArrowDown)
	}
	require.Equal(t, "1005", eval[string](p, `document.querySelector("#cf-code-number").value`))
	assert.Equal(t, protocol.ErrCloseCodeLocal.ID, eval[string](p, `document.querySelector("#cf-close-error .error")?.dataset.rule ?? ""`))
	p.keys(kb.Home)
}

func keyboardPresentation(t *testing.T, p *page) {
	p.t = t
	visible := func() []string {
		return eval[[]string](p, `[...document.querySelectorAll("section[data-section]")].filter(s => s.checkVisibility()).map(s => s.id)`)
	}
	eval[bool](p, `(window.scrollTo(0, 0), document.activeElement.blur(), true)`)
	p.tabTo("#present-toggle")
	p.keys(kb.Enter)
	require.True(t, eval[bool](p, `document.documentElement.classList.contains("presenting")`))
	for i, key := range []string{kb.PageDown, "5", kb.End, kb.Home, kb.ArrowRight} {
		p.keys(key)
		want := map[int]string{0: "frame", 1: "lab", 2: "capture", 3: "handshake", 4: "frame"}[i]
		assert.Equal(t, []string{want}, visible(), "after key %q", key)
	}
	// Tab stays on the slide: the toolbar, the current section, the bar.
	stops := tabWalk(p, false)
	for _, s := range stops {
		assert.Contains(t, []string{"", "frame"}, s.Section, "%s is on another slide", s.ID)
		assert.True(t, s.Ring, "%s shows no focus ring", s.ID)
	}
	assert.Contains(t, fmt.Sprint(stops), "present-next", "the slide bar is reachable")
	browsertest.Screenshot(t, p.ctx, "present-frame-keyboard")
	p.tabTo("#present-next")
	p.keys(kb.Escape)
	assert.False(t, eval[bool](p, `document.documentElement.classList.contains("presenting")`))
	assert.Equal(t, "present-toggle", eval[string](p, `document.activeElement.id`), "Esc hands the focus back to the toggle")
	assert.Len(t, visible(), len(sectionIDs))
}

// shiftTab presses Shift+Tab.
func (p *page) shiftTab() {
	p.t.Helper()
	require.NoError(p.t, chromedp.Do(browsertest.Step(p.t, p.ctx), chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))))
}
