//go:build js && wasm

package main

import (
	"math/rand"
	"strings"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
	"github.com/wsplay/wsplay/protocol/protocoltest"
)

func rfc7692(t *testing.T) map[string]protocoltest.DeflateExample { return protocoltest.LoadDeflate(t) }

// items returns the trace items of kind.
func items(trace js.Value, kind string) []js.Value {
	var out []js.Value
	all := trace.Get("items")
	for i := 0; i < all.Length(); i++ {
		if it := all.Index(i); it.Get("kind").String() == kind {
			out = append(out, it)
		}
	}
	return out
}

func TestInflateRFC7692Examples(t *testing.T) {
	t.Parallel()
	for id, ex := range rfc7692(t) {
		if ex.Deflate == nil {
			continue
		}
		opts := map[string]any{}
		if ex.Previous != "" {
			first := deflate.NewCompressor(deflate.CompressorOptions{}).Compress(nil, []byte(ex.Previous))
			opts["history"] = []any{protocol.Hex(first)}
		}
		res := callOK(t, "inflate", protocol.Hex(ex.Deflate), jsObj(opts))
		assert.True(t, res.Get("ok").Bool(), id)
		assert.Equal(t, ex.Text, res.Get("text").String(), id)
		assert.Equal(t, protocol.Hex([]byte(ex.Text)), res.Get("hex").String(), id)
		assert.Equal(t, js.TypeNull, res.Get("error").Type(), id)
	}
}

func TestInflateTraceOfHello(t *testing.T) {
	t.Parallel()
	res := callOK(t, "inflate", "f248cdc9c90700")
	tr := res.Get("trace")
	require.Equal(t, 2, tr.Get("blocks").Length(), "the message's block, then the sync flush's empty stored block")
	assert.Equal(t, "fixed", tr.Get("blocks").Index(0).Get("type").String())
	assert.Equal(t, "stored", tr.Get("blocks").Index(1).Get("type").String())
	hdr := items(tr, "block-header")
	require.Len(t, hdr, 4)
	assert.Equal(t, "deflate.bfinal.0", hdr[0].Get("id").String())
	assert.Equal(t, "0", hdr[0].Get("code").String(), "bit 0 of f2")
	assert.Equal(t, "deflate.btype.fixed", hdr[1].Get("id").String())
	assert.Equal(t, "10", hdr[1].Get("code").String(), "bits 1 and 2 of f2 as read, least significant first")
	assert.Equal(t, "01", hdr[1].Get("value").String(), "BTYPE as a number, most significant first")
	lits := items(tr, "literal")
	require.Len(t, lits, 5)
	for i, c := range "Hello" {
		assert.Equal(t, protocol.Hex([]byte{byte(c)}), lits[i].Get("outHex").String())
		assert.Equal(t, lits[i].Get("value").String(), lits[i].Get("code").String(), "a Huffman code reads most significant bit first")
		assert.Equal(t, string(c), lits[i].Get("args").Index(2).String())
		assert.NotEmpty(t, lits[i].Get("text").String())
	}
	tail := items(tr, "tail")
	require.Len(t, tail, 1)
	assert.Equal(t, "0000ffff", tr.Get("tail").Get("hex").String())
	assert.Equal(t, 7*8, tr.Get("tail").Get("bit").Int())
	assert.Equal(t, strings.Repeat("0", 16)+strings.Repeat("1", 16), tail[0].Get("code").String())
}

