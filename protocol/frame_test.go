package protocol

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rfcKey is the masking key of the examples in RFC 6455 section 5.7.
var rfcKey = [4]byte{0x37, 0xfa, 0x21, 0x3d}

// TestRFC6455Section57 checks the examples of section 5.7 byte for byte, both
// ways: encoding the described frame gives the RFC's bytes, and decoding the
// RFC's bytes gives the described frame. The hex strings are copied from the
// RFC text.
func TestRFC6455Section57(t *testing.T) {
	t.Parallel()
	hello := []byte("Hello")
	tests := []struct {
		name    string
		frame   Frame
		wire    string // whole frame, from the RFC
		from    Role
		payload []byte
	}{
		{"single-frame unmasked text", Frame{Header: Header{Fin: true, Opcode: OpText}, Payload: hello},
			"810548656c6c6f", FromServer, hello},
		{"single-frame masked text", Frame{Header: Header{Fin: true, Opcode: OpText, Masked: true, MaskKey: rfcKey}, Payload: hello},
			"818537fa213d7f9f4d5158", FromClient, hello},
		{"fragmented unmasked text, first", Frame{Header: Header{Opcode: OpText}, Payload: []byte("Hel")},
			"010348656c", FromServer, []byte("Hel")},
		{"unmasked ping", Frame{Header: Header{Fin: true, Opcode: OpPing}, Payload: hello},
			"890548656c6c6f", FromServer, hello},
		{"masked pong", Frame{Header: Header{Fin: true, Opcode: OpPong, Masked: true, MaskKey: rfcKey}, Payload: hello},
			"8a8537fa213d7f9f4d5158", FromClient, hello},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wire := AppendFrame(nil, tt.frame)
			assert.Equal(t, tt.wire, hex.EncodeToString(wire))
			h := tt.frame.Header
			h.Length = uint64(len(tt.payload))
			assert.Equal(t, len(wire)-len(tt.payload), h.Size())

			d := Decode(mustHex(t, tt.wire), Limits{From: tt.from})
			require.Len(t, d.Frames, 1)
			assert.Empty(t, d.Violations)
			got := d.Frames[0]
			assert.Equal(t, tt.payload, got.Payload)
			assert.Equal(t, tt.frame.Fin, got.Header.Fin)
			assert.Equal(t, tt.frame.Opcode, got.Header.Opcode)
			assert.Equal(t, tt.frame.Masked, got.Header.Masked)
			assert.Equal(t, tt.frame.MaskKey, got.Header.MaskKey)
			assert.Equal(t, uint64(len(tt.payload)), got.Header.Length)
		})
	}

	t.Run("fragmented unmasked text, both frames", func(t *testing.T) {
		t.Parallel()
		wire := mustHex(t, "010348656c"+"80026c6f")
		d := Decode(wire, Limits{From: FromServer})
		require.Len(t, d.Frames, 2)
		assert.Empty(t, d.Violations)
		assert.Nil(t, d.Frames[0].Message)
		require.NotNil(t, d.Frames[1].Message)
		assert.Equal(t, "Hello", string(d.Frames[1].Message.Payload))
		assert.Equal(t, 2, d.Frames[1].Message.Frames)
		assert.False(t, d.OpenMessage)
	})

	// "256 bytes binary message in a single unmasked frame: 0x82 0x7E 0x0100
	// [256 bytes of binary data]" and "64KiB binary message in a single
	// unmasked frame: 0x82 0x7F 0x0000000000010000 [65536 bytes of binary data]".
	for _, tt := range []struct {
		n      int
		header string
	}{{256, "827e0100"}, {65536, "827f0000000000010000"}} {
		payload := make([]byte, tt.n)
		rand.New(rand.NewSource(int64(tt.n))).Read(payload)
		wire := AppendFrame(nil, Frame{Header: Header{Fin: true, Opcode: OpBinary}, Payload: payload})
		assert.Equal(t, tt.header, hex.EncodeToString(wire[:len(tt.header)/2]), "header for %d bytes", tt.n)
		assert.Equal(t, payload, wire[len(tt.header)/2:])
		d := Decode(wire, Limits{From: FromServer})
		require.Len(t, d.Frames, 1)
		assert.Empty(t, d.Violations)
		assert.Equal(t, payload, d.Frames[0].Payload)
	}
}

