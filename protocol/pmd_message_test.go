package protocol

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol/deflate"
	"github.com/wsplay/wsplay/protocol/protocoltest"
)

// rfc7692Wire returns the wire examples of RFC 7692 section 7.2.3 as hex:
// id → frames.
func rfc7692Wire(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for id, e := range protocoltest.LoadDeflate(t) {
		for _, w := range e.Wire {
			out[id] = append(out[id], Hex(w))
		}
	}
	return out
}

// pushAll decodes each wire frame with RSV1 allowed and pushes it.
func pushAll(t *testing.T, a *DeflateAssembler, from Role, wires ...string) (Message, bool, error) {
	t.Helper()
	var (
		m          Message
		compressed bool
		err        error
	)
	for _, w := range wires {
		b := mustHex(t, w)
		h, n, _ := ParseHeader(b)
		require.NotZero(t, n)
		if err := CheckHeader(h, Limits{From: from, Extensions: 4}); err != nil {
			return m, false, err
		}
		payload := append([]byte(nil), b[n:]...)
		if h.Masked {
			Mask(payload, h.MaskKey, 0)
		}
		var done bool
		m, compressed, done, err = a.Push(h, payload)
		if err != nil || done && !h.Opcode.IsControl() {
			return m, compressed, err
		}
	}
	return m, compressed, err
}

func TestRFC7692Frames(t *testing.T) {
	t.Parallel()
	wire := rfc7692Wire(t)
	hello := deflate.NewCompressor(deflate.CompressorOptions{}).Compress(nil, []byte("Hello"))

	assert.Equal(t, wire["7.2.3.1-frame"][0], Hex(AppendFrame(nil, CompressedFrames(OpText, hello, 0)[0])))
	masked := CompressedFrames(OpText, hello, 0)[0]
	masked.Masked, masked.MaskKey = true, rfcKey
	assert.Equal(t, wire["7.2.3.1-masked"][0], Hex(AppendFrame(nil, masked)))
	frames := CompressedFrames(OpText, hello, 3)
	require.Len(t, frames, 3)
	assert.Equal(t, wire["7.2.3.1-fragmented"][0], Hex(AppendFrame(nil, frames[0])), "RSV1 on the first frame")
	for _, f := range frames[1:] {
		assert.False(t, f.Rsv1, "and on no other")
	}

	for id, from := range map[string]Role{"7.2.3.1-frame": FromServer, "7.2.3.1-masked": FromClient, "7.2.3.1-fragmented": FromServer} {
		a := &DeflateAssembler{Inflater: deflate.NewInflater(deflate.Options{})}
		m, compressed, err := pushAll(t, a, from, wire[id]...)
		require.NoError(t, err, id)
		assert.True(t, compressed, id)
		assert.Equal(t, OpText, m.Opcode, id)
		assert.Equal(t, "Hello", string(m.Payload), id)
	}
}

func TestDeflateAssembler(t *testing.T) {
	t.Parallel()
	newA := func(max int) *DeflateAssembler {
		return &DeflateAssembler{Inflater: deflate.NewInflater(deflate.Options{MaxOutput: max})}
	}
	// Context takeover across messages: the second Hello copies "ello".
	a := newA(0)
	_, _, err := pushAll(t, a, FromServer, "c107f248cdc9c90700")
	require.NoError(t, err)
	m, _, err := pushAll(t, a, FromServer, "c105f200110000")
	require.NoError(t, err)
	assert.Equal(t, "Hello", string(m.Payload))

	// An uncompressed message on the same connection passes as it is.
	m, compressed, err := pushAll(t, a, FromServer, "81026869")
	require.NoError(t, err)
	assert.False(t, compressed)
	assert.Equal(t, "hi", string(m.Payload))

	// A ping between two compressed fragments.
	m, _, err = pushAll(t, newA(0), FromServer, "4103f248cd", "8900", "8004c9c90700")
	require.NoError(t, err)
	assert.Equal(t, "Hello", string(m.Payload))

	tests := []struct {
		name  string
		max   int
		wires []string
		rule  *Rule
	}{
		{"RSV1 on a continuation", 0, []string{"4103f248cd", "c004c9c90700"}, ErrCompressedContinuation},
		{"RSV1 on a ping", 0, []string{"c900"}, ErrCompressedControl},
		{"RSV1 on a close", 0, []string{"c800"}, ErrCompressedControl},
		{"not DEFLATE", 0, []string{"c101ff"}, ErrInflate},
		{"cut short", 0, []string{"c103f248cd"}, ErrInflate},
		{"inflates past the limit", 4, []string{"c107f248cdc9c90700"}, ErrTooBig},
		{"inflates to invalid UTF-8", 0, []string{compressedText([]byte{'a', 0xff})}, ErrInvalidUTF8},
	}
	for _, tc := range tests {
		_, _, err := pushAll(t, newA(tc.max), FromServer, tc.wires...)
		require.ErrorIs(t, err, tc.rule, tc.name)
		assert.Contains(t, err.Error(), "RFC "+tc.rule.RFCNumber(), tc.name)
	}
	v := inflateViolation(errorOf(t, "c101ff"))
	assert.Equal(t, "reserved-block-type at bit 1, BTYPE=11", v.Value)
	assert.Equal(t, StatusInvalidPayload, v.Rule.Close)
	assert.Equal(t, StatusMessageTooBig, ErrTooBig.Close)
	assert.True(t, strings.HasPrefix(ErrInflate.Error(), ErrInflate.Text+" (RFC 7692 section 7.2.2)"))
}

func errorOf(t *testing.T, wire string) error {
	f := Decode(mustHex(t, wire), Limits{Extensions: 4}).Frames[0]
	_, err := deflate.NewInflater(deflate.Options{}).Inflate(nil, f.Payload)
	require.Error(t, err)
	return err
}

// compressedText is an unmasked compressed text frame of payload, as hex.
func compressedText(payload []byte) string {
	c := deflate.NewCompressor(deflate.CompressorOptions{})
	return Hex(AppendFrame(nil, CompressedFrames(OpText, c.Compress(nil, payload), 0)[0]))
}

func TestDecodeInflates(t *testing.T) {
	t.Parallel()
	wire := mustHex(t, "4103f248cd"+"8900"+"8004c9c90700"+"c105f200110000")
	d := Decode(wire, Limits{From: FromServer, Extensions: 4, Inflater: deflate.NewInflater(deflate.Options{})})
	require.Empty(t, d.Violations)
	require.Len(t, d.Frames, 4)
	assert.True(t, d.Frames[2].Compressed)
	assert.Equal(t, "Hello", string(d.Frames[2].Message.Payload))
	assert.Equal(t, "Hello", string(d.Frames[3].Message.Payload), "the window carries over")

	raw := Decode(mustHex(t, "c107f248cdc9c90700"), Limits{From: FromServer, Extensions: 4})
	require.Empty(t, raw.Violations, "without an inflater the DEFLATE bytes are not judged as UTF-8")
	assert.True(t, raw.Frames[0].Compressed)
	assert.Equal(t, OpText, raw.Frames[0].Message.Opcode)
	assert.Equal(t, "f248cdc9c90700", Hex(raw.Frames[0].Message.Payload))

	bad := Decode(mustHex(t, "4103f248cd"+"c004c9c90700"+"c900"), Limits{From: FromServer, Extensions: 4})
	require.Len(t, bad.Violations, 2)
	assert.ErrorIs(t, bad.Violations[0], ErrCompressedContinuation)
	assert.Equal(t, int64(5), bad.Violations[0].Offset)
	assert.ErrorIs(t, bad.Violations[1], ErrCompressedControl)
}
