package pagetest

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/protocoltest"
	"github.com/wsplay/wsplay/server/internal/browsertest"
	"github.com/wsplay/wsplay/site"
)

// The playground page in a real Chromium, section by section: drive the
// controls as a person would, read what the page shows and compare it with
// what the protocol core computes in Go for the same input.

func TestPageSections(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	t.Run("handshake", func(t *testing.T) { checkHandshake(t, p) })
	t.Run("frame builder", func(t *testing.T) { checkFrameBuilder(t, p) })
	t.Run("masking", func(t *testing.T) { checkMasking(t, p) })
	t.Run("decoder", func(t *testing.T) { checkDecoder(t, p) })
	t.Run("fragmentation", func(t *testing.T) { checkFragmentation(t, p) })
	t.Run("control frames", func(t *testing.T) { checkControlFrames(t, p) })
	t.Run("why masking", func(t *testing.T) { checkProxy(t, p) })
}

func checkHandshake(t *testing.T, p *page) {
	p.t = t
	const key = "dGhlIHNhbXBsZSBub25jZQ=="
	p.retype("#ws-key", key)
	p.waitJS(`document.querySelector("#out-key").value === `+quote(key), "the typed key never showed")
	trace := protocol.TraceAccept(key)
	assert.Equal(t, trace.Accept, p.text("#out-accept"))
	assert.Equal(t, trace.Concat, p.text("#out-concat"))
	assert.Equal(t, trace.SHA1Hex, p.text("#out-sha1"))

	// The base64 groups: bytes and characters of each, as the core splits them.
	groups := p.texts("#accept-groups tbody tr td:nth-child(6)")
	require.Len(t, groups, len(trace.Groups))
	for i, g := range trace.Groups {
		assert.Equal(t, g.Chars, groups[i], "group %d", i)
	}

	// The request and the 101 answer, line by line.
	req := protocol.NewRequest(protocol.ClientRequest{Host: strings.TrimPrefix(p.base, "http://"), Path: "/chat", Key: key, Origin: p.base})
	assert.Equal(t, headLines(protocol.AppendRequest(nil, req)), pageLines(p, "#hs-request"))
	u, err := protocol.CheckRequest(&req)
	require.NoError(t, err)
	assert.Equal(t, headLines(protocol.AppendResponse(nil, protocol.Accepted(u, ""))), pageLines(p, "#hs-response"))
	refusal := protocol.Refusal(&protocol.Violation{Rule: protocol.ErrVersion, Offset: -1, Value: `"8"`})
	assert.Equal(t, headLines(protocol.AppendResponse(nil, refusal)), pageLines(p, "#hs-426"))
	assert.Equal(t, strings.TrimSpace(refusal.Body), p.text("#hs-426 li.body .http-line"))

	// Step through the derivation with the keyboard: Start, then → three
	// times shows the third step (key + GUID) with the core's sentence.
	p.click("#handshake .stepper-first")
	p.focus("#accept-trace")
	p.keys(kb.ArrowRight, kb.ArrowRight, kb.ArrowRight)
	notes := trace.Notes()
	assert.Equal(t, notes[2].English(), strings.TrimSpace(p.text("#accept-narration")))
	assert.Equal(t, "concat", eval[string](p, `document.querySelector("#accept-trace .trace-row.current [data-i18n]").dataset.i18n.split(".").pop()`))
	assert.Equal(t, 3, eval[int](p, `document.querySelectorAll("#accept-trace .trace-row:not(.pending)").length`))
	p.keys(kb.End)
	assert.Equal(t, 0, eval[int](p, `document.querySelectorAll("#accept-trace .pending").length`), "End shows every step")
}

// headLines splits an HTTP head into its lines, without the body and the
// empty line.
func headLines(b []byte) []string {
	head, _, _ := strings.Cut(string(b), "\r\n\r\n")
	return strings.Split(head, "\r\n")
}

// pageLines reads the HTTP lines a list shows, without the empty-line marker.
func pageLines(p *page, list string) []string {
	return p.texts(list + " li:not(.blank):not(.body) .http-line")
}

