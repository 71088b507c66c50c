package pagetest

import (
	"bytes"
	"compress/flate"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
	"github.com/wsplay/wsplay/server/internal/browsertest"
)

// The Compression section (RFC 7692) and the permessage-deflate options of
// the frame builder and the decoder, in Chromium. Every expected byte comes
// from the core in Go or from compress/flate, never from the page itself.

const chromeOffer = "permessage-deflate; client_max_window_bits"

// goInflate reads a permessage-deflate payload with compress/flate: the
// tail appended, then an empty final block so that the reader ends.
func goInflate(t *testing.T, payload []byte) string {
	t.Helper()
	stream := append(append(append([]byte(nil), payload...), deflate.Tail[:]...), 0x01, 0x00, 0x00, 0xff, 0xff)
	out, err := io.ReadAll(flate.NewReader(bytes.NewReader(stream)))
	require.NoError(t, err)
	return string(out)
}

// answerOf is what the core's server policy answers to offer.
func answerOf(offer string) protocol.DeflateAnswer {
	return protocol.NegotiateDeflate(protocol.WsplayDeflate(), protocol.ParseExtensions(offer))
}

func TestCompressionNegotiation(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	assert.Equal(t, "permessage-deflate; client_max_window_bits", eval[string](p, `document.querySelector("#cp-offer").value`))
	assert.Equal(t, "Sec-WebSocket-Extensions: "+answerOf(chromeOffer).Header, p.text("#cp-answer-header"))
	bare := protocol.Note{ID: "pmd.param.client-max-window-bits.bare"}.English()
	assert.Contains(t, p.text(`#cp-offers li[data-param="client_max_window_bits"]`), bare)
	assert.Contains(t, p.text("#cp-offers .cp-outcome"), protocol.Note{ID: "pmd.accepted", Args: []string{answerOf(chromeOffer).Header}}.English())

	p.click("#cp-offer-firefox")
	p.waitJS(`document.querySelector("#cp-offer").value === "permessage-deflate"`, "the Firefox offer never came")
	assert.Equal(t, "Sec-WebSocket-Extensions: "+answerOf("permessage-deflate").Header, p.text("#cp-answer-header"))

	p.click("#cp-offer-invalid")
	offer := eval[string](p, `document.querySelector("#cp-offer").value`)
	a := answerOf(offer)
	require.True(t, a.Accepted)
	require.Equal(t, 1, a.Offer)
	outcomes := p.texts("#cp-offers .cp-outcome")
	require.Len(t, outcomes, 2)
	assert.Equal(t, a.Notes[0].Note.English(), outcomes[0], "the first offer is declined, with the core's reason")
	assert.Equal(t, "Sec-WebSocket-Extensions: "+a.Header, p.text("#cp-answer-header"))

	p.retype("#cp-offer", "permessage-deflate; client_no_context_takeover; client_no_context_takeover")
	p.waitJS(`!!document.querySelector("#cp-declined")`, "a duplicate parameter must be declined")
	assert.Contains(t, p.text("#cp-offers .cp-outcome"), "client_no_context_takeover")
}

func TestCompressionRFCExamples(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	for _, ex := range protocol.RFC7692Examples() {
		button := "#cp-ex-" + strings.ReplaceAll(ex.ID, ".", "-")
		p.click(button)
		p.waitJS(`document.querySelector(`+quote(button)+`).getAttribute("aria-pressed") === "true"`, ex.ID+" never showed")
		if ex.Payload != nil {
			assert.Equal(t, hexOf(ex.Payload), unspace(p.text("#cp-example-hex")), ex.ID)
			assert.Contains(t, p.text("#cp-example"), `"`+ex.Text+`"`, ex.ID)
		} else {
			var wire []byte
			for _, f := range ex.Frames {
				wire = append(wire, f...)
			}
			assert.Equal(t, hexOf(wire), viewBytes(p, "#cp-example-frames"), ex.ID)
			assert.Empty(t, violationRules(p, "#cp-example-frames"), ex.ID)
		}
		assert.Equal(t, strings.Split(ex.Text, ""), p.texts(`#cp-example-trace .dt-output .dt-out-byte`), ex.ID)
	}
	// The second Hello with the window kept copies "ello" from the first.
	p.click("#cp-ex-7-2-3-2-takeover")
	p.waitJS(`!!document.querySelector('#cp-example-trace .dt-item[data-dkind="copy"]')`, "no back-reference")
	copyNote := p.text(`#cp-example-trace .dt-item[data-dkind="copy"] .dt-note`)
	assert.Equal(t, protocol.Note{ID: "deflate.copy.earlier", Args: []string{"4", "5", "ello", "4"}}.English(), copyNote)
	p.focus(`#cp-example-trace .dt-item[data-dkind="copy"]`)
	assert.Equal(t, []string{"e", "l", "l", "o"}, p.texts("#cp-example-trace .dt-earlier .src"), "the copied bytes of the first message light up")
	// A second click closes it again.
	p.click("#cp-ex-7-2-3-2-takeover")
	p.waitJS(`!document.querySelector("#cp-example-trace")`, "the example never closed")
}