func TestInflateBackReferenceIntoHistory(t *testing.T) {
	t.Parallel()
	res := callOK(t, "inflate", "f200110000", jsObj(map[string]any{"history": []any{"f248cdc9c90700"}}))
	copies := items(res.Get("trace"), "copy")
	require.Len(t, copies, 1)
	c := copies[0]
	assert.Equal(t, 4, c.Get("length").Int())
	assert.Equal(t, 5, c.Get("distance").Int())
	assert.Equal(t, "656c6c6f", c.Get("copiedHex").String())
	assert.True(t, c.Get("fromEarlierMessage").Bool())
	assert.Equal(t, 4, c.Get("earlierBytes").Int())
	assert.Equal(t, "656c6c6f", res.Get("earlierHex").String(), "the window as far back as the copy reaches: ello")
	assert.Equal(t, "", callOK(t, "inflate", "f248cdc9c90700", jsObj(map[string]any{"history": []any{"f248cdc9c90700"}})).Get("earlierHex").String(),
		"a message that copies nothing from the window needs none of it")

	alone := call(t, "inflate", "f200110000", jsObj(map[string]any{"history": []any{"f248cdc9c90700"}, "takeover": false}))
	assert.False(t, alone.Get("ok").Bool(), "without takeover the history is ignored")
	e := alone.Get("error")
	assert.Equal(t, "distance-too-far", e.Get("id").String())
	assert.Equal(t, protocol.ErrInflate.ID, e.Get("rule").String())
	assert.Equal(t, "3.2.5", e.Get("section").String())
	assert.Equal(t, js.TypeNull, alone.Get("text").Type())
	assert.NotEmpty(t, items(alone.Get("trace"), "error"))
}

// window gives the earlier messages' inflated bytes instead of replaying
// them compressed: the same copy, the same answer as with history.
func TestInflateWithAWindow(t *testing.T) {
	t.Parallel()
	viaHistory := callOK(t, "inflate", "f200110000", jsObj(map[string]any{"history": []any{"f248cdc9c90700"}}))
	viaWindow := callOK(t, "inflate", "f200110000", jsObj(map[string]any{"window": "48656c6c6f"}))
	assert.Equal(t, "Hello", viaWindow.Get("text").String())
	assert.Equal(t, viaHistory.Get("hex").String(), viaWindow.Get("hex").String())
	assert.Equal(t, viaHistory.Get("earlierHex").String(), viaWindow.Get("earlierHex").String())
	assert.True(t, items(viaWindow.Get("trace"), "copy")[0].Get("fromEarlierMessage").Bool())
	// Only the last 2^windowBits bytes count: a longer window is cut.
	long := callOK(t, "inflate", "f200110000", jsObj(map[string]any{"window": strings.Repeat("00", 300) + "48656c6c6f", "windowBits": 8}))
	assert.Equal(t, "Hello", long.Get("text").String())
	assert.Contains(t, callErr(t, "inflate", "f200110000", jsObj(map[string]any{"window": "48", "history": []any{"f248cdc9c90700"}})), "not both")
}

func TestInflateErrors(t *testing.T) {
	t.Parallel()
	res := call(t, "inflate", "07")
	assert.False(t, res.Get("ok").Bool())
	assert.Equal(t, "reserved-block-type", res.Get("error").Get("id").String())
	assert.Equal(t, 0, res.Get("error").Get("offset").Int())

	// A stored block that promises 65535 bytes and holds none: truncated.
	res = call(t, "inflate", "01ffff0000")
	assert.Equal(t, "truncated", res.Get("error").Get("id").String())

	for _, tc := range []struct {
		args []any
		want string
	}{
		{nil, "message is required"},
		{[]any{"zz"}, "message:"},
		{[]any{"00", jsObj(map[string]any{"windowBits": 7})}, "windowBits must be between 8 and 15"},
		{[]any{"00", jsObj(map[string]any{"history": "00"})}, "history must be an array"},
		{[]any{"00", jsObj(map[string]any{"history": []any{"07"}})}, "history[0] does not inflate"},
	} {
		assert.Contains(t, callErr(t, "inflate", tc.args...), tc.want)
	}
}

func TestInflateBombStopsAtTheCap(t *testing.T) {
	t.Parallel()
	bomb := deflate.NewCompressor(deflate.CompressorOptions{}).Compress(nil, make([]byte, maxInflate+1))
	res := call(t, "inflate", jsBytes(bomb), jsObj(map[string]any{"maxItems": 10}))
	assert.False(t, res.Get("ok").Bool())
	assert.Equal(t, protocol.ErrTooBig.ID, res.Get("error").Get("rule").String())
	assert.True(t, res.Get("trace").Get("truncated").Bool())
}