func checkFrameBuilder(t *testing.T, p *page) {
	p.t = t
	// A binary frame, not final, masked with a chosen key.
	p.click("#fb-fin")
	p.choose("#fb-opcode", "2")
	p.retype("#fb-key", "01020304")
	p.retype("#fb-payload", "Hello, wsplay")
	h := protocol.Header{Fin: false, Opcode: protocol.OpBinary, Masked: true, MaskKey: [4]byte{1, 2, 3, 4}}
	want := protocol.AppendFrame(nil, protocol.Frame{Header: h, Payload: []byte("Hello, wsplay")})
	p.waitJS(`document.querySelector("#fb-hex").innerText.replaceAll(" ", "") === `+quote(hexOf(want)), "the builder never showed the frame")
	assert.Equal(t, hexOf(want), unspace(p.text("#fb-hex")))

	// The bit diagram spells the first two bytes.
	bits := strings.Join(p.texts("#fb-view .fv-bitgroup .fv-bit"), "")
	assert.Equal(t, fmt.Sprintf("%08b%08b", want[0], want[1]), bits)

	// The field table lists the core's fields, in order, with their values.
	d := protocol.Decode(want, protocol.Limits{From: protocol.FromClient})
	require.Len(t, d.Frames, 1)
	ids := eval[[]string](p, `[...document.querySelectorAll("#fb-view .fv-row")].map(r => r.dataset.field)`)
	values := p.texts("#fb-view .fv-row .fv-value")
	require.Len(t, ids, len(d.Frames[0].Fields))
	for i, f := range d.Frames[0].Fields {
		assert.Equal(t, f.ID, ids[i])
		assert.Equal(t, f.Value, values[i], f.ID)
	}
	notes := p.texts("#fb-view .fv-row .fv-note")
	assert.Equal(t, d.Frames[0].Fields[0].Note.English(), notes[0], "FIN's meaning comes from the core")

	// Focusing a field's row highlights its bits and bytes, and the reverse.
	p.focus(`#fb-view .fv-row[data-field="opcode"]`)
	assert.True(t, eval[bool](p, `document.querySelector('#fb-view .fv-bitgroup[data-field="opcode"]').classList.contains("hl")`))
	assert.Equal(t, 1, eval[int](p, `document.querySelectorAll('#fb-view .fv-chunk.hl').length`), "byte 0 lights up")
	p.focus(`#fb-view .fv-chunk[data-kind="key"]`)
	assert.Equal(t, []string{"mask-key"}, eval[[]string](p, `[...document.querySelectorAll("#fb-view .fv-row.hl")].map(r => r.dataset.field)`))

	// The keyboard walks the fields (↑ ↓) and the bit and byte groups (← →).
	p.focus(`#fb-view .fv-row[data-field="fin"]`)
	p.keys(kb.ArrowDown, kb.ArrowDown, kb.ArrowDown, kb.ArrowDown)
	assert.Equal(t, "opcode", eval[string](p, `document.activeElement.dataset.field`))
	assert.True(t, eval[bool](p, `document.querySelector('#fb-view .fv-bitgroup[data-field="opcode"]').classList.contains("hl")`))
	p.keys(kb.ArrowRight)
	assert.Equal(t, "fin", eval[string](p, `document.activeElement.dataset.field`), "→ enters the bit groups")
	assert.Equal(t, []string{"fin"}, eval[[]string](p, `[...document.querySelectorAll("#fb-view .fv-row.hl")].map(r => r.dataset.field)`))

	// Forcing the 16-bit length shows the 126 marker, the ladder step and
	// the rule that forbids it.
	p.choose("#fb-lenform", "16")
	h.LengthForm = protocol.Length16
	want = protocol.AppendFrame(nil, protocol.Frame{Header: h, Payload: []byte("Hello, wsplay")})
	p.waitJS(`document.querySelector("#fb-hex").innerText.replaceAll(" ", "") === `+quote(hexOf(want)), "the 16-bit length never showed")
	assert.Equal(t, "16", eval[string](p, `document.querySelector("#fb-ladder li.current").dataset.form`))
	assert.Equal(t, []string{protocol.ErrLengthNotMinimal.ID}, violationRules(p, "#fb-view"))
	p.choose("#fb-lenform", "0")

	// An opcode reserved by the RFC is marked as such in words.
	label := eval[string](p, `document.querySelector('#fb-opcode option[value="3"]').textContent`)
	assert.Contains(t, label, "reserved")
	assert.Contains(t, label, protocol.Opcode(3).Hex())

	// Bad input: a 3-byte key is refused with a clear message, not a crash.
	p.retype("#fb-key", "010203")
	p.waitJS(`!!document.querySelector("#fb-summary .error")`, "a 3-byte key gave no error")
	assert.Contains(t, p.text("#fb-summary"), "4 bytes")
	p.retype("#fb-key", "01020304")
	p.click("#fb-fin")
}

// violationRules lists the rule ids a frame view shows.
func violationRules(p *page, view string) []string {
	return eval[[]string](p, `[...document.querySelectorAll(`+quote(view+" .fv-violation")+`)].map(v => v.dataset.rule)`)
}

