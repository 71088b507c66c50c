//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
)

// permessage-deflate (RFC 7692) and the DEFLATE bit stream under it (RFC
// 1951): inflate and compress with a trace, and the server's answer to an
// offer. Every bit the page shows is read by the core's own inflater.

const (
	// maxInflate caps what one call may inflate to: a page lesson is small,
	// and a 1 KiB bomb must not take the tab's memory (RFC 7692 section 8.1).
	maxInflate = 16 << 20
	// A trace item costs about 300 bytes of JSON and the page lists 1500:
	// a trace stops at maxItems items, and all of one decode call share
	// decodeMaxItems.
	defaultMaxItems  = 5000
	maxMaxItems      = 100000
	decodeMaxItems   = 10000
	maxHistory       = 64 // earlier messages one call replays into the window
	maxCodeBitsShown = 64 // longer items (stored data) get no bit string
	maxOutHexShown   = 256
)

// deflateOptions are the settings one direction of a connection agreed.
type deflateOptions struct {
	windowBits int
	takeover   bool
}

// readDeflate reads {windowBits: 8..15 = 15, takeover = true}.
func readDeflate(o options) deflateOptions {
	return deflateOptions{windowBits: o.intIn("windowBits", 15, 8, 15), takeover: o.bool("takeover", true)}
}

func (d deflateOptions) inflater(maxOutput int) *deflate.Inflater {
	return deflate.NewInflater(deflate.Options{WindowBits: d.windowBits, NoContextTakeover: !d.takeover, MaxOutput: maxOutput})
}

// inflate is wsplay.inflate(hexOrBytes, {windowBits, takeover, history,
// window, maxItems}): one compressed message (its tail stripped) inflated
// with a trace. history holds the earlier compressed messages of the same
// direction, inflated first so that back-references into them resolve;
// window, instead, the bytes they inflated to (hex or a Uint8Array), which
// become the window as they are.
func inflate(args []js.Value) (any, error) {
	var in input
	msg, ok := in.bytes(arg(args, 0), "message")
	if !ok && in.err == nil {
		in.fail("message is required (a Uint8Array or a hex string of the compressed payload)")
	}
	o := in.options(arg(args, 1), "options")
	d := readDeflate(o)
	history := readHistory(o, func(v js.Value, name string) []byte {
		b, _ := in.bytes(v, name)
		return b
	})
	var window []byte
	if v := o.get("window"); !v.IsUndefined() && !v.IsNull() {
		window, _ = in.bytes(v, "window")
		if len(history) > 0 {
			in.fail("give history (compressed) or window (inflated), not both")
		}
	}
	maxItems := o.intIn("maxItems", defaultMaxItems, 1, maxMaxItems)
	if in.err != nil {
		return nil, in.err
	}
	z := d.inflater(maxInflate)
	if err := replayCompressed(z, d, history); err != nil {
		return nil, err
	}
	if window != nil {
		z.Prime(window)
	}
	r, _, _ := inflateResult(z, msg, maxItems)
	return r, nil
}

// readHistory reads the history option, an array read item by item.
func readHistory(o options, item func(v js.Value, name string) []byte) [][]byte {
	v := o.get("history")
	if !given(v) {
		return nil
	}
	if !v.InstanceOf(jsArray) {
		o.in.wrongType("history", "an array", v)
		return nil
	}
	if v.Length() > maxHistory {
		o.in.fail("history holds at most " + itoa(maxHistory) + " messages, not " + itoa(v.Length()))
		return nil
	}
	out := make([][]byte, v.Length())
	for i := range out {
		out[i] = item(v.Index(i), "history["+itoa(i)+"]")
	}
	return out
}

// replayCompressed inflates the earlier messages into z's window; without
// context takeover they cannot matter (RFC 7692 section 7.1.1).
func replayCompressed(z *deflate.Inflater, d deflateOptions, history [][]byte) error {
	if !d.takeover {
		return nil
	}
	for i, h := range history {
		if _, err := z.Inflate(nil, h); err != nil {
			return errors.New("history[" + itoa(i) + "] does not inflate: " + err.Error())
		}
	}
	return nil
}

// inflateResult inflates msg with z and describes the output and trace of
// items items; ok is false when msg did not inflate.
func inflateResult(z *deflate.Inflater, msg []byte, maxItems int) (r object, items int, ok bool) {
	window := append([]byte(nil), z.Window()...) // Window changes with the call
	out, tr, err := z.InflateTraced(nil, msg, deflate.TraceOptions{MaxItems: maxItems})
	var text, errObj any
	if err == nil && protocol.ValidUTF8(out) < 0 {
		text = string(out)
	}
	if err != nil {
		errObj = inflateError(err, len(msg))
	}
	return object{
		{"ok", err == nil},
		{"text", text},
		{"hex", protocol.Hex(out)},
		{"length", len(out)},
		{"trace", traceObject(tr, append(msg, deflate.Tail[:]...), out)},
		{"error", errObj},
		{"earlierHex", protocol.Hex(window[len(window)-reachBack(tr, len(window)):])},
	}, len(tr.Items), err == nil
}

