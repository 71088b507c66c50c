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
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server/internal/serverproc"
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
	cmd := exec.Command(goBin, "build", "-o", bin, "github.com/wsplay/wsplay/server")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build ./server:\n%s", out)
	return bin
}

// instance is one wsplay process and the requests it logged.
type instance struct {
	*serverproc.Process
	log *lockedBuffer
}

func startWsplay(t *testing.T, bin string) *instance {
	t.Helper()
	log := &lockedBuffer{}
	p, err := serverproc.Start(context.Background(), serverproc.Spec{
		Command: []string{bin, "-log-format", "json"},
		Output:  log,
	})
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Stop() })
	return &instance{Process: p, log: log}
}

// served counts the requests for path this instance logged as finished.
func (in *instance) served(path string) int {
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(in.log.Bytes()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line struct{ Msg, Path string }
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "http" && line.Path == path {
			n++
		}
	}
	return n
}

// startNginx runs nginx in the foreground, as one process, with the
// documented configuration in front of upstreams. edit may change the
// configuration text further (the round-robin control uses it).
func startNginx(t *testing.T, nginx string, upstreams []string, edit func(string) string) string {
	t.Helper()
	dir := t.TempDir()
	addr, err := serverproc.FreePort()
	require.NoError(t, err)

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

	check, err := exec.Command(nginx, "-t", "-p", dir, "-e", filepath.Join(dir, "error.log"), "-c", conf).CombinedOutput()
	require.NoError(t, err, "nginx -t:\n%s", check)

	cmd := exec.Command(nginx, "-p", dir, "-e", filepath.Join(dir, "error.log"), "-c", conf)
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Start())
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGQUIT) // graceful: finish open requests
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			errLog, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Logf("nginx output:\n%s\nerror.log:\n%s", out.Bytes(), errLog)
		}
	})

	// Ready when /healthz answers through nginx.
	deadline := time.Now().Add(15 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return addr
			}
		}
		select {
		case <-done:
			errLog, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx exited:\n%s\n%s", out.Bytes(), errLog)
		default:
		}
		require.True(t, time.Now().Before(deadline), "nginx did not answer /healthz within 15 s: %v", err)
		time.Sleep(50 * time.Millisecond)
	}
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}
