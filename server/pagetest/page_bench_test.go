package pagetest

import (
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server/internal/browsertest"
	"github.com/wsplay/wsplay/site"
)

// TestBenchPage measures the page against its budgets; make bench-page runs
// it. It is a measurement, not a test: it only runs with
// WSPLAY_BENCH_PAGE=1, prints the figures and never fails on them.
//
//	wasm size      wsplay.wasm as brotli (budget 600 KB)
//	ready          navigation start to wsplay-ready, median of 10 loads through
//	               the wsplay server (budget 300 ms) and from a plain static
//	               file server serving dist/ without compression (budget
//	               450 ms; make site writes dist/, WSPLAY_DIST names another),
//	               the two alternated load by load
//	keystroke      one key in the frame builder's payload box (1 KiB payload)
//	               to the whole view updated, median (budget 16 ms)
func TestBenchPage(t *testing.T) {
	if os.Getenv("WSPLAY_BENCH_PAGE") != "1" {
		t.Skip("a measurement, not a test: run make bench-page (WSPLAY_BENCH_PAGE=1)")
	}
	const (
		loads      = 10
		keystrokes = 40
		kib        = 1024
	)
	var sizes []string
	for _, name := range []string{"wasm/wsplay.wasm", "wasm/wsplay.wasm.gz", "wasm/wsplay.wasm.br"} {
		info, err := fs.Stat(site.Files, name)
		require.NoError(t, err, "run make wasm first")
		sizes = append(sizes, fmt.Sprintf("%s %s", name[len("wasm/"):], kb1000(info.Size())))
	}
	br, err := fs.Stat(site.Files, "wasm/wsplay.wasm.br")
	require.NoError(t, err)

	p := openPage(t, "/")
	wsplayBase, staticBase := p.base, staticServer(t)
	var ready, fetched, compiled, page, static, staticFetched, staticCompiled []float64
	for range loads {
		p.base = wsplayBase
		p.open("/")
		ready = append(ready, eval[float64](p, `performance.getEntriesByName("wsplay-ready")[0].startTime`))
		fetched = append(fetched, eval[float64](p, wasmFetched))
		compiled = append(compiled, eval[float64](p, wasmCompiled))
		page = append(page, eval[float64](p, `performance.getEntriesByName("wsplay-page-ready")[0].startTime`))
		if staticBase != "" {
			p.base = staticBase
			p.open("/")
			static = append(static, eval[float64](p, `performance.getEntriesByName("wsplay-ready")[0].startTime`))
			staticFetched = append(staticFetched, eval[float64](p, wasmFetched))
			staticCompiled = append(staticCompiled, eval[float64](p, wasmCompiled))
		}
	}
	p.base = wsplayBase
	p.open("/")

	// A 1 KiB payload, then keys typed at its end: a letter, then Backspace,
	// so the payload stays at 1 KiB give or take a byte.
	eval[bool](p, `(() => { const a = document.querySelector("#fb-payload"); a.value = "a".repeat(`+fmt.Sprint(kib-1)+`); a.dispatchEvent(new Event("input")); return true })()`)
	p.focus("#fb-payload")
	p.keys(kb.End)
	var update []float64
	for i := range keystrokes {
		key := "b"
		if i%2 == 1 {
			key = kb.Backspace
		}
		before := eval[float64](p, `performance.getEntriesByName("wsplay-update:frame")[0]?.startTime ?? -1`)
		p.keys(key)
		p.waitJS(fmt.Sprintf(`(performance.getEntriesByName("wsplay-update:frame")[0]?.startTime ?? -1) > %v`, before), "the keystroke never updated the view")
		update = append(update, eval[float64](p, `performance.getEntriesByName("wsplay-update:frame")[0].duration`))
	}
	length := eval[string](p, `document.querySelector("#fb-summary").innerText`)
	mounts := eval[string](p, `performance.getEntriesByType("measure").filter(m => m.name.startsWith("wsplay-mount:")).map(m => m.name.slice(13) + " " + m.duration.toFixed(0)).join(", ")`)

	fmt.Printf("\nwsplay page benchmark (headless Chromium on 127.0.0.1)\n")
	fmt.Printf("  wasm size:  %s  [budget: br <= 600 KB: %s]\n", strings.Join(sizes, ", "), verdict(float64(br.Size()) <= 600_000))
	fmt.Printf("  ready:      navigation -> wsplay-ready, median of %d loads through the wsplay server: %.0f ms (min %.0f, max %.0f)  [budget < 300 ms: %s]\n",
		loads, median(ready), minOf(ready), maxOf(ready), verdict(median(ready) < 300))
	fmt.Printf("              (medians: the wasm's last byte at %.0f ms, compiled at %.0f ms; first load %.0f ms)\n", median(fetched), median(compiled), ready[0])
	if len(static) > 0 {
		fmt.Printf("              from a plain static server, dist/ uncompressed: %.0f ms (min %.0f, max %.0f)  [budget < 450 ms: %s]\n",
			median(static), minOf(static), maxOf(static), verdict(median(static) < 450))
		fmt.Printf("              (medians: the wasm's last byte at %.0f ms, compiled at %.0f ms; first load %.0f ms)\n", median(staticFetched), median(staticCompiled), static[0])
	} else {
		fmt.Printf("              from a plain static server: not measured (no dist/: run make site)\n")
	}
	fmt.Printf("              navigation -> every section drawn, median: %.0f ms (last load, ms per section: %s)\n", median(page), mounts)
	fmt.Printf("  keystroke:  payload box -> whole frame view updated, median of %d keys: %.2f ms (max %.2f)  [budget < 16 ms: %s]\n",
		keystrokes, median(update), maxOf(update), verdict(median(update) < 16))
	fmt.Printf("              (%s)\n\n", length)
}

// wasmFetched is when the last byte of wsplay.wasm arrived (ms from
// navigation start); compiling streams alongside, running Go follows.
const wasmFetched = `performance.getEntriesByType("resource").find(e => e.name.endsWith("/wsplay.wasm"))?.responseEnd ?? -1`

// wasmCompiled is boot.js's mark once instantiateStreaming resolved.
const wasmCompiled = `performance.getEntriesByName("wsplay-compiled")[0]?.startTime ?? -1`

func kb1000(n int64) string { return fmt.Sprintf("%.0f KB", float64(n)/1000) }

func verdict(ok bool) string {
	if ok {
		return "ok"
	}
	return "OVER"
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func minOf(v []float64) float64 {
	m := v[0]
	for _, x := range v {
		m = min(m, x)
	}
	return m
}

func maxOf(v []float64) float64 {
	m := v[0]
	for _, x := range v {
		m = max(m, x)
	}
	return m
}

// staticServer serves dist/ (or $WSPLAY_DIST) with net/http's file server,
// which compresses nothing: the page as any static host would serve it. It
// returns "" when there is no such folder.
func staticServer(t *testing.T) string {
	dir := os.Getenv("WSPLAY_DIST")
	if dir == "" {
		dir = "../../dist"
	}
	if _, err := os.Stat(filepath.Join(dir, "wasm", "wsplay.wasm")); err != nil {
		return ""
	}
	return browsertest.Serve(t, http.FileServer(http.Dir(dir)))
}
