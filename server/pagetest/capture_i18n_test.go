package pagetest

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol/capture"
	"github.com/wsplay/wsplay/site"
)

// The captures section brings its texts in i18n/capture.<lang>.json: both
// languages have the same keys and placeholders, every key its modules
// name exists, and every fault of the reader and kind of connection has its
// sentence.

var captureKey = regexp.MustCompile(`"(capture\.[\w.-]+)"`)

func TestTranslationOfTheCapturesSection(t *testing.T) {
	t.Parallel()
	en, zh := loadSectionTranslation(t, "capture", "en"), loadSectionTranslation(t, "capture", "zh-CN")
	assert.Equal(t, sortedKeys(en), sortedKeys(zh), "capture.en.json and capture.zh-CN.json must have the same ui keys")
	for key, text := range en {
		assert.True(t, strings.HasPrefix(key, "capture."), "%s: the section's keys start with capture.", key)
		assert.NotEmpty(t, strings.TrimSpace(zh[key]), "zh-CN %s", key)
		assert.Equal(t, placeholders(text), placeholders(zh[key]), "ui %q: placeholders differ", key)
	}
	for _, f := range capture.Faults() {
		assert.Contains(t, en, "capture.fault."+f.ID, "the fault %s has no sentence", f.ID)
	}
	for k := capture.KindWebSocket; k.String() != "unknown"; k++ {
		assert.Contains(t, en, "capture.kind."+k.String())
		if k.Skipped() {
			assert.Contains(t, en, "capture.why."+k.String(), "why %s was skipped", k)
		}
	}
	for _, i := range []capture.Inflation{capture.InflateFailed, capture.InflateAfterBad, capture.InflateOverLimit} {
		assert.Contains(t, en, "capture.inflation."+i.String())
	}

	modules, err := fs.Glob(site.Files, "js/capture/*.js")
	require.NoError(t, err)
	modules = append(modules, "js/live/save.js", "index.html")
	found := 0
	for _, name := range modules {
		raw, err := fs.ReadFile(site.Files, name)
		require.NoError(t, err)
		for _, m := range captureKey.FindAllStringSubmatch(string(raw), -1) {
			if key := m[1]; !strings.HasSuffix(key, ".") {
				found++
				assert.Contains(t, en, key, "%s uses the unknown key %q", name, key)
			}
		}
	}
	assert.Greater(t, found, 50, "the pattern should find the section's keys")
}
