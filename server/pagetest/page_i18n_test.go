package pagetest

import (
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/site"
)

// The page's translations, checked without a browser: every note the core
// can emit has Chinese text, both languages have the same page texts, and
// every key the page uses exists.

var placeholder = regexp.MustCompile(`\{\d+\}`)

func placeholders(s string) []string {
	found := placeholder.FindAllString(s, -1)
	sort.Strings(found)
	return slicesCompact(found)
}

func slicesCompact(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func TestTranslationCoversEveryNote(t *testing.T) {
	t.Parallel()
	zh := loadTranslation(t, "zh-CN")
	for _, id := range protocol.NoteIDs() {
		text, ok := zh.Notes[id]
		if !assert.True(t, ok, "zh-CN.json has no note %q", id) {
			continue
		}
		assert.NotEmpty(t, strings.TrimSpace(text), id)
		english, _ := protocol.EnglishTemplate(id)
		assert.Equal(t, placeholders(english), placeholders(text), "note %q uses other placeholders than the core's template", id)
	}
	ids := map[string]bool{}
	for _, id := range protocol.NoteIDs() {
		ids[id] = true
	}
	for id := range zh.Notes {
		assert.True(t, ids[id], "zh-CN.json has a note %q the core never emits", id)
	}
}

func TestTranslationsHaveTheSameKeys(t *testing.T) {
	t.Parallel()
	en, zh := loadTranslation(t, "en"), loadTranslation(t, "zh-CN")
	require.NotEmpty(t, en.UI)
	assert.Equal(t, sortedKeys(en.UI), sortedKeys(zh.UI), "en.json and zh-CN.json must have the same ui keys")
	assert.Empty(t, en.Notes, "English notes come from the core, not from en.json")
	for key, text := range en.UI {
		assert.NotEmpty(t, strings.TrimSpace(text), "en %s", key)
		if other, ok := zh.UI[key]; ok {
			assert.NotEmpty(t, strings.TrimSpace(other), "zh-CN %s", key)
			assert.Equal(t, placeholders(text), placeholders(other), "ui %q: placeholders differ", key)
		}
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// keyPatterns find the translation keys the page's HTML and JS name
// literally (keys built by concatenation end in "." and are skipped).
var keyPatterns = []*regexp.Regexp{
	regexp.MustCompile(`data-i18n(?:-md)?="([^"]+)"`),
	regexp.MustCompile(`"data-i18n(?:-md)?": "([^"]+)"`),
	regexp.MustCompile(`data-i18n-attr="[\w-]+:([^";]+)"`),
	regexp.MustCompile(`"data-i18n-attr": "[\w-]+:([^";]+)"`),
	regexp.MustCompile(`\bt\("([^"]+)"`),
	regexp.MustCompile(`\btx\("([^"]+)"`),
	regexp.MustCompile(`\blabelled\("([^"]+)"`),
	regexp.MustCompile(`\blabelled\("[^"]+", \w+, "([^"]+)"\)`),
	regexp.MustCompile(`\b(?:button|checkbox)\("[^"]+", "([^"]+)"`),
	regexp.MustCompile(`\bradios\("[^"]+", "([^"]+)"`),
	regexp.MustCompile(`\bkey: "([^"]+)"`),
	regexp.MustCompile(`\["[^"]*", "([a-z]+\.[\w.-]+)"\]`),
	regexp.MustCompile(`label: \(\) => t\("([^"]+)"`),
}

func TestPageUsesOnlyKnownKeys(t *testing.T) {
	t.Parallel()
	en := loadTranslation(t, "en")
	found := 0
	err := fs.WalkDir(site.Files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		// The live section, the lab and the captures bring their own keys
		// (live_i18n_test.go, lab_i18n_test.go and capture_i18n_test.go check them).
		if !(strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".js")) || strings.HasPrefix(name, "wasm/") ||
			strings.HasPrefix(name, "js/live/") || strings.HasPrefix(name, "js/lab/") || strings.HasPrefix(name, "js/capture/") {
			return nil
		}
		if strings.HasPrefix(name, "js/room/") || name == "room.html" {
			return nil // the room page's own keys: room_i18n_test.go checks them
		}
		raw, err := fs.ReadFile(site.Files, name)
		require.NoError(t, err)
		for _, re := range keyPatterns {
			for _, m := range re.FindAllStringSubmatch(string(raw), -1) {
				key := m[1]
				if strings.HasSuffix(key, ".") || strings.HasPrefix(key, "capture.") || !strings.Contains(key, ".") && key != "intro" && key != "footer" && key != "tagline" && key != "skip" {
					continue
				}
				found++
				_, ok := en.UI[key]
				assert.True(t, ok, "%s uses the unknown key %q", name, key)
			}
		}
		return nil
	})
	require.NoError(t, err)
	assert.Greater(t, found, 100, "the key patterns should find the page's keys")
}

// sectionsOf lists the ids of <section data-section> in an HTML file.
func sectionsOf(t *testing.T, name string) []string {
	raw, err := fs.ReadFile(site.Files, name)
	require.NoError(t, err)
	var ids []string
	for _, m := range regexp.MustCompile(`<section id="([^"]+)" data-section`).FindAllStringSubmatch(string(raw), -1) {
		ids = append(ids, m[1])
	}
	return ids
}

func TestEmbedHasEverySection(t *testing.T) {
	t.Parallel()
	page := sectionsOf(t, "index.html")
	assert.Equal(t, sectionIDs, page, "index.html lists the sections in tutorial order")
	assert.Equal(t, page, sectionsOf(t, "embed.html"), "embed.html offers the same sections as index.html")
}
