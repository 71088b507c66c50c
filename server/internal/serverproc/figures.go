package serverproc

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// RSS returns the resident set size of process pid in bytes, from the VmRSS
// line of /proc/<pid>/status (Linux).
func RSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return parseVmRSS(f)
}

func parseVmRSS(r io.Reader) (int64, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, fmt.Errorf("unexpected VmRSS line %q", sc.Text())
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("unexpected VmRSS line %q: %w", sc.Text(), err)
		}
		return kb << 10, nil
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("no VmRSS line (a kernel thread, or not Linux?)")
}

// oneShot opens a fresh connection per request and closes it, so asking
// does not leave a keep-alive goroutine in the server that would be counted
// the next time.
var oneShot = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

// Goroutines asks a Go server's net/http/pprof handler at debugAddr
// (host:port) how many goroutines it runs. Servers without a debug listener
// make this fail; callers report the figure as unavailable.
func Goroutines(ctx context.Context, debugAddr string) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", "http://"+debugAddr+"/debug/pprof/goroutine?debug=1", nil)
	if err != nil {
		return 0, err
	}
	res, err := oneShot.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s answered %s", req.URL, res.Status)
	}
	head, err := bufio.NewReader(io.LimitReader(res.Body, 4096)).ReadBytes('\n')
	if err != nil && len(head) == 0 {
		return 0, err
	}
	return parseGoroutineTotal(head)
}

// parseGoroutineTotal reads "goroutine profile: total N", the first line of
// the debug=1 goroutine profile.
func parseGoroutineTotal(line []byte) (int, error) {
	rest, ok := bytes.CutPrefix(bytes.TrimSpace(line), []byte("goroutine profile: total "))
	if !ok {
		return 0, fmt.Errorf("not a goroutine profile: %q", line)
	}
	return strconv.Atoi(string(rest))
}

// CollectGarbage asks a Go server's net/http/pprof handler at debugAddr to
// run a garbage collection (the heap profile's gc=1). Without it an idle Go
// server only collects every two minutes, and memory freed by closed
// connections stays counted in its RSS until then.
func CollectGarbage(ctx context.Context, debugAddr string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", "http://"+debugAddr+"/debug/pprof/heap?gc=1", nil)
	if err != nil {
		return err
	}
	res, err := oneShot.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", req.URL, res.Status)
	}
	return nil
}
