//go:build js && wasm

package main

import (
	"encoding/hex"
	"strings"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/capture"
	"github.com/wsplay/wsplay/protocol/deflate"
)

const t0 = 1_796_292_000_000_000 // µs: 2026-12-03 09:20 UTC

// tapEvents is a tapped session in the tap's shape with its kind added, as
// the live section keeps it: the handshake, frames both ways (one masked,
// fragmented, control, invalid), and the end. ext is the agreed extension.
func tapEvents(t *testing.T, ext string, frames ...protocol.Frame) []any {
	t.Helper()
	req := protocol.NewRequest(protocol.ClientRequest{Host: "127.0.0.1:8080", Path: "/ws", Key: "dGhlIHNhbXBsZSBub25jZQ==", Extensions: extensions(ext)})
	up, err := protocol.CheckRequest(&req)
	require.NoError(t, err)
	resp := protocol.Accepted(up, "")
	if ext != "" {
		resp.Headers = append(resp.Headers, protocol.HeaderField{Name: "Sec-WebSocket-Extensions", Value: ext})
	}
	events := []any{
		testTapEvent("request", "client", t0, protocol.AppendRequest(nil, req)),
		testTapEvent("response", "server", t0+100, protocol.AppendResponse(nil, resp)),
	}
	for i, f := range frames {
		from := "server"
		if f.Masked {
			from = "client"
		}
		events = append(events, testTapEvent("frame", from, t0+1000*(i+1), protocol.AppendFrame(nil, f)))
	}
	return append(events, map[string]any{"kind": "closed", "t": t0 + 1_000_000, "conn": 1, "by": "client", "code": 1000, "clean": true})
}

func extensions(ext string) []string {
	if ext == "" {
		return nil
	}
	return []string{ext}
}

func testTapEvent(kind, from string, at int, b []byte) map[string]any {
	return map[string]any{"kind": kind, "t": at, "conn": 1, "from": from, "size": len(b), "hex": hex.EncodeToString(b)}
}

var key = [4]byte{0xde, 0xad, 0xbe, 0xef}

func lessonFrames() []protocol.Frame {
	c := func(fin bool, op protocol.Opcode, p string) protocol.Frame {
		return protocol.Frame{Header: protocol.Header{Fin: fin, Opcode: op, Masked: true, MaskKey: key}, Payload: []byte(p)}
	}
	s := func(op protocol.Opcode, p string) protocol.Frame {
		return protocol.Frame{Header: protocol.Header{Fin: true, Opcode: op}, Payload: []byte(p)}
	}
	return []protocol.Frame{
		c(true, protocol.OpText, "Hello"), s(protocol.OpText, "Hello"),
		c(false, protocol.OpText, "and a"), c(true, protocol.OpPing, "ping"), c(true, protocol.OpContinuation, " year!"),
		s(protocol.OpPong, "ping"), c(true, protocol.OpText, "\xff not UTF-8"),
		c(true, protocol.OpClose, "\x03\xe8bye"), s(protocol.OpClose, "\x03\xe8"),
	}
}

// written is writeCapture's file for events, checked to be what
// capture.Write makes of the same session.
func written(t *testing.T, events []any) []byte {
	t.Helper()
	res := callOK(t, "writeCapture", js.ValueOf(events))
	assert.Equal(t, 1, res.Get("connections").Int())
	return goBytes(t, res.Get("bytes"))
}