func TestCompressRFC7692Examples(t *testing.T) {
	t.Parallel()
	ex := rfc7692(t)
	first := callOK(t, "compress", "Hello")
	assert.Equal(t, protocol.Hex(ex["7.2.3.1-payload"].Deflate), first.Get("hex").String())
	assert.Equal(t, "fixed", first.Get("blockType").String())
	second := callOK(t, "compress", "Hello", jsObj(map[string]any{"history": []any{"Hello"}}))
	assert.Equal(t, protocol.Hex(ex["7.2.3.2-takeover"].Deflate), second.Get("hex").String())
	tokens := second.Get("tokens")
	require.Equal(t, 2, tokens.Length())
	assert.Equal(t, "literal", tokens.Index(0).Get("kind").String())
	assert.Equal(t, int('H'), tokens.Index(0).Get("literal").Int())
	m := tokens.Index(1)
	assert.Equal(t, "match", m.Get("kind").String())
	assert.Equal(t, []int{1, 4, 5}, []int{m.Get("at").Int(), m.Get("length").Int(), m.Get("distance").Int()})
	assert.Equal(t, "656c6c6f", m.Get("copiedHex").String())
	assert.True(t, m.Get("fromEarlierMessage").Bool())
	assert.Equal(t, 4, second.Get("earlierBytes").Int())
	copies := items(second.Get("trace"), "copy")
	require.Len(t, copies, 1, "the trace is the inflater's reading, the history replayed")
	assert.True(t, copies[0].Get("fromEarlierMessage").Bool())

	plain := callOK(t, "compress", "Hello", jsObj(map[string]any{"history": []any{"Hello"}, "takeover": false}))
	assert.Equal(t, protocol.Hex(ex["7.2.3.2-no-takeover"].Deflate), plain.Get("hex").String())
}

func TestCompressCodes(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("permessage-deflate ", 40)
	for codes, want := range map[string]string{"fixed": "fixed", "dynamic": "dynamic"} {
		res := callOK(t, "compress", text, jsObj(map[string]any{"codes": codes}))
		assert.Equal(t, want, res.Get("blockType").String(), codes)
		back := callOK(t, "inflate", res.Get("hex"))
		assert.Equal(t, text, back.Get("text").String(), codes)
		blocks := res.Get("trace").Get("blocks")
		assert.Equal(t, want, blocks.Index(0).Get("type").String())
		if want == "dynamic" {
			assert.Positive(t, blocks.Index(0).Get("literalCodes").Length())
			assert.Positive(t, blocks.Index(0).Get("codeLengthCodes").Length())
		}
	}
	auto := callOK(t, "compress", text)
	bits := auto.Get("bits")
	smallest := min(bits.Get("stored").Int(), bits.Get("fixed").Int(), bits.Get("dynamic").Int())
	assert.Equal(t, smallest, bits.Get(auto.Get("blockType").String()).Int(), "auto takes the smallest block")
	bin := callOK(t, "compress", jsBytes([]byte{0, 1, 2, 0xff}))
	assert.Equal(t, "000102ff", callOK(t, "inflate", bin.Get("hex")).Get("hex").String())
	assert.Contains(t, callErr(t, "compress", "x", jsObj(map[string]any{"codes": "huffman"})), `codes must be "auto"`)
	assert.Contains(t, callErr(t, "compress"), "message is required")
}

func TestDecodeInflatesRSV1Messages(t *testing.T) {
	t.Parallel()
	ex := rfc7692(t)
	for _, id := range []string{"7.2.3.1-frame", "7.2.3.1-masked", "7.2.3.1-fragmented"} {
		var wire []byte
		for _, w := range ex[id].Wire {
			wire = append(wire, w...)
		}
		res := callOK(t, "decode", jsBytes(wire), jsObj(map[string]any{"deflate": map[string]any{"windowBits": 15}}))
		frames := res.Get("frames")
		last := frames.Index(frames.Length() - 1)
		assert.Equal(t, 0, res.Get("violations").Length(), id)
		assert.Equal(t, "Hello", last.Get("message").Get("text").String(), id)
		inf := last.Get("inflated")
		require.Equal(t, js.TypeObject, inf.Type(), id)
		assert.Equal(t, "Hello", inf.Get("text").String(), id)
		assert.Len(t, items(inf.Get("trace"), "literal"), 5, id)
		assert.Equal(t, "f248cdc9c90700", inf.Get("compressedHex").String(), id)
		if frames.Length() > 1 {
			assert.True(t, frames.Index(0).Get("inflated").IsUndefined(), "only the frame that ends the message")
		}
	}
	// The same Hello twice with a shared window: the second copies from the first.
	wire := "c107f248cdc9c90700" + "c105f200110000"
	res := callOK(t, "decode", wire, jsObj(map[string]any{"deflate": true}))
	second := res.Get("frames").Index(1).Get("inflated")
	assert.Equal(t, "Hello", second.Get("text").String())
	assert.True(t, items(second.Get("trace"), "copy")[0].Get("fromEarlierMessage").Bool())
	res = callOK(t, "decode", wire, jsObj(map[string]any{"deflate": map[string]any{"takeover": false}}))
	assert.Equal(t, protocol.ErrInflate.ID, res.Get("violations").Index(0).Get("rule").String())
	assert.False(t, res.Get("frames").Index(1).Get("inflated").Get("ok").Bool())
}

