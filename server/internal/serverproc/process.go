// Package serverproc starts a WebSocket server binary as a separate process
// on a free loopback port and reads its memory and goroutine figures, for
// load measurements and end-to-end tests that must see the server as it runs
// in production.
package serverproc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Spec says what to start.
type Spec struct {
	// Command is the program and its arguments. The listen address goes in
	// the environment as WSPLAY_ADDR, which wsplay (and the test peers)
	// read, so that no flag has to be known.
	Command []string
	Env     []string // extra KEY=value pairs
	// DebugAddr, when set, is passed as WSPLAY_DEBUG_ADDR: where a server
	// that has a debug listener should serve /debug/pprof/.
	DebugAddr string
	Ready     time.Duration // how long /healthz may take to answer 200; 30 s when zero
	// Output, when set, receives everything the server writes to stdout
	// and stderr, besides the tail that Output() keeps.
	Output io.Writer
}

// Process is a running server.
type Process struct {
	Addr      string // 127.0.0.1:port it listens on
	DebugAddr string
	cmd       *exec.Cmd
	out       *tail
	done      chan struct{}
	waitErr   error
}

// Start runs spec on a free loopback port and waits until GET /healthz
// answers 200. Another process may take the port between the check and the
// server's bind; then it tries again with a new one.
func Start(ctx context.Context, spec Spec) (*Process, error) {
	if len(spec.Command) == 0 {
		return nil, errors.New("serverproc: empty command")
	}
	if spec.Ready <= 0 {
		spec.Ready = 30 * time.Second
	}
	for attempt := 1; ; attempt++ {
		addr, err := FreePort()
		if err != nil {
			return nil, err
		}
		p, err := start(ctx, spec, addr)
		if err == nil || attempt == 3 || !strings.Contains(err.Error(), "address already in use") {
			return p, err
		}
	}
}

func start(ctx context.Context, spec Spec, addr string) (*Process, error) {
	p := &Process{Addr: addr, DebugAddr: spec.DebugAddr, out: &tail{max: 8 << 10}, done: make(chan struct{})}
	p.cmd = exec.Command(spec.Command[0], spec.Command[1:]...)
	p.cmd.Env = append(append(os.Environ(), "WSPLAY_ADDR="+addr), spec.Env...)
	if spec.DebugAddr != "" {
		p.cmd.Env = append(p.cmd.Env, "WSPLAY_DEBUG_ADDR="+spec.DebugAddr)
	}
	var out io.Writer = p.out
	if spec.Output != nil {
		out = io.MultiWriter(p.out, spec.Output)
	}
	p.cmd.Stdout, p.cmd.Stderr = out, out
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { p.waitErr = p.cmd.Wait(); close(p.done) }()
	if err := p.awaitHealthy(ctx, spec.Ready); err != nil {
		_ = p.Stop()
		return nil, fmt.Errorf("%s did not become healthy on %s: %w\n--- its output ---\n%s", spec.Command[0], addr, err, p.Output())
	}
	return p, nil
}

func (p *Process) awaitHealthy(ctx context.Context, within time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+p.Addr+"/healthz", nil)
		res, err := client.Do(req)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("/healthz answered %s", res.Status)
		}
		select {
		case <-p.done:
			return fmt.Errorf("exited: %v", p.waitErr)
		case <-ctx.Done():
			return fmt.Errorf("%w (last: %v)", ctx.Err(), err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// PID is the server's process id.
func (p *Process) PID() int { return p.cmd.Process.Pid }

// Exited reports whether the server has stopped on its own.
func (p *Process) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Stop sends SIGTERM (a graceful shutdown) and waits up to 15 s, then kills.
func (p *Process) Stop() error {
	if p.Exited() {
		return p.waitErr
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		return p.waitErr
	case <-time.After(15 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
		return errors.New("serverproc: server ignored SIGTERM for 15 s and was killed")
	}
}

// Output is the end of what the server wrote to stdout and stderr.
func (p *Process) Output() string { return p.out.String() }

// FreePort returns 127.0.0.1:<port> for a port the kernel just had free.
func FreePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = t.buf[over:]
		if i := bytes.IndexByte(t.buf, '\n'); i >= 0 {
			t.buf = t.buf[i+1:]
		}
	}
	return len(b), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
