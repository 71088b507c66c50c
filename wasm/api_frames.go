//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"github.com/wsplay/wsplay/protocol"
)

// Frames, masking and close bodies (RFC 6455 sections 5 and 7). Every byte
// comes from the core; the annotations of a frame this package builds are
// those the core's decoder reads back from its bytes.

const (
	defaultStepLimit = 1024
	maxStepLimit     = 1 << 16 // a masking table longer than this only freezes the page
	// A few kilobytes can hold thousands of frames, and each costs about
	// 0.2 ms to describe in wasm: fragment and decode stop at these counts.
	maxFragments     = 256
	defaultMaxFrames = 256
	maxMaxFrames     = 4096
	noPayloadLimit   = 1<<63 - 1 // encode reads back its own bytes: no hostile length to fear
)

// encode is wsplay.encode(options): one frame.
func encode(args []js.Value) (any, error) {
	var in input
	o := in.options(arg(args, 0), "options")
	h := protocol.Header{
		Fin:    o.bool("fin", true),
		Rsv1:   o.bool("rsv1", false),
		Rsv2:   o.bool("rsv2", false),
		Rsv3:   o.bool("rsv3", false),
		Opcode: readOpcode(o),
		Masked: o.bool("masked", false),
	}
	key, hasKey := o.maskKey("maskKey")
	payload := readPayload(o)
	var compressed object
	if o.bool("compressed", false) {
		payload, compressed = compressPayload(o, h.Opcode, payload)
		h.Rsv1 = true
	}
	switch form := o.int("lengthForm", 0); form {
	case 0, 7, 16, 64:
		h.LengthForm = protocol.LengthForm(form)
	default:
		in.fail("lengthForm must be 0 (shortest), 7, 16 or 64, not " + itoa(form))
	}
	if need := protocol.MinimalLengthForm(uint64(len(payload))); h.LengthForm != 0 && h.LengthForm < need {
		in.fail("lengthForm " + itoa(int(h.LengthForm)) + " cannot hold a " + itoa(len(payload)) +
			"-byte payload; it needs at least " + itoa(int(need)) + " bits")
	}
	budget := o.intIn("stepLimit", defaultStepLimit, 0, maxStepLimit)
	if in.err != nil {
		return nil, in.err
	}
	if h.Masked {
		if !hasKey {
			key = protocol.NewMaskKey() // section 5.3: unpredictable, fresh per frame
		}
		h.MaskKey = key
	}
	wire := protocol.AppendFrame(nil, protocol.Frame{Header: h, Payload: payload})
	lim := protocol.Limits{From: sender(h.Masked), MaxPayload: noPayloadLimit}
	if compressed != nil {
		lim.Extensions = protocol.ExtensionsDeflate // the frame is read back as on a connection that agreed to it
	}
	d := protocol.Decode(wire, lim)
	out := frameResult(wire, d.Frames[0], &budget)
	if compressed != nil {
		out = append(out, kv{"compressed", compressed})
	}
	return out, nil
}

// readOpcode reads the opcode option, which must fit the 4-bit field.
func readOpcode(o options) protocol.Opcode {
	op := o.int("opcode", int(protocol.OpText))
	if op < 0 || op > 15 {
		o.in.fail("opcode " + itoa(op) + " does not fit in 4 bits (0..15)")
		return protocol.OpText
	}
	return protocol.Opcode(op)
}

// readPayload reads payload (bytes), which wins over payloadText (UTF-8).
func readPayload(o options) []byte {
	if b, ok := o.bytes("payload"); ok || o.in.err != nil {
		return b
	}
	return []byte(o.string("payloadText", ""))
}

// sender is who sends frames masked as given: clients mask, servers do not
// (section 5.1).
func sender(masked bool) protocol.Role {
	if masked {
		return protocol.FromClient
	}
	return protocol.FromServer
}

// frameResult describes one frame this package built: wire holds its bytes,
// f is the core's reading of them. Offsets are relative to wire; budget is
// how many masking steps may still be listed, and shrinks.
func frameResult(wire []byte, f protocol.DecodedFrame, budget *int) object {
	keyHex, total, steps := "", 0, stepRows(nil)
	if f.Header.Masked {
		keyHex, total = protocol.Hex(f.Header.MaskKey[:]), len(f.Payload)
		n := min(total, *budget)
		*budget -= n
		steps = stepRows(protocol.TraceMask(f.Payload[:n], f.Header.MaskKey, 0))
	}
	return object{
		{"bytes", wire},
		{"hex", protocol.Hex(wire)},
		{"header", f.Header.String()},
		{"headerSize", f.HeaderSize},
		{"payloadLength", len(f.Payload)},
		{"maskKeyHex", keyHex},
		{"fields", fieldObjects(f.Fields, f.Offset)},
		{"maskSteps", steps},
		{"maskStepsTotal", total},
		{"violations", violationObjects(f.Violations, f.Offset)},
	}
}

