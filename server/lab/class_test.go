package lab_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wsplay/wsplay/server"
)

// A class of 40 behind one school NAT address, every student starting an
// experiment at the same moment: the default limits let all of them run.
func TestAClassBehindOneAddressFitsTheDefaults(t *testing.T) {
	t.Parallel()
	_, base := startLab(t, server.Config{})
	const students = 40
	var wg sync.WaitGroup
	answers, errs := make([]answer, students), make([]error, students)
	for i := range students {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i], errs[i] = fetch(base, map[string]any{"bytes": masked(text, []byte("my experiment"))})
		}()
	}
	wg.Wait()
	for i, a := range answers {
		if !assert.NoError(t, errs[i], "student %d", i) {
			continue
		}
		frames := a.ofType("frame")
		if assert.Len(t, frames, 1, "student %d", i) {
			assert.Equal(t, "my experiment", frames[0].Text)
		}
	}
}