func TestWriteCaptureThenReadCapture(t *testing.T) {
	file := written(t, tapEvents(t, "", lessonFrames()...))
	c, err := capture.Read(file, capture.Limits{})
	require.NoError(t, err)
	require.Len(t, c.Connections, 1)
	want := c.Connections[0]

	res := callOK(t, "readCapture", jsBytes(file))
	assert.Equal(t, "pcapng", res.Get("format").String())
	assert.Equal(t, c.Packets, res.Get("packets").Int())
	assert.Zero(t, res.Get("problems").Length())
	conn := res.Get("connections").Index(0)
	assert.Equal(t, "websocket", conn.Get("kind").String())
	assert.False(t, conn.Get("skipped").Bool())
	assert.Equal(t, "127.0.0.1:8080", conn.Get("server").Get("endpoint").String())
	assert.Equal(t, "client", conn.Get("client").Get("from").String())
	assert.True(t, conn.Get("client").Get("syn").Bool())
	assert.Equal(t, string(want.RequestHead), conn.Get("request").Get("text").String())
	assert.Equal(t, "GET /ws HTTP/1.1", conn.Get("request").Get("lines").Index(0).Get("text").String())
	assert.Equal(t, 101, conn.Get("response").Get("status").Int())
	assert.Equal(t, "dGhlIHNhbXBsZSBub25jZQ==", conn.Get("upgrade").Get("key").String())
	assert.True(t, conn.Get("deflate").IsNull())
	assert.True(t, conn.Get("responseError").IsUndefined())

	frames := conn.Get("frames")
	require.Equal(t, len(want.Frames), frames.Length())
	require.Equal(t, len(lessonFrames()), frames.Length())
	for i, f := range want.Frames {
		g := frames.Index(i)
		assert.Equal(t, f.From.String(), g.Get("from").String())
		assert.Equal(t, f.Time.Micros(), int64(g.Get("t").Float()))
		assert.Equal(t, t0+1000*(i+1), g.Get("t").Int(), "the tap's time, in µs")
		assert.Equal(t, f.Packet, g.Get("packet").Int())
		assert.Equal(t, f.Header.String(), g.Get("header").String())
		assert.Equal(t, hex.EncodeToString(f.Payload), g.Get("payloadHex").String())
		assert.Equal(t, len(f.Fields), g.Get("fields").Length())
		assert.Equal(t, len(f.Violations), g.Get("violations").Length())
		wire := protocol.AppendFrame(nil, lessonFrames()[i])
		assert.Equal(t, hex.EncodeToString(wire), g.Get("headerHex").String()+g.Get("maskedPayloadHex").String(), "the frame's own bytes")
	}
	assert.Equal(t, "deadbeef", frames.Index(0).Get("maskKeyHex").String())
	assert.Equal(t, "and a year!", frames.Index(4).Get("message").Get("text").String(), "a ping between the fragments")
	bad := frames.Index(6).Get("violations").Index(0)
	assert.Equal(t, "text-invalid-utf8", bad.Get("rule").String())
	assert.Equal(t, int64(want.Frames[6].Violations[0].Offset), int64(bad.Get("offset").Int()), "counted in the client's bytes after the head")
	assert.Equal(t, 1000, frames.Index(7).Get("close").Get("code").Int())
}

// The frames of a capture have every property a decoded frame has.
func TestCaptureFramesHaveDecodesShape(t *testing.T) {
	file := written(t, tapEvents(t, "", lessonFrames()[0]))
	got := keys(callOK(t, "readCapture", jsBytes(file)).Get("connections").Index(0).Get("frames").Index(0))
	for _, k := range keys(callOK(t, "decode", "818537fa213d7f9f4d5158").Get("frames").Index(0)) {
		assert.Contains(t, got, k)
	}
	light := callOK(t, "readCapture", jsBytes(file), jsObj(map[string]any{"fields": false}))
	f := light.Get("connections").Index(0).Get("frames").Index(0)
	assert.Zero(t, f.Get("fields").Length(), "fields: false leaves the fields for a view of one frame")
	assert.Equal(t, "Hello", f.Get("payloadText").String())
}

