// Package browsertest runs tests in a real headless Chromium through chromedp.
//
// It skips a test when no Chromium is installed, except in CI (CI=true),
// where a missing browser must fail loudly rather than pass silently.
package browsertest

import (
	"context"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/site"
)

// StartTimeout bounds the browser start. Starting is slow and uneven on a busy
// two-core machine, so it gets a large budget of its own.
const StartTimeout = 90 * time.Second

// StepTimeout is the default budget of one step after the browser runs.
const StepTimeout = 20 * time.Second

// FindChromium returns the browser to use: $CHROMIUM when set, else the first
// of the usual Linux names that exists.
func FindChromium() (string, bool) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		path, err := exec.LookPath(p)
		return path, err == nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", true
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if path, err := exec.LookPath(name); err == nil {
			return path, true
		}
	}
	return "", false
}

// New starts a headless Chromium for t and returns a chromedp context with one
// open tab. The browser stops when the test ends. Use Step to bound each action.
func New(t *testing.T) context.Context {
	t.Helper()
	path, ok := FindChromium()
	if !ok {
		why := "no Chromium found (tried /usr/bin/chromium, chromium, chromium-browser, google-chrome); install the chromium package or set $CHROMIUM"
		if env := os.Getenv("CHROMIUM"); env != "" {
			why = "$CHROMIUM=" + env + " is not an executable"
		}
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but " + why)
		}
		t.Skip(why)
	}

	// A fresh profile per test, so no state leaks between tests.
	profile, err := os.MkdirTemp("", "wsplay-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	output := &testutil.LockedBuffer{}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.NoSandbox, // tests run as root, where the sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(output),
	)

	// The browser lives as long as these contexts, so they carry no deadline.
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc() // waits for the browser process to exit
		if t.Failed() && output.Len() > 0 {
			t.Logf("chromium output:\n%s", output.String())
		}
		_ = os.RemoveAll(profile)
	})

	// Start the browser with a watchdog instead of a timeout context: a
	// deadline on the first Run would stop the browser when it expires.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("start %s: %v\n%s", path, err, output.String())
		}
	case <-time.After(StartTimeout):
		cancelTab()
		t.Fatalf("start %s: no answer within %s\n%s", path, StartTimeout, output.String())
	}
	return ctx
}

// Step returns a context for one browser step that ends after StepTimeout.
// Its deadline only cancels the step; the tab and browser stay usable.
func Step(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, StepTimeout)
	t.Cleanup(cancel)
	return sctx
}

// Serve starts h on an ephemeral port of 127.0.0.1 (never a public address)
// and returns its base URL. The server closes when the test ends.
func Serve(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL
}

// CatchErrors fails t at its end when the page throws an uncaught exception or
// calls console.error, which a page would otherwise swallow. Call it before
// navigating.
func CatchErrors(t *testing.T, ctx context.Context) {
	t.Helper()
	var mu sync.Mutex
	var problems []string
	err := chromedp.Listen(ctx, func(ev any) {
		var msg string
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			msg = "uncaught: " + ev.ExceptionDetails.Text
			if ex := ev.ExceptionDetails.Exception; ex != nil && ex.Description != "" {
				msg += " " + ex.Description
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type != runtime.ConsoleAPICalledTypeError {
				return
			}
			msg = "console.error:"
			for _, arg := range ev.Args {
				msg += " " + string(arg.Value) + arg.Description
			}
		default:
			return
		}
		mu.Lock()
		problems = append(problems, msg)
		mu.Unlock()
	})
	if err != nil {
		t.Fatalf("listen for page errors: %v", err)
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range problems {
			t.Errorf("page error: %s", p)
		}
	})
}

// Screenshot saves the viewport as a PNG in $WSPLAY_SCREENSHOTS and logs
// where; the folder outlives the test so a person can look at the picture.
// Pictures are for people and cost a browser round trip each, so a run
// without the variable (CI, a plain make test) takes none and returns "".
func Screenshot(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	if !Screenshots() {
		return ""
	}
	png, err := chromedp.Run(Step(t, ctx), chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	return save(t, name, png)
}

// ScreenshotOf saves one element (a CSS selector), taller than the viewport
// if need be, as a PNG in the same folder as Screenshot, and logs where.
func ScreenshotOf(t *testing.T, ctx context.Context, name, selector string) string {
	t.Helper()
	if !Screenshots() {
		return ""
	}
	png, err := chromedp.Run(Step(t, ctx), chromedp.Screenshot(chromedp.CSS(selector)))
	if err != nil {
		t.Fatalf("screenshot %s of %s: %v", name, selector, err)
	}
	return save(t, name, png)
}

// save writes png under ScreenshotDir and logs the path.
func save(t *testing.T, name string, png []byte) string {
	t.Helper()
	dir := ScreenshotDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, safeName(t.Name()+"-"+name)+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", file)
	return file
}

// ScreenshotDir is $WSPLAY_SCREENSHOTS: where pictures go, or "" for none.
func ScreenshotDir() string { return os.Getenv("WSPLAY_SCREENSHOTS") }

// Screenshots reports whether this run takes pictures: when
// $WSPLAY_SCREENSHOTS names a folder (make screenshots sets one).
func Screenshots() bool { return ScreenshotDir() != "" }

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func safeName(s string) string {
	return strings.Trim(unsafeChars.ReplaceAllString(s, "_"), "_")
}

// RequireWasm skips the test (fails it under CI=true) before a browser
// starts when the embedded site has no WebAssembly core, which the page
// needs: make build (or make wasm) writes it.
func RequireWasm(t *testing.T) {
	t.Helper()
	if _, err := fs.Stat(site.Files, "wasm/wsplay.wasm"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but site/wasm/wsplay.wasm is not embedded; make test builds it first")
		}
		t.Skip("site/wasm/wsplay.wasm is not built; run make build")
	}
}
