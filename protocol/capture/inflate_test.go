package capture

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
)

// deflateSession is a tapped connection whose request offers offer and
// whose 101 answers answer, then the frames.
func deflateSession(offer, answer string, frames ...sessionFrame) Session {
	s := testSession(frames...)
	req, _ := handshakeHeads(offer)
	_, resp := handshakeHeads(answer)
	s.Events[0].Bytes, s.Events[1].Bytes = req, resp
	return s
}

// compressed cuts one message, compressed by z, into frames of size bytes
// (0: one frame); from's frames are masked as a client's.
func compressed(from protocol.Role, z *deflate.Compressor, op protocol.Opcode, text string, size int) []sessionFrame {
	var out []sessionFrame
	for _, f := range protocol.CompressedFrames(op, z.Compress(nil, []byte(text)), size) {
		if from == protocol.FromClient {
			f.Masked, f.MaskKey = true, [4]byte{1, 2, 3, 4}
		}
		out = append(out, sessionFrame{from, f})
	}
	return out
}

func readDeflate(t *testing.T, lim Limits, s Session) (*Capture, *Connection) {
	t.Helper()
	b, err := Write(s)
	require.NoError(t, err)
	c, err := Read(b, lim)
	require.NoError(t, err)
	require.Len(t, c.Connections, 1)
	conn := c.Connections[0]
	require.Equal(t, KindWebSocket, conn.Kind, conn.Reason)
	return c, conn
}

// messages lists the text of every message that ends in a data frame, with
// what became of its inflation.
func messages(conn *Connection) (texts []string, how []Inflation) {
	for _, f := range conn.Frames {
		if f.Message != nil && f.Message.Opcode.IsData() {
			texts = append(texts, string(f.Message.Payload))
			how = append(how, f.Inflation)
		}
	}
	return texts, how
}

func TestCompressedMessagesAreInflatedWithTheAgreedWindowAndTakeover(t *testing.T) {
	t.Parallel()
	const chrome = "permessage-deflate; client_max_window_bits"
	const answer = "permessage-deflate; server_no_context_takeover; client_max_window_bits=12"
	client := deflate.NewCompressor(deflate.CompressorOptions{WindowBits: 12})
	server := deflate.NewCompressor(deflate.CompressorOptions{NoContextTakeover: true})
	hello := strings.Repeat("hello, compressed world ", 20)
	var frames []sessionFrame
	frames = append(frames, compressed(protocol.FromClient, client, protocol.OpText, hello, 0)...)
	frames = append(frames, compressed(protocol.FromServer, server, protocol.OpText, hello, 0)...)
	frames = append(frames, compressed(protocol.FromClient, client, protocol.OpText, hello, 7)...) // reaches into the first message
	frames = append(frames, clientFrame(protocol.OpPing, true, "between"), clientFrame(protocol.OpText, true, "plain"))
	frames = append(frames, compressed(protocol.FromServer, server, protocol.OpBinary, hello, 0)...)
	_, conn := readDeflate(t, Limits{}, deflateSession(chrome, answer, frames...))

	p, ok := conn.DeflateParams()
	require.True(t, ok)
	assert.Equal(t, 12, p.ClientWindowBits())
	assert.Equal(t, 15, p.ServerWindowBits())
	assert.True(t, p.ServerNoContextTakeover)
	assert.False(t, p.ClientNoContextTakeover)
	texts, how := messages(conn)
	assert.Equal(t, []string{hello, hello, hello, "plain", hello}, texts)
	assert.Equal(t, []Inflation{Inflated, Inflated, Inflated, NotCompressed, Inflated}, how)
	for _, f := range conn.Frames {
		assert.Empty(t, f.Violations, "frame at %d", f.Offset)
	}
	second := conn.Frames[2]
	assert.True(t, second.Compressed && second.Header.Rsv1, "the first frame of the fragmented message")
	assert.Nil(t, second.Message)
}

