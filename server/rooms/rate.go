package rooms

import "time"

// bucket is a token bucket: burst messages at once, then perSecond.
type bucket struct {
	tokens float64
	last   time.Time
}

// take spends one token if there is one, after refilling for the time
// since the last call.
func (b *bucket) take(now time.Time, perSecond float64, burst float64) bool {
	if b.last.IsZero() {
		b.tokens = burst
	} else {
		b.tokens = min(burst, b.tokens+now.Sub(b.last).Seconds()*perSecond)
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