func TestCompressionMessageTrace(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	text := "abcabcabc, abcabcabc!"
	p.retype("#cp-text", text)
	want := deflate.NewCompressor(deflate.CompressorOptions{}).Compress(nil, []byte(text))
	p.waitJS(`document.querySelector("#cp-hex").textContent.replaceAll(" ", "") === "`+hexOf(want)+`"`, "the page's bytes are not the core's")
	assert.Equal(t, text, goInflate(t, want), "the payload inflates with compress/flate")
	assert.Equal(t, strings.Split(strings.ReplaceAll(text, " ", "␠"), ""), p.texts("#cp-trace .dt-output .dt-out-byte"), "spaces show as ␠")
	assert.Contains(t, p.text("#cp-summary"), strconv.Itoa(len(want))+" bytes of payload")

	// The bit grid holds the payload, then the 4 tail bytes marked +.
	grid := p.texts("#cp-trace .dt-byte-hex")
	require.Len(t, grid, len(want)+4)
	assert.Equal(t, []string{"+00", "+00", "+ff", "+ff"}, grid[len(want):])
	// Each bit as read: least significant bit of each byte first.
	bits := eval[string](p, `[...document.querySelectorAll("#cp-trace .dt-byte")].slice(0, 1).map(b => b.querySelector(".dt-byte-bits").textContent).join("")`)
	assert.Equal(t, lsbFirst(want[0]), bits)

	// A back-reference lights up the bytes it copies and those it makes.
	p.focus(`#cp-trace .dt-item[data-dkind="copy"]`)
	assert.Equal(t, []string{"a", "b", "c"}, p.texts("#cp-trace .dt-output .dt-out-byte.src")[:3])
	assert.NotEmpty(t, p.texts("#cp-trace .dt-output .dt-out-byte.made"))

	// Dynamic codes: the block describes its codes first.
	p.click("#cp-codes-dynamic")
	dyn := deflate.NewCompressor(deflate.CompressorOptions{Codes: deflate.CodesDynamic}).Compress(nil, []byte(text))
	p.waitJS(`document.querySelector("#cp-hex").textContent.replaceAll(" ", "") === "`+hexOf(dyn)+`"`, "dynamic codes never applied")
	assert.Equal(t, text, goInflate(t, dyn))
	assert.Len(t, p.texts(`#cp-trace .dt-item[data-dkind="count"]`), 3, "HLIT, HDIST, HCLEN")
	assert.Equal(t, 1, eval[int](p, `document.querySelectorAll("#cp-trace details.dt-tables").length`))

	// The input is in the link.
	p.waitJS(`location.hash.includes("cp.codes=dynamic")`, "the codes never reached the link")
	link := eval[string](p, `location.hash`)
	p.open("/" + link)
	assert.Equal(t, text, eval[string](p, `document.querySelector("#cp-text").value`))
	assert.Equal(t, hexOf(dyn), unspace(p.text("#cp-hex")))
}

// lsbFirst spells a byte's bits in the order DEFLATE reads them.
func lsbFirst(b byte) string {
	var s strings.Builder
	for k := 0; k < 8; k++ {
		s.WriteByte('0' + b>>k&1)
	}
	return s.String()
}

func TestCompressionTakeoverSavesBytes(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	first := "The quick brown fox jumps over the lazy dog."
	kept := deflate.NewCompressor(deflate.CompressorOptions{})
	kept.Compress(nil, []byte(first))
	withTakeover := kept.Compress(nil, []byte(first))
	without := deflate.NewCompressor(deflate.CompressorOptions{NoContextTakeover: true}).Compress(nil, []byte(first))
	require.Less(t, len(withTakeover), len(without))
	assert.Equal(t, strconv.Itoa(len(withTakeover)), eval[string](p, `document.querySelector("#cp-with .cp-size").dataset.bytes`))
	assert.Equal(t, strconv.Itoa(len(without)), eval[string](p, `document.querySelector("#cp-without .cp-size").dataset.bytes`))
	assert.Contains(t, p.text("#cp-saving"), strconv.Itoa(len(without)-len(withTakeover)))
	assert.Contains(t, p.text(`#cp-takeover-dtrace .dt-item[data-dkind="copy"] .dt-note`), "earlier message")

	p.retype("#cp-second", "something else entirely")
	p.waitJS(`document.querySelector("#cp-with .cp-size").dataset.bytes !== "`+strconv.Itoa(len(withTakeover))+`"`, "the comparison never followed the input")
}