// A message that does not inflate leaves the window as it was, in the
// core's Decode and in the traces alike: the message after it, copying
// from the one before, inflates in both, so its trace and the violations
// never disagree.
func TestDecodeAfterAFailedMessage(t *testing.T) {
	t.Parallel()
	wire := "c107f248cdc9c90700" + "c10107" + "c105f200110000" // Hello, broken data, Hello copied from the first
	res := callOK(t, "decode", wire, jsObj(map[string]any{"deflate": true}))
	require.Equal(t, 1, res.Get("violations").Length(), "only the broken message breaks a rule")
	assert.Equal(t, protocol.ErrInflate.ID, res.Get("violations").Index(0).Get("rule").String())
	frames := res.Get("frames")
	assert.False(t, frames.Index(1).Get("inflated").Get("ok").Bool())
	third := frames.Index(2).Get("inflated")
	assert.True(t, third.Get("ok").Bool(), "the core inflated it too: no violation names it")
	assert.Equal(t, "Hello", third.Get("text").String())
}

func TestDecodeDeflateRules(t *testing.T) {
	t.Parallel()
	for wire, rule := range map[string]string{
		"c900":                        protocol.ErrCompressedControl.ID,
		"4103f248cd" + "c004c9c90700": protocol.ErrCompressedContinuation.ID,
		"c10107":                      protocol.ErrInflate.ID,
	} {
		res := callOK(t, "decode", wire, jsObj(map[string]any{"deflate": true}))
		require.Positive(t, res.Get("violations").Length(), wire)
		assert.Equal(t, rule, res.Get("violations").Index(0).Get("rule").String(), wire)
	}
	plain := callOK(t, "decode", "c107f248cdc9c90700")
	assert.Equal(t, protocol.ErrReservedBits.ID, plain.Get("violations").Index(0).Get("rule").String(), "without the extension RSV1 is an error")
	assert.Contains(t, callErr(t, "decode", "00", jsObj(map[string]any{"deflate": map[string]any{"windowBits": 16}})), "windowBits")
}

func TestEncodeCompressed(t *testing.T) {
	t.Parallel()
	res := callOK(t, "encode", jsObj(map[string]any{"payloadText": "Hello", "compressed": true}))
	assert.Equal(t, "c107f248cdc9c90700", res.Get("hex").String(), "RFC 7692 7.2.3.1")
	assert.Equal(t, 0, res.Get("violations").Length())
	assert.Equal(t, "f248cdc9c90700", res.Get("compressed").Get("hex").String())
	assert.Equal(t, 5, res.Get("compressed").Get("tokens").Length())
	again := callOK(t, "encode", jsObj(map[string]any{"payloadText": "Hello", "compressed": true, "history": []any{"Hello"}}))
	assert.Equal(t, "c105f200110000", again.Get("hex").String())
	for op, want := range map[int]string{9: protocol.ErrCompressedControl.ID, 0: protocol.ErrCompressedContinuation.ID} {
		assert.Contains(t, callErr(t, "encode", jsObj(map[string]any{"opcode": op, "compressed": true})), want)
	}
	plain := callOK(t, "encode", jsObj(map[string]any{"payloadText": "Hello"}))
	assert.True(t, plain.Get("compressed").IsUndefined())
}

