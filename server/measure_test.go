package server

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wsplay/wsplay/protocol"
)

// Measurements print figures to compare with the targets; they assert
// nothing about speed, and run only when asked:
//
//	WSPLAY_MEASURE=1 go test -run Measure -v ./server/

func needMeasure(t *testing.T) {
	if os.Getenv("WSPLAY_MEASURE") != "1" {
		t.Skip("a measurement: set WSPLAY_MEASURE=1 to run it")
	}
}

func envInt(name string, fallback int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return fallback
}

// TestMeasureEcho runs the echo benchmark's loads on every server in
// WSPLAY_ROUNDS rounds (default 5), the servers' order reversed every other
// round so that a change in the machine's load hits all of them alike, and
// prints each figure's median with the ratios the targets speak of: wsplay
// against gorilla and gobwas, and the tap's cost.
func TestMeasureEcho(t *testing.T) {
	needMeasure(t)
	rounds := envInt("WSPLAY_ROUNDS", 5)
	counts := map[string]int{"32B": envInt("WSPLAY_SMALL_MESSAGES", 100_000), "64KiB": envInt("WSPLAY_BIG_MESSAGES", 10_000)}
	counts["32B@20k"] = envInt("WSPLAY_PACED_MESSAGES", 60_000)
	var out strings.Builder
	fmt.Fprintf(&out, "echo, median of %d rounds (each server in its own process; CPU is the server's)\n", rounds)
	fmt.Fprintf(&out, "%-9s %-11s %9s %9s %9s %9s %11s\n", "load", "server", "msgs/s", "MB/s", "p50 µs", "p99 µs", "CPU µs/msg")
	for _, load := range echoLoads {
		runs := map[string][]echoResult{}
		for round := range rounds {
			order := slices.Clone(echoServers)
			if round%2 == 1 {
				slices.Reverse(order)
			}
			for _, server := range order {
				runs[server] = append(runs[server], runEcho(t, server, load, counts[load.name]))
			}
		}
		med := map[string]echoMedian{}
		for _, server := range echoServers {
			m := medianOf(runs[server])
			med[server] = m
			fmt.Fprintf(&out, "%-9s %-11s %9.0f %9.1f %9.0f %9.0f %11.2f\n", load.name, server, m.msgs, m.msgs*float64(load.size)/1e6, m.p50, m.p99, m.cpu)
		}
		ours, gorilla, gobwas, tap := med["wsplay"], med["gorilla"], med["gobwas"], med["wsplay+tap"]
		fmt.Fprintf(&out, "%-9s wsplay/gorilla: throughput ×%.2f, CPU per message ×%.2f; wsplay/gobwas: ×%.2f, ×%.2f; tap on: throughput %+.0f%%, CPU per message %+.0f%%\n",
			load.name, ours.msgs/gorilla.msgs, ours.cpu/gorilla.cpu, ours.msgs/gobwas.msgs, ours.cpu/gobwas.cpu, 100*(tap.msgs/ours.msgs-1), 100*(tap.cpu/ours.cpu-1))
	}
	t.Log("\n" + out.String())
}

// echoMedian holds the median of each figure over several runs.
type echoMedian struct{ msgs, p50, p99, cpu float64 }

func medianOf(runs []echoResult) echoMedian {
	pick := func(f func(echoResult) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = f(r)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	return echoMedian{
		msgs: pick(echoResult.msgsPerSec),
		p50:  pick(func(r echoResult) float64 { return float64(r.p50.Microseconds()) }),
		p99:  pick(func(r echoResult) float64 { return float64(r.p99.Microseconds()) }),
		cpu:  pick(func(r echoResult) float64 { return float64(r.cpuPerMsg().Nanoseconds()) / 1e3 }),
	}
}

// TestMeasureIdleMemory opens WSPLAY_IDLE_CONNS (default 1000) idle
// WebSockets on a fresh server process and prints its RSS growth per
// connection, for wsplay, gorilla and gobwas. Each connection has exchanged one
// message and then sits still. The figure after "freed" is taken after the
// server ran the garbage collector and returned free pages to the system
// (SIGUSR1), which shows what each connection really keeps. The -deflate
// kinds agree to permessage-deflate on Chrome's offer, and the message is
// compressed both ways.
func TestMeasureIdleMemory(t *testing.T) {
	needMeasure(t)
	n := envInt("WSPLAY_IDLE_CONNS", 1000)
	const warm = 100 // connections opened first, so one-time costs do not count
	var out strings.Builder
	fmt.Fprintf(&out, "RSS growth per idle connection over %d connections (after %d warm-up connections)\n", n, warm)
	for _, kind := range []string{"wsplay", "gorilla", "gobwas", "wsplay-deflate", "gorilla-deflate"} {
		p := spawnPeer(t, kind)
		open(t, p, warm)
		base, baseFreed := settle(p)
		conns := open(t, p, n)
		after, afterFreed := settle(p)
		perConn := float64(after-base) / float64(n) / 1024
		perConnFreed := float64(afterFreed-baseFreed) / float64(n) / 1024
		fmt.Fprintf(&out, "%-15s %6.1f KiB/conn (RSS %d → %d KiB); freed: %5.1f KiB/conn (RSS %d → %d KiB)\n",
			kind, perConn, base>>10, after>>10, perConnFreed, baseFreed>>10, afterFreed>>10)
		for _, c := range conns {
			_ = c.Abort()
		}
		p.stop()
	}
	t.Log("\n" + out.String())
}

// open makes n connections to p that each echo one small message,
// compressed when p is a -deflate kind.
func open(t *testing.T, p *peer, n int) []*benchConn {
	offer := ""
	if strings.HasSuffix(p.kind, "-deflate") {
		offer = chromeOffer
	}
	conns := make([]*benchConn, n)
	for i := range conns {
		c := benchDial(t, p.addr, "/ws", offer, protocol.OpText, []byte("hello"))
		if _, err := c.run(1, 0); err != nil {
			t.Fatal(err)
		}
		conns[i] = c
	}
	return conns
}

// settle waits for the server to go quiet and returns its RSS as it is and
// after it freed what it could.
func settle(p *peer) (rss, freed int64) {
	time.Sleep(time.Second)
	rss = p.rss()
	_ = p.cmd.Process.Signal(syscall.SIGUSR1)
	time.Sleep(time.Second)
	return rss, p.rss()
}
