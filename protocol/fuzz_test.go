package protocol

import (
	"bytes"
	"errors"
	"math/rand"
	"testing"
	"unicode/utf8"

	"github.com/wsplay/wsplay/protocol/protocoltest"
)

// fuzzLimits derives the reader's limits from one fuzzed byte: who sent the
// bytes, which RSV bits extensions allow, and whether any length is accepted
// (to exercise the arithmetic on huge lengths).
func fuzzLimits(b uint8) Limits {
	lim := Limits{From: Role(b % 3), Extensions: (b >> 2) & 7}
	if b&0x80 != 0 {
		lim.MaxPayload = 1<<63 - 1
	}
	return lim
}

func addFrameSeeds(f *testing.F) {
	v := protocoltest.Load(f)
	for _, fr := range v.Frames {
		if len(fr.Wire) <= 1024 { // long payloads teach the fuzzer nothing new
			f.Add(fr.Wire, uint8(0))
			f.Add(fr.Wire, uint8(1))
		}
	}
	for _, iv := range v.Invalid {
		f.Add(iv.Wire, uint8(2))
	}
	f.Add(mustHex(f, "010261e2"+"800182"), uint8(2))
	f.Add(mustHex(f, "827f7fffffffffffffff"), uint8(0x80))
	f.Add(mustHex(f, "7bff8000000000000000"+"01020304"), uint8(2))
}

// FuzzDecode feeds arbitrary bytes to Decode: it must not panic, every
// violation must point into the input, the frames must tile the consumed
// bytes, and every complete frame must re-encode to its own bytes.
func FuzzDecode(f *testing.F) {
	addFrameSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte, limits uint8) {
		lim := fuzzLimits(limits)
		d := Decode(data, lim)
		if d.Consumed < 0 || d.Consumed > len(data) {
			t.Fatalf("consumed %d of %d", d.Consumed, len(data))
		}
		if d.NeedMore < 0 {
			t.Fatalf("NeedMore %d", d.NeedMore)
		}
		if d.NeedMore > 0 && d.Consumed == len(data) {
			t.Fatalf("needs %d more bytes but consumed everything", d.NeedMore)
		}
		var all []*Violation
		total, pos := 0, 0
		for i, fr := range d.Frames {
			all = append(all, fr.Violations...)
			if fr.Offset != pos {
				t.Fatalf("frame %d at %d, expected %d", i, fr.Offset, pos)
			}
			total += len(fr.MaskedPayload)
			if len(fr.Payload) != len(fr.MaskedPayload) {
				t.Fatalf("payload %d bytes, masked %d", len(fr.Payload), len(fr.MaskedPayload))
			}
			for _, fl := range fr.Fields {
				if fl.Offset < 0 || fl.Offset+fl.Size > len(data) {
					t.Fatalf("field %s at %d+%d outside %d bytes", fl.ID, fl.Offset, fl.Size, len(data))
				}
			}
			complete := fr.Offset+fr.HeaderSize+int(fr.Header.Length) <= d.Consumed && uint64(len(fr.MaskedPayload)) == fr.Header.Length
			if !complete {
				if i != len(d.Frames)-1 {
					t.Fatalf("incomplete frame %d is not the last", i)
				}
				continue
			}
			end := fr.Offset + fr.HeaderSize + len(fr.MaskedPayload)
			again := AppendFrame(nil, Frame{Header: fr.Header, Payload: fr.Payload})
			if !bytes.Equal(again, data[fr.Offset:end]) {
				t.Fatalf("frame %d re-encodes to %x, was %x", i, again, data[fr.Offset:end])
			}
			pos = end
		}
		if pos != d.Consumed {
			t.Fatalf("frames end at %d, consumed %d", pos, d.Consumed)
		}
		if total > len(data) {
			t.Fatalf("payloads total %d > input %d", total, len(data))
		}
		if len(all) != len(d.Violations) {
			t.Fatalf("%d violations in frames, %d in total", len(all), len(d.Violations))
		}
		for i, v := range d.Violations {
			if v != all[i] {
				t.Fatalf("violation %d differs", i)
			}
			if v.Offset < 0 || v.Offset >= int64(len(data)) {
				t.Fatalf("%v: offset %d outside %d bytes", v, v.Offset, len(data))
			}
		}

		// Build a frame out of the input and check that it survives the
		// round trip through AppendFrame and Decode.
		var h Header
		if len(data) > 0 {
			b := data[0]
			h = Header{Fin: b&0x80 != 0, Opcode: []Opcode{OpText, OpBinary, OpContinuation, OpPing}[b&3], Masked: b&0x40 != 0,
				LengthForm: []LengthForm{LengthMinimal, Length7, Length16, Length64}[b>>2&3]}
			copy(h.MaskKey[:], data[1:])
		}
		payload := data
		if h.Opcode.IsControl() && len(payload) > 125 {
			payload = payload[:125]
		}
		wire := AppendFrame(nil, Frame{Header: h, Payload: payload})
		rd := Decode(wire, Limits{})
		if len(rd.Frames) != 1 || rd.Consumed != len(wire) || rd.NeedMore != 0 {
			t.Fatalf("round trip: %d frames, consumed %d of %d", len(rd.Frames), rd.Consumed, len(wire))
		}
		got := rd.Frames[0]
		if !bytes.Equal(got.Payload, payload) || got.Header.Fin != h.Fin || got.Header.Opcode != h.Opcode || got.Header.Masked != h.Masked {
			t.Fatalf("round trip changed the frame: %v / %v", got.Header, h)
		}
		for _, v := range rd.Violations {
			switch {
			case errors.Is(v, ErrLengthNotMinimal) && h.LengthForm != LengthMinimal:
			case errors.Is(v, ErrContinuationWithoutStart) && h.Opcode == OpContinuation:
			case errors.Is(v, ErrControlFragmented) && !h.Fin:
			case errors.Is(v, ErrInvalidUTF8) && !utf8.Valid(payload):
			default:
				t.Fatalf("round trip of a valid frame reports %v", v)
			}
		}
	})
}

