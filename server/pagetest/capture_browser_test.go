package pagetest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/capture"
	"github.com/wsplay/wsplay/server/internal/browsertest"
)

// The captures section on files written by the core: what it lists, what
// it explains, hostile files, both languages, the keyboard and a phone.

// captureFile writes a capture with a WebSocket (the tutorials' frames, a
// broken one and a close) and a TLS connection, and returns its path and
// the core's reading of it.
func captureFile(t *testing.T) (string, *capture.Capture) {
	t.Helper()
	key := "dGhlIHNhbXBsZSBub25jZQ=="
	req := protocol.NewRequest(protocol.ClientRequest{Host: "127.0.0.1:8080", Path: "/chat", Key: key})
	up, err := protocol.CheckRequest(&req)
	require.NoError(t, err)
	t0 := capture.Timestamp(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC).UnixNano())
	ev := func(kind capture.EventKind, from protocol.Role, ms int, b []byte) capture.Event {
		return capture.Event{Kind: kind, From: from, Time: t0 + capture.Timestamp(ms)*capture.Timestamp(time.Millisecond), Bytes: b}
	}
	masked := func(fin bool, op protocol.Opcode, p string) []byte {
		return protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: fin, Opcode: op, Masked: true, MaskKey: [4]byte{0x37, 0xfa, 0x21, 0x3d}}, Payload: []byte(p)})
	}
	ws := capture.Session{Events: []capture.Event{
		ev(capture.EventRequest, protocol.FromClient, 0, protocol.AppendRequest(nil, req)),
		ev(capture.EventResponse, protocol.FromServer, 1, protocol.AppendResponse(nil, protocol.Accepted(up, ""))),
		ev(capture.EventFrame, protocol.FromClient, 2, masked(false, protocol.OpText, "Hel")),
		ev(capture.EventFrame, protocol.FromClient, 3, masked(true, protocol.OpPing, "ping")),
		ev(capture.EventFrame, protocol.FromClient, 4, masked(true, protocol.OpContinuation, "lo")),
		ev(capture.EventFrame, protocol.FromServer, 5, protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText}, Payload: []byte("Hello")})),
		ev(capture.EventFrame, protocol.FromClient, 6, masked(true, protocol.OpText, "bad \xc3\x28 text")),
		ev(capture.EventFrame, protocol.FromClient, 7, masked(true, protocol.OpClose, "\x03\xeabye")),
		{Kind: capture.EventClosed, By: protocol.FromClient, Time: t0 + capture.Timestamp(time.Second)},
	}}
	tlsHello := []byte{0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00}
	tls := capture.Session{Server: capture.IPv4(127, 0, 0, 1, 443), Events: []capture.Event{ev(capture.EventRequest, protocol.FromClient, 10, tlsHello)}}
	b, err := capture.Write(ws, tls)
	require.NoError(t, err)
	c, err := capture.Read(b, capture.Limits{})
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "lesson.pcapng")
	require.NoError(t, os.WriteFile(file, b, 0o644))
	return file, c
}

func openCapture(p *page, file string) {
	p.t.Helper()
	require.NoError(p.t, chromedp.Do(browsertest.Step(p.t, p.ctx), chromedp.SetUploadFiles(chromedp.CSS("#capture-file"), []string{file})))
	p.waitJS(`["capture.read", "capture.stopped", "capture.failedRead", "capture.tooBig"].includes(document.querySelector("#capture-status")?.dataset.key)`, "the page never read "+filepath.Base(file))
}

func TestCaptureBrowserSection(t *testing.T) {
	t.Parallel()
	file, c := captureFile(t)
	p := openPage(t, "/#capture")
	openCapture(p, file)
	assert.Contains(t, p.text("#capture-status"), "lesson.pcapng: pcapng, ")
	assert.Equal(t, []string{"websocket", "tls"}, eval[[]string](p, `[...document.querySelectorAll("#capture-connections li")].map(li => li.dataset.kind)`))

	// The WebSocket is picked first: its handshake line by line, its frames.
	ws := c.Connections[0]
	assert.Equal(t, headLines(ws.RequestHead), pageLines(p, "#capture-request"))
	assert.Equal(t, headLines(ws.ResponseHead), pageLines(p, "#capture-response"))
	assert.Contains(t, p.text("#capture-accept-ok"), "Sec-WebSocket-Accept")
	rows := eval[[]string](p, `[...document.querySelectorAll("#capture-timeline li[data-kind=frame]")].map(li => li.dataset.from + " " + li.dataset.packet)`)
	require.Len(t, rows, len(ws.Frames))
	for i, f := range ws.Frames {
		assert.Equal(t, f.From.String()+" "+strconv.Itoa(f.Packet), rows[i])
	}
	assert.Contains(t, p.text("#capture-timeline"), "+2.0 ms", "capture times from the connection's first packet")

	// The keyboard alone: the timeline is one Tab stop, ↓ walks it.
	p.focus("#capture-timeline li:first-child button")
	p.keys("\r")
	p.waitJS(`!!document.querySelector("#capture-frame-view .frameview")`, "the first frame was not shown")
	assert.Contains(t, p.text("#capture-frame-when"), "2026-12-03T09:00:00.002000Z")
	assert.Contains(t, p.text("#capture-frame-detail"), "37fa213d", "the masking key")
	assert.NotEmpty(t, p.texts("#capture-frame-view .fv-row"), "the core's fields of the frame")
	for range 4 {
		p.keys(kb.ArrowDown)
	}
	p.waitJS(`!!document.querySelector('#capture-frame-view .fv-violation[data-rule="text-invalid-utf8"]')`, "the broken frame's rule")
	assert.Equal(t, []string{"@11"}, eval[[]string](p, `[...document.querySelectorAll("#capture-frame-view .fv-violation")].map(v => v.dataset.fv)`),
		"the byte at fault (0x28 after 0xc3), counted in the frame's own bytes: 6 of header and key, 5 of payload")
	screenshotCapture(t, p, "en")

	// TLS: recognised and explained.
	p.focus(`#capture-connections li[data-kind="tls"] button`)
	p.keys("\r")
	p.waitJS(`document.querySelector("#capture-conn-kind")?.dataset.kind === "tls"`, "the TLS connection was not shown")
	assert.Contains(t, p.text("#capture-why"), "TLS session keys")
	browsertest.Screenshot(t, p.ctx, "en-capture-tls")

	// Chinese: the same view in the other language, no English prose left
	// but the core's own sentence (shown as code).
	p.open("/#capture&lang=zh-CN")
	openCapture(p, file)
	p.focus("#capture-timeline li:first-child button")
	p.keys("\r")
	p.waitJS(`!!document.querySelector("#capture-frame-view .frameview")`, "the first frame was not shown in Chinese")
	assert.Empty(t, englishRuns(p, "#capture"))
	screenshotCapture(t, p, "zh")
}

