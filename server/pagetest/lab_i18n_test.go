package pagetest

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wsplay/wsplay/server/lab"
)

// The lab (site/js/lab/) brings its texts in i18n/lab.<lang>.json, checked
// as the live section's are; and every experiment of the catalogue has its
// question.

var labKey = regexp.MustCompile(`"(lab\.[\w.-]+)"`)

func loadLabTranslation(t *testing.T, lang string) map[string]string {
	t.Helper()
	return loadSectionTranslation(t, "lab", lang)
}

func TestTranslationOfTheLab(t *testing.T) {
	t.Parallel()
	checkSectionTranslation(t, "lab", labKey, 30)
	en := loadLabTranslation(t, "en")
	for _, exp := range lab.NewCatalogue("localhost:8080", 1<<20, true).Experiments {
		assert.NotEmpty(t, en["lab.q."+exp.ID], "experiment %s has no question", exp.ID)
	}
}
