package protocol

import (
	"testing"
)

var benchSizes = []int{125, 64 << 10}

func benchFrame(n int, masked bool) Frame {
	payload := make([]byte, n)
	for i := range payload {
		payload[i] = byte('a' + i%26)
	}
	return Frame{Header: Header{Fin: true, Opcode: OpBinary, Masked: masked, MaskKey: rfcKey}, Payload: payload}
}

// BenchmarkAppendFrame encodes into a reused buffer, as a writer would:
// unmasked (server) and masked (client).
func BenchmarkAppendFrame(b *testing.B) {
	for _, n := range benchSizes {
		for _, masked := range []bool{false, true} {
			name := sizeName(n) + "/server"
			if masked {
				name = sizeName(n) + "/client"
			}
			f := benchFrame(n, masked)
			buf := make([]byte, 0, MaxHeaderSize+n)
			b.Run(name, func(b *testing.B) {
				b.SetBytes(int64(n))
				b.ReportAllocs()
				for b.Loop() {
					buf = AppendFrame(buf[:0], f)
				}
			})
		}
	}
}

// BenchmarkReadFrame is what an endpoint does per frame: parse the header,
// check it, unmask the payload in place in its read buffer.
func BenchmarkReadFrame(b *testing.B) {
	lim := Limits{From: FromClient}
	for _, n := range benchSizes {
		wire := AppendFrame(nil, benchFrame(n, true))
		b.Run(sizeName(n), func(b *testing.B) {
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				h, hn, _ := ParseHeader(wire)
				if err := CheckHeader(h, lim); err != nil {
					b.Fatal(err)
				}
				Mask(wire[hn:hn+int(h.Length)], h.MaskKey, 0)
			}
		})
	}
}

// BenchmarkDecode is the playground's annotated decoding of the same frames.
func BenchmarkDecode(b *testing.B) {
	lim := Limits{From: FromClient}
	for _, n := range benchSizes {
		wire := AppendFrame(nil, benchFrame(n, true))
		b.Run(sizeName(n), func(b *testing.B) {
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				d := Decode(wire, lim)
				if len(d.Violations) != 0 || len(d.Frames) != 1 {
					b.Fatal(d.Violations)
				}
			}
		})
	}
}

// BenchmarkAssembler takes one-frame text messages, as an echo server does:
// whole with Push, and as a frame read in 4 KiB pieces. The two should cost
// the same: each byte is checked once either way.
func BenchmarkAssembler(b *testing.B) {
	for _, n := range benchSizes {
		f := benchFrame(n, false)
		f.Opcode, f.Length = OpText, uint64(n)
		b.Run(sizeName(n)+"/push", func(b *testing.B) {
			var a Assembler
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				if _, done, err := a.Push(f.Header, f.Payload); !done || err != nil {
					b.Fatal(done, err)
				}
			}
		})
		b.Run(sizeName(n)+"/pieces", func(b *testing.B) {
			var a Assembler
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				if err := a.StartFrame(f.Header); err != nil {
					b.Fatal(err)
				}
				for p := f.Payload; len(p) > 0; p = p[min(len(p), 4096):] {
					if err := a.FeedPayload(p[:min(len(p), 4096)]); err != nil {
						b.Fatal(err)
					}
				}
				if _, done, err := a.FinishFrame(f.Payload); !done || err != nil {
					b.Fatal(done, err)
				}
			}
		})
	}
}
