package server

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

// The echo benchmark: one raw client, built on the core, drives each server
// in turn (wsplay, gorilla/websocket, gobwas/ws, and wsplay with a tap
// subscriber on every connection), each running in a process of its own.
//
//	go test -run '^$' -bench Echo -benchtime 100000x ./server/
//
// Metrics: msgs/s and p99 round trip (µs), MB/s of payload for big
// messages, and the server process's CPU time per message (cpu-µs/msg,
// from /proc/<pid>/task/*/schedstat, in nanoseconds).

// echoLoad is one benchmark shape.
type echoLoad struct {
	name  string
	size  int
	conns int
	op    protocol.Opcode
	rate  int // messages per second over all connections; 0 = as fast as they come back
}

var echoLoads = []echoLoad{
	{"32B", 32, 50, protocol.OpText, 0},
	{"64KiB", 64 << 10, 4, protocol.OpBinary, 0},
	// The same small messages at a fixed rate: every server does the same
	// work per second, so CPU per message compares like for like.
	{"32B@20k", 32, 50, protocol.OpText, 20_000},
}

// echoServers are the servers compared; "wsplay+tap" is wsplay with a tap
// subscriber reading every connection's events.
var echoServers = []string{"wsplay", "gorilla", "gobwas", "wsplay+tap"}

func BenchmarkEcho(b *testing.B) {
	for _, load := range echoLoads {
		for _, server := range echoServers {
			b.Run(load.name+"/"+server, func(b *testing.B) {
				r := runEcho(b, server, load, b.N)
				r.report(b)
			})
		}
	}
}

// The same with permessage-deflate agreed on Chrome's offer, wsplay with
// -deflate against gorilla's EnableCompression (no context takeover), in
// one run:
//
//	go test -run '^$' -bench EchoDeflate -benchtime 20000x ./server/
//
// The client sends one prebuilt compressed frame and inflates each echo, so
// the server inflates, compresses and the CPU figure is the server's.
var deflateLoads = []echoLoad{
	{"32B", 32, 50, protocol.OpText, 0},
	{"64KiB-text", 64 << 10, 4, protocol.OpText, 0},
	{"32B@20k", 32, 50, protocol.OpText, 20_000},
}

func BenchmarkEchoDeflate(b *testing.B) {
	for _, load := range deflateLoads {
		for _, server := range []string{"wsplay-deflate", "gorilla-deflate"} {
			b.Run(load.name+"/"+server, func(b *testing.B) {
				r := runEcho(b, server, load, b.N)
				r.report(b)
			})
		}
	}
}

// echoResult is what one run measured.
type echoResult struct {
	load     echoLoad
	server   string
	messages int
	elapsed  time.Duration
	cpu      time.Duration // the server process's, user + system
	p50, p99 time.Duration
}

func (r echoResult) msgsPerSec() float64 { return float64(r.messages) / r.elapsed.Seconds() }
func (r echoResult) mbPerSec() float64 {
	return float64(r.messages) * float64(r.load.size) / r.elapsed.Seconds() / 1e6
}
func (r echoResult) cpuPerMsg() time.Duration { return r.cpu / time.Duration(max(r.messages, 1)) }

func (r echoResult) report(b *testing.B) {
	b.ReportMetric(r.msgsPerSec(), "msgs/s")
	b.ReportMetric(float64(r.p99.Microseconds()), "p99-µs")
	if r.load.size >= 1<<10 {
		b.ReportMetric(r.mbPerSec(), "MB/s")
	}
	b.ReportMetric(float64(r.cpu.Nanoseconds())/1e3/float64(max(r.messages, 1)), "cpu-µs/msg")
	b.ReportMetric(0, "ns/op") // the wall time per op hides the concurrency; msgs/s says it
}

