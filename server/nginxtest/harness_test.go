package nginxtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server/internal/serverproc"
	"github.com/wsplay/wsplay/server/internal/testutil"
)

// findNginx returns the nginx binary: $NGINX, Debian's /usr/sbin/nginx, or
// nginx on $PATH. Without one the test skips, or fails under CI=true.
func findNginx(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("NGINX"), "/usr/sbin/nginx"}
	if p, err := exec.LookPath("nginx"); err == nil {
		candidates = append(candidates, p)
	}
	for _, p := range candidates {
		if p == "" {
			continue
		}
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	why := "nginx not found (tried $NGINX, /usr/sbin/nginx, nginx on $PATH); install Debian's nginx package"
	if os.Getenv("CI") == "true" {
		t.Fatal(why + " — under CI=true this test must run, and .ci/run installs it")
	}
	t.Skip(why)
	return ""
}

// buildWsplay compiles the server into a temporary directory, so the test
// runs the same single binary people deploy.
func buildWsplay(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command is needed to build the server")
	bin := filepath.Join(t.TempDir(), "wsplay")
	cmd := exec.Command(goBin, "build", "-o", bin, "github.com/wsplay/wsplay/server/cmd/wsplay")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build ./server/cmd/wsplay:\n%s", out)
	return bin
}

// instance is one wsplay process and the requests it logged.
type instance struct {
	*serverproc.Process
	log *testutil.LockedBuffer
}

// behindNginx are the flags of an instance behind the test's nginx, which
// connects from 127.0.0.1, as the README tells people to run it.
var behindNginx = []string{"-trusted-proxies", "127.0.0.1"}

// startWsplay runs bin with JSON logs and flags on a free loopback port.
func startWsplay(t *testing.T, bin string, flags ...string) *instance {
	t.Helper()
	log := &testutil.LockedBuffer{}
	p, err := serverproc.Start(context.Background(), serverproc.Spec{
		Command: append([]string{bin, "-log-format", "json"}, flags...),
		Output:  log,
	})
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Stop() })
	return &instance{Process: p, log: log}
}

// served counts the requests for path this instance logged as finished.
func (in *instance) served(path string) int {
	return in.count(func(l logLine) bool { return l.Msg == "http" && l.Path == path })
}

// logged counts the log lines with message msg.
func (in *instance) logged(msg string) int {
	return in.count(func(l logLine) bool { return l.Msg == msg })
}

// logLine is the part of a JSON log line the tests read.
type logLine struct {
	Msg, Path   string
	Client, Via string // who wsplay took the peer to be, and the proxy
	Status      int
}

// lines returns the log lines with message msg.
func (in *instance) lines(msg string) []logLine {
	var out []logLine
	in.count(func(l logLine) bool {
		if l.Msg == msg {
			out = append(out, l)
		}
		return false
	})
	return out
}

func (in *instance) count(match func(logLine) bool) int {
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(in.log.Bytes()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line logLine
		if json.Unmarshal(sc.Bytes(), &line) == nil && match(line) {
			n++
		}
	}
	return n
}

// startNginx runs nginx in the foreground, as one process, with the
// documented configuration in front of upstreams, on a free loopback port,
// and returns that host:port. edit may change the configuration text further
// (the round-robin control uses it). Everything nginx writes (pid, logs,
// temp files) stays in a temporary prefix, so it cannot meet a system nginx.
func startNginx(t *testing.T, nginx string, upstreams []string, edit func(string) string) string {
	t.Helper()
	// Another process may take the free port before nginx binds it: then
	// try again with a new one.
	for attempt := 1; ; attempt++ {
		addr, err := serverproc.FreePort()
		require.NoError(t, err)
		dir := t.TempDir()
		conf := writeNginxConf(t, dir, addr, upstreams, edit)
		check, err := exec.Command(nginx, "-t", "-p", dir, "-e", filepath.Join(dir, "error.log"), "-c", conf).CombinedOutput()
		require.NoError(t, err, "nginx -t:\n%s", check)
		ok, why := runNginx(t, nginx, dir, conf, addr)
		if ok {
			return addr
		}
		if attempt == 3 || !strings.Contains(why, "Address already in use") {
			t.Fatal(why)
		}
	}
}

// writeNginxConf writes server/nginx/wsplay.conf, with its listen line and
// upstream addresses replaced, and a main nginx.conf around it, into dir.
func writeNginxConf(t *testing.T, dir, addr string, upstreams []string, edit func(string) string) string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("..", "nginx", "wsplay.conf"))
	require.NoError(t, err)
	site := string(doc)
	for old, repl := range map[string]string{
		"    listen 80;\n":             "    listen " + addr + ";\n",
		"    listen [::]:80;\n":        "",
		"    server 127.0.0.1:8081;\n": "    server " + upstreams[0] + ";\n",
		"    server 127.0.0.1:8082;\n": "    server " + upstreams[1] + ";\n",
	} {
		require.Equal(t, 1, strings.Count(site, old), "server/nginx/wsplay.conf should contain %q once (the test replaces it)", old)
		site = strings.Replace(site, old, repl, 1)
	}
	if edit != nil {
		site = edit(site)
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "wsplay.conf"), []byte(site), 0o644))

	main := fmt.Sprintf(`daemon off;
master_process off;
worker_processes 1;
pid %[1]s/nginx.pid;
lock_file %[1]s/nginx.lock;
error_log %[1]s/error.log info;
events { worker_connections 512; }
http {
    access_log %[1]s/access.log;
    client_body_temp_path %[1]s/client_body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    include %[1]s/wsplay.conf;
}
`, dir)
	conf := filepath.Join(dir, "nginx.conf")
	require.NoError(t, os.WriteFile(conf, []byte(main), 0o644))
	return conf
}

// runNginx starts nginx and waits until /healthz answers through it at
// addr. When nginx exits first it returns false and why.
func runNginx(t *testing.T, nginx, dir, conf, addr string) (bool, string) {
	t.Helper()
	cmd := exec.Command(nginx, "-p", dir, "-e", filepath.Join(dir, "error.log"), "-c", conf)
	var out testutil.LockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Start())
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	logs := func() string {
		errLog, _ := os.ReadFile(filepath.Join(dir, "error.log"))
		return fmt.Sprintf("nginx output:\n%s\nerror.log:\n%s", out.Bytes(), errLog)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGQUIT) // graceful: finish open requests
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Log(logs())
		}
	})

	deadline := time.Now().Add(15 * time.Second)
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		res, err := client.Get("http://" + addr + "/healthz")
		if err == nil {
			res.Body.Close()
			// The Server header tells nginx from another process that
			// took the port first.
			if res.StatusCode == http.StatusOK && strings.HasPrefix(res.Header.Get("Server"), "nginx") {
				return true, ""
			}
		}
		select {
		case <-done:
			return false, "nginx exited on " + addr + ":\n" + logs()
		default:
		}
		require.True(t, time.Now().Before(deadline), "nginx did not answer /healthz within 15 s: %v\n%s", err, logs())
		time.Sleep(50 * time.Millisecond)
	}
}
