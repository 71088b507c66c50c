package server

import (
	"bytes"
	"compress/flate"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
)

// bomb is n zero bytes compressed as hard as compress/flate can, as one
// permessage-deflate message (sync flush, tail stripped): about 1,000 to 1.
func bomb(t testing.TB, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.BestCompression)
	require.NoError(t, err)
	zeros := make([]byte, 1<<20)
	for ; n > 0; n -= len(zeros) {
		_, err = w.Write(zeros[:min(n, len(zeros))])
		require.NoError(t, err)
	}
	require.NoError(t, w.Flush())
	out := b.Bytes()
	require.Equal(t, deflate.Tail[:], out[len(out)-4:])
	return out[:len(out)-4]
}

// A decompression bomb is refused with 1009 once it inflates past
// -max-message, and the server spends about the limit on it, not the bomb's
// size. Not parallel: it reads the process's allocation counter.
func TestDeflateBombIsRefusedWithBoundedMemory(t *testing.T) {
	const limit = 64 << 10
	payload := bomb(t, 16<<20) // 16 MiB of zeros in about 16 KiB
	require.Less(t, len(payload), limit/2, "the frame itself is well within the limit")
	srv, addr, _ := startServer(t, Config{Deflate: true, MaxMessage: limit})
	warmUp(t, srv, addr)
	c := dialDeflate(t, addr, "/ws", chromeOffer)
	frame := c.Frame(protocol.Header{Fin: true, Rsv1: true, Opcode: protocol.OpBinary}, payload)

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	c.Write(frame)
	c.ExpectFailure(protocol.StatusMessageTooBig, protocol.ErrTooBig)
	runtime.ReadMemStats(&after)
	allocated := after.TotalAlloc - before.TotalAlloc
	assert.Less(t, allocated, uint64(16*limit), "the server allocated %d bytes for a %d-byte bomb of 16 MiB", allocated, len(payload))
}

// Data that does not inflate, and inflated text that is not UTF-8, fail
// the connection with 1007 and the rule in the reason.
func TestDeflateBadDataFails(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{Deflate: true})
	invalidUTF8 := deflate.NewCompressor(deflate.CompressorOptions{NoContextTakeover: true}).Compress(nil, []byte{'o', 'k', 0xff})
	tests := []struct {
		name    string
		op      protocol.Opcode
		payload []byte
		rule    *protocol.Rule
	}{
		{"reserved block type", protocol.OpText, []byte{0xff}, protocol.ErrInflate},
		{"stored length mismatch", protocol.OpBinary, []byte{0x00, 0x05, 0x00, 0x00, 0x00, 'H', 'e', 'l', 'l', 'o'}, protocol.ErrInflate},
		{"distance before the start", protocol.OpBinary, []byte{0x02, 0x01}, protocol.ErrInflate},
		{"inflated text is not UTF-8", protocol.OpText, invalidUTF8, protocol.ErrInvalidUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := dialDeflate(t, addr, "/ws", chromeOffer)
			c.SendFrame(protocol.Header{Fin: true, Rsv1: true, Opcode: tt.op}, tt.payload)
			c.ExpectFailure(protocol.StatusInvalidPayload, tt.rule)
		})
	}
}