// With frames: false the connections count their frames, and captureFrames
// hands them out a slice at a time, in the same shape.
func TestCaptureFramesGivesSlicesOfTheLastCapture(t *testing.T) {
	file := written(t, tapEvents(t, "", lessonFrames()...))
	api := installed(t)
	whole := api.Call("readCapture", jsBytes(file)).Get("connections").Index(0).Get("frames")
	lastCapture = nil
	assert.Contains(t, callErr(t, "captureFrames", 1), "call readCapture(bytes, {frames: false}) first")

	conn := api.Call("readCapture", jsBytes(file), jsObj(map[string]any{"frames": false})).Get("connections").Index(0)
	assert.Zero(t, conn.Get("frames").Length())
	assert.Equal(t, whole.Length(), conn.Get("frameCount").Int())
	part := api.Call("captureFrames", conn.Get("number"), jsObj(map[string]any{"start": 2, "count": 3}))
	assert.Equal(t, whole.Length(), part.Get("total").Int())
	require.Equal(t, 3, part.Get("frames").Length())
	for i := range 3 {
		assert.Equal(t, whole.Index(i+2).Get("headerHex").String(), part.Get("frames").Index(i).Get("headerHex").String())
		assert.Equal(t, whole.Index(i+2).Get("t").Int(), part.Get("frames").Index(i).Get("t").Int())
	}
	assert.Equal(t, 1, api.Call("captureFrames", 1, jsObj(map[string]any{"start": whole.Length() - 1})).Get("frames").Length())
	assert.Zero(t, api.Call("captureFrames", 1, jsObj(map[string]any{"start": 1000})).Get("frames").Length())
	assert.Contains(t, callErr(t, "captureFrames", 2), "the capture has no connection 2")
	assert.Contains(t, callErr(t, "captureFrames", 1, jsObj(map[string]any{"count": 0})), "count must be between 1 and 50000")
}

func keys(v js.Value) []string { return strs(js.Global().Get("Object").Call("keys", v)) }

func TestReadCaptureInflatesCompressedMessages(t *testing.T) {
	const ext = "permessage-deflate; server_no_context_takeover; client_max_window_bits=12"
	client := deflate.NewCompressor(deflate.CompressorOptions{WindowBits: 12})
	server := deflate.NewCompressor(deflate.CompressorOptions{NoContextTakeover: true})
	text := strings.Repeat("squeeze me ", 30)
	var frames []protocol.Frame
	for _, f := range protocol.CompressedFrames(protocol.OpText, client.Compress(nil, []byte(text)), 10) {
		f.Masked, f.MaskKey = true, key
		frames = append(frames, f)
	}
	frames = append(frames, protocol.CompressedFrames(protocol.OpBinary, server.Compress(nil, []byte(text)), 0)...)
	frames = append(frames, protocol.Frame{Header: protocol.Header{Fin: true, Rsv1: true, Opcode: protocol.OpText}, Payload: []byte{0xff}})
	conn := callOK(t, "readCapture", jsBytes(written(t, tapEvents(t, ext, frames...)))).Get("connections").Index(0)
	d := conn.Get("deflate")
	assert.Equal(t, 12, d.Get("clientWindowBits").Int())
	assert.True(t, d.Get("serverNoContextTakeover").Bool())
	fs := conn.Get("frames")
	n := fs.Length()
	last := fs.Index(n - 3)
	assert.True(t, last.Get("compressed").Bool())
	assert.Equal(t, "inflated", last.Get("inflation").String())
	assert.Equal(t, text, last.Get("message").Get("text").String(), "the inflated text, not the DEFLATE bytes")
	assert.Equal(t, len(text), last.Get("message").Get("length").Int())
	assert.Equal(t, "", fs.Index(0).Get("inflation").String(), "the message is inflated on its last frame")
	bin := fs.Index(n - 2).Get("inflated")
	assert.Equal(t, text, string(goBytes(t, bin.Get("payload"))))
	bad := fs.Index(n - 1)
	assert.Equal(t, "failed", bad.Get("inflation").String())
	assert.True(t, bad.Get("message").Get("text").IsNull(), "no text while it stays compressed")
	assert.Equal(t, "pmd-inflate", bad.Get("violations").Index(0).Get("rule").String())
}

