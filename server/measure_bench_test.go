package server

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wsplay/wsplay/protocol"
)

// TestMeasureBench is the server half of make bench: the echo loads and
// the idle memory of every server, side by side in one interleaved run,
// each figure the median of WSPLAY_ROUNDS rounds (default 3) and divided
// by the floor's (the hand-written minimal echo, internal/floorpeer). The
// servers' order rotates from round to round, so a change in the shared
// machine's load hits all of them alike.
//
//	WSPLAY_MEASURE=1 go test -run '^TestMeasureBench$' -v ./server/
//
// Idle memory is the server process's RSS growth over WSPLAY_IDLE_CONNS
// (default 1000 and 5000) idle connections divided by their number, on a
// fresh process after 100 warm-up connections, with no forced collection:
// the figure counts what the server holds, garbage included.
func TestMeasureBench(t *testing.T) {
	needMeasure(t)
	rounds := envInt("WSPLAY_ROUNDS", 3)
	idle := idleCounts()
	loads := benchLoads()
	figs := map[string]map[string][]float64{} // server → column → one value per round
	for _, s := range benchServers {
		figs[s] = map[string][]float64{}
	}
	for round := range rounds {
		order := rotated(benchServers, round)
		for _, load := range loads {
			for _, s := range order {
				r := runEcho(t, s, load.echoLoad, load.messages)
				figs[s][load.name+" msg/s"] = append(figs[s][load.name+" msg/s"], r.msgsPerSec())
				figs[s][load.name+" MB/s"] = append(figs[s][load.name+" MB/s"], r.mbPerSec())
				figs[s][load.name+" cpu"] = append(figs[s][load.name+" cpu"], float64(r.cpuPerMsg().Nanoseconds())/1e3)
			}
		}
		for _, n := range idle {
			for _, s := range order {
				col := fmt.Sprintf("idle %d", n)
				figs[s][col] = append(figs[s][col], idlePerConn(t, s, n))
			}
		}
		t.Logf("round %d of %d done", round+1, rounds)
	}
	fmt.Print("\n" + benchTable(figs, rounds, idle) + "\n")
}

// benchServers are the servers compared; the first is the floor.
var benchServers = []string{"floor", "gorilla", "gobwas", "wsplay"}

// benchLoad is an echo load and how many messages one run sends.
type benchLoad struct {
	echoLoad
	messages int
}

func benchLoads() []benchLoad {
	return []benchLoad{
		{echoLoad{"32B", 32, 50, protocol.OpText, 0}, envInt("WSPLAY_SMALL_MESSAGES", 100_000)},
		// At a fixed rate every server does the same work per second, so
		// CPU per message compares like for like.
		{echoLoad{"32B@20k", 32, 50, protocol.OpText, 20_000}, envInt("WSPLAY_PACED_MESSAGES", 40_000)},
		{echoLoad{"64KiB", 64 << 10, 4, protocol.OpBinary, 0}, envInt("WSPLAY_BIG_MESSAGES", 10_000)},
		{echoLoad{"1MiB", 1 << 20, 2, protocol.OpBinary, 0}, envInt("WSPLAY_HUGE_MESSAGES", 1_000)},
	}
}

// idleCounts reads WSPLAY_IDLE_CONNS, numbers separated by spaces or commas.
func idleCounts() []int {
	spec := os.Getenv("WSPLAY_IDLE_CONNS")
	if spec == "" {
		spec = "1000 5000"
	}
	var counts []int
	for _, f := range strings.FieldsFunc(spec, func(r rune) bool { return r == ' ' || r == ',' }) {
		if n, err := strconv.Atoi(f); err == nil && n > 0 {
			counts = append(counts, n)
		}
	}
	return counts
}

// rotated is servers turned round by round places.
func rotated(servers []string, round int) []string {
	k := round % len(servers)
	return append(slices.Clone(servers[k:]), servers[:k]...)
}

// idlePerConn opens n idle connections on a fresh server process of kind
// and returns its RSS growth per connection in KiB, garbage included.
func idlePerConn(t *testing.T, kind string, n int) float64 {
	p := spawnPeer(t, kind)
	defer p.stop()
	open(t, p, 100) // one-time costs (pools, the first stacks) do not count
	time.Sleep(time.Second)
	base := p.rss()
	conns := open(t, p, n)
	time.Sleep(time.Second)
	grown := p.rss() - base
	for _, c := range conns {
		_ = c.Abort()
	}
	return float64(grown) / float64(n) / 1024
}

// benchTable prints the medians with each one's ratio to the floor.
func benchTable(figs map[string]map[string][]float64, rounds int, idle []int) string {
	med := func(s, col string) float64 {
		v := slices.Clone(figs[s][col])
		slices.Sort(v)
		return v[len(v)/2]
	}
	type column struct{ title, key, unit string }
	cols := []column{
		{"msg/s 32 B ×50", "32B msg/s", "%.0f"},
		{"server CPU/msg at 20k/s", "32B@20k cpu", "%.2f µs"},
		{"64 KiB MB/s", "64KiB MB/s", "%.0f"},
		{"1 MiB MB/s", "1MiB MB/s", "%.0f"},
	}
	for _, n := range idle {
		cols = append(cols, column{fmt.Sprintf("RSS/idle conn at %d", n), fmt.Sprintf("idle %d", n), "%.1f KiB"})
	}
	var b strings.Builder
	fmt.Fprintf(&b, "median of %d interleaved rounds; each cell: value (÷ floor)\n\n|  |", rounds)
	for _, c := range cols {
		fmt.Fprintf(&b, " %s |", c.title)
	}
	b.WriteString("\n|---|" + strings.Repeat("---|", len(cols)) + "\n")
	for _, s := range benchServers {
		fmt.Fprintf(&b, "| %s |", s)
		for _, c := range cols {
			v, floor := med(s, c.key), med(benchServers[0], c.key)
			fmt.Fprintf(&b, " "+c.unit+" (%.2f) |", v, v/floor)
		}
		b.WriteString("\n")
	}
	return b.String()
}
