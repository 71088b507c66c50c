package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/wsclient"
	"github.com/wsplay/wsplay/server/rooms"
)

// runRoom is a class under load: -conns students each say one message
// every -interval while the teacher broadcasts one every -interval, for
// -duration. Every message must reach the teacher and every broadcast
// every student, none lost or reordered per sender; the delivery latency
// of both is reported, and the server's RSS per connected student against
// an idle echo connection (measured first, with the same count).
func runRoom(ctx context.Context, cfg config, tgt *target, r *report) bool {
	t := &tally{}
	r.line("room: %d students x 1 message per %s, the teacher broadcasting 1 per %s, for %s", cfg.conns, cfg.interval, cfg.interval, cfg.duration)
	echo := idleEchoCost(ctx, cfg, tgt, t, r)

	c, err := createRoom(ctx, tgt.addr)
	if err != nil {
		r.line("error: %v", err)
		return false
	}
	cl := &class{cfg: cfg, addr: tgt.addr, room: c, t: t, received: make([]int, cfg.conns)}
	teacher, err := cl.dial(ctx, "/ws?room="+c.Room+"&secret="+c.Secret)
	if err != nil {
		r.line("error: teacher: %v", err)
		return false
	}
	before := tgt.settle(ctx, cfg.settle, -1)
	students := cl.seat(ctx)
	during := tgt.settle(ctx, cfg.settle, -1)
	n := len(students)
	if n > 0 && before.rss >= 0 && during.rss >= 0 {
		per := float64(during.rss-before.rss) / 1024 / float64(n)
		r.line("RSS per connected student: %.2f KiB (%d students); an idle echo connection: %.2f KiB; difference %+.2f KiB", per, n, echo, per-echo)
	}

	var wg sync.WaitGroup
	wg.Go(func() { cl.teacherReads(teacher) })
	for i, s := range students {
		wg.Go(func() { cl.studentReads(i, s) })
	}
	cl.load(ctx, teacher, students)
	cl.awaitAll(ctx, n)
	if after := tgt.settle(ctx, cfg.settle, -1); n > 0 && before.rss >= 0 && after.rss >= 0 {
		r.line("RSS per student after the load, still connected: %.2f KiB", float64(after.rss-before.rss)/1024/float64(n))
	}
	// Each reader sees the server's answer to our close frame and stops
	// (Close would read too, beside the reader).
	bye := func(c *wsclient.Conn) {
		_ = c.WriteRaw(c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpClose}, protocol.AppendClose(nil, protocol.StatusNormalClosure, "")))
	}
	for _, s := range students {
		bye(s)
	}
	bye(teacher)
	wg.Wait()
	for _, c := range append(students, teacher) {
		_ = c.Abort()
	}
	return cl.report(r, n)
}

// class is the client side of one room under load.
type class struct {
	cfg  config
	addr string
	room rooms.Created
	t    *tally

	mu          sync.Mutex
	said        int   // messages the students sent
	received    []int // messages the teacher got, per student, in order
	broadcasts  int   // sent by the teacher
	deliveries  int   // broadcasts received by students, in order
	lost, order int
	toTeacher   histogram
	toStudents  histogram
}

func createRoom(ctx context.Context, addr string) (rooms.Created, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/rooms", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return rooms.Created{}, fmt.Errorf("POST /rooms: %w", err)
	}
	defer res.Body.Close()
	var c struct{ Room, Secret, Why string }
	if err := json.NewDecoder(res.Body).Decode(&c); err != nil || res.StatusCode != http.StatusCreated {
		return rooms.Created{}, fmt.Errorf("POST /rooms: %d %s %v", res.StatusCode, c.Why, err)
	}
	return rooms.Created{Room: c.Room, Secret: c.Secret}, nil
}

// dial opens one room connection and reads its welcome.
func (cl *class) dial(ctx context.Context, path string) (*wsclient.Conn, error) {
	c, err := wsclient.Dial(ctx, wsclient.Options{Addr: cl.addr, Path: path, Timeout: cl.cfg.timeout})
	if err != nil {
		return nil, err
	}
	if _, b, err := c.ReadMessage(); err != nil || !strings.Contains(string(b), `"welcome"`) {
		_ = c.Abort()
		return nil, fmt.Errorf("no welcome: %v %s", err, b)
	}
	return c, nil
}