// Hostile files get a partial result and the problem that stopped the
// reading, or a clear error; never a panic.
func TestReadCaptureHostileFiles(t *testing.T) {
	file := written(t, tapEvents(t, "", lessonFrames()...))
	res := call(t, "readCapture", jsBytes(file[:len(file)-50]))
	require.Equal(t, js.TypeObject, res.Get("error").Type())
	assert.Equal(t, "file-truncated", res.Get("error").Get("id").String())
	assert.Contains(t, res.Get("error").Get("message").String(), "at byte")
	assert.Equal(t, 1, res.Get("connections").Length(), "what came before is kept")

	res = call(t, "readCapture", "00112233445566")
	assert.Equal(t, "file-format", res.Get("error").Get("id").String())
	assert.True(t, res.Get("format").IsNull())
	assert.Equal(t, int64(0), int64(res.Get("error").Get("offset").Int()))

	// A huge snaplen, and a record of 2 MiB: more than a packet may be.
	huge := append(mustHex(t, "d4c3b2a1020004000000000000000000ffffffff01000000"), mustHex(t, "000000000000000000002000ffffffff")...)
	res = call(t, "readCapture", jsBytes(append(huge, make([]byte, 2<<20)...)))
	assert.True(t, res.Get("error").IsUndefined(), "the reader skips the record and goes on")
	assert.Equal(t, "record-length", res.Get("problems").Index(0).Get("id").String())
	assert.Equal(t, 1<<32-1, res.Get("interfaces").Index(0).Get("snapLen").Int())
	res = call(t, "readCapture", jsBytes(huge))
	assert.Equal(t, "file-truncated", res.Get("error").Get("id").String(), "a length the file cannot hold")

	// A million tiny packets are cut at maxPackets.
	res = call(t, "readCapture", jsBytes(file), jsObj(map[string]any{"maxPackets": 5}))
	assert.Equal(t, "limit-packets", res.Get("problems").Index(0).Get("id").String())

	assert.Contains(t, callErr(t, "readCapture"), "bytes are required")
	assert.Contains(t, callErr(t, "readCapture", jsBytes(file), jsObj(map[string]any{"maxFrames": 1e9})), "maxFrames must be between 1 and 50000")
}

func TestWriteCaptureGroupsConnectionsAndRefusesBadEvents(t *testing.T) {
	one := tapEvents(t, "", lessonFrames()[:2]...)
	two := tapEvents(t, "", lessonFrames()[7:]...)
	for _, ev := range two {
		ev.(map[string]any)["conn"] = 2
	}
	events := append([]any{one[0], two[0], map[string]any{"kind": "dropped", "t": t0, "count": 3}}, append(one[1:], two[1:]...)...)
	res := callOK(t, "writeCapture", js.ValueOf(map[string]any{"events": events}))
	assert.Equal(t, 2, res.Get("connections").Int())
	c, err := capture.Read(goBytes(t, res.Get("bytes")), capture.Limits{})
	require.NoError(t, err)
	require.Len(t, c.Connections, 2)
	assert.Len(t, c.Connections[0].Frames, 2)
	assert.Len(t, c.Connections[1].Frames, 2)

	for _, tc := range []struct {
		event map[string]any
		want  string
	}{
		{map[string]any{"kind": "hello"}, `events[0].kind must be request, response, frame, closed or dropped, not "hello"`},
		{map[string]any{"kind": "frame", "hex": "8100"}, `events[0].from is required`},
		{map[string]any{"kind": "frame", "from": "proxy", "hex": "8100"}, `events[0].from must be "client" or "server", not "proxy"`},
		{map[string]any{"kind": "frame", "from": "client"}, "events[0] needs its bytes"},
		{map[string]any{"kind": "frame", "from": "client", "hex": "81z"}, "hex"},
		{map[string]any{"kind": "frame", "from": "client", "hex": "8100", "size": -1}, "size must be between"},
		{map[string]any{"kind": "frame", "from": "client", "hex": "8100", "size": 1 << 40}, "size must be between"},
	} {
		assert.Contains(t, callErr(t, "writeCapture", js.ValueOf([]any{tc.event})), tc.want)
	}
	assert.Contains(t, callErr(t, "writeCapture", "8100"), "give the tap's events")
	assert.Contains(t, callErr(t, "writeCapture"), "give the tap's events")
}