func TestInflateFailuresNameTheRuleAndTheByte(t *testing.T) {
	t.Parallel()
	const ext = "permessage-deflate; server_max_window_bits=10; client_max_window_bits=10"
	bad := sessionFrame{protocol.FromServer, protocol.Frame{Header: protocol.Header{Fin: true, Rsv1: true, Opcode: protocol.OpText}, Payload: []byte{0xff, 0xff}}}
	z := deflate.NewCompressor(deflate.CompressorOptions{WindowBits: 10})
	frames := []sessionFrame{bad}
	frames = append(frames, compressed(protocol.FromServer, z, protocol.OpText, "after the bad one", 0)...)
	notUTF8 := deflate.NewCompressor(deflate.CompressorOptions{WindowBits: 10})
	frames = append(frames, compressed(protocol.FromClient, notUTF8, protocol.OpText, "\xc3\x28", 0)...)
	_, conn := readDeflate(t, Limits{}, deflateSession(ext, ext, frames...))
	require.Len(t, conn.Frames, 3)
	first := conn.Frames[0]
	assert.Equal(t, InflateFailed, first.Inflation)
	require.Len(t, first.Violations, 1)
	assert.Equal(t, protocol.ErrInflate, first.Violations[0].Rule)
	assert.Equal(t, int64(first.Offset+first.HeaderSize), first.Violations[0].Offset, "the payload byte that holds BTYPE 11")
	assert.Equal(t, InflateAfterBad, conn.Frames[1].Inflation, "with context takeover the window went with the bad message")
	assert.True(t, conn.Frames[1].Inflation.StillCompressed())
	assert.Empty(t, conn.Frames[1].Violations)
	text := conn.Frames[2]
	assert.Equal(t, InflateFailed, text.Inflation, "the client's direction has its own window")
	require.Len(t, text.Violations, 1)
	assert.Equal(t, protocol.ErrInvalidUTF8, text.Violations[0].Rule)
	assert.Equal(t, int64(text.Offset), text.Violations[0].Offset, "UTF-8 of the inflated text: no byte of the frame")
}

func TestInflatingStopsAtMaxInflated(t *testing.T) {
	t.Parallel()
	const ext = "permessage-deflate"
	z := deflate.NewCompressor(deflate.CompressorOptions{})
	big := strings.Repeat("a", 1000)
	var frames []sessionFrame
	for range 3 {
		frames = append(frames, compressed(protocol.FromServer, z, protocol.OpText, big, 0)...)
	}
	c, conn := readDeflate(t, Limits{MaxInflated: 1500}, deflateSession(ext, ext, frames...))
	_, how := messages(conn)
	assert.Equal(t, []Inflation{Inflated, Inflated, InflateOverLimit}, how, "the budget is checked before each message")
	require.Len(t, c.Problems, 1)
	assert.Equal(t, ErrTooMuchInflated, c.Problems[0].Fault)
	assert.Equal(t, conn.Frames[2].Packet, c.Problems[0].Packet)

	_, conn = readDeflate(t, Limits{MaxInflated: 500}, deflateSession(ext, ext, frames[:1]...))
	require.Len(t, conn.Frames[0].Violations, 1)
	assert.Equal(t, protocol.ErrTooBig, conn.Frames[0].Violations[0].Rule, "one message is capped too")
}

func TestDeflateParamsOfEveryAnswer(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, offer, answer string
		ok                  bool
		client, server      int
		clientReset         bool
	}{
		{"none", "", "", false, 0, 0, false},
		{"defaults", "permessage-deflate", "permessage-deflate", true, 15, 15, false},
		{"the client's hint", "permessage-deflate; client_no_context_takeover", "permessage-deflate", true, 15, 15, true},
		{"the second offer", "permessage-deflate; server_max_window_bits=9, permessage-deflate", "permessage-deflate; client_max_window_bits=9", true, 0, 15, false},
		{"an answer a client refuses", "permessage-deflate", "permessage-deflate; server_max_window_bits=11", true, 15, 11, false},
		{"unreadable", "permessage-deflate", "permessage-deflate; window=1", true, 15, 15, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := testSession()
			if tc.answer != "" {
				s = deflateSession(tc.offer, tc.answer)
			}
			_, conn := readDeflate(t, Limits{}, s)
			p, ok := conn.DeflateParams()
			require.Equal(t, tc.ok, ok)
			if !ok {
				return
			}
			if tc.client != 0 {
				assert.Equal(t, tc.client, p.ClientWindowBits())
			}
			assert.Equal(t, tc.server, p.ServerWindowBits())
			assert.Equal(t, tc.clientReset, p.ClientNoContextTakeover)
		})
	}
}

func TestInflationNames(t *testing.T) {
	t.Parallel()
	for i, want := range []string{"", "inflated", "failed", "after-failure", "over-limit", "unknown"} {
		assert.Equal(t, want, Inflation(i).String())
	}
	assert.True(t, Inflated.IsInflated())
	assert.False(t, NotCompressed.StillCompressed() || Inflated.StillCompressed())
}

func TestNoFieldsKeepsEverythingButTheFields(t *testing.T) {
	t.Parallel()
	b, err := Write(testSession(lessonFrames()...))
	require.NoError(t, err)
	full, err := Read(b, Limits{})
	require.NoError(t, err)
	bare, err := Read(b, Limits{NoFields: true})
	require.NoError(t, err)
	ff, bf := full.Connections[0].Frames, bare.Connections[0].Frames
	require.Len(t, bf, len(ff))
	for i := range ff {
		assert.NotEmpty(t, ff[i].Fields)
		assert.Empty(t, bf[i].Fields)
		ff[i].Fields = nil
	}
	assert.Equal(t, ff, bf)
}