func TestNegotiate(t *testing.T) {
	t.Parallel()
	chrome := "permessage-deflate; client_max_window_bits"
	res := callOK(t, "negotiate", chrome)
	want := protocol.NegotiateDeflate(protocol.WsplayDeflate(), protocol.ParseExtensions(chrome))
	assert.True(t, res.Get("accepted").Bool())
	assert.Equal(t, want.Header, res.Get("header").String())
	assert.Equal(t, 0, res.Get("offer").Int())
	offer := res.Get("offers").Index(0)
	assert.Equal(t, "pmd.param.client-max-window-bits.bare", offer.Get("params").Index(0).Get("note").Get("id").String())
	assert.Equal(t, "pmd.accepted", offer.Get("outcome").Get("id").String())
	params := res.Get("params")
	assert.Equal(t, want.Params.ClientMaxWindowBits, params.Get("clientMaxWindowBits").Int())
	assert.Equal(t, want.Params.ServerNoContextTakeover, params.Get("serverNoContextTakeover").Bool())
	answer := res.Get("answer").Get("params")
	assert.Equal(t, len(protocol.ParseExtensions(want.Header)[0].Params), answer.Length())

	firefox := callOK(t, "negotiate", []any{"permessage-deflate"})
	assert.True(t, firefox.Get("accepted").Bool())

	two := callOK(t, "negotiate", "permessage-deflate; server_max_window_bits=16, permessage-deflate")
	assert.Equal(t, 1, two.Get("offer").Int(), "the first acceptable offer")
	assert.Equal(t, "pmd.bad-window", two.Get("offers").Index(0).Get("outcome").Get("id").String())

	dup := callOK(t, "negotiate", "permessage-deflate; client_no_context_takeover; client_no_context_takeover")
	assert.False(t, dup.Get("accepted").Bool())
	assert.Equal(t, "", dup.Get("header").String())
	assert.Equal(t, js.TypeNull, dup.Get("params").Type())

	off := callOK(t, "negotiate", chrome, jsObj(map[string]any{"deflate": false}))
	assert.False(t, off.Get("accepted").Bool())
	assert.Equal(t, js.TypeNull, off.Get("offers").Index(0).Get("outcome").Type())
	assert.Contains(t, callErr(t, "negotiate"), "offer is required")
}

func TestDeflateExamples(t *testing.T) {
	t.Parallel()
	res := callOK(t, "deflateExamples")
	examples := protocol.RFC7692Examples()
	require.Equal(t, len(examples), res.Length())
	for i, ex := range examples {
		got := res.Index(i)
		assert.Equal(t, ex.ID, got.Get("id").String())
		assert.Equal(t, protocol.Hex(ex.Payload), got.Get("hex").String(), ex.ID)
		assert.Equal(t, len(ex.Frames), got.Get("frames").Length(), ex.ID)
		assert.Equal(t, ex.Previous, got.Get("previous").String(), ex.ID)
	}
}

func TestDecodeTracesShareABudget(t *testing.T) {
	t.Parallel()
	// 40 compressed messages of 400 literals each: 16,000 items in all.
	c := deflate.NewCompressor(deflate.CompressorOptions{NoContextTakeover: true, Codes: deflate.CodesFixed})
	r := rand.New(rand.NewSource(1))
	var wire []byte
	for range 40 {
		msg := make([]byte, 400)
		r.Read(msg)
		wire = protocol.AppendFrame(wire, protocol.CompressedFrames(protocol.OpBinary, c.Compress(nil, msg), 1<<20)[0])
	}
	res := callOK(t, "decode", jsBytes(wire), jsObj(map[string]any{"deflate": map[string]any{"takeover": false}}))
	frames := res.Get("frames")
	require.Equal(t, 40, frames.Length())
	total := 0
	for i := 0; i < frames.Length(); i++ {
		inf := frames.Index(i).Get("inflated")
		assert.True(t, inf.Get("ok").Bool(), "every message inflates whatever the trace budget")
		total += inf.Get("trace").Get("items").Length()
	}
	assert.LessOrEqual(t, total, decodeMaxItems+40)
	assert.True(t, frames.Index(39).Get("inflated").Get("trace").Get("truncated").Bool())
}
