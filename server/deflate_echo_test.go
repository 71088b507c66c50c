package server

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
)

// echoSizes run from the empty message past every length form to 1 MiB.
var echoSizes = []int{0, 1, 125, 126, 4096, 65535, 65536, 100_000, 1 << 20}

// compressible is text a learner might send: words that repeat.
func compressible(n int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		b.WriteString("message " + strconv.Itoa(i%97) + " says hello to the websocket playground; ")
	}
	return b.Bytes()[:n]
}

// incompressible is random bytes, which the compressors store.
func incompressible(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// Compressed messages from 0 B to 1 MiB come back byte for byte, each sent
// twice (the second leans on the first when the client keeps its context),
// under several agreements, whole and fragmented either way.
func TestDeflateEchoes(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{Deflate: true, MaxMessage: 2 << 20}) // random bytes grow a little
	tests := []struct {
		name, offer, target string
		fragment            int  // client frames of this many compressed bytes; 0 = one frame
		upTo1MiB            bool // every size, else up to 100,000 bytes (the race detector is slow)
	}{
		{"Chrome, client keeps context", chromeOffer, "/ws", 0, true},
		{"Firefox, client window 15", "permessage-deflate", "/ws", 0, false},
		{"no context either way", "permessage-deflate; client_no_context_takeover; client_max_window_bits", "/ws", 0, false},
		{"small windows both ways", "permessage-deflate; server_max_window_bits=9; client_max_window_bits=8", "/ws", 0, true},
		{"client fragments", chromeOffer, "/ws", 1000, false},
		{"server fragments", chromeOffer, "/ws?frag=4096", 0, false},
		{"server keeps no context, small window, both fragment", "permessage-deflate; server_max_window_bits=10", "/ws?frag=777", 333, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := dialDeflate(t, addr, tt.target, tt.offer)
			_, agreed := c.Deflate()
			require.True(t, agreed)
			sizes := echoSizes
			if !tt.upTo1MiB {
				sizes = sizes[:len(sizes)-1]
			}
			for _, n := range sizes {
				for i, msg := range [][]byte{compressible(n), compressible(n), incompressible(n, uint64(n))} {
					op := protocol.OpText
					if i == 2 {
						op = protocol.OpBinary
					}
					require.NoError(t, c.WriteMessage(op, msg, tt.fragment))
					gotOp, got, err := c.ReadMessage()
					require.NoError(t, err, "%d bytes", n)
					require.Equal(t, op, gotOp)
					require.True(t, bytes.Equal(msg, got), "%d bytes: echo differs", n)
				}
			}
		})
	}
}

// The server's compressed echo as it travels: RSV1 on the first frame only,
// no control frame compressed, the tail stripped (RFC 7692 sections 6 and
// 7.2.1), and the frames inflate to the message.
func TestDeflateEchoOnTheWire(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{Deflate: true})
	c := dialDeflate(t, addr, "/ws?frag=100", chromeOffer)
	msg := incompressible(1000, 1) // stored: big enough for several frames
	require.NoError(t, c.WriteMessage(protocol.OpBinary, msg, 0))
	require.NoError(t, c.WritePing([]byte("p")))
	var joined []byte
	for i := 0; ; i++ {
		h, payload, err := c.ReadFrame()
		require.NoError(t, err)
		if h.Opcode.IsControl() {
			assert.False(t, h.Rsv1, "control frames are never compressed: %s", h)
			continue
		}
		assert.Equal(t, i == 0, h.Rsv1, "RSV1 on the first frame only: frame %d %s", i, h)
		joined = append(joined, payload...)
		if h.Fin {
			break
		}
	}
	assert.NotEqual(t, deflate.Tail[:], joined[len(joined)-4:], "the tail is stripped")
	z := deflate.NewInflater(deflate.Options{NoContextTakeover: true})
	got, err := z.Inflate(nil, joined)
	require.NoError(t, err)
	assert.Equal(t, msg, got)
}

// RFC 7692 section 7.2.3.1's "Hello", compressed as the RFC shows it, comes
// back as the text; sent again with the shared window (section 7.2.3.2's
// f2 00 11 00 00) it copies "ello" from the first.
func TestDeflateRFCHello(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{Deflate: true})
	c := dialDeflate(t, addr, "/ws", "permessage-deflate")
	text := protocol.Header{Fin: true, Rsv1: true, Opcode: protocol.OpText}
	for _, payload := range [][]byte{{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}, {0xf2, 0x00, 0x11, 0x00, 0x00}} {
		c.SendFrame(text, payload)
		op, got, err := c.ReadMessage()
		require.NoError(t, err)
		assert.Equal(t, protocol.OpText, op)
		assert.Equal(t, "Hello", string(got))
	}
	// Fragmented, RSV1 on the first frame only (section 7.2.3.3 unmasked).
	c.SendFrame(protocol.Header{Rsv1: true, Opcode: protocol.OpText}, []byte{0xf2, 0x48, 0xcd})
	c.SendFrame(protocol.Header{Fin: true, Opcode: protocol.OpContinuation}, []byte{0xc9, 0xc9, 0x07, 0x00})
	_, got, err := c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, "Hello", string(got))
	// A message without RSV1 is still plain on a compressed connection.
	c.Send(protocol.OpText, []byte("plain"))
	_, got, err = c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, "plain", string(got))
}