func checkMasking(t *testing.T, p *page) {
	p.t = t
	p.retype("#mk-payload", "WebSocket!")
	p.retype("#mk-key", "a1b2c3d4")
	payload, key := []byte("WebSocket!"), [4]byte{0xa1, 0xb2, 0xc3, 0xd4}
	steps := protocol.TraceMask(payload, key, 0)
	p.waitJS(`document.querySelectorAll("#mk-table tbody tr").length === `+strconv.Itoa(len(steps))+
		` && document.querySelector("#mk-table tbody tr td:nth-child(4) code").innerText === "a1"`, "the masking table never updated")

	// Every row: i, i mod 4, original, key byte and result, in hex and bits.
	rows := eval[[][]string](p, `[...document.querySelectorAll("#mk-table tbody tr")].map(r => [...r.querySelectorAll("td")].map(c => c.innerText))`)
	require.Len(t, rows, len(steps))
	for i, s := range steps {
		assert.Equal(t, strconv.Itoa(s.I), rows[i][0])
		assert.Equal(t, strconv.Itoa(s.J), rows[i][1])
		assert.Equal(t, fmt.Sprintf("%02x %08b", s.Original, s.Original), rows[i][2], "row %d original", i)
		assert.Equal(t, fmt.Sprintf("%02x %08b key[%d]", s.Key, s.Key, s.J), rows[i][3], "row %d key", i)
		assert.Equal(t, fmt.Sprintf("%02x %08b", s.Result, s.Result), rows[i][4], "row %d result", i)
	}

	// The masked line and the round trip come from the core's Mask.
	masked := append([]byte(nil), payload...)
	protocol.Mask(masked, key, 0)
	assert.Equal(t, hexOf(masked), unspace(p.text("#mk-masked")))
	assert.Equal(t, hexOf(payload), unspace(p.text("#mk-unmasked")))
	assert.Equal(t, "true", eval[string](p, `document.querySelector("#mk-same").dataset.same`))

	// Step with the keyboard on the table: Home, then two steps.
	p.focus("#mk-table")
	p.keys(kb.Home, kb.ArrowRight, kb.ArrowRight)
	assert.Equal(t, "1", eval[string](p, `document.querySelector("#mk-table tr[aria-current]").dataset.i`))
	assert.Equal(t, steps[1].Note().English(), p.text("#mk-narration"))
	assert.Equal(t, len(steps)-2, eval[int](p, `document.querySelectorAll("#mk-table tbody tr.pending").length`))
	p.keys(kb.ArrowLeft)
	assert.Equal(t, steps[0].Note().English(), p.text("#mk-narration"))
	p.click("#mask .stepper-all")
	assert.Equal(t, 0, eval[int](p, `document.querySelectorAll("#mk-table tbody tr.pending").length`))

	// Odd hex is refused with a message, and the page keeps working.
	p.click("#mk-mode-hex")
	p.retype("#mk-payload", "abc")
	p.waitJS(`!!document.querySelector("#mk-error .error")`, "odd hex gave no error")
	p.retype("#mk-payload", "abcd")
	p.waitJS(`!document.querySelector("#mk-error .error") && document.querySelectorAll("#mk-table tbody tr").length === 2`, "even hex did not recover")
	p.click("#mk-mode-text")
}

// invalidVectors returns the invalid frames of the core's test vectors.
func invalidVectors(t *testing.T) []protocoltest.Invalid {
	return protocoltest.Load(t).Invalid
}

