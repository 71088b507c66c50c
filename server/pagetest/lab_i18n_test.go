package pagetest

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server/lab"
	"github.com/wsplay/wsplay/site"
)

// The lab (site/js/lab/) brings its texts in i18n/lab.<lang>.json: both
// languages have the same keys and placeholders, every experiment of the
// catalogue has its question, and every key its modules name exists.

var labKey = regexp.MustCompile(`"(lab\.[\w.-]+)"`)

func loadLabTranslation(t *testing.T, lang string) map[string]string {
	t.Helper()
	raw, err := fs.ReadFile(site.Files, "i18n/lab."+lang+".json")
	require.NoError(t, err)
	var tr translation
	require.NoError(t, json.Unmarshal(raw, &tr))
	require.NotEmpty(t, tr.UI, lang)
	return tr.UI
}

func TestTranslationOfTheLab(t *testing.T) {
	t.Parallel()
	en, zh := loadLabTranslation(t, "en"), loadLabTranslation(t, "zh-CN")
	assert.Equal(t, sortedKeys(en), sortedKeys(zh), "lab.en.json and lab.zh-CN.json must have the same ui keys")
	for key, text := range en {
		assert.True(t, strings.HasPrefix(key, "lab."), "%s: the lab's keys start with lab.", key)
		assert.NotEmpty(t, strings.TrimSpace(zh[key]), "zh-CN %s", key)
		assert.Equal(t, placeholders(text), placeholders(zh[key]), "ui %q: placeholders differ", key)
	}
	for _, exp := range lab.NewCatalogue("localhost:8080", 1<<20, true).Experiments {
		assert.NotEmpty(t, en["lab.q."+exp.ID], "experiment %s has no question", exp.ID)
	}

	page := loadTranslation(t, "en").UI
	modules, err := fs.Glob(site.Files, "js/lab/*.js")
	require.NoError(t, err)
	found := 0
	for _, name := range modules {
		if strings.HasSuffix(name, "link-state.js") { // its lab.* strings are link keys
			continue
		}
		raw, err := fs.ReadFile(site.Files, name)
		require.NoError(t, err)
		for _, m := range labKey.FindAllStringSubmatch(string(raw), -1) {
			if strings.HasSuffix(m[1], ".") {
				continue
			}
			found++
			_, own := en[m[1]]
			_, shared := page[m[1]]
			assert.True(t, own || shared, "%s uses the unknown key %q", name, m[1])
		}
	}
	assert.Greater(t, found, 30, "the pattern should find the lab's keys")
}
