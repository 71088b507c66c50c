//go:build js && wasm

package main

import (
	"bytes"
	"encoding/hex"
	"strings"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/protocoltest"
)

var rfcKey = [4]byte{0x37, 0xfa, 0x21, 0x3d}

func TestEncodeRFCMaskedHello(t *testing.T) {
	res := callOK(t, "encode", jsObj(map[string]any{"payloadText": "Hello", "masked": true, "maskKey": "37fa213d"}))
	assert.Equal(t, "818537fa213d7f9f4d5158", res.Get("hex").String())
	wire := goBytes(t, res.Get("bytes"))
	assert.Equal(t, mustHex(t, "818537fa213d7f9f4d5158"), wire)

	d := protocol.Decode(wire, protocol.Limits{From: protocol.FromClient})
	f := d.Frames[0]
	assert.Equal(t, "FIN text len=5 mask=37fa213d", res.Get("header").String())
	assert.Equal(t, f.Header.String(), res.Get("header").String())
	assert.Equal(t, 6, res.Get("headerSize").Int())
	assert.Equal(t, 5, res.Get("payloadLength").Int())
	assert.Equal(t, "37fa213d", res.Get("maskKeyHex").String())
	assertFields(t, f.Fields, res.Get("fields"), 0)
	assertViolations(t, nil, res.Get("violations"), 0)

	steps := protocol.TraceMask([]byte("Hello"), rfcKey, 0)
	assertSteps(t, steps, res.Get("maskSteps"))
	assert.Equal(t, 5, res.Get("maskStepsTotal").Int())
}

// assertSteps checks step objects against the core's masking trace.
func assertSteps(t testing.TB, want []protocol.MaskStep, got js.Value) {
	t.Helper()
	require.Equal(t, len(want), got.Length(), "number of steps")
	for k, s := range want {
		g := got.Index(k)
		assert.Equal(t, s.I, g.Get("i").Int())
		assert.Equal(t, s.J, g.Get("j").Int())
		assert.Equal(t, int(s.Original), g.Get("original").Int())
		assert.Equal(t, int(s.Key), g.Get("key").Int())
		assert.Equal(t, int(s.Result), g.Get("result").Int())
		assert.Equal(t, hex.EncodeToString([]byte{s.Original}), g.Get("originalHex").String())
		assert.Equal(t, hex.EncodeToString([]byte{s.Key}), g.Get("keyHex").String())
		assert.Equal(t, hex.EncodeToString([]byte{s.Result}), g.Get("resultHex").String())
		for name, b := range map[string]byte{"originalBits": s.Original, "keyBits": s.Key, "resultBits": s.Result} {
			bits := g.Get(name).String()
			require.Len(t, bits, 8)
			var v byte
			for _, c := range bits {
				v = v<<1 | byte(c-'0')
			}
			assert.Equal(t, b, v, name)
		}
		assertNote(t, s.Note(), g.Get("note"))
	}
}

func TestEncodeVectors(t *testing.T) {
	for _, v := range protocoltest.Load(t).Frames {
		t.Run(v.Name, func(t *testing.T) {
			opts := map[string]any{"fin": v.Fin, "opcode": int(v.Opcode), "masked": v.Masked, "payload": jsBytes(v.Payload)}
			if v.Masked {
				opts["maskKey"] = protocol.Hex(v.MaskKey[:])
			}
			res := callOK(t, "encode", jsObj(opts))
			assert.True(t, bytes.Equal(v.Wire, goBytes(t, res.Get("bytes"))), "byte for byte")
			assert.Equal(t, hex.EncodeToString(v.Wire), res.Get("hex").String())
			// A lone continuation frame breaks a rule; the others break none.
			wire := goBytes(t, res.Get("bytes"))
			want := protocol.Decode(wire, protocol.Limits{From: sender(v.Masked), MaxPayload: noPayloadLimit})
			assertViolations(t, want.Violations, res.Get("violations"), 0)
			assert.Equal(t, v.Opcode == 0, len(want.Violations) > 0)
		})
	}
}

func TestEncodeDefaultsAndNullOptions(t *testing.T) {
	assert.Equal(t, "8100", callOK(t, "encode").Get("hex").String())
	assert.Equal(t, "8100", callOK(t, "encode", js.Null()).Get("hex").String())
	// payload wins over payloadText
	res := callOK(t, "encode", jsObj(map[string]any{"payload": "0x01 02", "payloadText": "ignored"}))
	assert.Equal(t, "81020102", res.Get("hex").String())
}