func checkDecoder(t *testing.T, p *page) {
	p.t = t
	for _, v := range invalidVectors(t) {
		wire := v.Wire
		from := protocol.FromServer
		if v.From == "client" {
			from = protocol.FromClient
		}
		p.click("#dc-from-" + v.From)
		p.paste("#dc-hex", hex.EncodeToString(v.Wire))
		d := protocol.Decode(wire, protocol.Limits{From: from})
		require.NotEmpty(t, d.Violations, v.Name)
		want := make([]string, len(d.Violations))
		for i, x := range d.Violations {
			want[i] = x.Rule.ID + "@" + strconv.FormatInt(x.Offset, 10)
		}
		p.waitJS(`document.querySelector("#dc-summary").dataset.violations === "`+strconv.Itoa(len(want))+`"`, v.Name)
		got := eval[[]string](p, `[...document.querySelectorAll("#dc-view .fv-violation")].map(v => v.dataset.rule + "@" + v.dataset.offset)`)
		assert.Equal(t, want, got, v.Name)
		// Each violation names its RFC section and, when tied to a byte,
		// that byte is marked in the dump.
		for _, x := range d.Violations {
			assert.Contains(t, p.text(`#dc-view .fv-violation[data-rule="`+x.Rule.ID+`"]`), "section "+x.Rule.Section, v.Name)
			if x.Offset >= 0 && x.Offset < int64(len(wire)) {
				assert.True(t, eval[bool](p, `!!document.querySelector('#dc-view .fv-byte.bad[data-offset="`+strconv.FormatInt(x.Offset, 10)+`"]')`), "%s: byte %d marked", v.Name, x.Offset)
			}
		}
	}

	// Two valid frames from the server: a fragmented "Hello".
	var wire []byte
	for _, f := range protocol.SplitMessage(protocol.OpText, []byte("Hello"), 3) {
		wire = protocol.AppendFrame(wire, f)
	}
	p.click("#dc-from-server")
	p.paste("#dc-hex", hexOf(wire))
	p.waitJS(`document.querySelectorAll("#dc-view .fv-frame").length === 2`, "two frames never showed")
	assert.Equal(t, 0, eval[int](p, `document.querySelectorAll("#dc-view .fv-violation").length`))
	assert.Contains(t, p.text("#dc-view .fv-frame:nth-of-type(2) .fv-message"), "Hello")

	// Hex with an odd number of digits is an error, not a crash.
	p.paste("#dc-hex", "81 0")
	p.waitJS(`!!document.querySelector("#dc-view .error")`, "odd hex gave no error")
}

func checkFragmentation(t *testing.T, p *page) {
	p.t = t
	const msg = "Hello fragmented world"
	p.click("#fr-mode-size")
	p.retype("#fr-text", msg)
	p.retype("#fr-size", "4")
	frames := protocol.SplitMessage(protocol.OpText, []byte(msg), 4)
	p.waitJS(`document.querySelectorAll("#fr-frames tbody tr").length === `+strconv.Itoa(len(frames)), "the frames never showed")
	got := eval[[]string](p, `[...document.querySelectorAll("#fr-frames tbody tr td:nth-child(5)")].map(c => c.innerText.replaceAll(" ", ""))`)
	fins := eval[[]string](p, `[...document.querySelectorAll("#fr-frames tbody tr")].map(r => r.dataset.fin + "/" + r.dataset.opcode)`)
	require.Len(t, got, len(frames))
	for i, f := range frames {
		assert.Equal(t, hexOf(protocol.AppendFrame(nil, f)), got[i], "frame %d", i)
		assert.Equal(t, fmt.Sprintf("%t/%d", f.Fin, f.Opcode), fins[i], "frame %d", i)
	}
	assert.Contains(t, p.text("#fr-messages"), msg, "reassembled")

	// The tutorial's example: "hello", then one message in three frames.
	p.click("#fr-mode-tutorial")
	var wire []byte
	for _, f := range []struct {
		fin  bool
		op   protocol.Opcode
		text string
	}{{true, protocol.OpText, "hello"}, {false, protocol.OpText, "and a"}, {false, protocol.OpContinuation, "happy new"}, {true, protocol.OpContinuation, "year!"}} {
		wire = protocol.AppendFrame(wire, protocol.Frame{Header: protocol.Header{Fin: f.fin, Opcode: f.op}, Payload: []byte(f.text)})
	}
	d := protocol.Decode(wire, protocol.Limits{From: protocol.FromServer})
	var messages []string
	for _, f := range d.Frames {
		if f.Message != nil {
			messages = append(messages, string(f.Message.Payload))
		}
	}
	require.Equal(t, []string{"hello", "and ahappy newyear!"}, messages)
	p.waitJS(`document.querySelectorAll("#fr-frames tbody tr").length === 4`, "the tutorial frames never showed")
	assert.Equal(t, messages, p.texts("#fr-messages .message-text"))
	assert.Equal(t, hexOf(wire), strings.Join(eval[[]string](p, `[...document.querySelectorAll("#fr-frames tbody tr td:nth-child(5)")].map(c => c.innerText.replaceAll(" ", ""))`), ""))
	p.click("#fr-mode-size")
}

