package pagetest

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/site"
)

// uiTexts is the "ui" table of one of the site's i18n files.
func uiTexts(t *testing.T, file string) map[string]string {
	b, err := fs.ReadFile(site.Files, "i18n/"+file)
	require.NoError(t, err)
	var f struct{ UI map[string]string }
	require.NoError(t, json.Unmarshal(b, &f))
	return f.UI
}

// The room page's two languages have the same keys with the same
// placeholders, and every key the room's modules name exists.
func TestRoomTranslations(t *testing.T) {
	t.Parallel()
	en, zh := uiTexts(t, "room.en.json"), uiTexts(t, "room.zh-CN.json")
	placeholders := regexp.MustCompile(`\{\d+\}`)
	for k, v := range en {
		z, ok := zh[k]
		if !assert.True(t, ok, "zh-CN lacks %s", k) {
			continue
		}
		a, b := placeholders.FindAllString(v, -1), placeholders.FindAllString(z, -1)
		sort.Strings(a)
		sort.Strings(b)
		assert.Equal(t, a, b, "placeholders of %s", k)
	}
	for k := range zh {
		assert.Contains(t, en, k, "en lacks %s", k)
	}

	used := regexp.MustCompile(`"(room\.[A-Za-z0-9.-]+)"(\s*\+)?`) // a key followed by + is a prefix
	borrowed := regexp.MustCompile(`\bt\("(live\.[A-Za-z0-9.]+)"`)
	live := uiTexts(t, "live.en.json")
	entries, err := fs.ReadDir(site.Files, "js/room")
	require.NoError(t, err)
	for _, e := range entries {
		src, err := fs.ReadFile(site.Files, "js/room/"+e.Name())
		require.NoError(t, err)
		for _, m := range used.FindAllStringSubmatch(string(src), -1) {
			if m[2] != "" || strings.HasSuffix(m[1], ".") {
				continue
			}
			_, ok := en[m[1]]
			assert.True(t, ok, "%s names %s, which room.en.json lacks", e.Name(), m[1])
		}
		// The live timeline's words the room's rows borrow.
		for _, m := range borrowed.FindAllStringSubmatch(string(src), -1) {
			_, ok := live[m[1]]
			assert.True(t, ok, "%s names %s, which live.en.json lacks", e.Name(), m[1])
		}
	}
}