// TestLengthBoundaries encodes payloads at the edges of the three length
// forms of section 5.2 and decodes them back.
func TestLengthBoundaries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n      int
		header string // unmasked binary frame header, from the rules of section 5.2
		form   LengthForm
	}{
		{0, "8200", Length7},
		{1, "8201", Length7},
		{125, "827d", Length7},
		{126, "827e007e", Length16},
		{127, "827e007f", Length16},
		{65535, "827effff", Length16},
		{65536, "827f0000000000010000", Length64},
		{65537, "827f0000000000010001", Length64},
	}
	key := [4]byte{1, 2, 3, 4}
	for _, tt := range tests {
		for _, masked := range []bool{false, true} {
			name := sizeName(tt.n)
			if masked {
				name += "/masked"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				payload := bytes.Repeat([]byte{0x5a}, tt.n)
				h := Header{Fin: true, Opcode: OpBinary, Masked: masked, MaskKey: key, Length: uint64(tt.n)}
				wantHeader := mustHex(t, tt.header)
				if masked {
					wantHeader[1] |= 0x80
					wantHeader = append(wantHeader, key[:]...)
				}
				assert.Equal(t, tt.form, MinimalLengthForm(uint64(tt.n)))
				assert.Equal(t, len(wantHeader), h.Size())
				assert.Equal(t, wantHeader, AppendHeader(nil, h))

				wire := AppendFrame(nil, Frame{Header: h, Payload: payload})
				require.Len(t, wire, len(wantHeader)+tt.n)
				assert.Equal(t, wantHeader, wire[:len(wantHeader)])

				got, n, need := ParseHeader(wire)
				assert.Equal(t, len(wantHeader), n)
				assert.Zero(t, need)
				assert.Equal(t, tt.form, got.LengthForm)
				assert.Equal(t, uint64(tt.n), got.Length)
				assert.Equal(t, masked, got.Masked)
				assert.NoError(t, CheckHeader(got, Limits{}))

				from := FromServer
				if masked {
					from = FromClient
				}
				d := Decode(wire, Limits{From: from})
				require.Len(t, d.Frames, 1)
				assert.Empty(t, d.Violations)
				assert.True(t, bytes.Equal(payload, d.Frames[0].Payload))
				assert.Equal(t, len(wire), d.Consumed)
				assert.Equal(t, len(wantHeader), d.Frames[0].HeaderSize)
			})
		}
	}
}

// TestLengthFormNonMinimal writes lengths in a wider form than needed, which
// AppendHeader must do on request and decoders must refuse.
func TestLengthFormNonMinimal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n      uint64
		form   LengthForm
		header string
		str    string
	}{
		{0, Length16, "827e0000", "FIN binary len=0/16bit"},
		{5, Length16, "827e0005", "FIN binary len=5/16bit"},
		{125, Length16, "827e007d", "FIN binary len=125/16bit"},
		{0, Length64, "827f0000000000000000", "FIN binary len=0/64bit"},
		{125, Length64, "827f000000000000007d", "FIN binary len=125/64bit"},
		{126, Length64, "827f000000000000007e", "FIN binary len=126/64bit"},
		{65535, Length64, "827f000000000000ffff", "FIN binary len=65535/64bit"},
	}
	for _, tt := range tests {
		t.Run(tt.str, func(t *testing.T) {
			t.Parallel()
			h := Header{Fin: true, Opcode: OpBinary, Length: tt.n, LengthForm: tt.form}
			enc := AppendHeader(nil, h)
			assert.Equal(t, tt.header, hex.EncodeToString(enc))
			assert.Equal(t, len(enc), h.Size())
			assert.Equal(t, tt.str, h.String())

			err := CheckHeader(h, Limits{})
			require.ErrorIs(t, err, ErrLengthNotMinimal)
			var v *Violation
			require.True(t, errors.As(err, &v))
			assert.Equal(t, int64(1), v.Offset)

			wire := append(enc, make([]byte, tt.n)...)
			d := Decode(wire, Limits{From: FromServer})
			require.Len(t, d.Violations, 1)
			assert.ErrorIs(t, d.Violations[0], ErrLengthNotMinimal)
			assert.Equal(t, "5.2", d.Violations[0].Rule.Section)
			assert.Equal(t, int64(1), d.Violations[0].Offset, "the length marker in byte 1 picks the wider form")
			// The frame still delimits correctly, so its payload is read.
			require.Len(t, d.Frames, 1)
			assert.Len(t, d.Frames[0].Payload, int(tt.n))
			assert.Equal(t, len(wire), d.Consumed)
		})
	}
}