func checkControlFrames(t *testing.T, p *page) {
	p.t = t
	// The opcode table: sixteen rows, named by the core; the callout gets
	// close, ping and pong right.
	values := p.texts("#cf-opcodes tbody tr td:first-child")
	require.Len(t, values, 16)
	for i, v := range values {
		assert.Equal(t, protocol.Opcode(i).Hex(), v)
	}
	watch := p.text("#cf-watch")
	assert.Contains(t, watch, "close is "+protocol.OpClose.Hex())
	assert.Contains(t, watch, "ping is "+protocol.OpPing.Hex())
	assert.Contains(t, watch, "pong is "+protocol.OpPong.Hex())

	// A ping from the server, and the pong the client answers, masked.
	p.click("#cf-from-server")
	p.retype("#cf-key", "0a0b0c0d")
	p.retype("#cf-ping", "abc")
	ping := protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpPing}, Payload: []byte("abc")})
	pong := protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpPong, Masked: true, MaskKey: [4]byte{10, 11, 12, 13}}, Payload: []byte("abc")})
	p.waitJS(`[...document.querySelectorAll("#cf-ping-view .fv-byte")].map(b => b.firstChild.textContent).join("") === `+quote(hexOf(ping)), "the ping never showed")
	assert.Equal(t, hexOf(pong), viewBytes(p, "#cf-pong-view"))

	// A close frame with a picked code and a typed reason.
	p.click("#cf-from-client")
	p.choose("#cf-code", "1001")
	p.retype("#cf-reason", "bye now")
	closeFrame := protocol.AppendFrame(nil, protocol.Frame{
		Header:  protocol.Header{Fin: true, Opcode: protocol.OpClose, Masked: true, MaskKey: [4]byte{10, 11, 12, 13}},
		Payload: protocol.AppendClose(nil, 1001, "bye now"),
	})
	p.waitJS(`[...document.querySelectorAll("#cf-close-view .fv-byte")].map(b => b.firstChild.textContent).join("") === `+quote(hexOf(closeFrame)), "the close frame never showed")
	assert.Contains(t, p.text("#cf-close-view"), "bye now")

	// 1005 may not be sent: the page says which rule, and why.
	p.choose("#cf-code", "1005")
	p.waitJS(`!!document.querySelector("#cf-close-error .error")`, "1005 gave no error")
	assert.Equal(t, protocol.ErrCloseCodeLocal.ID, eval[string](p, `document.querySelector("#cf-close-error .error").dataset.rule`))
	var never []string
	for _, c := range protocol.NamedStatusCodes() {
		if c.NeverOnWire() {
			never = append(never, strconv.Itoa(int(c)))
		}
	}
	assert.Equal(t, never, eval[[]string](p, `[...document.querySelectorAll("#cf-local li")].map(li => li.dataset.code)`))
	p.choose("#cf-code", "1000")
}

// viewBytes joins the bytes a frame view shows.
func viewBytes(p *page, view string) string {
	return eval[string](p, `[...document.querySelectorAll(`+quote(view+" .fv-byte")+`)].map(b => b.firstChild.textContent).join("")`)
}

func checkProxy(t *testing.T, p *page) {
	p.t = t
	// The default payload is a request head: unmasked, a proxy parses it;
	// masked, it does not (the core's ParseRequest plays the proxy).
	crafted := []byte("GET /app.js HTTP/1.1\r\nHost: news.example\r\n\r\n")
	_, n, err := protocol.ParseRequest(crafted)
	require.NoError(t, err)
	require.Positive(t, n)
	assert.Equal(t, "true", eval[string](p, `document.querySelector("#px-plain").dataset.parsed`))
	assert.Equal(t, "false", eval[string](p, `document.querySelector("#px-masked").dataset.parsed`))
	assert.Contains(t, p.text("#px-plain"), "GET /app.js HTTP/1.1")

	p.retype("#px-key", "11223344")
	masked := append([]byte(nil), crafted...)
	protocol.Mask(masked, [4]byte{0x11, 0x22, 0x33, 0x44}, 0)
	_, n, err = protocol.ParseRequest(masked)
	assert.False(t, n > 0 && err == nil, "the masked payload must not parse")
	p.waitJS(`document.querySelector("#px-masked .wire-line:nth-child(2) code").innerText.replaceAll(" ", "") === `+quote(hexOf(masked)), "the masked payload never showed")
	assert.Equal(t, "false", eval[string](p, `document.querySelector("#px-masked").dataset.parsed`))

	// Header overhead: the frame headers are the core's sizes.
	p.retype("#px-size", "300")
	p.waitJS(`document.querySelector('#px-overhead [data-row="server"]').dataset.head === "4"`, "the overhead never updated")
	assert.Equal(t, strconv.Itoa(protocol.Header{Length: 300}.Size()), eval[string](p, `document.querySelector('#px-overhead [data-row="server"]').dataset.head`))
	assert.Equal(t, strconv.Itoa(protocol.Header{Length: 300, Masked: true}.Size()), eval[string](p, `document.querySelector('#px-overhead [data-row="client"]').dataset.head`))
}

// sectionIDs are the page's sections in tutorial order.
var sectionIDs = []string{"handshake", "frame", "mask", "decoder", "lab", "fragment", "control", "compression", "proxy", "live", "capture"}

