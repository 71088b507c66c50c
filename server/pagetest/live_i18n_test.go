package pagetest

import (
	"encoding/json"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/site"
)

// The live section (site/js/live/) brings its texts in i18n/live.<lang>.json.
// Both languages have the same keys and placeholders, and every key its
// modules name exists, in its own files or in the page's.

// liveKey is a literal live.* key; one that ends in "." is completed at
// run time (live.code. + a close code) and is skipped.
var liveKey = regexp.MustCompile(`"(live\.[\w.-]+)"`)

func loadLiveTranslation(t *testing.T, lang string) map[string]string {
	t.Helper()
	return loadSectionTranslation(t, "live", lang)
}

// loadSectionTranslation reads a section's own i18n/<name>.<lang>.json.
func loadSectionTranslation(t *testing.T, name, lang string) map[string]string {
	t.Helper()
	raw, err := fs.ReadFile(site.Files, "i18n/"+name+"."+lang+".json")
	require.NoError(t, err)
	var tr translation
	require.NoError(t, json.Unmarshal(raw, &tr))
	require.NotEmpty(t, tr.UI, lang)
	return tr.UI
}

func TestTranslationOfTheLiveSection(t *testing.T) {
	t.Parallel()
	checkSectionTranslation(t, "live", liveKey, 60)
}

// checkSectionTranslation checks a section's own texts: both languages
// have the same keys (all under name+".") and placeholders, and every key
// the section's modules (js/<name>/) name exists, in its files or in the
// page's. link-state.js is left out: its keys are the link's, not texts.
func checkSectionTranslation(t *testing.T, name string, key *regexp.Regexp, atLeast int) {
	en, zh := loadSectionTranslation(t, name, "en"), loadSectionTranslation(t, name, "zh-CN")
	assert.Equal(t, sortedKeys(en), sortedKeys(zh), "%s.en.json and %s.zh-CN.json must have the same ui keys", name, name)
	for k, text := range en {
		assert.True(t, strings.HasPrefix(k, name+"."), "%s: the section's keys start with %s.", k, name)
		assert.NotEmpty(t, strings.TrimSpace(text), "en %s", k)
		assert.NotEmpty(t, strings.TrimSpace(zh[k]), "zh-CN %s", k)
		assert.Equal(t, placeholders(text), placeholders(zh[k]), "ui %q: placeholders differ", k)
	}

	page := loadTranslation(t, "en").UI
	modules, err := fs.Glob(site.Files, "js/"+name+"/*.js")
	require.NoError(t, err)
	require.NotEmpty(t, modules)
	found := 0
	for _, module := range modules {
		if path.Base(module) == "link-state.js" {
			continue
		}
		raw, err := fs.ReadFile(site.Files, module)
		require.NoError(t, err)
		for _, m := range key.FindAllStringSubmatch(string(raw), -1) {
			if strings.HasSuffix(m[1], ".") {
				continue // completed at run time
			}
			found++
			_, own := en[m[1]]
			_, shared := page[m[1]]
			assert.True(t, own || shared, "%s uses the unknown key %q", module, m[1])
		}
	}
	assert.Greater(t, found, atLeast, "the pattern should find the section's keys")
}