func TestEncodeMaskedWithoutKeyPicksRandomKeys(t *testing.T) {
	opts := jsObj(map[string]any{"payloadText": "Hello", "masked": true})
	a, b := callOK(t, "encode", opts), callOK(t, "encode", opts)
	keyA := a.Get("maskKeyHex").String()
	require.Len(t, keyA, 8)
	assert.NotEqual(t, keyA, b.Get("maskKeyHex").String(), "two fresh 32-bit keys")

	wire := goBytes(t, a.Get("bytes"))
	d := protocol.Decode(wire, protocol.Limits{From: protocol.FromClient})
	assert.Equal(t, "Hello", string(d.Frames[0].Payload))
	assert.Equal(t, keyA, hex.EncodeToString(d.Frames[0].Header.MaskKey[:]))
}

func TestEncodeShowsBrokenRules(t *testing.T) {
	for name, opts := range map[string]map[string]any{
		"non-minimal length": {"payloadText": "Hello", "lengthForm": 16},
		"reserved opcode":    {"opcode": 3},
		"rsv1 without ext":   {"rsv1": true},
		"fragmented ping":    {"opcode": 9, "fin": false},
		"long ping":          {"opcode": 9, "payload": jsBytes(make([]byte, 126))},
		"lone continuation":  {"opcode": 0, "payloadText": "x"},
	} {
		t.Run(name, func(t *testing.T) {
			res := callOK(t, "encode", jsObj(opts))
			wire := goBytes(t, res.Get("bytes"))
			want := protocol.Decode(wire, protocol.Limits{From: protocol.FromServer, MaxPayload: noPayloadLimit})
			require.NotEmpty(t, want.Violations)
			assertViolations(t, want.Violations, res.Get("violations"), 0)
			assertFields(t, want.Frames[0].Fields, res.Get("fields"), 0)
		})
	}
	res := callOK(t, "encode", jsObj(map[string]any{"payloadText": "Hello", "lengthForm": 16}))
	assert.Equal(t, "817e000548656c6c6f", res.Get("hex").String())
	assert.Equal(t, "length-not-minimal", res.Get("violations").Index(0).Get("rule").String())
	res = callOK(t, "encode", jsObj(map[string]any{"payloadText": "Hello", "lengthForm": 64}))
	assert.Equal(t, "817f000000000000000548656c6c6f", res.Get("hex").String())
	assert.Equal(t, "FIN text len=5/64bit", res.Get("header").String())
	res = callOK(t, "encode", jsObj(map[string]any{"payload": jsBytes(make([]byte, 126)), "lengthForm": 16}))
	assert.Zero(t, res.Get("violations").Length(), "16 bits is the shortest form for 126 bytes")
}

func TestEncodeStepLimit(t *testing.T) {
	payload := jsBytes(bytes.Repeat([]byte{0xAB}, 2000))
	res := callOK(t, "encode", jsObj(map[string]any{"payload": payload, "masked": true, "maskKey": "01020304"}))
	assert.Equal(t, defaultStepLimit, res.Get("maskSteps").Length())
	assert.Equal(t, 2000, res.Get("maskStepsTotal").Int())

	res = callOK(t, "encode", jsObj(map[string]any{"payload": payload, "masked": true, "stepLimit": 3}))
	assert.Equal(t, 3, res.Get("maskSteps").Length())

	res = callOK(t, "encode", jsObj(map[string]any{"payload": payload}))
	assert.Zero(t, res.Get("maskSteps").Length(), "an unmasked frame has no masking table")
	assert.Zero(t, res.Get("maskStepsTotal").Int())
	assert.Equal(t, "", res.Get("maskKeyHex").String())
}

func TestEncodeOneMiB(t *testing.T) {
	payload := bytes.Repeat([]byte("0123456789abcdef"), 1<<16)
	res := callOK(t, "encode", jsObj(map[string]any{"payload": jsBytes(payload), "masked": true, "maskKey": "37fa213d", "opcode": 2}))
	want := protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpBinary, Masked: true, MaskKey: rfcKey}, Payload: payload})
	assert.Equal(t, want, goBytes(t, res.Get("bytes")))
	assert.Equal(t, hex.EncodeToString(want), res.Get("hex").String())
	assert.Equal(t, defaultStepLimit, res.Get("maskSteps").Length())
	assert.Equal(t, len(payload), res.Get("maskStepsTotal").Int())
	fields := res.Get("fields")
	assert.Contains(t, fields.Index(fields.Length()-1).Get("value").String(), "…", "payload previews are shortened")
}

