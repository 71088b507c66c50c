//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/wsplay/wsplay/protocol"
)

// Frames of a connection with permessage-deflate agreed (RFC 7692 section
// 6): RSV1 marks the first frame of a compressed message.

// readAgreedDeflate reads the decode option deflate: {windowBits, takeover}
// (the sender's settings), or true for the defaults; agreed is false when
// it is absent or false.
func readAgreedDeflate(o options) (d deflateOptions, agreed bool) {
	v := o.get("deflate")
	if !given(v) || v.Type() == js.TypeBoolean && !v.Bool() {
		return d, false
	}
	if v.Type() == js.TypeBoolean {
		return deflateOptions{windowBits: 15, takeover: true}, true
	}
	return readDeflate(o.in.options(v, "deflate")), true
}

// inflateCap is how much one message may inflate to: the payload limit,
// as a server's -max-message, within maxInflate.
func inflateCap(maxPayload uint64) int {
	if maxPayload == 0 || maxPayload > maxInflate {
		return maxInflate
	}
	return int(maxPayload)
}

// addInflated gives each frame that ends a compressed message inflated:
// {ok, text, hex, length, trace, error, compressedHex}. The trace comes from a second
// inflater fed the same messages in the same order; Decode's own inflater
// gave the message and its violations. A message's compressed bytes are
// its frames' payloads joined, control frames between them left out.
func addInflated(frames []object, d protocol.Decoding, pmd deflateOptions, maxOutput int) {
	z := pmd.inflater(maxOutput)
	var joined []byte
	open := false
	budget := decodeMaxItems
	for i, f := range d.Frames {
		h := f.Header
		if h.Opcode.IsControl() || h.Opcode.IsReserved() || d.Consumed <= f.Offset {
			continue
		}
		if h.Opcode != protocol.OpContinuation {
			open, joined = h.Rsv1, joined[:0]
		}
		if !open {
			continue
		}
		joined = append(joined, f.Payload...)
		if h.Fin {
			open = false
			r, items, _ := inflateResult(z, joined, max(1, min(defaultMaxItems, budget)))
			budget -= items
			// A failed message leaves z's window as it was, as it leaves the
			// core's (Decode's violations above come from the same rule), so
			// the next message's trace and its violations agree.
			frames[i] = append(frames[i], kv{"inflated", append(r, kv{"compressedHex", protocol.Hex(joined)})})
		}
	}
}

// compressPayload compresses an encode payload ({compressed: true,
// windowBits, takeover, history, codes}); only the first frame of a text
// or binary message may carry RSV1 (RFC 7692 section 6).
func compressPayload(o options, op protocol.Opcode, payload []byte) ([]byte, object) {
	switch {
	case op.IsControl():
		o.in.fail("compressed: control frames are never compressed (RFC 7692 section 6, rule " + protocol.ErrCompressedControl.ID + ")")
	case op == protocol.OpContinuation:
		o.in.fail("compressed: RSV1 goes on a message's first frame, not on a continuation (RFC 7692 section 6, rule " +
			protocol.ErrCompressedContinuation.ID + ")")
	case !op.IsData():
		o.in.fail("compressed: only text and binary messages are compressed, not opcode " + itoa(int(op)))
	}
	d := readDeflate(o)
	history := readHistory(o, o.in.textOrBytes)
	codes := readCodes(o)
	if o.in.err != nil {
		return nil, nil
	}
	c := d.compressor(codes)
	for _, h := range history {
		c.Compress(nil, h)
	}
	out, ch := c.CompressExplained(nil, payload)
	return out, compressedObject(out, ch, payload)
}