func TestPageLanguages(t *testing.T) {
	t.Parallel()
	en, zh := loadTranslation(t, "en"), loadTranslation(t, "zh-CN")
	p := openPageAsBrowser(t, "/")

	// A fresh profile has no stored choice: the page follows the browser's
	// language (zh* means Chinese). Start the checks from English.
	want := "en"
	if strings.HasPrefix(strings.ToLower(eval[string](p, `navigator.language`)), "zh") {
		want = "zh-CN"
	}
	assert.Equal(t, want, eval[string](p, `document.documentElement.lang`))
	if want != "en" {
		p.choose("#lang-select", "en")
		p.waitJS(`document.documentElement.lang === "en"`, "the language never switched")
	}
	assert.Equal(t, en.UI["frame.title"], p.text("#frame-title"))
	assert.Equal(t, protocol.Note{ID: "fin.1"}.English(), p.text(`#fb-view .fv-row[data-field="fin"] .fv-note`))
	browsertest.Screenshot(t, p.ctx, "en-top")
	screenshotSections(t, p, "en")

	// Switch with the keyboard; every text follows, the core's notes too.
	p.choose("#lang-select", "zh-CN")
	p.waitJS(`document.documentElement.lang === "zh-CN"`, "the language never switched")
	for _, id := range sectionIDs[:7] {
		assert.Equal(t, zh.UI[id+".title"], p.text("#"+id+"-title"), id)
	}
	assert.Equal(t, zh.Notes["fin.1"], p.text(`#fb-view .fv-row[data-field="fin"] .fv-note`))
	assert.Equal(t, fill(zh.Notes["field.opcode"]), p.text(`#fb-view .fv-row[data-field="opcode"] th`))
	assert.Equal(t, fill(zh.UI["stepper.status"], "12", "12"), p.text("#handshake .stepper-status"))
	assert.NotEqual(t, en.UI["frame.summary"], zh.UI["frame.summary"])
	assert.Contains(t, p.text("#fb-summary"), "字节")
	assert.Equal(t, fill(zh.UI["status.ready"], protocol.Version), p.text("#status"))

	// A violation explained in Chinese, rule id unchanged.
	p.click("#dc-from-client")
	p.paste("#dc-hex", "810548656c6c6f")
	p.waitJS(`document.querySelector("#dc-view .fv-violation")?.dataset.rule === "`+protocol.ErrUnmaskedClientFrame.ID+`"`, "no violation shown")
	assert.Contains(t, p.text("#dc-view .fv-violation strong"), strings.TrimSuffix(zh.Notes["rule."+protocol.ErrUnmaskedClientFrame.ID], "。"))
	eval[bool](p, `(window.scrollTo(0, 0), true)`)
	browsertest.Screenshot(t, p.ctx, "zh-CN-top")
	screenshotSections(t, p, "zh-CN")

	// The choice is remembered.
	p.open("/")
	assert.Equal(t, "zh-CN", eval[string](p, `document.documentElement.lang`))
	assert.Equal(t, zh.UI["mask.title"], p.text("#mask-title"))
	p.choose("#lang-select", "en")
	p.waitJS(`document.documentElement.lang === "en"`, "the language never switched back")
	assert.Equal(t, en.UI["mask.title"], p.text("#mask-title"))
}

// screenshotSections saves every section as the viewport shows its top and,
// with WSPLAY_SCREENSHOTS_FULL=1 (slower), as a whole.
func screenshotSections(t *testing.T, p *page, lang string) {
	for _, id := range sectionIDs {
		p.focus("#" + id + " h2")
		eval[bool](p, `(document.getElementById(`+quote(id)+`).scrollIntoView({block: "start"}), true)`)
		browsertest.Screenshot(t, p.ctx, lang+"-"+id)
		if os.Getenv("WSPLAY_SCREENSHOTS_FULL") == "1" {
			browsertest.ScreenshotOf(t, p.ctx, lang+"-"+id+"-full", "#"+id)
		}
	}
}

// translation is one of the page's i18n files.
type translation struct {
	UI    map[string]string `json:"ui"`
	Notes map[string]string `json:"notes"`
}

func loadTranslation(t *testing.T, lang string) translation {
	t.Helper()
	raw, err := fs.ReadFile(site.Files, "i18n/"+lang+".json")
	require.NoError(t, err)
	var tr translation
	require.NoError(t, json.Unmarshal(raw, &tr))
	return tr
}

// fill replaces {0}, {1}… as the page does.
func fill(template string, args ...string) string {
	for i, a := range args {
		template = strings.ReplaceAll(template, "{"+strconv.Itoa(i)+"}", a)
	}
	return template
}