// decode is wsplay.decode(bytes, {from, maxPayload, extensions, maxFrames,
// deflate}). Only the first maxFrames frames are read; unread counts the
// bytes after them. With deflate ({windowBits, takeover}: permessage-deflate
// agreed) RSV1 messages are inflated (api_deflate_frames.go).
func decode(args []js.Value) (any, error) {
	var in input
	b, ok := in.bytes(arg(args, 0), "bytes")
	if !ok && in.err == nil {
		in.fail("bytes are required (a Uint8Array or a hex string)")
	}
	o := in.options(arg(args, 1), "options")
	lim := protocol.Limits{
		MaxPayload: uint64(o.intIn("maxPayload", 0, 0, 1<<53)),
		Extensions: uint8(o.intIn("extensions", 0, 0, 7)),
	}
	maxFrames := o.intIn("maxFrames", defaultMaxFrames, 1, maxMaxFrames)
	pmd, agreed := readAgreedDeflate(o)
	switch from := o.string("from", ""); from {
	case "client":
		lim.From = protocol.FromClient
	case "server":
		lim.From = protocol.FromServer
	case "":
	default:
		in.fail(`from must be "client" or "server", not "` + from + `"`)
	}
	if in.err != nil {
		return nil, in.err
	}
	end := protocol.FramesEnd(b, maxFrames)
	if agreed {
		lim.Extensions |= protocol.ExtensionsDeflate
		lim.Inflater = pmd.inflater(inflateCap(lim.MaxPayload))
	}
	d := protocol.Decode(b[:end], lim)
	frames := make([]object, len(d.Frames))
	for i, f := range d.Frames {
		frames[i] = decodedFrame(f, d.Consumed > f.Offset)
	}
	if agreed {
		addInflated(frames, d, pmd, inflateCap(lim.MaxPayload))
	}
	return object{
		{"frames", frames},
		{"violations", violationObjects(d.Violations, 0)},
		{"needMore", d.NeedMore},
		{"consumed", d.Consumed},
		{"openMessage", d.OpenMessage},
		{"unread", len(b) - end},
	}, nil
}

// decodedFrame describes a frame found by the core's decoder. A frame whose
// payload has not fully arrived is not complete and has no payload yet.
func decodedFrame(f protocol.DecodedFrame, complete bool) object {
	h := f.Header
	keyHex := ""
	if h.Masked {
		keyHex = protocol.Hex(h.MaskKey[:])
	}
	var text any // null unless the payload is valid UTF-8
	if f.TextValid {
		text = f.Text
	}
	payloadHex, maskedHex := protocol.Hex(f.Payload), ""
	if h.Masked {
		maskedHex = protocol.Hex(f.MaskedPayload)
	} else {
		maskedHex = payloadHex
	}
	o := object{
		{"offset", f.Offset},
		{"headerSize", f.HeaderSize},
		{"header", h.String()},
		{"fin", h.Fin},
		{"rsv1", h.Rsv1},
		{"rsv2", h.Rsv2},
		{"rsv3", h.Rsv3},
		{"opcode", int(h.Opcode)},
		{"opcodeName", h.Opcode.String()},
		{"masked", h.Masked},
		{"maskKeyHex", keyHex},
		{"length", h.Length},
		{"complete", complete},
		{"fields", fieldObjects(f.Fields, 0)},
		{"payload", f.Payload},
		{"payloadHex", payloadHex},
		{"payloadText", text},
		{"maskedPayload", f.MaskedPayload},
		{"maskedPayloadHex", maskedHex},
		{"violations", violationObjects(f.Violations, 0)},
	}
	if c := f.Close; c != nil {
		o = append(o, kv{"close", object{
			{"code", int(c.Code)},
			{"name", statusName(c.Code)},
			{"reason", c.Reason},
			{"note", noteObject(statusNote(c.Code))},
		}})
	}
	if m := f.Message; m != nil {
		msg := object{
			{"opcode", int(m.Opcode)},
			{"opcodeName", m.Opcode.String()},
			{"length", len(m.Payload)},
			{"frames", m.Frames},
		}
		if m.Opcode == protocol.OpText {
			text := f.Text // a one-frame message is this frame's payload: share the string
			if m.Frames > 1 || !f.TextValid {
				text = string(m.Payload)
			}
			msg = append(msg, kv{"text", text})
		}
		o = append(o, kv{"message", msg})
	}
	return o
}