// FuzzParseRequest feeds arbitrary bytes to the handshake parsers.
func FuzzParseRequest(f *testing.F) {
	f.Add([]byte(rfcRequest))
	f.Add([]byte(rfcRequest + "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"))
	f.Add([]byte(rfcResponse))
	f.Add([]byte("GET / HTTP/1.1\nHost: a\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Key: w4v7O6xFTi36lq3RNcgctw==\nSec-WebSocket-Version: 13\n\n"))
	f.Add([]byte("GET / HTTP/1.1\r\nHost : a\r\n\r\n"))
	f.Add([]byte("GET / HTTP/1.0\r\n\r\n"))
	f.Add([]byte("\r\n\r\n"))
	f.Add([]byte("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, n, err := ParseRequest(data)
		if n < 0 || n > len(data) {
			t.Fatalf("n = %d for %d bytes", n, len(data))
		}
		if n == 0 && err != nil {
			t.Fatalf("error before the head is complete: %v", err)
		}
		if err != nil {
			var v *Violation
			if !errors.As(err, &v) || v.Rule != ErrMalformedHTTP || v.Offset < 0 || v.Offset >= int64(n) {
				t.Fatalf("unexpected error %v", err)
			}
		}
		if n > 0 && err == nil {
			// What was parsed writes back and parses again to the same.
			again := AppendRequest(nil, r)
			r2, n2, err2 := ParseRequest(again)
			if err2 != nil || n2 != len(again) || !requestsEqual(r, r2) {
				t.Fatalf("request does not round-trip: %q -> %q (%v)", data[:n], again, err2)
			}
			u, err := CheckRequest(&r)
			if err == nil {
				// A server accepting it produces an answer the client accepts.
				resp := Accepted(u, "")
				wire := AppendResponse(nil, resp)
				pr, pn, perr := ParseResponse(wire)
				if perr != nil || pn != len(wire) {
					t.Fatalf("answer does not parse: %v", perr)
				}
				if err := CheckResponse(&pr, u.Key, u.Protocols, u.Extensions); err != nil {
					t.Fatalf("client refuses the server's answer: %v", err)
				}
			} else {
				_ = AppendResponse(nil, Refusal(err))
			}
		}

		resp, n, err := ParseResponse(data)
		if n < 0 || n > len(data) || (n == 0 && err != nil) {
			t.Fatalf("ParseResponse: n = %d, err = %v", n, err)
		}
		if n > 0 && err == nil {
			if resp.Status < 0 || resp.Status > 999 {
				t.Fatalf("status %d", resp.Status)
			}
			_ = CheckResponse(&resp, tutorialKey, []string{"chat"}, []string{"permessage-deflate"})
		}
	})
}

