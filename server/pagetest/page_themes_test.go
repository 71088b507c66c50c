package pagetest

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"

	"github.com/wsplay/wsplay/server/internal/browsertest"
)

// Both themes and presentation mode, in both languages: every text is
// readable against what is behind it, presentation mode uses large type,
// and a screenshot of each section in each variant is saved for a person
// to look at (WSPLAY_SCREENSHOTS_FULL=1 for whole sections).

// lowContrastJS lists the visible texts whose contrast with their
// background (WCAG 2 relative luminance) is below the given ratio, or, when
// no ratio is given, below WCAG AA: 4.5:1, or 3:1 for large text. Dimmed
// parts (disabled controls, steps not reached yet) and text on a gradient
// are left out.
const lowContrastJS = `(min) => {
  const parse = (c) => {
    let m = c.match(/^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/);
    if (m) return [m[1] / 255, m[2] / 255, m[3] / 255, m[4] == null ? 1 : +m[4]];
    m = c.match(/^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+))?\)$/);
    if (m) return [+m[1], +m[2], +m[3], m[4] == null ? 1 : +m[4]];
    return null;
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1);
  };
  const lum = (c) => {
    const f = (v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.backgroundImage !== "none") return null; // a gradient: not judged here
      const c = parse(cs.backgroundColor);
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    let bg = [1, 1, 1, 1];
    for (const l of layers.reverse()) bg = over(l, bg);
    return bg;
  };
  const dimmed = (el) => {
    for (let e = el; e; e = e.parentElement) if (parseFloat(getComputedStyle(e).opacity) < 1) return true;
    return false;
  };
  const out = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || seen.has(el)) continue;
    seen.add(el);
    if (!el.checkVisibility() || el.closest(".visually-hidden, :disabled, option, select") || dimmed(el)) continue;
    const cs = getComputedStyle(el);
    const fg = parse(cs.color);
    const bg = background(el);
    if (!fg || !bg) continue;
    const c = over(fg, bg);
    const [a, b] = [lum(c), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(cs.fontSize);
    const large = size >= 24 || (size >= 18.66 && +cs.fontWeight >= 700);
    const need = min ?? (large ? 3 : 4.5);
    if (ratio < need) {
      out.push(ratio.toFixed(2) + " < " + need + ": " + el.tagName.toLowerCase() + "." + String(el.className).trim().split(/\s+/).join(".") +
        " " + JSON.stringify(n.textContent.trim().slice(0, 30)) + " " + cs.color + " on rgb(" + bg.slice(0, 3).map((v) => Math.round(v * 255)).join(", ") + ")");
    }
  }
  return out;
}`

func lowContrast(p *page, min float64) []string {
	p.t.Helper()
	arg := "undefined"
	if min > 0 {
		arg = strconv.FormatFloat(min, 'f', -1, 64)
	}
	return eval[[]string](p, "("+lowContrastJS+")("+arg+")")
}

func TestPageThemesAndPresentation(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	assert.NotEmpty(t, lowContrast(p, 21), "the check reads the page's text (only black on white reaches 21:1)")
	for _, lang := range []string{"en", "zh-CN"} {
		for _, theme := range []string{"light", "dark"} {
			variant := lang + "-" + theme
			p.open("/#lang=" + lang + "&theme=" + theme)
			assert.Equal(t, theme, eval[string](p, `document.documentElement.dataset.theme`))
			assert.Empty(t, lowContrast(p, 0), "%s: text below WCAG AA contrast", variant)
			if theme == "dark" { // the light theme is pictured by TestPageLanguages
				screenshotSections(t, p, variant)
			}

			// Presentation mode, slide by slide with the digit keys: one
			// section, large type, contrast of at least 7:1 (WCAG AAA), as
			// a projector washes colours out.
			p.click("#present-toggle")
			for i, id := range sectionIDs {
				p.focus("#present-toggle")
				p.keys(slideKey(i, len(sectionIDs)))
				p.waitJS(`document.querySelector("#`+id+`").classList.contains("current")`, "slide "+id+" never showed")
				assert.Equal(t, []string{id}, eval[[]string](p, `[...document.querySelectorAll("section[data-section]")].filter(s => s.checkVisibility()).map(s => s.id)`))
				assert.Empty(t, lowContrast(p, 7), "%s presentation, %s: text below 7:1", variant, id)
				size := eval[float64](p, `parseFloat(getComputedStyle(document.querySelector("#`+id+` h2")).fontSize)`)
				assert.GreaterOrEqual(t, size, 40.0, "%s: the slide title is large", id)
				body := eval[float64](p, `Math.min(...[...document.querySelectorAll("#`+id+` p, #`+id+` label, #`+id+` td")].filter(e => e.checkVisibility() && e.textContent.trim()).map(e => parseFloat(getComputedStyle(e).fontSize)))`)
				assert.GreaterOrEqual(t, body, 18.0, "%s: the smallest paragraph, label or cell is still large", id)
				eval[bool](p, `(window.scrollTo(0, 0), true)`)
				browsertest.Screenshot(t, p.ctx, fmt.Sprintf("%s-present-%d-%s", variant, i+1, id))
				if os.Getenv("WSPLAY_SCREENSHOTS_FULL") == "1" {
					browsertest.ScreenshotOf(t, p.ctx, fmt.Sprintf("%s-present-%d-%s-full", variant, i+1, id), "#"+id)
				}
			}
			p.keys(kb.Escape)
		}
	}
}

// slideKey is the key that shows slide i of n in presentation mode: the
// digits 1-9, 0 for the tenth, End for the last beyond that.
func slideKey(i, n int) string {
	switch {
	case i < 9:
		return strconv.Itoa(i + 1)
	case i == 9:
		return "0"
	case i == n-1:
		return kb.End
	}
	panic("slide " + strconv.Itoa(i) + " has no key of its own")
}
