package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// waitSteady follows RSS down while it falls and stops once it has been
// flat for the quiet time, or at the limit when it keeps falling.
func TestWaitSteadyFollowsRSSDown(t *testing.T) {
	ctx := context.Background()
	const step, quiet = time.Millisecond, 5

	falling := []int64{900, 800, 700, 600, 600, 601, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600}
	i := 0
	read := func() figures {
		f := figures{rss: falling[min(i, len(falling)-1)], goroutines: 7}
		i++
		return f
	}
	f, waited := waitSteady(ctx, figures{rss: 1000, goroutines: 7}, read, step, quiet, time.Minute, 10)
	assert.Equal(t, int64(600), f.rss, "the figure once RSS stopped falling")
	assert.Less(t, waited, 10*time.Second)
	assert.Equal(t, 4+5, i, "it read five more times after the last fall, and no more")

	// A leak that keeps growing is read as it is: waiting does not hide it.
	n := int64(1000)
	growing := func() figures { n += 100; return figures{rss: n} }
	f, _ = waitSteady(ctx, figures{rss: 1000}, growing, step, quiet, time.Minute, 10)
	assert.Greater(t, f.rss, int64(1000))

	// Memory that falls forever is cut off at the limit.
	m := int64(1 << 40)
	endless := func() figures { m -= 1000; return figures{rss: m} }
	start := time.Now()
	_, waited = waitSteady(ctx, figures{rss: m}, endless, step, quiet, 50*time.Millisecond, 10)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.GreaterOrEqual(t, waited, 50*time.Millisecond)
}