func fieldObjects(fields []protocol.Field, base int) []object {
	out := make([]object, len(fields))
	for i, f := range fields {
		out[i] = object{
			{"id", f.ID},
			{"name", f.Name},
			{"offset", f.Offset - base},
			{"size", f.Size},
			{"bit", f.Bit},
			{"bits", f.Bits},
			{"raw", f.Raw},
			{"value", f.Value},
			{"section", f.Section},
			{"note", noteObject(f.Note)},
		}
	}
	return out
}

// byteHex, byteHex0x and byteBits spell every byte value once, for the
// masking table.
var byteHex, byteHex0x, byteBits [256]string

func init() {
	for i := range 256 {
		byteHex[i] = protocol.Hex([]byte{byte(i)})
		byteHex0x[i] = "0x" + byteHex[i]
		bits := make([]byte, 8)
		for j := range bits {
			bits[j] = '0' + byte(i>>(7-j)&1)
		}
		byteBits[i] = string(bits)
	}
}

// stepRows writes the masking table straight into the JSON text. It is the
// largest result (1024 rows by default): building objects and calling
// MaskStep.Note and Note.English for every row allocated so much that the Go
// garbage collector took most of the time. The note is written from its
// template here instead; the tests check that every row's note equals
// MaskStep.Note().
func stepRows(steps []protocol.MaskStep) jsonFunc {
	id := protocol.MaskStep{}.Note().ID
	english, _ := protocol.EnglishTemplate(id)
	tp := parseTemplate(english)
	return func(w *jsonWriter) {
		w.array(len(steps), func(i int) {
			s := steps[i]
			w.buf = append(w.buf, `{"i":`...)
			w.int(s.I)
			w.buf = append(w.buf, `,"j":`...)
			w.int(s.J)
			w.buf = append(w.buf, `,"original":`...)
			w.int(int(s.Original))
			w.buf = append(w.buf, `,"key":`...)
			w.int(int(s.Key))
			w.buf = append(w.buf, `,"result":`...)
			w.int(int(s.Result))
			for _, f := range [...]struct {
				name string
				b    byte
			}{{"original", s.Original}, {"key", s.Key}, {"result", s.Result}} {
				w.buf = append(w.buf, `,"`...)
				w.buf = append(w.buf, f.name...)
				w.buf = append(w.buf, `Hex":"`...)
				w.buf = append(w.buf, byteHex[f.b]...)
				w.buf = append(w.buf, `","`...)
				w.buf = append(w.buf, f.name...)
				w.buf = append(w.buf, `Bits":"`...)
				w.buf = append(w.buf, byteBits[f.b]...)
				w.buf = append(w.buf, '"')
			}
			// The arguments of MaskStep.Note: i, j and the three bytes as 0x00.
			args := [...]string{itoa(s.I), itoa(s.J), byteHex0x[s.Original], byteHex0x[s.Key], byteHex0x[s.Result]}
			w.buf = append(w.buf, `,"note":{"id":`...)
			w.string(id)
			w.buf = append(w.buf, `,"args":[`...)
			for k, a := range args {
				if k > 0 {
					w.buf = append(w.buf, ',')
				}
				w.string(a)
			}
			w.buf = append(w.buf, `],"text":`...)
			w.filled(tp, args[:])
			w.buf = append(w.buf, `}}`...)
		})
	}
}

// readMaskArgs reads (payload, maskKey, pos), the arguments mask and
// maskSteps share.
func readMaskArgs(in *input, args []js.Value) (payload []byte, key [4]byte, pos int) {
	payload, ok := in.bytes(arg(args, 0), "payload")
	if !ok {
		in.fail("payload is required (a Uint8Array or a hex string)")
	}
	key, ok = in.maskKey(arg(args, 1), "maskKey")
	if !ok {
		in.fail("maskKey is required (4 bytes)")
	}
	pos = in.intIn(arg(args, 2), "pos", 0, 0, 1<<53)
	return payload, key, pos
}

// bytesAPI is wsplay.bytes(input): hex (or a Uint8Array) read by the core's
// ParseHex, so the page accepts exactly the hex every other call accepts
// and explains a typo the same way.
func bytesAPI(args []js.Value) (any, error) {
	var in input
	b, ok := in.bytes(arg(args, 0), "input")
	if !ok && in.err == nil {
		in.fail("input: give a Uint8Array or a hex string")
	}
	if in.err != nil {
		return nil, in.err
	}
	return object{{"bytes", b}, {"hex", protocol.Hex(b)}}, nil
}

