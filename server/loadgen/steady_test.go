package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// fakeClock moves only when waitSteady sleeps, so the test counts reads
// and reads time exactly, whatever the machine's speed.
func fakeClock() clock {
	now := time.Unix(1_700_000_000, 0)
	return clock{
		now:   func() time.Time { return now },
		sleep: func(_ context.Context, d time.Duration) { now = now.Add(d) },
	}
}

// reader returns the next of rss on each call (the last one from then on)
// and counts the calls.
func reader(rss ...int64) (read func() figures, calls *int) {
	n := new(int)
	return func() figures {
		f := figures{rss: rss[min(*n, len(rss)-1)], goroutines: 7}
		*n++
		return f
	}, n
}

// waitSteady follows RSS down while it falls and stops once it has been
// flat for the quiet reads, or at the limit when it keeps falling.
func TestWaitSteadyFollowsRSSDown(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const step, quiet, tolerance = time.Second, 5, 10

	// Falls for four reads (the 601 is within tolerance), then stays flat.
	read, calls := reader(900, 800, 700, 600, 600, 601, 600, 600, 600, 600, 600)
	f, waited := waitSteady(ctx, fakeClock(), figures{rss: 1000, goroutines: 7}, read, step, quiet, time.Minute, tolerance)
	assert.Equal(t, int64(600), f.rss, "the figure once RSS stopped falling")
	assert.Equal(t, 4+quiet, *calls, "it read five more times after the last fall, and no more")
	assert.Equal(t, time.Duration(4+quiet)*step, waited, "one step before each read")

	// A leak that keeps growing is read as it is: waiting does not hide it.
	read, calls = reader(1100, 1200, 1300, 1400, 1500, 1600)
	f, _ = waitSteady(ctx, fakeClock(), figures{rss: 1000}, read, step, quiet, time.Minute, tolerance)
	assert.Equal(t, quiet, *calls, "growth is not a fall: quiet reads at once")
	assert.Equal(t, int64(1500), f.rss)

	// Memory that falls forever is cut off at the limit.
	m := int64(1 << 40)
	reads := 0
	endless := func() figures { m -= 1000; reads++; return figures{rss: m} }
	_, waited = waitSteady(ctx, fakeClock(), figures{rss: m}, endless, step, quiet, 30*time.Second, tolerance)
	assert.Equal(t, 30*time.Second, waited, "it stops at the limit")
	assert.Equal(t, 30, reads, "one read per step up to the limit")

	// An ended context stops the wait before any read.
	done, cancel := context.WithCancel(ctx)
	cancel()
	read, calls = reader(1)
	_, waited = waitSteady(done, fakeClock(), figures{rss: 5}, read, step, quiet, time.Minute, tolerance)
	assert.Zero(t, *calls)
	assert.Zero(t, waited)
}