func TestCompressionBuilderAndDecoder(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	// The builder's default is a masked "Hello" with RFC 6455's key: with
	// compression on it is RFC 7692's masked example byte for byte.
	var masked []byte
	for _, ex := range protocol.RFC7692Examples() {
		if ex.ID == "7.2.3.1-masked" {
			masked = ex.Frames[0]
		}
	}
	p.click("#fb-pmd")
	p.waitJS(`document.querySelector("#fb-hex").textContent.replaceAll(" ", "") === "`+hexOf(masked)+`"`, "the compressed frame is not RFC 7692's")
	assert.Empty(t, violationRules(p, "#fb-view"))
	assert.True(t, eval[bool](p, `document.querySelector("#fb-rsv1").disabled`), "permessage-deflate owns RSV1")
	assert.Contains(t, p.text("#fb-pmd-summary"), "compressed to 7 bytes")
	p.click("#fb-pmd-view summary")
	browsertest.ScreenshotOf(t, p.ctx, "compression-builder", "#frame .builder")
	browsertest.ScreenshotOf(t, p.ctx, "compression-builder-trace", "#fb-pmd-view")

	p.click("#fb-to-decoder")
	p.waitJS(`document.querySelector("#dc-pmd").checked && !!document.querySelector("#dc-inflated .dc-inflated-text")`, "the decoder never inflated the frame")
	assert.Equal(t, "Hello", strings.Trim(p.text("#dc-inflated .dc-inflated-text"), "“”\" "))
	assert.Empty(t, violationRules(p, "#dc-view"))
	assert.Len(t, p.texts(`#dc-inflated .dt-item[data-dkind="literal"]`), 5)
	browsertest.ScreenshotOf(t, p.ctx, "compression-decoder", "#decoder")

	// Without the extension agreed, RSV1 is a protocol error.
	p.click("#dc-pmd")
	p.waitJS(`!document.querySelector("#dc-inflated .dc-inflated-text")`, "the decoder still inflates")
	assert.Contains(t, violationRules(p, "#dc-view"), protocol.ErrReservedBits.ID)

	p.choose("#dc-preset", "bad-pmd-control")
	p.waitJS(`document.querySelector("#dc-pmd").checked`, "the preset never agreed to the extension")
	assert.Contains(t, violationRules(p, "#dc-view"), protocol.ErrCompressedControl.ID)

	// Two compressed messages sharing a window: the second inflates only
	// with context takeover.
	c := deflate.NewCompressor(deflate.CompressorOptions{})
	var wire []byte
	for range 2 {
		wire = protocol.AppendFrame(wire, protocol.CompressedFrames(protocol.OpText, c.Compress(nil, []byte("Hello")), 100)[0])
	}
	p.paste("#dc-hex", hexOf(wire))
	p.click("#dc-from-server")
	p.waitJS(`document.querySelectorAll("#dc-inflated .dc-inflated-text").length === 2`, "two messages never inflated")
	p.focus(`#dc-trace-1 .dt-item[data-dkind="copy"]`)
	assert.Equal(t, []string{"e", "l", "l", "o"}, p.texts("#dc-trace-1 .dt-earlier .src"), "the second Hello copies ello from the first")
	p.click("#dc-pmd-takeover")
	p.waitJS(`document.querySelectorAll("#dc-inflated .dc-inflated-text").length === 1`, "without takeover the second message must fail")
	assert.Contains(t, violationRules(p, "#dc-view"), protocol.ErrInflate.ID)
}