func TestPageSharedLinkAndModes(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")

	// Change inputs in several sections, as a person would.
	p.retype("#ws-key", "x3JJHMbDL1EzLkh9GBhXDw==")
	p.choose("#fb-opcode", "2")
	p.retype("#fb-payload", "share me")
	p.retype("#mk-key", "deadbeef")
	p.focus("#mk-table")
	p.keys(kb.Home, kb.ArrowRight, kb.ArrowRight)
	p.click("#dc-from-server")
	p.paste("#dc-hex", "8a0548656c6c6f")
	p.retype("#fr-size", "3")
	p.choose("#cf-code", "1001")
	p.waitJS(`["handshake.key=", "frame.payload=share", "mask.key=deadbeef", "mask.step=2", "decoder.hex=8a05", "fragment.size=3", "control.code=1001"].every(k => location.hash.includes(k))`,
		"the hash never held every input")

	view := func() map[string]string {
		return eval[map[string]string](p, `Object.fromEntries(["#out-accept", "#fb-hex", "#fb-view", "#mk-table", "#mk-narration", "#dc-view", "#fr-frames", "#cf-close-view"].map(s => [s, document.querySelector(s).innerText]))`)
	}
	before := view()
	assert.Equal(t, hexOf(protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpBinary, Masked: true, MaskKey: [4]byte{0x37, 0xfa, 0x21, 0x3d}}, Payload: []byte("share me")})), unspace(before["#fb-hex"]))

	// Copy link shows the link; opening it gives the same view.
	p.click("#copy-link")
	p.waitJS(`!document.querySelector("#share").hidden`, "the link never showed")
	link := eval[string](p, `document.querySelector("#share-url").value`)
	assert.Equal(t, eval[string](p, `location.href`), link)
	require.True(t, strings.HasPrefix(link, p.base+"/#"), link)
	p.open(strings.TrimPrefix(link, p.base))
	assert.Equal(t, before, view(), "the shared link reproduces the view")

	// A link followed in the same tab changes only the hash: the view follows.
	eval[bool](p, `(location.hash = "#mask.payload=Hi&mask.key=01020304", true)`)
	p.waitJS(`document.querySelectorAll("#mk-table tbody tr").length === 2 && document.querySelector("#mk-table tbody tr td:nth-child(4) code").innerText === "01"`, "the view never followed the new hash")
	assert.Equal(t, hexOf(protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText, Masked: true, MaskKey: [4]byte{0x37, 0xfa, 0x21, 0x3d}}, Payload: []byte("Hello")})), unspace(p.text("#fb-hex")), "inputs missing from the hash go back to their defaults")
	p.open(strings.TrimPrefix(link, p.base))

	// Presentation mode: one section at a time, moved with the keyboard.
	p.click("#present-toggle")
	p.waitJS(`document.documentElement.classList.contains("presenting")`, "presentation mode never started")
	visible := func() []string {
		return eval[[]string](p, `[...document.querySelectorAll("section[data-section]")].filter(s => s.offsetParent !== null).map(s => s.id)`)
	}
	assert.Equal(t, []string{"handshake"}, visible())
	p.focus("#present-toggle")
	p.keys(kb.PageDown)
	assert.Equal(t, []string{"frame"}, visible())
	p.keys("3")
	assert.Equal(t, []string{"mask"}, visible())
	browsertest.Screenshot(t, p.ctx, "present-mask-light")
	p.focus("#present-next")
	p.keys(kb.ArrowRight)
	assert.Equal(t, []string{"decoder"}, visible())
	assert.Contains(t, p.text("#present-where"), "4 / 11")
	p.choose("#theme-select", "dark")
	assert.Equal(t, "dark", eval[string](p, `document.documentElement.dataset.theme`))
	browsertest.Screenshot(t, p.ctx, "present-decoder-dark")
	p.focus("#present-next")
	p.keys(kb.End)
	assert.Equal(t, []string{"capture"}, visible(), "the live and captures sections are part of the slides")

	// The mode and the slide are part of the link.
	p.waitJS(`location.hash.includes("present=1") && location.hash.includes("section=capture")`, "the hash never held the slide")
	p.open("/" + eval[string](p, `location.hash`))
	assert.True(t, eval[bool](p, `document.documentElement.classList.contains("presenting")`))
	assert.Equal(t, []string{"capture"}, visible())
	p.focus("#present-prev")
	p.keys(kb.Escape)
	assert.False(t, eval[bool](p, `document.documentElement.classList.contains("presenting")`))
	assert.Len(t, visible(), len(sectionIDs))
	p.choose("#theme-select", "light")
}