func TestEncodeErrors(t *testing.T) {
	for _, c := range []struct {
		opts map[string]any
		want string
	}{
		{map[string]any{"opcode": 16}, "opcode 16 does not fit in 4 bits"},
		{map[string]any{"opcode": -1}, "opcode -1 does not fit in 4 bits"},
		{map[string]any{"opcode": 1.5}, "opcode must be a whole number"},
		{map[string]any{"opcode": "1"}, "opcode must be a number, not string"},
		{map[string]any{"masked": true, "maskKey": "37fa21"}, "maskKey must be 4 bytes (8 hex digits), not 3"},
		{map[string]any{"maskKey": "37fa213"}, "maskKey: hex input has an odd number of digits"},
		{map[string]any{"maskKey": 5}, "maskKey must be a Uint8Array or a hex string, not number"},
		{map[string]any{"payload": "zz"}, "payload: hex input has 'z' at index 0"},
		{map[string]any{"payloadText": 7}, "payloadText must be a string"},
		{map[string]any{"lengthForm": 8}, "lengthForm must be 0 (shortest), 7, 16 or 64, not 8"},
		{map[string]any{"lengthForm": 7, "payload": jsBytes(make([]byte, 126))}, "lengthForm 7 cannot hold a 126-byte payload; it needs at least 16 bits"},
		{map[string]any{"stepLimit": -1}, "stepLimit must be between 0 and 65536, not -1"},
		{map[string]any{"fin": "yes"}, "fin must be true or false, not string"},
	} {
		assert.Contains(t, callErr(t, "encode", jsObj(c.opts)), c.want)
	}
	assert.Contains(t, callErr(t, "encode", "8100"), "options must be an object, not string")
}

func TestDecodeVectors(t *testing.T) {
	v := protocoltest.Load(t)
	type input struct{ name, wire, from string }
	var inputs []input
	for _, f := range v.Frames {
		if len(f.Wire) <= 1024 { // the long ones cost seconds in Node and show nothing new here
			from := "server"
			if f.Masked {
				from = "client"
			}
			inputs = append(inputs, input{f.Name, hex.EncodeToString(f.Wire), from})
		}
	}
	for _, f := range v.Invalid {
		inputs = append(inputs, input{"invalid: " + f.Name, hex.EncodeToString(f.Wire), f.From})
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			lim := protocol.Limits{From: protocol.FromServer}
			if in.from == "client" {
				lim.From = protocol.FromClient
			}
			want := protocol.Decode(mustHex(t, in.wire), lim)
			res := callOK(t, "decode", in.wire, jsObj(map[string]any{"from": in.from}))
			assertDecoding(t, want, res)
			if strings.HasPrefix(in.name, "invalid") {
				assert.NotZero(t, res.Get("violations").Length(), "an invalid vector breaks a rule")
			}
		})
	}
}