func TestCompressionLanguagesKeyboardAndPhone(t *testing.T) {
	t.Parallel()
	zh := loadTranslation(t, "zh-CN")
	en := loadTranslation(t, "en")
	p := openPage(t, "/")
	shots := func(lang string) {
		p.focus("#compression h2")
		eval[bool](p, `(document.getElementById("compression").scrollIntoView({block: "start"}), true)`)
		browsertest.Screenshot(t, p.ctx, "compression-"+lang+"-1280")
		browsertest.ScreenshotOf(t, p.ctx, "compression-"+lang+"-1280-full", "#compression")
		for _, part := range []string{"cp-trace", "cp-takeover-dtrace"} {
			p.focus(`#` + part + ` .dt-item[data-dkind="copy"]`)
			browsertest.ScreenshotOf(t, p.ctx, "compression-"+lang+"-"+part, "#"+part)
		}
	}
	assert.Equal(t, en.UI["compression.title"], p.text("#compression-title"))
	shots("en")

	// The keyboard alone: Tab reaches the list of items, the arrows walk it.
	p.focus(`#cp-trace .dt-item[tabindex="0"]`)
	n := eval[int](p, `[...document.querySelectorAll("#cp-trace .dt-item")].findIndex(e => e.dataset.dkind === "copy")`)
	require.Positive(t, n)
	for range n {
		p.keys(kb.ArrowDown)
	}
	assert.Equal(t, "copy", eval[string](p, `document.activeElement.dataset.dkind`))
	assert.NotEmpty(t, p.texts("#cp-trace .dt-out-byte.src"), "the focused back-reference shows its source")
	p.keys(kb.Home)
	assert.Equal(t, "info", eval[string](p, `document.activeElement.dataset.dkind`))
	p.focus("#cp-offer-firefox")
	p.keys(kb.Enter)
	p.waitJS(`document.querySelector("#cp-offer").value === "permessage-deflate"`, "Enter on an offer button did nothing")

	p.choose("#lang-select", "zh-CN")
	p.waitJS(`document.documentElement.lang === "zh-CN"`, "the language never switched")
	assert.Equal(t, zh.UI["compression.title"], p.text("#compression-title"))
	assert.Equal(t, zh.Notes["deflate.bit-order"], p.text("#cp-trace .dt-item .dt-note"))
	assert.Equal(t, zh.UI["compression.takeoverTrace"], p.text("#cp-takeover-dtrace .dt-title"))
	shots("zh-CN")

	// A phone: nothing in the section is wider than the screen.
	require.NoError(t, chromedp.Do(browsertest.Step(t, p.ctx), chromedp.EmulateViewport(360, 780)))
	p.click("#cp-ex-7-2-3-2-takeover")
	for _, lang := range []string{"zh-CN", "en"} {
		if lang == "en" {
			p.choose("#lang-select", "en")
			p.waitJS(`document.documentElement.lang === "en"`, "the language never switched back")
		}
		wide := eval[string](p, browsertest.Wider("#compression", 360))
		assert.Empty(t, wide, "%s: elements wider than a 360-px screen", lang)
		for _, at := range []string{"compression-title", "cp-answer", "cp-summary", "cp-trace", "cp-with", "cp-example"} {
			eval[bool](p, `(document.getElementById(`+quote(at)+`).scrollIntoView({block: "start"}), true)`)
			browsertest.Screenshot(t, p.ctx, "compression-"+lang+"-360-"+at)
		}
	}
}

func TestCompressionLargeAndHostileInput(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	big := strings.Repeat("permessage-deflate shrinks what repeats. ", 2500) // 102,500 bytes
	p.paste("#cp-text", big)
	p.waitJS(`document.querySelector("#cp-summary").textContent.startsWith("102,500 bytes of text")`, "a large message never compressed")
	want := deflate.NewCompressor(deflate.CompressorOptions{}).Compress(nil, []byte(big))
	assert.Contains(t, p.text("#cp-summary"), strconv.Itoa(len(want))+" bytes of payload")
	assert.LessOrEqual(t, eval[int](p, `document.querySelectorAll("#cp-trace .dt-byte").length`), 512, "the bit grid is capped")
	assert.LessOrEqual(t, eval[int](p, `document.querySelectorAll("#cp-trace .dt-item").length`), 1500, "the list is capped")
	assert.False(t, eval[bool](p, `location.hash.includes("cp.text=")`), "too long for a link")

	hostile := `<img src=x onerror="window.pwned=1">; permessage-deflate; x=<b>`
	p.paste("#cp-offer", hostile)
	p.waitJS(`document.querySelector("#cp-offers").textContent.includes("<img")`, "the offer is not shown as text")
	assert.False(t, eval[bool](p, `!!window.pwned || !!document.querySelector("#compression img, #compression b")`))
	assert.True(t, eval[bool](p, `!!document.querySelector("#cp-declined")`))
}
