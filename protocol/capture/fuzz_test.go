package capture

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
)

// FuzzReadCapture gives the reader arbitrary files. It must never panic or
// hang, and what it returns must hold together: a stopping error is a
// Problem, and every frame belongs to a WebSocket connection.
func FuzzReadCapture(f *testing.F) {
	ng, err := Write(testSession(lessonFrames()...))
	require.NoError(f, err)
	f.Add(ng)
	pkts := sessionPackets(simpleSession())
	f.Add(pcapFile(littleEndian, false, LinkEthernet, pkts))
	f.Add(pcapFile(bigEndian, true, LinkSLL2, pkts))
	f.Add(pcapFile(littleEndian, false, LinkNull, pkts))
	b := append(ngSection(bigEndian), ngInterfaceBlock(bigEndian, LinkRaw, 0x80|20)...)
	for _, p := range pkts {
		b = append(b, ngPacketBlock(bigEndian, 0, resolution{exp: 20, pow2: true}, p, LinkRaw, false)...)
	}
	f.Add(b)
	const ext = "permessage-deflate; client_max_window_bits=9"
	z := deflate.NewCompressor(deflate.CompressorOptions{WindowBits: 9})
	var frames []sessionFrame
	for _, text := range []string{"compressed", "compressed again", "compressed in pieces"} {
		frames = append(frames, compressed(protocol.FromClient, z, protocol.OpText, text, 4)...)
	}
	ng, err = Write(deflateSession(ext, ext, frames...))
	require.NoError(f, err)
	f.Add(ng)
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Read(b, Limits{MaxPackets: 5000, MaxStreamBytes: 1 << 20, MaxInflated: 1 << 20, NoFields: len(b)%2 == 0})
		if err != nil {
			var p *Problem
			require.ErrorAs(t, err, &p)
		}
		require.LessOrEqual(t, len(c.Problems), MaxProblems)
		for _, conn := range c.Connections {
			if !conn.Kind.IsWebSocket() {
				require.Empty(t, conn.Frames)
			}
			require.NotEmpty(t, conn.Kind.String())
			for _, f := range conn.Frames {
				require.Equal(t, f.Inflation != NotCompressed, f.DecodedFrame.Compressed && f.Message != nil)
			}
		}
	})
}