// assertDecoding checks a decode result against the core's Decoding.
func assertDecoding(t testing.TB, want protocol.Decoding, res js.Value) {
	t.Helper()
	assertViolations(t, want.Violations, res.Get("violations"), 0)
	assert.Equal(t, want.NeedMore, res.Get("needMore").Int())
	assert.Equal(t, want.Consumed, res.Get("consumed").Int())
	assert.Equal(t, want.OpenMessage, res.Get("openMessage").Bool())
	frames := res.Get("frames")
	require.Equal(t, len(want.Frames), frames.Length())
	for i, f := range want.Frames {
		g := frames.Index(i)
		assert.Equal(t, f.Offset, g.Get("offset").Int())
		assert.Equal(t, f.HeaderSize, g.Get("headerSize").Int())
		assert.Equal(t, f.Header.String(), g.Get("header").String())
		assert.Equal(t, f.Header.Fin, g.Get("fin").Bool())
		assert.Equal(t, int(f.Header.Opcode), g.Get("opcode").Int())
		assert.Equal(t, f.Header.Masked, g.Get("masked").Bool())
		assert.Equal(t, float64(f.Header.Length), g.Get("length").Float())
		assert.Equal(t, hex.EncodeToString(f.Payload), g.Get("payloadHex").String())
		assert.Equal(t, append([]byte{}, f.Payload...), goBytes(t, g.Get("payload")))
		assert.Equal(t, append([]byte{}, f.MaskedPayload...), goBytes(t, g.Get("maskedPayload")))
		assert.Equal(t, hex.EncodeToString(f.MaskedPayload), g.Get("maskedPayloadHex").String())
		if f.TextValid {
			assert.Equal(t, f.Text, g.Get("payloadText").String())
		} else {
			assert.True(t, g.Get("payloadText").IsNull())
		}
		assertFields(t, f.Fields, g.Get("fields"), 0)
		assertViolations(t, f.Violations, g.Get("violations"), 0)
		assert.Equal(t, f.Close != nil, g.Get("close").Type() == js.TypeObject)
		assert.Equal(t, f.Message != nil, g.Get("message").Type() == js.TypeObject)
	}
}

func TestDecodeCloseAndMessages(t *testing.T) {
	res := callOK(t, "decode", "8885a1b2c3d4a25aa1adc4", jsObj(map[string]any{"from": "client"}))
	f := res.Get("frames").Index(0)
	assert.Equal(t, "a1b2c3d4", f.Get("maskKeyHex").String())
	c := f.Get("close")
	assert.Equal(t, 1000, c.Get("code").Int())
	assert.Equal(t, "normal-closure", c.Get("name").String())
	assert.Equal(t, "bye", c.Get("reason").String())
	assertNote(t, protocol.Note{ID: "status.normal-closure", Args: []string{"1000"}}, c.Get("note"))

	// The fragmented "Hello" of section 5.7: the message completes on the
	// second frame.
	res = callOK(t, "decode", "010348656c"+"80026c6f")
	assert.False(t, res.Get("openMessage").Bool())
	m := res.Get("frames").Index(1).Get("message")
	assert.Equal(t, "Hello", m.Get("text").String())
	assert.Equal(t, 2, m.Get("frames").Int())
	assert.Equal(t, 5, m.Get("length").Int())
	assert.Equal(t, "text", m.Get("opcodeName").String())
	assert.True(t, res.Get("frames").Index(0).Get("message").IsUndefined())

	assert.True(t, callOK(t, "decode", "010348656c").Get("openMessage").Bool())
}

func TestDecodeIncompleteAndInvalidText(t *testing.T) {
	b := mustHex(t, "81054865")
	res := callOK(t, "decode", jsBytes(b))
	assertDecoding(t, protocol.Decode(b, protocol.Limits{}), res)
	assert.Equal(t, 3, res.Get("needMore").Int())
	f := res.Get("frames").Index(0)
	assert.False(t, f.Get("complete").Bool())
	assert.Zero(t, f.Get("payload").Length())
	assert.True(t, f.Get("payloadText").IsNull())

	assert.True(t, callOK(t, "decode", "810548656c6c6f").Get("frames").Index(0).Get("complete").Bool())
	assert.True(t, callOK(t, "decode", "8102c328").Get("frames").Index(0).Get("payloadText").IsNull())
	assert.Equal(t, 1, callOK(t, "decode", "81").Get("needMore").Int())
}

func TestDecodeLimits(t *testing.T) {
	wire := mustHex(t, "827e0100")
	for i := 0; i < 256; i++ {
		wire = append(wire, byte(i))
	}
	res := callOK(t, "decode", jsBytes(wire), jsObj(map[string]any{"maxPayload": 100}))
	assertDecoding(t, protocol.Decode(wire, protocol.Limits{MaxPayload: 100}), res)
	assert.Equal(t, "too-big", res.Get("violations").Index(0).Get("rule").String())

	assert.Equal(t, 1, callOK(t, "decode", "c100").Get("violations").Length())
	assert.Zero(t, callOK(t, "decode", "c100", jsObj(map[string]any{"extensions": 4})).Get("violations").Length(),
		"RSV1 is allowed once an extension (permessage-deflate) defines it")
}