// TestLengthFormWidens asks for a form too small for the length; the encoder
// must widen it to the smallest form that fits, never truncate.
func TestLengthFormWidens(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n      uint64
		form   LengthForm
		header string
	}{
		{126, Length7, "827e007e"},
		{65535, Length7, "827effff"},
		{65536, Length7, "827f0000000000010000"},
		{65536, Length16, "827f0000000000010000"},
		{1 << 40, Length16, "827f0000010000000000"},
		// Values that are not a length form at all mean "minimal".
		{5, LengthForm(5), "8205"},
		{300, LengthForm(8), "827e012c"},
		{70000, LengthForm(200), "827f0000000000011170"},
	}
	for _, tt := range tests {
		h := Header{Fin: true, Opcode: OpBinary, Length: tt.n, LengthForm: tt.form}
		enc := AppendHeader(nil, h)
		assert.Equal(t, tt.header, hex.EncodeToString(enc), "%d in form %d", tt.n, tt.form)
		assert.Equal(t, len(enc), h.Size(), "Size must match the bytes written for %d in form %d", tt.n, tt.form)
		got, n, _ := ParseHeader(enc)
		assert.Equal(t, len(enc), n)
		assert.Equal(t, tt.n, got.Length)
		assert.Equal(t, MinimalLengthForm(tt.n), got.LengthForm)
		assert.NoError(t, CheckHeader(h, Limits{MaxPayload: 1 << 62}), "the encoding is minimal, so the header is fine")
	}
}

// TestHeaderSizeMatchesEncoding checks Size against AppendHeader for random
// headers, including nonsense forms and huge lengths.
func TestHeaderSizeMatchesEncoding(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(57))
	for i := 0; i < 5000; i++ {
		h := Header{
			Fin: r.Intn(2) == 0, Rsv1: r.Intn(2) == 0, Rsv2: r.Intn(2) == 0, Rsv3: r.Intn(2) == 0,
			Opcode: Opcode(r.Intn(16)), Masked: r.Intn(2) == 0, LengthForm: LengthForm(r.Intn(70)),
		}
		r.Read(h.MaskKey[:])
		switch r.Intn(3) {
		case 0:
			h.Length = uint64(r.Intn(200))
		case 1:
			h.Length = uint64(r.Intn(1 << 17))
		default:
			h.Length = r.Uint64()
		}
		enc := AppendHeader([]byte{0xEE}, h)[1:]
		require.Equal(t, h.Size(), len(enc), "%+v", h)
		got, n, need := ParseHeader(enc)
		require.Equal(t, len(enc), n)
		require.Zero(t, need)
		wantForm := MinimalLengthForm(h.Length)
		switch h.LengthForm {
		case Length7, Length16, Length64:
			if h.LengthForm > wantForm { // wider than needed: written as asked
				wantForm = h.LengthForm
			}
		}
		want := h
		want.LengthForm = wantForm
		if !h.Masked {
			want.MaskKey = [4]byte{}
		}
		require.Equal(t, want, got)
	}
}

// TestParseHeaderIncomplete feeds every proper prefix of headers of each
// size: ParseHeader must ask for exactly the missing bytes.
func TestParseHeaderIncomplete(t *testing.T) {
	t.Parallel()
	for _, h := range []Header{
		{Fin: true, Opcode: OpText, Length: 5},                                // 2 bytes
		{Fin: true, Opcode: OpText, Length: 300},                              // 4
		{Fin: true, Opcode: OpText, Length: 5, Masked: true, MaskKey: rfcKey}, // 6
		{Fin: true, Opcode: OpText, Length: 300, Masked: true},                // 8
		{Fin: true, Opcode: OpText, Length: 70000},                            // 10
		{Fin: true, Opcode: OpText, Length: 70000, Masked: true},              // 14
	} {
		enc := AppendHeader(nil, h)
		for k := 0; k < len(enc); k++ {
			got, n, need := ParseHeader(enc[:k])
			assert.Zero(t, n)
			assert.Equal(t, Header{}, got)
			if k < 2 {
				assert.Equal(t, 2-k, need, "prefix %d of %x", k, enc)
			} else {
				assert.Equal(t, len(enc)-k, need, "prefix %d of %x", k, enc)
			}
			assert.LessOrEqual(t, need, MaxHeaderSize-1)
		}
		_, n, need := ParseHeader(append(enc, 0xAB, 0xCD))
		assert.Equal(t, len(enc), n)
		assert.Zero(t, need)
	}
	assert.Equal(t, MaxHeaderSize, Header{Length: 1 << 20, Masked: true}.Size())
}