func TestPageEmbed(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/embed.html#section=mask&mask.payload=Hi!&mask.key=01020304")
	assert.Equal(t, []string{"mask"}, eval[[]string](p, `[...document.querySelectorAll("section[data-section]")].map(s => s.id)`))
	assert.False(t, eval[bool](p, `!!document.querySelector("#toc, #present-toggle")`), "no page chrome in an embed")
	steps := protocol.TraceMask([]byte("Hi!"), [4]byte{1, 2, 3, 4}, 0)
	results := p.texts("#mk-table tbody tr td:nth-child(5) code.hex")
	require.Len(t, results, len(steps))
	for i, s := range steps {
		assert.Equal(t, fmt.Sprintf("%02x", s.Result), results[i])
	}
	assert.Contains(t, eval[string](p, `document.querySelector("#embed-full").href`), "index.html#")
	browsertest.Screenshot(t, p.ctx, "embed-mask")

	// Another section, dark, in Chinese, from the link alone.
	p.open("/embed.html#section=frame&theme=dark&lang=zh-CN&frame.payload=嗨")
	assert.Equal(t, "zh-CN", eval[string](p, `document.documentElement.lang`))
	assert.Equal(t, "dark", eval[string](p, `document.documentElement.dataset.theme`))
	want := protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText, Masked: true, MaskKey: [4]byte{0x37, 0xfa, 0x21, 0x3d}}, Payload: []byte("嗨")})
	assert.Equal(t, hexOf(want), unspace(p.text("#fb-hex")))
	browsertest.Screenshot(t, p.ctx, "embed-frame-dark-zh")
	browsertest.ScreenshotOf(t, p.ctx, "embed-frame-dark-zh-full", "#frame")
}

func TestPageHostileAndLargeInput(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	const attack = `<img src=x onerror="window.__xss=1">`

	// Typed into the builder, markup stays text.
	p.paste("#fb-payload", attack)
	p.waitJS(`document.querySelector("#fb-view .fv-text")?.textContent === `+quote(attack), "the payload never showed as text")
	assert.Equal(t, 0, eval[int](p, `document.querySelectorAll("img").length`), "no element from the payload")

	// Arriving in a link (decoder hex of a frame that carries it), too.
	frame := protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText}, Payload: []byte(attack)})
	p.open("/#decoder.from=server&decoder.hex=" + hexOf(frame) + "&fragment.text=" + strings.ReplaceAll(attack, " ", "%20"))
	assert.Equal(t, attack, eval[string](p, `document.querySelector("#dc-view .fv-text").textContent`))
	assert.Contains(t, p.text("#fr-messages"), attack)
	assert.Equal(t, 0, eval[int](p, `document.querySelectorAll("img").length`))
	assert.False(t, eval[bool](p, `"__xss" in window`), "the onerror handler never ran")

	// A 1 MiB payload is summarised: first and last bytes, and the lengths.
	eval[bool](p, `(() => { const a = document.querySelector("#fb-payload"); a.value = "a".repeat(1 << 20); a.dispatchEvent(new Event("input")); return true })()`)
	p.waitJS(`document.querySelector("#fb-summary").innerText.includes("1,048,576")`, "the 1 MiB frame never showed")
	payload := []byte(strings.Repeat("a", 1<<20))
	h := protocol.Header{Fin: true, Opcode: protocol.OpText, Masked: true, MaskKey: [4]byte{0x37, 0xfa, 0x21, 0x3d}, Length: uint64(len(payload))}
	wire := protocol.AppendFrame(nil, protocol.Frame{Header: h, Payload: payload})
	shown := p.text("#fb-hex")
	assert.True(t, strings.HasPrefix(unspace(shown), hexOf(wire[:64])), "first bytes")
	assert.True(t, strings.HasSuffix(unspace(shown), hexOf(wire[len(wire)-16:])), "last bytes")
	assert.Less(t, len(shown), 1000, "the hex line is a summary")
	assert.Less(t, eval[int](p, `document.querySelectorAll("#fb-view .fv-byte").length`), 200, "the dump draws a summary")
	assert.Equal(t, "64", eval[string](p, `document.querySelector("#fb-ladder li.current").dataset.form`))
	assert.Contains(t, p.text(`#fb-view .fv-row[data-field="length64"] .fv-value`), "1048576")

	// The payload is too long for a link: the page says so.
	p.click("#copy-link")
	p.waitJS(`document.querySelector("#share-note").innerText.includes("frame.payload")`, "the omitted input was not named")
	assert.NotContains(t, eval[string](p, `location.hash`), "aaaa")
}