func requestsEqual(a, b Request) bool {
	if a.Method != b.Method || a.Target != b.Target || a.Proto != b.Proto || len(a.Headers) != len(b.Headers) {
		return false
	}
	for i := range a.Headers {
		if a.Headers[i] != b.Headers[i] {
			return false
		}
	}
	return true
}

// FuzzAssembler splits a message into frames of a fuzzed size, with pings in
// between, and checks the Assembler's verdict and the message it rebuilds.
func FuzzAssembler(f *testing.F) {
	f.Add([]byte("Hello"), uint8(2), true)
	f.Add([]byte("añ€😀"), uint8(1), true)
	f.Add([]byte("a\xe2\x82"), uint8(2), true)
	f.Add([]byte("ab\xf0\x9f\x98"), uint8(4), true)
	f.Add([]byte("\xed\xa0\x80"), uint8(1), true)
	f.Add([]byte{0xff, 0, 1}, uint8(0), false)
	f.Fuzz(func(t *testing.T, data []byte, size uint8, text bool) {
		op := OpBinary
		if text {
			op = OpText
		}
		frames := SplitMessage(op, data, int(size))
		step := len(data)
		if size > 0 && int(size) < len(data) {
			step = int(size)
		}
		want := -1 // fail-fast index in the message
		if text {
			want = ValidUTF8(data)
		}
		var a Assembler
		for i, fr := range frames {
			m, done, err := a.Push(fr.Header, fr.Payload)
			if err != nil {
				if !errors.Is(err, ErrInvalidUTF8) || want < 0 {
					t.Fatalf("frame %d: unexpected %v", i, err)
				}
				off := err.(*Violation).Offset
				switch {
				case want < len(data):
					if i != want/step || off != int64(want%step) {
						t.Fatalf("bad byte %d reported in frame %d at %d (step %d)", want, i, off, step)
					}
				case i != len(frames)-1:
					t.Fatalf("truncated text reported before the last frame")
				case off >= 0:
					lead := i*step + int(off)
					if off >= int64(len(fr.Payload)) || fr.Payload[off] < 0xC0 || !utf8.Valid(data[:lead]) {
						t.Fatalf("truncated text reported at %d, not the unfinished character", off)
					}
				}
				return
			}
			if i < len(frames)-1 {
				if done {
					t.Fatalf("frame %d finished the message early", i)
				}
				if _, done, err := a.Push(Header{Fin: true, Opcode: OpPing}, []byte("ping")); err != nil || !done {
					t.Fatalf("ping: %v", err)
				}
				continue
			}
			if !done || want >= 0 {
				t.Fatalf("message not delivered (done %v, want %d)", done, want)
			}
			if !bytes.Equal(m.Payload, data) || m.Opcode != op || m.Frames != len(frames) {
				t.Fatalf("message differs: %d frames", m.Frames)
			}
			if text && !utf8.Valid(m.Payload) {
				t.Fatalf("invalid text delivered")
			}
		}
	})
}