// runEcho sends messages round trips spread over load.conns connections
// to server and measures them.
func runEcho(tb testing.TB, server string, load echoLoad, messages int) echoResult {
	tb.Helper()
	kind, tapped := server, false
	if server == "wsplay+tap" {
		kind, tapped = "wsplay", true
	}
	p := startPeer(tb, kind)
	if b, ok := tb.(*testing.B); ok {
		b.StopTimer()
		defer b.StartTimer()
	}
	payload := bytes.Repeat([]byte("wsplay!\n"), load.size/8+1)[:load.size]
	conns := make([]*benchConn, load.conns)
	for i := range conns {
		target := "/ws"
		if tapped {
			id := testutil.NewTapID()
			defer watchTap(tb, p.addr, id)()
			target += "?tap=" + id
		}
		offer := ""
		if strings.HasSuffix(server, "-deflate") {
			offer = chromeOffer
		}
		conns[i] = benchDial(tb, p.addr, target, offer, load.op, payload)
	}
	defer func() {
		for _, c := range conns {
			c.close()
		}
	}()

	per := make([]int, load.conns)
	for i := range messages {
		per[i%load.conns]++
	}
	lat := make([][]time.Duration, load.conns)
	errs := make([]error, load.conns)
	var wg sync.WaitGroup
	cpu0 := p.cpuTime()
	start := time.Now()
	if b, ok := tb.(*testing.B); ok {
		b.StartTimer()
	}
	var every time.Duration // between one connection's messages when paced
	if load.rate > 0 {
		every = time.Duration(load.conns) * time.Second / time.Duration(load.rate)
	}
	for i, c := range conns {
		wg.Go(func() { lat[i], errs[i] = c.run(per[i], every) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	if b, ok := tb.(*testing.B); ok {
		b.StopTimer()
	}
	cpu := p.cpuTime() - cpu0
	if err := errors.Join(errs...); err != nil {
		tb.Fatal(err)
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	r := echoResult{load: load, server: server, messages: messages, elapsed: elapsed, cpu: cpu}
	if len(all) > 0 {
		r.p50, r.p99 = all[len(all)/2], all[len(all)*99/100]
	}
	return r
}

// watchTap subscribes to id's events and reads them as fast as they come,
// as a page would, until the returned func stops it.
func watchTap(tb testing.TB, addr, id string) (stop func()) {
	tb.Helper()
	res, err := http.Get("http://" + addr + "/tap?tap=" + id)
	if err != nil {
		tb.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("tap: %s", res.Status)
	}
	br := bufio.NewReaderSize(res.Body, 64<<10)
	if _, err := br.ReadSlice('\n'); err != nil { // the hello event has arrived: subscribed
		tb.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, br)
		close(done)
	}()
	return func() {
		res.Body.Close()
		<-done
	}
}

// benchConn is the test client with one prebuilt masked frame, written
// again and again, so that the client spends its time on the wire.
type benchConn struct {
	*wsclient.Conn
	frame   []byte
	payload []byte
}

// With offer set, permessage-deflate is offered and must be agreed; the
// frame is then the payload compressed with no context, which is valid
// whatever takeover was agreed.
func benchDial(tb testing.TB, addr, target, offer string, op protocol.Opcode, payload []byte) *benchConn {
	tb.Helper()
	c, err := wsclient.Dial(context.Background(), wsclient.Options{Addr: addr, Path: target, Timeout: testutil.IOTimeout, Deflate: offer})
	if err != nil {
		tb.Fatalf("handshake: %v", err)
	}
	if offer == "" {
		return &benchConn{Conn: c, frame: c.Frame(protocol.Header{Fin: true, Opcode: op}, payload), payload: payload}
	}
	if _, ok := c.Deflate(); !ok {
		tb.Fatalf("the server declined %q", offer)
	}
	compressed := deflate.NewCompressor(deflate.CompressorOptions{NoContextTakeover: true}).Compress(nil, payload)
	frame := c.Frame(protocol.Header{Fin: true, Rsv1: true, Opcode: op}, compressed)
	return &benchConn{Conn: c, frame: frame, payload: payload}
}

// run does n round trips and returns each one's duration. With every > 0
// the round trips start on a schedule, one per interval.
func (c *benchConn) run(n int, every time.Duration) ([]time.Duration, error) {
	lat := make([]time.Duration, 0, n)
	deadline := time.Now().Add(5 * time.Minute) // a hang guard for the whole run
	next := time.Now()
	for range n {
		if every > 0 {
			time.Sleep(time.Until(next))
			next = next.Add(every)
		}
		start := time.Now()
		if err := c.WriteRaw(c.frame); err != nil {
			return lat, err
		}
		_, got, err := c.ReadMessageBefore(deadline) // answers the server's pings on the way
		if err != nil {
			return lat, err
		}
		if !bytes.Equal(got, c.payload) {
			return lat, fmt.Errorf("echo differs: %d bytes back for %d", len(got), len(c.payload))
		}
		lat = append(lat, time.Since(start))
	}
	return lat, nil
}

func (c *benchConn) close() { _, _ = c.Close(protocol.StatusNormalClosure, "") }