func TestParseHeaderBits(t *testing.T) {
	t.Parallel()
	// Every combination of byte 0 parses into the flags and opcode it holds.
	for b0 := 0; b0 < 256; b0++ {
		h, n, _ := ParseHeader([]byte{byte(b0), 0})
		require.Equal(t, 2, n)
		assert.Equal(t, b0&0x80 != 0, h.Fin)
		assert.Equal(t, b0&0x40 != 0, h.Rsv1)
		assert.Equal(t, b0&0x20 != 0, h.Rsv2)
		assert.Equal(t, b0&0x10 != 0, h.Rsv3)
		assert.Equal(t, Opcode(b0&0x0F), h.Opcode)
		assert.Equal(t, []byte{byte(b0), 0}, AppendHeader(nil, h), "re-encoding byte 0 %#x", b0)
	}
}

func TestHeaderString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		h    Header
		want string
	}{
		{Header{Fin: true, Opcode: OpText, Length: 5, Masked: true, MaskKey: rfcKey}, "FIN text len=5 mask=37fa213d"},
		{Header{Opcode: OpBinary, Rsv1: true, Length: 70000}, "CONT binary rsv1 len=70000"},
		{Header{Fin: true, Opcode: Opcode(0xB), Rsv2: true, Rsv3: true}, "FIN reserved-0xB rsv2 rsv3 len=0"},
		{Header{Fin: true, Opcode: OpPing, Length: 3, LengthForm: Length64}, "FIN ping len=3/64bit"},
		{Header{Fin: true, Opcode: OpPing, Length: 3, LengthForm: Length7}, "FIN ping len=3"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.h.String())
	}
}

func TestAppendFrame(t *testing.T) {
	t.Parallel()
	t.Run("does not modify the payload", func(t *testing.T) {
		t.Parallel()
		payload := []byte("Hello")
		AppendFrame(nil, Frame{Header: Header{Fin: true, Opcode: OpText, Masked: true, MaskKey: rfcKey}, Payload: payload})
		assert.Equal(t, "Hello", string(payload))
	})
	t.Run("appends after existing bytes and masks only the payload", func(t *testing.T) {
		t.Parallel()
		prefix := []byte("prefix")
		out := AppendFrame(append([]byte(nil), prefix...), Frame{Header: Header{Fin: true, Opcode: OpText, Masked: true, MaskKey: rfcKey}, Payload: []byte("Hello")})
		assert.Equal(t, "prefix", string(out[:6]))
		assert.Equal(t, "818537fa213d7f9f4d5158", hex.EncodeToString(out[6:]))
	})
	t.Run("ignores a stale Length", func(t *testing.T) {
		t.Parallel()
		out := AppendFrame(nil, Frame{Header: Header{Fin: true, Opcode: OpText, Length: 999}, Payload: []byte("Hello")})
		assert.Equal(t, "810548656c6c6f", hex.EncodeToString(out))
	})
	t.Run("writes rule-breaking headers on request", func(t *testing.T) {
		t.Parallel()
		out := AppendFrame(nil, Frame{Header: Header{Rsv1: true, Rsv2: true, Rsv3: true, Opcode: Opcode(0x3)}})
		assert.Equal(t, "7300", hex.EncodeToString(out))
	})
	t.Run("truncates opcodes above 15", func(t *testing.T) {
		t.Parallel()
		out := AppendHeader(nil, Header{Fin: true, Opcode: Opcode(0x19)})
		assert.Equal(t, "8900", hex.EncodeToString(out))
	})
}

func TestRoleString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "client", FromClient.String())
	assert.Equal(t, "server", FromServer.String())
	assert.Equal(t, "unknown", Role(0).String())
	assert.Equal(t, "unknown", Role(9).String())
}

func TestMinimalLengthForm(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		n    uint64
		want LengthForm
	}{{0, Length7}, {125, Length7}, {126, Length16}, {65535, Length16}, {65536, Length64}, {1<<63 - 1, Length64}, {1<<64 - 1, Length64}} {
		assert.Equal(t, tt.want, MinimalLengthForm(tt.n), "%d", tt.n)
	}
}
