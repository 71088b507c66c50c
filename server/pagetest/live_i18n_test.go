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

// loadSectionTranslation reads the ui texts of a section's own file,
// i18n/<section>.<lang>.json.
func loadSectionTranslation(t *testing.T, section, lang string) map[string]string {
	t.Helper()
	raw, err := fs.ReadFile(site.Files, "i18n/"+section+"."+lang+".json")
	require.NoError(t, err)
	var tr translation
	require.NoError(t, json.Unmarshal(raw, &tr))
	require.NotEmpty(t, tr.UI, lang)
	return tr.UI
}

func TestTranslationOfTheLiveSection(t *testing.T) {
	t.Parallel()
	en, zh := loadSectionTranslation(t, "live", "en"), loadSectionTranslation(t, "live", "zh-CN")
	assert.Equal(t, sortedKeys(en), sortedKeys(zh), "live.en.json and live.zh-CN.json must have the same ui keys")
	for key, text := range en {
		assert.True(t, strings.HasPrefix(key, "live."), "%s: the live section's keys start with live.", key)
		assert.NotEmpty(t, strings.TrimSpace(text), "en %s", key)
		assert.NotEmpty(t, strings.TrimSpace(zh[key]), "zh-CN %s", key)
		assert.Equal(t, placeholders(text), placeholders(zh[key]), "ui %q: placeholders differ", key)
	}

	page := loadTranslation(t, "en").UI
	modules, err := fs.Glob(site.Files, "js/live/*.js")
	require.NoError(t, err)
	require.NotEmpty(t, modules)
	found := 0
	for _, name := range modules {
		if path.Base(name) == "link-state.js" { // its live.* strings are link keys, not texts
			continue
		}
		raw, err := fs.ReadFile(site.Files, name)
		require.NoError(t, err)
		for _, m := range liveKey.FindAllStringSubmatch(string(raw), -1) {
			key := m[1]
			if strings.HasSuffix(key, ".") {
				continue
			}
			found++
			_, own := en[key]
			_, shared := page[key]
			assert.True(t, own || shared, "%s uses the unknown key %q", name, key)
		}
	}
	assert.Greater(t, found, 60, "the pattern should find the section's keys")
}