// FuzzUTF8 checks the validator against unicode/utf8 and the fail-fast
// definition, whole and cut in two.
func FuzzUTF8(f *testing.F) {
	for _, e := range utf8Edges {
		f.Add([]byte(e.in), uint16(1))
	}
	f.Fuzz(func(t *testing.T, data []byte, cut uint16) {
		got := ValidUTF8(data)
		if (got < 0) != utf8.Valid(data) {
			t.Fatalf("ValidUTF8 = %d, utf8.Valid = %v", got, utf8.Valid(data))
		}
		switch {
		case got == len(data):
			if !validPrefix(data) {
				t.Fatalf("reported as truncated but cannot be completed")
			}
		case got >= 0:
			if !validPrefix(data[:got]) || validPrefix(data[:got+1]) {
				t.Fatalf("index %d is not the first impossible byte", got)
			}
		}
		c := int(cut) % (len(data) + 1)
		if w := writeInPieces(data, c); w != got {
			t.Fatalf("cut at %d gives %d, whole gives %d", c, w, got)
		}
	})
}

// FuzzAssemblerPieces reads a script of frames from data (a control byte:
// FIN and an opcode; a length byte; the payload) and gives every frame to
// two Assemblers: whole with Push, and cut at fuzzed points with
// StartFrame, FeedPayload and FinishFrame. Both must agree on every frame:
// the same message, or the same violation with the same offset and value.
func FuzzAssemblerPieces(f *testing.F) {
	f.Add([]byte("\x81\x05Hello"), int64(1), uint8(0))
	f.Add([]byte("\x01\x03a\xe2\x82\x89\x00\x80\x01\xac"), int64(2), uint8(0))
	f.Add([]byte("\x01\x02ab\x00\x02\xff\xfe\x80\x01c\x81\x01d"), int64(3), uint8(0))
	f.Add([]byte("\x80\x01a\x01\x04abcd\x82\x01b"), int64(4), uint8(3))
	f.Add([]byte("\x88\x04\x03\xe8\xc3\x28\x88\x01\x03"), int64(5), uint8(0))
	f.Add([]byte("\x81\x04ab\xf0\x9f"), int64(6), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, seed int64, max uint8) {
		whole := Assembler{MaxMessage: int(max)}
		cut := Assembler{MaxMessage: int(max)}
		r := rand.New(rand.NewSource(seed))
		for i := 0; len(data) >= 2; i++ {
			h := Header{Fin: data[0]&0x80 != 0, Opcode: [8]Opcode{0, 1, 2, 8, 9, 0xA, 0, 1}[data[0]&7]}
			n := min(int(data[1]), len(data)-2)
			payload := data[2 : 2+n]
			data = data[2+n:]
			if h.Opcode.IsControl() {
				h.Fin = true // CheckHeader guarantees this much
			}
			wm, wdone, werr := whole.Push(h, append([]byte(nil), payload...))
			pieces := cutPieces(r, payload)
			cm, cdone, _, cerr := piecewise(&cut, h, pieces...)
			if !sameVerdict(werr, cerr) {
				t.Fatalf("frame %d (%s): Push says %v, pieces %d say %v", i, h, werr, len(pieces), cerr)
			}
			if wdone != cdone || wm.Opcode != cm.Opcode || !bytes.Equal(wm.Payload, cm.Payload) ||
				wm.Frames != cm.Frames || (wm.Close == nil) != (cm.Close == nil) {
				t.Fatalf("frame %d (%s): Push gives %v %+v, pieces give %v %+v", i, h, wdone, wm, cdone, cm)
			}
			if whole.InMessage() != cut.InMessage() {
				t.Fatalf("frame %d: InMessage %v vs %v", i, whole.InMessage(), cut.InMessage())
			}
		}
	})
}

// cutPieces cuts p at random points, empty pieces included.
func cutPieces(r *rand.Rand, p []byte) [][]byte {
	var pieces [][]byte
	for len(p) > 0 {
		n := r.Intn(len(p) + 1)
		pieces = append(pieces, p[:n])
		p = p[n:]
	}
	return append(pieces, p)
}

// sameVerdict reports whether a and b are both nil or the same violation.
func sameVerdict(a, b error) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	va, oka := a.(*Violation)
	vb, okb := b.(*Violation)
	return oka && okb && *va == *vb
}
