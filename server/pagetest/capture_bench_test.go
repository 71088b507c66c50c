package pagetest

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/capture"
	"github.com/wsplay/wsplay/protocol/deflate"
	"github.com/wsplay/wsplay/server/internal/browsertest"
)

// TestBenchCapture measures how long the page takes to open a 10 MB
// capture: from the file handed to the picker to the first WebSocket's
// handshake and frames drawn (the page's "wsplay-capture:open" measure; the
// core's read alone is "wsplay-capture:read"). make bench-capture runs it.
// It is a measurement, not a test: it only runs with
// WSPLAY_BENCH_CAPTURE=1, prints the figures and never fails on them.
func TestBenchCapture(t *testing.T) {
	if os.Getenv("WSPLAY_BENCH_CAPTURE") != "1" {
		t.Skip("a measurement, not a test: run make bench-capture (WSPLAY_BENCH_CAPTURE=1)")
	}
	const opens = 5
	const size = 10 << 20
	dir := t.TempDir()
	files := []struct{ name, what string }{
		{"large", "64 KiB binary messages both ways"},
		{"mixed", "text and binary of 20 B to 16 KiB, pings, fragments, compressed messages, 20 connections"},
		{"small", "100-byte text messages, one a segment (stops at the core's 50,000 frames)"},
	}
	p := openPage(t, "/#capture")
	fmt.Printf("\nwsplay capture benchmark (headless Chromium on 127.0.0.1): a %d MB capture, %d opens each\n", size>>20, opens)
	for _, f := range files {
		path := filepath.Join(dir, f.name+".pcapng")
		b := benchCapture(t, f.name, size)
		require.NoError(t, os.WriteFile(path, b, 0o644))
		var open, read, wall []float64
		for range opens {
			eval[bool](p, `(document.querySelector("#capture-file").value = "", performance.clearMeasures(), true)`)
			start := time.Now()
			require.NoError(t, chromedp.Do(browsertest.Step(t, p.ctx), chromedp.SetUploadFiles(chromedp.CSS("#capture-file"), []string{path})))
			p.waitJS(`performance.getEntriesByName("wsplay-capture:open").length > 0`, "the capture never opened")
			wall = append(wall, float64(time.Since(start).Milliseconds()))
			open = append(open, eval[float64](p, `performance.getEntriesByName("wsplay-capture:open")[0].duration`))
			read = append(read, eval[float64](p, `performance.getEntriesByName("wsplay-capture:read")[0].duration`))
		}
		summary := eval[string](p, `document.querySelector("#capture-status").textContent`)
		fmt.Printf("  %-6s %5.1f MB (%s)\n", f.name, float64(len(b))/1e6, f.what)
		fmt.Printf("         open (file -> first WebSocket drawn), median: %.0f ms (min %.0f, max %.0f)  [budget < 2000 ms: %s]\n",
			median(open), minOf(open), maxOf(open), verdict(median(open) < 2000))
		fmt.Printf("         of which wsplay.readCapture: %.0f ms; seen from Go (upload -> drawn): %.0f ms\n", median(read), median(wall))
		fmt.Printf("         %s\n", summary)
	}
	fmt.Println()
}

// benchCapture writes about size bytes of capture of one kind.
func benchCapture(t *testing.T, kind string, size int) []byte {
	t.Helper()
	var sessions []capture.Session
	total := 0
	for conn := 0; total < size; conn++ {
		s, n := benchSession(kind, conn, size-total)
		sessions = append(sessions, s)
		total += n
	}
	b, err := capture.Write(sessions...)
	require.NoError(t, err)
	return b
}

// benchSession is one connection of about budget bytes on the wire.
func benchSession(kind string, conn, budget int) (capture.Session, int) {
	ext := ""
	if kind == "mixed" && conn%2 == 1 {
		ext = "permessage-deflate"
	}
	req := protocol.NewRequest(protocol.ClientRequest{Host: "127.0.0.1:8080", Path: "/ws", Key: "dGhlIHNhbXBsZSBub25jZQ==", Extensions: nonEmpty(ext)})
	up, _ := protocol.CheckRequest(&req)
	resp := protocol.Accepted(up, "")
	if ext != "" {
		resp.Headers = append(resp.Headers, protocol.HeaderField{Name: "Sec-WebSocket-Extensions", Value: ext})
	}
	t0 := capture.Timestamp(time.Date(2026, 12, 3, 9, 0, conn, 0, time.UTC).UnixNano())
	s := capture.Session{Events: []capture.Event{
		{Kind: capture.EventRequest, From: protocol.FromClient, Time: t0, Bytes: protocol.AppendRequest(nil, req)},
		{Kind: capture.EventResponse, From: protocol.FromServer, Time: t0, Bytes: protocol.AppendResponse(nil, resp)},
	}}
	zc, zs := deflate.NewCompressor(deflate.CompressorOptions{}), deflate.NewCompressor(deflate.CompressorOptions{})
	limit := budget
	if kind == "mixed" {
		limit = min(budget, 10<<20/20)
	}
	n := 0
	for i := 0; n < limit; i++ {
		from, payload := benchMessage(kind, i)
		h := protocol.Header{Fin: true, Opcode: protocol.OpText}
		if kind == "large" || kind == "mixed" && i%5 == 0 {
			h.Opcode = protocol.OpBinary
		}
		if kind == "mixed" && i%11 == 0 {
			h.Opcode = protocol.OpPing
			payload = payload[:min(len(payload), 125)]
		}
		if from == protocol.FromClient {
			h.Masked, h.MaskKey = true, [4]byte{byte(i), 0x5a, byte(i >> 8), 0xa5}
		}
		if ext != "" && h.Opcode.IsData() {
			z := zc
			if from == protocol.FromServer {
				z = zs
			}
			h.Rsv1, payload = true, z.Compress(nil, payload)
		}
		wire := protocol.AppendFrame(nil, protocol.Frame{Header: h, Payload: payload})
		s.Events = append(s.Events, capture.Event{Kind: capture.EventFrame, From: from, Time: t0 + capture.Timestamp(i)*capture.Timestamp(time.Millisecond), Bytes: wire})
		n += len(wire) + 86 // the block, Ethernet, IPv4 and TCP around it
	}
	s.Events = append(s.Events, capture.Event{Kind: capture.EventClosed, Time: t0 + capture.Timestamp(time.Hour)})
	return s, n
}

func benchMessage(kind string, i int) (protocol.Role, []byte) {
	from := protocol.FromClient
	if i%2 == 1 {
		from = protocol.FromServer
	}
	switch kind {
	case "large":
		return from, []byte(strings.Repeat(strconv.Itoa(i%10), 64<<10))
	case "mixed":
		n := 20 + (i*997)%(16<<10)
		return from, []byte(strings.Repeat("message "+strconv.Itoa(i)+" ", n/8+1)[:n])
	}
	return from, []byte(strings.Repeat("x", 100))
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
