package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wsplay/wsplay/server/internal/peers"
)

// Benchmarks and measurements run each server in a process of its own, so
// that its CPU time and resident memory are its own and not the client's.
// The test binary is the server: TestMain turns into one when
// WSPLAY_TEST_PEER says which.

const peerEnv = "WSPLAY_TEST_PEER"

func TestMain(m *testing.M) {
	if kind := os.Getenv(peerEnv); kind != "" {
		if err := servePeer(kind); err != nil {
			fmt.Fprintln(os.Stderr, "peer:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	stopPeers()
	os.Exit(code)
}

// servePeer runs one server on 127.0.0.1:0, prints "listening <addr>" and
// serves until SIGTERM or until its stdin closes (the parent went away).
func servePeer(kind string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() { _, _ = io.Copy(io.Discard, os.Stdin); stop() }()
	fmt.Printf("listening %s\n", ln.Addr())
	switch kind {
	case "wsplay", "wsplay-deflate":
		// Production settings: the wsplay command's defaults, with the
		// per-address cap lifted (all the load comes from 127.0.0.1);
		// logs are off. wsplay-deflate is the command's default
		// (compression accepted); wsplay runs with -deflate=false.
		cfg := Defaults()
		cfg.MaxConnsPerIP = 0
		cfg.Deflate = kind == "wsplay-deflate"
		cfg.ShutdownTimeout = time.Second
		srv, err := New(cfg)
		if err != nil {
			return err
		}
		go onSignal(syscall.SIGUSR1, freeMemory)
		return srv.Serve(ctx, ln)
	}
	h, ok := peers.Echo(kind)
	if !ok {
		return fmt.Errorf("unknown peer %q", kind)
	}
	go onSignal(syscall.SIGUSR1, freeMemory)
	srv := &http.Server{Handler: h}
	go func() { <-ctx.Done(); _ = srv.Close() }()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}

// onSignal calls fn each time sig arrives.
func onSignal(sig os.Signal, fn func()) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, sig)
	for range c {
		fn()
	}
}

// freeMemory collects garbage and returns free pages to the system, so that
// a memory figure counts what the server keeps, not what it has not yet
// swept. The measurement reports figures with and without it.
func freeMemory() {
	runtime.GC()
	debug.FreeOSMemory()
}

// peer is a server process started by startPeer.
type peer struct {
	kind string
	addr string
	cmd  *exec.Cmd
	in   io.WriteCloser
}

var (
	peersMu sync.Mutex
	running = map[string]*peer{}
)

// startPeer starts (once per test binary) the server named kind: "wsplay",
// "gorilla", "gobwas" or "floor" (the hand-written minimal echo), or wsplay
// or gorilla with compression accepted ("wsplay-deflate", "gorilla-deflate").
func startPeer(tb testing.TB, kind string) *peer {
	tb.Helper()
	peersMu.Lock()
	defer peersMu.Unlock()
	if p, ok := running[kind]; ok {
		return p
	}
	p := spawnPeer(tb, kind)
	running[kind] = p
	return p
}

// spawnPeer starts a new server process; stop ends it.
func spawnPeer(tb testing.TB, kind string) *peer {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), peerEnv+"="+kind)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	in, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case l := <-line:
		addr, ok := strings.CutPrefix(l, "listening ")
		if !ok {
			_ = cmd.Process.Kill()
			tb.Fatalf("peer %s said %q", kind, l)
		}
		return &peer{kind: kind, addr: addr, cmd: cmd, in: in}
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		tb.Fatalf("peer %s did not start", kind)
	}
	return nil
}

func stopPeers() {
	peersMu.Lock()
	defer peersMu.Unlock()
	for kind, p := range running {
		p.stop()
		delete(running, kind)
	}
}

// stop ends the server gracefully, or kills it after 10 s.
func (p *peer) stop() {
	_ = p.in.Close()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
}

// cpuTime is the CPU time the peer has used so far: the sum of its threads'
// run time in nanoseconds from /proc/<pid>/task/*/schedstat (Linux; Go
// seldom ends a thread, so none goes missing), or else user plus system
// time from /proc/<pid>/stat, whose unit is the kernel's 10 ms tick.
func (p *peer) cpuTime() time.Duration {
	if d, ok := threadsRunTime(p.cmd.Process.Pid); ok {
		return d
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name may hold spaces; fields after it are fixed.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// threadsRunTime sums the first field of each thread's schedstat: the
// time it spent on a CPU, in nanoseconds.
func threadsRunTime(pid int) (time.Duration, bool) {
	dir := "/proc/" + strconv.Itoa(pid) + "/task"
	tasks, err := os.ReadDir(dir)
	if err != nil || len(tasks) == 0 {
		return 0, false
	}
	var sum int64
	for _, task := range tasks {
		b, err := os.ReadFile(dir + "/" + task.Name() + "/schedstat")
		if err != nil {
			continue // the thread ended meanwhile
		}
		fields := strings.Fields(string(b))
		if len(fields) == 0 {
			return 0, false
		}
		ns, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return 0, false
		}
		sum += ns
	}
	return time.Duration(sum), true
}

// rss is the peer's resident set size in bytes (VmRSS, Linux).
func (p *peer) rss() int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) == 2 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}