// seat joins the students, dialsAtOnce at a time, all from this one
// address: a class behind one NAT.
func (cl *class) seat(ctx context.Context) []*wsclient.Conn {
	out := make([]*wsclient.Conn, cl.cfg.conns)
	sem := make(chan struct{}, dialsAtOnce)
	var wg sync.WaitGroup
	for i := range out {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			c, err := cl.dial(ctx, "/ws?room="+cl.room.Room+"&name=s"+strconv.Itoa(i))
			if err != nil {
				cl.t.fail(fmt.Errorf("student %d: %w", i, err))
				return
			}
			out[i] = c
		})
	}
	wg.Wait()
	seated := out[:0]
	for _, c := range out {
		if c != nil {
			seated = append(seated, c)
		}
	}
	return seated
}

// load sends for -duration (bounded by -count messages in all): each
// student at its own phase within the interval, the teacher at the start
// of each.
func (cl *class) load(ctx context.Context, teacher *wsclient.Conn, students []*wsclient.Conn) {
	lctx, cancel := context.WithTimeout(ctx, cl.cfg.duration)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() {
		cl.every(lctx, 0, func(seq int) error {
			cl.mu.Lock()
			cl.broadcasts = seq
			cl.mu.Unlock()
			return teacher.WriteMessage(protocol.OpText, rooms.Command("broadcast", stamp(seq), 0, false), 0)
		})
	})
	for i, s := range students {
		phase := time.Duration(int64(cl.cfg.interval) * int64(i) / int64(len(students)))
		wg.Go(func() {
			cl.every(lctx, phase, func(seq int) error {
				cl.mu.Lock()
				if cl.said >= cl.cfg.count {
					cl.mu.Unlock()
					return context.Canceled
				}
				cl.said++
				cl.mu.Unlock()
				return s.WriteMessage(protocol.OpText, rooms.Say(strconv.Itoa(i)+" "+stamp(seq)), 0)
			})
		})
	}
	wg.Wait()
}

// every runs send(1), send(2)… once per interval after phase, until ctx ends.
func (cl *class) every(ctx context.Context, phase time.Duration, send func(int) error) {
	sleep(ctx, phase)
	tick := time.NewTicker(cl.cfg.interval)
	defer tick.Stop()
	for seq := 1; ctx.Err() == nil; seq++ {
		if err := send(seq); err != nil {
			if err != context.Canceled {
				cl.t.fail(fmt.Errorf("send: %w", err))
			}
			return
		}
		select {
		case <-ctx.Done():
		case <-tick.C:
		}
	}
}

// stamp is "<seq> <unix nanoseconds>", for order and latency.
func stamp(seq int) string {
	return strconv.Itoa(seq) + " " + strconv.FormatInt(time.Now().UnixNano(), 10)
}

// idleEchoCost is the RSS per idle echo connection (/ws) of a server of
// its own (a second -spawn of the same command, stopped afterwards: memory
// a process once held stays in its RSS, so the room must not run where the
// echo ran), -conns of them, opened from several loopback addresses so
// that the per-address cap (256 by default) does not stop them. Without
// -spawn there is no second server, and no comparison.
func idleEchoCost(ctx context.Context, cfg config, _ *target, t *tally, r *report) float64 {
	if cfg.spawn == "" {
		r.line("idle echo connections: not measured (the comparison needs -spawn)")
		return 0
	}
	tgt, err := openTarget(ctx, cfg)
	if err != nil {
		t.fail(fmt.Errorf("the echo server: %w", err))
		return 0
	}
	defer func() { _ = tgt.close() }()
	before := tgt.settle(ctx, cfg.settle, -1)
	conns := make([]*wsclient.Conn, cfg.conns)
	sem := make(chan struct{}, dialsAtOnce)
	var wg sync.WaitGroup
	for i := range conns {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			c, err := wsclient.Dial(ctx, wsclient.Options{Addr: tgt.addr, Path: "/ws", Timeout: cfg.timeout, LocalIP: "127.0.0." + strconv.Itoa(2+i%8)})
			if err != nil {
				t.fail(fmt.Errorf("idle echo %d: %w", i, err))
				return
			}
			conns[i] = c
		})
	}
	wg.Wait()
	during := tgt.settle(ctx, cfg.settle, -1)
	n := 0
	for _, c := range conns {
		if c != nil {
			n++
			_, _ = c.Close(protocol.StatusNormalClosure, "")
		}
	}
	if n == 0 || before.rss < 0 || during.rss < 0 {
		return 0
	}
	per := float64(during.rss-before.rss) / 1024 / float64(n)
	r.line("idle echo connections: %d, RSS per connection %.2f KiB", n, per)
	return per
}