func TestDecodeStopsAfterMaxFrames(t *testing.T) {
	zeros := make([]byte, 4096) // 2048 empty continuation frames
	res := callOK(t, "decode", jsBytes(zeros))
	assert.Equal(t, defaultMaxFrames, res.Get("frames").Length())
	assert.Equal(t, 2*defaultMaxFrames, res.Get("consumed").Int())
	assert.Equal(t, len(zeros)-2*defaultMaxFrames, res.Get("unread").Int())
	assertDecoding(t, protocol.Decode(zeros[:2*defaultMaxFrames], protocol.Limits{}), res)

	res = callOK(t, "decode", jsBytes(zeros[:10]), jsObj(map[string]any{"maxFrames": 3}))
	assert.Equal(t, 3, res.Get("frames").Length())
	assert.Equal(t, 4, res.Get("unread").Int())
	assert.Zero(t, callOK(t, "decode", "810548656c6c6f").Get("unread").Int())
	assert.Contains(t, callErr(t, "decode", "8100", jsObj(map[string]any{"maxFrames": 0})), "maxFrames must be between 1 and 4096")
}

func TestDecodeErrors(t *testing.T) {
	assert.Contains(t, callErr(t, "decode"), "bytes are required")
	assert.Contains(t, callErr(t, "decode", "810"), "odd number of digits")
	assert.Contains(t, callErr(t, "decode", "8100", jsObj(map[string]any{"from": "proxy"})), `from must be "client" or "server", not "proxy"`)
	assert.Contains(t, callErr(t, "decode", "8100", jsObj(map[string]any{"maxPayload": -1})), "maxPayload must be between")
	assert.Contains(t, callErr(t, "decode", "8100", jsObj(map[string]any{"extensions": 8})), "extensions must be between 0 and 7")
	assert.Contains(t, callErr(t, "decode", js.ValueOf([]any{1, 2})), "bytes must be a Uint8Array or a hex string")
}

func TestBytes(t *testing.T) {
	res := callOK(t, "bytes", "0x48 65:6C\n6c 6f")
	assert.Equal(t, "48656c6c6f", res.Get("hex").String())
	assert.Equal(t, []byte("Hello"), goBytes(t, res.Get("bytes")))
	assert.Equal(t, "fe01", callOK(t, "bytes", jsBytes([]byte{0xfe, 0x01})).Get("hex").String())
	assert.Equal(t, 0, callOK(t, "bytes", "").Get("bytes").Length())

	assert.Contains(t, callErr(t, "bytes", "486"), "input: hex input has an odd number of digits")
	assert.Contains(t, callErr(t, "bytes", "48zz"), "'z' at index 2")
	assert.Contains(t, callErr(t, "bytes"), "input: give a Uint8Array or a hex string")
	assert.Contains(t, callErr(t, "bytes", 7), "input")
}

func TestMask(t *testing.T) {
	res := callOK(t, "mask", "48656c6c6f", "37fa213d")
	assert.Equal(t, "7f9f4d5158", res.Get("hex").String())
	assert.Equal(t, mustHex(t, "7f9f4d5158"), goBytes(t, res.Get("bytes")))
	assert.Equal(t, 5, res.Get("next").Int())
	// Masking is its own inverse.
	assert.Equal(t, "48656c6c6f", callOK(t, "mask", res.Get("bytes"), "37fa213d").Get("hex").String())

	in := jsBytes([]byte("lo"))
	res = callOK(t, "mask", in, jsBytes(rfcKey[:]), 3)
	want := []byte("lo")
	assert.Equal(t, protocol.Mask(want, rfcKey, 3), res.Get("next").Int())
	assert.Equal(t, want, goBytes(t, res.Get("bytes")))
	assert.Equal(t, []byte("lo"), goBytes(t, in), "the caller's array is not masked in place")
}

func TestMaskSteps(t *testing.T) {
	payload := []byte("Hello, WebSocket")
	res := callOK(t, "maskSteps", jsBytes(payload), "37fa213d", 2)
	assertSteps(t, protocol.TraceMask(payload, rfcKey, 2), res.Get("steps"))
	assert.Equal(t, len(payload), res.Get("total").Int())

	res = callOK(t, "maskSteps", jsBytes(payload), "37fa213d", 0, 4)
	assertSteps(t, protocol.TraceMask(payload[:4], rfcKey, 0), res.Get("steps"))
	assert.Equal(t, len(payload), res.Get("total").Int())
}

