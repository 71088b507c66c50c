package main

import (
	"bytes"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wsplay/wsplay/protocol"
)

// tally is what a run counted. Workers update the counters as they go (so
// progress can be printed) and merge their latency histograms at the end.
type tally struct {
	attempts   atomic.Int64 // connections tried
	opened     atomic.Int64 // handshakes that succeeded
	open       atomic.Int64 // connections open right now
	closed     atomic.Int64 // close handshakes that ended with the code we sent echoed
	messages   atomic.Int64 // echoes received and compared
	bytes      atomic.Int64 // payload bytes echoed (counted once per message)
	mismatches atomic.Int64 // echoes that differed from what was sent
	errors     atomic.Int64

	mu       sync.Mutex
	rtt      histogram
	examples []string // the first few distinct problems, for the report
}

const maxExamples = 5

// problem counts an error and keeps its text when it is new.
func (t *tally) problem(counter *atomic.Int64, format string, args ...any) {
	counter.Add(1)
	msg := fmt.Sprintf(format, args...)
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.examples) >= maxExamples {
		return
	}
	for _, e := range t.examples {
		if e == msg {
			return
		}
	}
	t.examples = append(t.examples, msg)
}

func (t *tally) fail(err error) { t.problem(&t.errors, "%v", err) }

// verify compares an echo with what was sent, byte for byte.
func (t *tally) verify(sentOp protocol.Opcode, sent []byte, gotOp protocol.Opcode, got []byte) {
	t.messages.Add(1)
	t.bytes.Add(int64(len(sent)))
	switch {
	case gotOp != sentOp:
		t.problem(&t.mismatches, "mismatch: sent a %s message, the echo is %s", sentOp, gotOp)
	case len(got) != len(sent):
		t.problem(&t.mismatches, "mismatch: sent %d bytes, the echo has %d", len(sent), len(got))
	case !bytes.Equal(got, sent):
		i := 0
		for got[i] == sent[i] {
			i++
		}
		t.problem(&t.mismatches, "mismatch: echo differs at byte %d of %d (sent 0x%02x, got 0x%02x)", i, len(sent), sent[i], got[i])
	}
}

func (t *tally) mergeRTT(h *histogram) {
	t.mu.Lock()
	t.rtt.merge(h)
	t.mu.Unlock()
}

// failed reports whether the run must exit non-zero.
func (t *tally) failed() bool { return t.errors.Load() > 0 || t.mismatches.Load() > 0 }

func (t *tally) printCounts(w *report) {
	w.line("connections: %d tried, %d opened, %d closed with the close code echoed", t.attempts.Load(), t.opened.Load(), t.closed.Load())
	w.line("echoes: %d verified byte for byte, %d mismatches, %d errors", t.messages.Load(), t.mismatches.Load(), t.errors.Load())
	for _, e := range t.examples {
		w.line("  e.g. %s", e)
	}
}

func (t *tally) printRates(w *report, elapsed time.Duration) {
	secs := elapsed.Seconds()
	w.line("throughput: %.0f msgs/s, %.2f MB/s of payload echoed (%.1f s)", float64(t.messages.Load())/secs, float64(t.bytes.Load())/secs/1e6, secs)
	w.line("round trip: p50 %s, p99 %s, max %s", ms(t.rtt.quantile(0.50)), ms(t.rtt.quantile(0.99)), ms(t.rtt.max))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3f ms", float64(d)/1e6) }
