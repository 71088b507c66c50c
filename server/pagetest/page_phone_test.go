package pagetest

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server/internal/browsertest"
)

// The whole page on a 360-pixel phone, in both languages: no section
// reaches past the screen's edge, except inside a box that scrolls on its
// own. (Each section's own tests look at it after their interactions.)
func TestPageFitsAPhone(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	require.NoError(t, chromedp.Do(browsertest.Step(t, p.ctx), chromedp.EmulateViewport(360, 780)))
	p.waitJS(`document.documentElement.clientWidth === 360`, "the viewport did not narrow")
	for _, lang := range []string{"en", "zh-CN"} {
		p.choose("#lang-select", lang)
		p.waitJS(`document.documentElement.lang === "`+lang+`"`, "the language never switched")
		for _, id := range sectionIDs {
			assert.Empty(t, eval[string](p, browsertest.Wider("#"+id, 360)), "%s, %s: past the edge of a 360-px screen", lang, id)
		}
		assert.Empty(t, eval[string](p, browsertest.Wider("header, footer, #classroom", 360)), "%s: the page's frame", lang)
	}
}