func TestMaskErrors(t *testing.T) {
	for _, name := range []string{"mask", "maskSteps"} {
		assert.Contains(t, callErr(t, name, "4865", "37fa21"), "maskKey must be 4 bytes (8 hex digits), not 3")
		assert.Contains(t, callErr(t, name, "4865"), "maskKey is required")
		assert.Contains(t, callErr(t, name, "486", "37fa213d"), "payload: hex input has an odd number of digits")
		assert.Contains(t, callErr(t, name), "payload is required")
		assert.Contains(t, callErr(t, name, "4865", "37fa213d", -1), "pos must be between 0 and")
	}
	assert.Contains(t, callErr(t, "maskSteps", "4865", "37fa213d", 0, 70000), "limit must be between 0 and 65536")
}

func TestFragmentRFCExample(t *testing.T) {
	// Section 5.7: "Hello" in two frames, "Hel" and "lo".
	res := callOK(t, "fragment", jsObj(map[string]any{"text": "Hello"}), jsObj(map[string]any{"size": 3}))
	assert.Equal(t, "010348656c80026c6f", res.Get("hex").String())
	frames := res.Get("frames")
	require.Equal(t, 2, frames.Length())
	assert.Equal(t, "010348656c", frames.Index(0).Get("hex").String())
	assert.Equal(t, "80026c6f", frames.Index(1).Get("hex").String())
	assert.Equal(t, 5, frames.Index(1).Get("offset").Int())
	assert.Equal(t, "FIN continuation len=2", frames.Index(1).Get("header").String())
	assert.Zero(t, res.Get("violations").Length())

	d := protocol.Decode(mustHex(t, "010348656c80026c6f"), protocol.Limits{From: protocol.FromServer})
	assertFields(t, d.Frames[1].Fields, frames.Index(1).Get("fields"), 5)
}

func TestFragmentTutorialPreset(t *testing.T) {
	// The tutorials' example message, masked as a client sends it.
	text := "and a happy new year!"
	res := callOK(t, "fragment", jsObj(map[string]any{"text": text}),
		jsObj(map[string]any{"size": 9, "masked": true, "maskKey": "01020304", "stepLimit": 12}))

	key := [4]byte{1, 2, 3, 4}
	var want []byte
	parts := protocol.SplitMessage(protocol.OpText, []byte(text), 9)
	for _, f := range parts {
		f.Masked, f.MaskKey = true, key
		want = protocol.AppendFrame(want, f)
	}
	assert.Equal(t, hex.EncodeToString(want), res.Get("hex").String())
	assert.Equal(t, want, goBytes(t, res.Get("bytes")))

	d := protocol.Decode(want, protocol.Limits{From: protocol.FromClient})
	frames := res.Get("frames")
	require.Equal(t, len(parts), frames.Length())
	steps := 0
	for i, f := range d.Frames {
		g := frames.Index(i)
		end := f.Offset + f.HeaderSize + len(f.MaskedPayload)
		assert.Equal(t, hex.EncodeToString(want[f.Offset:end]), g.Get("hex").String())
		assert.Equal(t, f.Offset, g.Get("offset").Int())
		assertFields(t, f.Fields, g.Get("fields"), f.Offset)
		steps += g.Get("maskSteps").Length()
	}
	assert.Equal(t, 12, steps, "stepLimit is shared by all frames")
	assert.Equal(t, text, string(d.Frames[len(d.Frames)-1].Message.Payload))
	assert.Zero(t, res.Get("violations").Length())
}

func TestFragmentPicksAKeyPerFrame(t *testing.T) {
	res := callOK(t, "fragment", "0102030405060708", jsObj(map[string]any{"size": 1, "masked": true}))
	frames := res.Get("frames")
	require.Equal(t, 8, frames.Length())
	keys := map[string]bool{}
	for i := 0; i < frames.Length(); i++ {
		keys[frames.Index(i).Get("maskKeyHex").String()] = true
	}
	assert.Greater(t, len(keys), 1, "each frame gets a fresh key (section 5.3)")
	assert.Zero(t, res.Get("violations").Length())
}