// reachBack is how many bytes before the message its furthest
// back-reference reaches into (at most the window's n): the part of the
// window a page needs to show what the copies took from earlier messages.
func reachBack(tr *deflate.Trace, n int) int {
	reach := 0
	for i := range tr.Items {
		if c := tr.Items[i].Copy; c != nil && c.From < 0 {
			reach = max(reach, -c.From)
		}
	}
	return min(reach, n)
}

// inflateError names the DEFLATE problem, its RFC 1951 section and the
// permessage-deflate rule it breaks (pmd-inflate, or too-big at the cap).
// offset is the byte of msg at fault, -1 when it is in the appended tail.
func inflateError(err error, msgLen int) object {
	e, ok := err.(*deflate.Error)
	if !ok {
		return object{{"message", err.Error()}}
	}
	rule := protocol.ErrInflate
	if e.Problem == deflate.ErrTooBig {
		rule = protocol.ErrTooBig
	}
	offset := int(e.Bit / 8)
	if offset >= msgLen {
		offset = -1
	}
	return object{
		{"id", e.Problem.ID},
		{"rule", rule.ID},
		{"ruleSection", rule.Section},
		{"section", e.Problem.Section},
		{"offset", offset},
		{"bit", e.Bit},
		{"value", e.Value},
		{"message", err.Error()},
		{"note", noteObject(protocol.Note{ID: e.Problem.NoteID()})},
	}
}

// compress is wsplay.compress(textOrBytes, {windowBits, takeover, history,
// codes, maxItems}): the core's compressor on one message, after the
// earlier messages of history (text or bytes, uncompressed) went through
// the same window. hex is the payload as sent, without the 00 00 ff ff tail
// (RFC 7692 section 7.2.1); trace is the inflater's reading of it.
func compress(args []js.Value) (any, error) {
	var in input
	msg := in.textOrBytes(arg(args, 0), "message")
	o := in.options(arg(args, 1), "options")
	d := readDeflate(o)
	history := readHistory(o, in.textOrBytes)
	codes := readCodes(o)
	maxItems := o.intIn("maxItems", defaultMaxItems, 1, maxMaxItems)
	if in.err != nil {
		return nil, in.err
	}
	c := d.compressor(codes)
	z := d.inflater(0)
	for _, h := range history {
		if _, err := z.Inflate(nil, c.Compress(nil, h)); err != nil {
			return nil, err // the core's own output always inflates: a bug if not
		}
	}
	payload, ch := c.CompressExplained(nil, msg)
	out, tr, _ := z.InflateTraced(nil, payload, deflate.TraceOptions{MaxItems: maxItems})
	return append(compressedObject(payload, ch, msg),
		kv{"trace", traceObject(tr, append(payload, deflate.Tail[:]...), out)}), nil
}

func (d deflateOptions) compressor(codes deflate.Codes) *deflate.Compressor {
	return deflate.NewCompressor(deflate.CompressorOptions{WindowBits: d.windowBits, NoContextTakeover: !d.takeover, Codes: codes})
}

// textOrBytes reads a message: a string is its text (UTF-8), a Uint8Array
// its bytes.
func (in *input) textOrBytes(v js.Value, name string) []byte {
	if v.Type() == js.TypeString {
		return []byte(v.String())
	}
	b, ok := in.bytes(v, name)
	if !ok {
		in.fail(name + " is required (a string of text or a Uint8Array)")
	}
	return b
}

// readCodes reads codes: "auto" (the smallest block), "fixed" or "dynamic".
func readCodes(o options) deflate.Codes {
	switch s := o.string("codes", "auto"); s {
	case "auto":
		return deflate.CodesAuto
	case "fixed":
		return deflate.CodesFixed
	case "dynamic":
		return deflate.CodesDynamic
	default:
		o.in.fail(`codes must be "auto", "fixed" or "dynamic", not "` + s + `"`)
		return deflate.CodesAuto
	}
}

// compressedObject describes what the compressor chose for msg.
func compressedObject(payload []byte, ch *deflate.Choice, msg []byte) object {
	return object{
		{"bytes", payload},
		{"hex", protocol.Hex(payload)},
		{"length", len(payload)},
		{"inputLength", len(msg)},
		{"blockType", ch.Type.String()},
		{"bits", object{{"stored", ch.StoredBits}, {"fixed", ch.FixedBits}, {"dynamic", ch.DynamicBits}}},
		{"literals", ch.Literals},
		{"matchedBytes", ch.MatchedBytes},
		{"earlierBytes", ch.EarlierBytes},
		{"tokens", tokenObjects(ch.Tokens, msg)},
	}
}

// tokenObjects lists the compressor's literals and matches; at is where
// each starts in msg. A match copies the bytes it produces, so copiedHex is
// msg[at:at+length] even when the source overlaps them.
func tokenObjects(tokens []deflate.Token, msg []byte) []object {
	out := make([]object, len(tokens))
	at := 0
	for i, tk := range tokens {
		if !tk.IsMatch() {
			out[i] = object{{"kind", "literal"}, {"at", at}, {"literal", int(tk.Literal)}, {"hex", byteHex[tk.Literal]}}
			at++
			continue
		}
		out[i] = object{
			{"kind", "match"},
			{"at", at},
			{"length", tk.Length},
			{"distance", tk.Distance},
			{"copiedHex", protocol.Hex(msg[at : at+tk.Length])},
			{"fromEarlierMessage", tk.Distance > at},
		}
		at += tk.Length
	}
	return out
}
