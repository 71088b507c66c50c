package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wsplay/wsplay/server/internal/wsclient"
	"github.com/wsplay/wsplay/server/rooms"
)

// teacherReads checks every student message as it arrives: the next in
// that student's order, and how long it took.
func (cl *class) teacherReads(c *wsclient.Conn) {
	cl.readAll(c, func(e rooms.Event) {
		switch e.Type {
		case "message":
			f := strings.Fields(e.Text) // "<student> <seq> <nanos>"
			if len(f) != 3 {
				cl.t.fail(fmt.Errorf("teacher got %q (%s)", e.Text, e.Error))
				return
			}
			i, _ := strconv.Atoi(f[0])
			cl.arrived(&cl.toTeacher, f[1], f[2], func(seq int) bool {
				if i < 0 || i >= len(cl.received) {
					return false
				}
				cl.received[i]++
				return cl.received[i] == seq
			})
		case "dropped", "error":
			cl.t.fail(fmt.Errorf("teacher: %s %s %s", e.Type, e.Why, e.Error))
		}
	})
}

// studentReads checks the broadcasts one student receives.
func (cl *class) studentReads(i int, c *wsclient.Conn) {
	got := 0
	cl.readAll(c, func(e rooms.Event) {
		switch e.Type {
		case "broadcast":
			f := strings.Fields(e.Text) // "<seq> <nanos>"
			if len(f) != 2 {
				cl.t.fail(fmt.Errorf("student %d got %q", i, e.Text))
				return
			}
			cl.arrived(&cl.toStudents, f[0], f[1], func(seq int) bool {
				got++
				cl.deliveries++
				return got == seq
			})
		case "notice", "error":
			cl.t.fail(fmt.Errorf("student %d: %s %s", i, e.Notice+e.Error, e.Why))
		}
	})
}

// readAll hands every message of c to take until c ends.
func (cl *class) readAll(c *wsclient.Conn, take func(rooms.Event)) {
	for {
		e, err := cl.readEvent(c)
		if err != nil {
			cl.ended(err)
			return
		}
		take(e)
	}
}

// arrived times one delivery and checks its order with inOrder (which
// runs under the lock).
func (cl *class) arrived(h *histogram, seqText, nanosText string, inOrder func(int) bool) {
	seq, _ := strconv.Atoi(seqText)
	nanos, _ := strconv.ParseInt(nanosText, 10, 64)
	d := time.Duration(time.Now().UnixNano() - nanos)
	cl.mu.Lock()
	defer cl.mu.Unlock()
	h.add(d)
	if !inOrder(seq) {
		cl.order++
	}
}

// readEvent reads the next message, within the longest quiet a run has
// (the settling after the load, then a timeout), so no reader outlives it.
func (cl *class) readEvent(c *wsclient.Conn) (rooms.Event, error) {
	var e rooms.Event
	_, b, err := c.ReadMessageBefore(time.Now().Add(cl.cfg.timeout + cl.cfg.interval + cl.cfg.settle))
	if err == nil {
		err = json.Unmarshal(b, &e)
	}
	return e, err
}

// ended records why a reader stopped; our own close is no failure.
func (cl *class) ended(err error) {
	var ce *wsclient.CloseError
	if errors.As(err, &ce) || strings.Contains(err.Error(), "closed") || errors.Is(err, context.Canceled) {
		return
	}
	cl.t.fail(fmt.Errorf("read: %w", err))
}

// awaitAll waits (within -timeout) until every message and broadcast sent
// has been received.
func (cl *class) awaitAll(ctx context.Context, students int) {
	for end := time.Now().Add(cl.cfg.timeout); time.Now().Before(end) && ctx.Err() == nil; sleep(ctx, 50*time.Millisecond) {
		cl.mu.Lock()
		got := 0
		for _, n := range cl.received {
			got += n
		}
		done := got >= cl.said && cl.deliveries >= cl.broadcasts*students
		cl.mu.Unlock()
		if done {
			return
		}
	}
}

// report prints what arrived against what was sent, and the latencies.
func (cl *class) report(r *report, students int) bool {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	got := 0
	for _, n := range cl.received {
		got += n
	}
	lostIn, lostOut := cl.said-got, cl.broadcasts*students-cl.deliveries
	msOf := func(d time.Duration) float64 { return float64(d) / 1e6 }
	r.line("students -> teacher: %d of %d messages, %d lost, %d out of order; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms",
		got, cl.said, lostIn, cl.order, msOf(cl.toTeacher.quantile(0.5)), msOf(cl.toTeacher.quantile(0.99)), msOf(cl.toTeacher.max))
	r.line("teacher -> students: %d broadcasts x %d students = %d of %d frames, %d lost; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms",
		cl.broadcasts, students, cl.deliveries, cl.broadcasts*students, lostOut,
		msOf(cl.toStudents.quantile(0.5)), msOf(cl.toStudents.quantile(0.99)), msOf(cl.toStudents.max))
	r.line("errors: %d", cl.t.errors.Load())
	for _, e := range cl.t.examples {
		r.line("  e.g. %s", e)
	}
	return lostIn == 0 && lostOut == 0 && cl.order == 0 && students == cl.cfg.conns && !cl.t.failed()
}