func TestFragmentedControlFrameBreaksARule(t *testing.T) {
	res := callOK(t, "fragment", jsBytes([]byte("ping")), jsObj(map[string]any{"opcode": 9, "size": 2}))
	d := protocol.Decode(goBytes(t, res.Get("bytes")), protocol.Limits{From: protocol.FromServer})
	assertViolations(t, d.Violations, res.Get("violations"), 0)
	assert.Equal(t, "control-fragmented", res.Get("violations").Index(0).Get("rule").String())
	// Each frame's own violations count from the frame's first byte.
	require.Len(t, d.Frames, 2)
	assertViolations(t, d.Frames[1].Violations, res.Get("frames").Index(1).Get("violations"), d.Frames[1].Offset)
	assert.Equal(t, 0, res.Get("frames").Index(1).Get("violations").Index(0).Get("offset").Int())
}

func TestFragmentErrors(t *testing.T) {
	assert.Contains(t, callErr(t, "fragment", "0102", jsObj(map[string]any{"size": 0})), "size must be at least 1 byte, not 0")
	assert.Contains(t, callErr(t, "fragment", "0102", jsObj(map[string]any{"opcode": 16})), "opcode 16 does not fit in 4 bits")
	assert.Contains(t, callErr(t, "fragment", jsBytes(make([]byte, 2000)), jsObj(map[string]any{"size": 1})), "cuts 2000 bytes into 2000 frames; at most 256")
	assert.Contains(t, callErr(t, "fragment", jsObj(map[string]any{"txt": "x"})), "payload must be a Uint8Array, a hex string or {text: string}")
	assert.Contains(t, callErr(t, "fragment", jsObj(map[string]any{"text": 5})), "text must be a string, not number")
	assert.Contains(t, callErr(t, "fragment", "01020"), "odd number of digits")
	assert.Contains(t, callErr(t, "fragment"), "payload is required")
	assert.Contains(t, callErr(t, "fragment", "0102", jsObj(map[string]any{"masked": true, "maskKey": "010203"})), "4 bytes")
}

func TestClosePayload(t *testing.T) {
	res := callOK(t, "closePayload", 1000, "bye")
	assert.Equal(t, "03e8627965", res.Get("hex").String())
	assert.Equal(t, protocol.AppendClose(nil, 1000, "bye"), goBytes(t, res.Get("bytes")))
	assert.False(t, res.Get("truncated").Bool())
	assertNote(t, protocol.Note{ID: "status.normal-closure", Args: []string{"1000"}}, res.Get("note"))

	for code, rule := range map[int]string{
		1005: "close-code-local-only", 1006: "close-code-local-only", 1015: "close-code-local-only",
		1004: "close-code-invalid", 999: "close-code-invalid", 2999: "close-code-invalid", 5000: "close-code-invalid",
	} {
		res := call(t, "closePayload", code, "")
		require.Equal(t, js.TypeObject, res.Get("error").Type(), "%d may not be sent", code)
		assert.Equal(t, rule, res.Get("error").Get("rule").String(), "%d", code)
		assert.Equal(t, hex.EncodeToString(protocol.AppendClose(nil, protocol.StatusCode(code), "")), res.Get("hex").String(), "bytes still produced")
	}
	assert.Equal(t, "", call(t, "closePayload", 1005).Get("hex").String(), "no status travels as an empty body")
	for _, code := range []int{1001, 1011, 1014, 3000, 4999} {
		assert.True(t, callOK(t, "closePayload", code).Get("error").IsUndefined(), "%d", code)
	}
	assert.Equal(t, "", callOK(t, "closePayload", 0).Get("hex").String())
	assert.Contains(t, call(t, "closePayload", 0, "why").Get("error").Get("message").String(), "a reason needs a status code")

	long := strings.Repeat("é", 100) // 200 bytes: cut to 123 at a character boundary
	res = callOK(t, "closePayload", 1000, long)
	assert.True(t, res.Get("truncated").Bool())
	assert.Equal(t, protocol.AppendClose(nil, 1000, long), goBytes(t, res.Get("bytes")))
	assert.LessOrEqual(t, res.Get("bytes").Length(), 125)
}

func TestClosePayloadErrors(t *testing.T) {
	assert.Contains(t, callErr(t, "closePayload"), "code is required")
	assert.Contains(t, callErr(t, "closePayload", 70000), "code must be between 0 and 65535, not 70000")
	assert.Contains(t, callErr(t, "closePayload", 1000, 5), "reason must be a string")
}
