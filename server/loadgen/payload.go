package main

import (
	"math/rand/v2"

	"github.com/wsplay/wsplay/protocol"
)

// payloads makes a fresh payload for every message, so that a server that
// echoed a stale or shared buffer would be caught by the byte comparison.
// Text payloads are ASCII letters (valid UTF-8); binary ones use all 256
// byte values.
type payloads struct {
	rng *rand.PCG
	op  protocol.Opcode
	buf []byte
}

func newPayloads(op protocol.Opcode, size int, seed uint64) *payloads {
	return &payloads{rng: rand.NewPCG(seed, 0x77_73_70_6c_61_79), op: op, buf: make([]byte, size)}
}

// next fills and returns the payload buffer; it is reused by the next call.
func (p *payloads) next() []byte {
	b := p.buf
	for i := 0; i < len(b); i += 8 {
		x := p.rng.Uint64()
		for j := i; j < min(i+8, len(b)); j++ {
			if p.op == protocol.OpText {
				b[j] = 'a' + byte(x%26)
			} else {
				b[j] = byte(x)
			}
			x >>= 8
		}
	}
	return b
}