// On a 360-pixel phone nothing overflows the page's width.
func TestCaptureBrowserPhone(t *testing.T) {
	t.Parallel()
	file, _ := captureFile(t)
	p := openPage(t, "/#capture")
	require.NoError(t, chromedp.Do(browsertest.Step(t, p.ctx), chromedp.EmulateViewport(360, 800)))
	openCapture(p, file)
	p.focus("#capture-timeline li:nth-child(5) button")
	p.keys("\r")
	p.waitJS(`!!document.querySelector("#capture-frame-view .frameview")`, "no frame shown")
	// Wider parts that scroll inside their own box (the bit diagram) do not
	// widen the page.
	wide := eval[string](p, browsertest.Wider("#capture", 360))
	assert.Empty(t, wide, "parts of the section wider than the phone")
	screenshotCapture(t, p, "phone")
}

// Hostile files get a clear error or a partial result, and the page stays
// usable.
func TestCaptureBrowserHostileFiles(t *testing.T) {
	t.Parallel()
	file, _ := captureFile(t)
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, b, 0o644))
		return path
	}
	p := openPage(t, "/#capture")

	openCapture(p, write("cut.pcapng", b[:len(b)-40]))
	assert.Equal(t, "capture.stopped", eval[string](p, `document.querySelector("#capture-status").dataset.key`))
	assert.Contains(t, p.text("#capture-stopped"), "The file ends inside a header, a block or a packet record")
	assert.Contains(t, p.text("#capture-stopped"), "file-truncated")
	assert.Equal(t, "websocket", eval[string](p, `document.querySelector("#capture-connections li").dataset.kind`), "what came before is shown")

	openCapture(p, write("notes.txt", []byte("not a capture at all")))
	assert.Contains(t, p.text("#capture-stopped"), "Not a capture")
	assert.Contains(t, p.text("#capture-connections"), "no TCP connection")

	// A million two-byte frames: the core decodes the first 50,000, the
	// page draws them a thousand at a time.
	frames := strings.Repeat("\x81\x00", 1_000_000)
	tiny := capture.Session{Events: []capture.Event{
		{Kind: capture.EventRequest, From: protocol.FromClient, Bytes: []byte("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")},
		{Kind: capture.EventResponse, From: protocol.FromServer, Bytes: []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")},
		{Kind: capture.EventFrame, From: protocol.FromServer, Bytes: []byte(frames)},
	}}
	many, err := capture.Write(tiny)
	require.NoError(t, err)
	openCapture(p, write("many.pcapng", many))
	assert.Contains(t, eval[string](p, `document.querySelector("#capture-problems").textContent`), "limit-frames")
	assert.Equal(t, 1000, eval[int](p, `document.querySelectorAll("#capture-timeline li").length`))
	assert.Contains(t, p.text("#capture-more"), "49,000 left")

	// In the other language the section is drawn again, counts included.
	p.choose("#lang-select", "zh-CN")
	p.waitJS(`document.documentElement.lang === "zh-CN" && document.querySelector("#capture-more").textContent.includes("还剩")`, "the section was not redrawn in Chinese")
	assert.Equal(t, "再显示 1,000 帧（还剩 49,000 帧）", p.text("#capture-more"))
	assert.Equal(t, 1000, eval[int](p, `document.querySelectorAll("#capture-timeline li").length`))
}

// screenshotCapture saves the section's parts as the viewport shows them.
func screenshotCapture(t *testing.T, p *page, name string) {
	if !browsertest.Screenshots() {
		return
	}
	for _, part := range []string{"#capture", ".capture-list", ".capture-handshake", ".capture-frames", "#capture-frame-detail"} {
		if eval[bool](p, `(() => { const e = document.querySelector(`+quote(part)+`); e?.scrollIntoView({block: "start"}); return !!e })()`) {
			browsertest.Screenshot(t, p.ctx, name+"-capture"+strings.NewReplacer("#", "-", ".", "-").Replace(part))
		}
	}
}