// mask is wsplay.mask(payload, maskKey, pos): section 5.3's XOR, which also
// unmasks.
func mask(args []js.Value) (any, error) {
	var in input
	payload, key, pos := readMaskArgs(&in, args)
	if in.err != nil {
		return nil, in.err
	}
	next := protocol.Mask(payload, key, pos) // payload is this call's own copy
	return object{{"bytes", payload}, {"hex", protocol.Hex(payload)}, {"next", next}}, nil
}

// maskSteps is wsplay.maskSteps(payload, maskKey, pos, limit): the first
// limit lines of the masking table.
func maskSteps(args []js.Value) (any, error) {
	var in input
	payload, key, pos := readMaskArgs(&in, args)
	limit := in.intIn(arg(args, 3), "limit", defaultStepLimit, 0, maxStepLimit)
	if in.err != nil {
		return nil, in.err
	}
	steps := protocol.TraceMask(payload[:min(limit, len(payload))], key, pos)
	return object{{"steps", stepRows(steps)}, {"total", len(payload)}}, nil
}

// fragment is wsplay.fragment(payload | {text}, {opcode, size, masked,
// maskKey, stepLimit}): a message cut into frames by the core (section 5.4).
func fragment(args []js.Value) (any, error) {
	var in input
	payload := in.bytesOrText(arg(args, 0), "payload")
	o := in.options(arg(args, 1), "options")
	op := readOpcode(o)
	size := o.int("size", max(len(payload), 1))
	if size < 1 {
		in.fail("size must be at least 1 byte, not " + itoa(size))
	} else if n := (len(payload) + size - 1) / size; n > maxFragments {
		in.fail("size " + itoa(size) + " cuts " + itoa(len(payload)) + " bytes into " + itoa(n) +
			" frames; at most " + itoa(maxFragments) + " are shown, choose a larger size")
	}
	masked := o.bool("masked", false)
	key, hasKey := o.maskKey("maskKey")
	budget := o.intIn("stepLimit", defaultStepLimit, 0, maxStepLimit)
	if in.err != nil {
		return nil, in.err
	}
	var wire []byte
	for _, f := range protocol.SplitMessage(op, payload, size) {
		if f.Masked = masked; masked {
			f.MaskKey = key
			if !hasKey {
				f.MaskKey = protocol.NewMaskKey()
			}
		}
		wire = protocol.AppendFrame(wire, f)
	}
	d := protocol.Decode(wire, protocol.Limits{From: sender(masked), MaxPayload: noPayloadLimit})
	frames := make([]object, len(d.Frames))
	for i, f := range d.Frames {
		end := f.Offset + f.HeaderSize + len(f.MaskedPayload)
		frames[i] = append(frameResult(wire[f.Offset:end], f, &budget), kv{"offset", f.Offset})
	}
	return object{
		{"frames", frames},
		{"bytes", wire},
		{"hex", protocol.Hex(wire)},
		{"violations", violationObjects(d.Violations, 0)},
	}, nil
}

// closePayload is wsplay.closePayload(code, reason): a close frame's body
// (section 5.5.1). The bytes are produced even for a code that may not be
// sent, with the rule it breaks as the error.
func closePayload(args []js.Value) (any, error) {
	var in input
	if !given(arg(args, 0)) {
		in.fail("code is required (0 for an empty body)")
	}
	code := in.intIn(arg(args, 0), "code", 0, 0, 0xFFFF)
	reason := in.string(arg(args, 1), "reason", "")
	if in.err != nil {
		return nil, in.err
	}
	c := protocol.StatusCode(code)
	body := protocol.AppendClose(nil, c, reason)
	out := object{
		{"bytes", body},
		{"hex", protocol.Hex(body)},
		{"code", code},
		{"reason", string(body[min(2, len(body)):])},
		{"truncated", len(body) > 2 && len(body)-2 < len(reason)},
		{"note", noteObject(statusNote(c))},
	}
	var err error
	switch {
	case c == protocol.StatusNoStatusReceived:
		// AppendClose writes "no status" the only way it may travel: no body.
		err = &protocol.Violation{Rule: protocol.ErrCloseCodeLocal, Offset: -1, Value: itoa(code)}
	case len(body) == 0 && reason != "":
		err = errors.New("a reason needs a status code before it; with code 0 the body is empty and the reason is left out")
	default:
		_, err = protocol.ParseClose(body)
	}
	if err != nil {
		out = append(out, kv{"error", errorObject(err)})
	}
	return out, nil
}
