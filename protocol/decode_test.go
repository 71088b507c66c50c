package protocol

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/rand"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol/protocoltest"
)

// TestDecodeFrameRules triggers every framing rule with a minimal input and
// checks the rule, its section and the exact offending byte.
func TestDecodeFrameRules(t *testing.T) {
	t.Parallel()
	ctl126 := "897e007e" + strings.Repeat("00", 126)
	tests := []struct {
		name    string
		wire    string
		lim     Limits
		rule    *Rule
		section string
		offset  int64
		value   string
	}{
		{"reserved opcode 0x3", "8300", Limits{From: FromServer}, ErrReservedOpcode, "5.2", 0, "0x3"},
		{"reserved opcode 0xf", "8f00", Limits{From: FromServer}, ErrReservedOpcode, "5.2", 0, "0xF"},
		{"RSV1 without extension", "c100", Limits{From: FromServer}, ErrReservedBits, "5.2", 0, "RSV=100"},
		{"RSV2 without extension", "a100", Limits{From: FromServer}, ErrReservedBits, "5.2", 0, "RSV=010"},
		{"RSV3 without extension", "9100", Limits{From: FromServer}, ErrReservedBits, "5.2", 0, "RSV=001"},
		{"RSV2 with only RSV1 negotiated", "e100", Limits{From: FromServer, Extensions: 4}, ErrReservedBits, "5.2", 0, "RSV=110"},
		{"unmasked client frame", "810548656c6c6f", Limits{From: FromClient}, ErrUnmaskedClientFrame, "5.1", 1, "MASK=0"},
		{"masked server frame", "818537fa213d7f9f4d5158", Limits{From: FromServer}, ErrMaskedServerFrame, "5.1", 1, "MASK=1"},
		{"control frame of 126 bytes", ctl126, Limits{From: FromServer}, ErrControlTooLong, "5.5", 1, "126"},
		{"fragmented ping", "0900", Limits{From: FromServer}, ErrControlFragmented, "5.5", 0, "FIN=0"},
		{"fragmented close", "0800", Limits{From: FromServer}, ErrControlFragmented, "5.5", 0, "FIN=0"},
		{"64-bit length with top bit", "827f8000000000000000", Limits{From: FromServer}, ErrLengthHighBit, "5.2", 2, "0x8000000000000000"},
		{"64-bit length all ones", "827fffffffffffffffff", Limits{From: FromServer}, ErrLengthHighBit, "5.2", 2, "0xffffffffffffffff"},
		{"16-bit length for 5 bytes", "817e000548656c6c6f", Limits{From: FromServer}, ErrLengthNotMinimal, "5.2", 1, "0x0005"},
		{"64-bit length for 5 bytes", "817f000000000000000548656c6c6f", Limits{From: FromServer}, ErrLengthNotMinimal, "5.2", 1, "0x0000000000000005"},
		{"64-bit length for 65535 bytes", "827f000000000000ffff", Limits{From: FromServer}, ErrLengthNotMinimal, "5.2", 1, "0x000000000000ffff"},
		{"hostile length 2^63-1", "827f7fffffffffffffff", Limits{From: FromServer}, ErrTooBig, "10.4", 2, "9223372036854775807"},
		{"over MaxPayload, 7-bit", "820548656c6c6f", Limits{From: FromServer, MaxPayload: 4}, ErrTooBig, "10.4", 1, "5"},
		{"over MaxPayload, 16-bit", "827e01000000", Limits{From: FromServer, MaxPayload: 255}, ErrTooBig, "10.4", 2, "256"},
		{"close body of one byte", "880100", Limits{From: FromServer}, ErrCloseBodyOneByte, "5.5.1", 2, "0x00"},
		{"close code 1005", "880203ed", Limits{From: FromServer}, ErrCloseCodeLocal, "7.4.1", 2, "1005"},
		{"close code 1006", "880203ee", Limits{From: FromServer}, ErrCloseCodeLocal, "7.4.1", 2, "1006"},
		{"close code 1015", "880203f7", Limits{From: FromServer}, ErrCloseCodeLocal, "7.4.1", 2, "1015"},
		{"close code 0", "88020000", Limits{From: FromServer}, ErrCloseCodeInvalid, "7.4.2", 2, "0"},
		{"close code 999", "880203e7", Limits{From: FromServer}, ErrCloseCodeInvalid, "7.4.2", 2, "999"},
		{"close code 1004", "880203ec", Limits{From: FromServer}, ErrCloseCodeInvalid, "7.4.2", 2, "1004"},
		{"close code 1016", "880203f8", Limits{From: FromServer}, ErrCloseCodeInvalid, "7.4.2", 2, "1016"},
		{"close code 2999", "88020bb7", Limits{From: FromServer}, ErrCloseCodeInvalid, "7.4.2", 2, "2999"},
		{"close code 5000", "88021388", Limits{From: FromServer}, ErrCloseCodeInvalid, "7.4.2", 2, "5000"},
		{"masked close code 1005", "8882a1b2c3d4a25f", Limits{From: FromClient}, ErrCloseCodeLocal, "7.4.1", 6, "1005"},
		{"invalid UTF-8 in text", "8102c328", Limits{From: FromServer}, ErrInvalidUTF8, "8.1", 3, "0x28"},
		{"invalid UTF-8 in close reason", "880503e86aff6b", Limits{From: FromServer}, ErrCloseReasonUTF8, "5.5.1", 5, "0xff"},
		{"continuation without start", "8003616263", Limits{From: FromServer}, ErrContinuationWithoutStart, "5.4", 0, "0x0"},
		{"text inside a fragmented message", "010161" + "810162", Limits{From: FromServer}, ErrDataInsideFragmented, "5.4", 3, "0x1"},
		{"binary inside a fragmented message", "010161" + "820162", Limits{From: FromServer}, ErrDataInsideFragmented, "5.4", 3, "0x2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wire := mustHex(t, tt.wire)
			d := Decode(wire, tt.lim)
			require.NotEmpty(t, d.Violations)
			v := d.Violations[0]
			require.ErrorIs(t, v, tt.rule)
			assert.Equal(t, tt.section, v.Rule.Section)
			assert.Equal(t, tt.offset, v.Offset, "offending byte")
			assert.Equal(t, tt.value, v.Value)
			assert.Less(t, v.Offset, int64(len(wire)))
			assert.Len(t, d.Violations, 1, "a minimal input breaks one rule: %v", d.Violations)
			assert.Contains(t, v.Error(), "at byte "+itoa(int(tt.offset)))
			assert.Contains(t, v.Error(), "section "+tt.section)
			assert.NotZero(t, v.Rule.Close, "a frame rule names its close code")
			assert.Zero(t, v.Rule.HTTP)
		})
	}
}

func TestDecodeExtensionsAllowRSV(t *testing.T) {
	t.Parallel()
	d := Decode(mustHex(t, "c100"), Limits{From: FromServer, Extensions: 4})
	assert.Empty(t, d.Violations, "RSV1 is fine once permessage-deflate is negotiated")
	d = Decode(mustHex(t, "f100"), Limits{From: FromServer, Extensions: 7})
	assert.Empty(t, d.Violations)
	assert.NoError(t, CheckHeader(Header{Fin: true, Opcode: OpText, Rsv1: true}, Limits{Extensions: 4}))
	assert.ErrorIs(t, CheckHeader(Header{Fin: true, Opcode: OpText, Rsv3: true}, Limits{Extensions: 4}), ErrReservedBits)
}

// TestDecodeUTF8AcrossFragments puts a bad byte in the second of three text
// fragments: the offset is its index in the whole input.
func TestDecodeUTF8AcrossFragments(t *testing.T) {
	t.Parallel()
	// "a" + "€" split 1|2 across frames, then an invalid continuation.
	server := "0102" + "61e2" + // text, FIN 0: "a", start of "€"   (bytes 0-3)
		"0003" + "82ac28" + //     continuation: rest of "€", "("    (bytes 4-8)
		"0002" + "e228" + //       continuation: e2 then "(": bad at 12
		"80017a"
	d := Decode(mustHex(t, server), Limits{From: FromServer})
	require.Len(t, d.Violations, 1)
	assert.ErrorIs(t, d.Violations[0], ErrInvalidUTF8)
	assert.Equal(t, int64(12), d.Violations[0].Offset)
	assert.Equal(t, "0x28", d.Violations[0].Value)
	// The broken message still frames correctly: its last continuation is
	// not reported again as a continuation without a start.
	assert.Len(t, d.Frames, 4)
	assert.False(t, d.OpenMessage)
	assert.Nil(t, d.Frames[3].Message, "a broken message is not delivered")

	// The same from a client: every header is 6 bytes and payloads are masked.
	text := []byte("añ€😀")
	for bad := 0; bad <= len(text); bad++ {
		msg := append(append(append([]byte(nil), text[:bad]...), 0xc0), text[bad:]...)
		for size := 1; size <= 4; size++ {
			var wire []byte
			var payloadStart []int
			for _, f := range SplitMessage(OpText, msg, size) {
				f.Masked, f.MaskKey = true, [4]byte{0xde, 0xad, 0xbe, 0xef}
				payloadStart = append(payloadStart, len(wire)+6)
				wire = AppendFrame(wire, f)
			}
			at := ValidUTF8(msg)
			want := int64(payloadStart[at/size] + at%size)
			d := Decode(wire, Limits{From: FromClient})
			require.NotEmpty(t, d.Violations)
			assert.ErrorIs(t, d.Violations[0], ErrInvalidUTF8)
			assert.Equal(t, want, d.Violations[0].Offset, "bad %d size %d", bad, size)
			assert.Equal(t, hexByte(msg[at]), d.Violations[0].Value, "the value is the unmasked byte")
		}
	}
}

func TestDecodeTruncatedText(t *testing.T) {
	t.Parallel()
	// A single text frame that ends inside "€": the unfinished character
	// starts at byte 3.
	d := Decode(mustHex(t, "810361e282"), Limits{From: FromServer})
	require.Len(t, d.Violations, 1)
	assert.ErrorIs(t, d.Violations[0], ErrInvalidUTF8)
	assert.Equal(t, int64(3), d.Violations[0].Offset)

	// The character starts in the first fragment; the second frame, whose
	// FIN ends the message, is blamed at its first byte.
	d = Decode(mustHex(t, "010261e2"+"800182"), Limits{From: FromServer})
	require.Len(t, d.Violations, 1)
	assert.ErrorIs(t, d.Violations[0], ErrInvalidUTF8)
	assert.Equal(t, int64(4), d.Violations[0].Offset)

	// Truncated close reason.
	d = Decode(mustHex(t, "880403e8e282"), Limits{From: FromServer})
	require.Len(t, d.Violations, 1)
	assert.ErrorIs(t, d.Violations[0], ErrCloseReasonUTF8)
	assert.Equal(t, int64(4), d.Violations[0].Offset)
}

// TestDecodeAllViolationsOfAHeader breaks six header rules at once.
func TestDecodeAllViolationsOfAHeader(t *testing.T) {
	t.Parallel()
	// FIN 0, RSV 111, opcode 0xB; MASK 1, 127, top bit set; key.
	d := Decode(mustHex(t, "7bff8000000000000000"+"01020304"), Limits{From: FromServer})
	var got []*Rule
	var offsets []int64
	for _, v := range d.Violations {
		got = append(got, v.Rule)
		offsets = append(offsets, v.Offset)
	}
	assert.Equal(t, []*Rule{ErrReservedOpcode, ErrReservedBits, ErrMaskedServerFrame, ErrControlFragmented, ErrControlTooLong, ErrLengthHighBit}, got)
	assert.Equal(t, []int64{0, 0, 1, 0, 1, 2}, offsets)
	assert.Zero(t, d.Consumed, "the length cannot delimit a frame")
	require.Len(t, d.Frames, 1)

	// CheckHeader stops at the first.
	h, _, _ := ParseHeader(mustHex(t, "7bff8000000000000000"+"01020304"))
	assert.ErrorIs(t, CheckHeader(h, Limits{From: FromServer}), ErrReservedOpcode)
}

// TestCheckHeaderHandBuilt checks headers that were built, not parsed: the
// rules apply to the bytes they would encode to.
func TestCheckHeaderHandBuilt(t *testing.T) {
	t.Parallel()
	assert.ErrorIs(t, CheckHeader(Header{Fin: true, Opcode: OpBinary, Length: 1 << 63}, Limits{}), ErrLengthHighBit)
	assert.ErrorIs(t, CheckHeader(Header{Fin: true, Opcode: OpBinary, Length: 1 << 63, LengthForm: Length16}, Limits{}), ErrLengthHighBit)
	assert.ErrorIs(t, CheckHeader(Header{Fin: true, Opcode: OpBinary, Length: 100}, Limits{MaxPayload: 99}), ErrTooBig)
	assert.NoError(t, CheckHeader(Header{Fin: true, Opcode: OpBinary, Length: 100}, Limits{MaxPayload: 100}))
	assert.NoError(t, CheckHeader(Header{Fin: true, Opcode: OpBinary, Length: 1<<63 - 1}, Limits{}), "0 means no cap")
	assert.ErrorIs(t, CheckHeader(Header{Fin: true, Opcode: OpPing, Length: 126}, Limits{}), ErrControlTooLong)
	assert.NoError(t, CheckHeader(Header{Fin: true, Opcode: OpPing, Length: 125}, Limits{}))
	assert.NoError(t, CheckHeader(Header{Fin: true, Opcode: OpText, Length: 5}, Limits{}), "masking not checked without a role")
	assert.NoError(t, CheckHeader(Header{Fin: true, Opcode: OpText, Length: 5, Masked: true}, Limits{}))
}

func TestDecodeHostileLengthDoesNotAllocate(t *testing.T) {
	for _, tt := range []struct {
		wire string
		rule *Rule
	}{
		{"827f7fffffffffffffff", ErrTooBig},
		{"827fffffffffffffffff", ErrLengthHighBit},
		{"82ff7fffffffffffffff01020304", ErrTooBig},
		{"827f0000000004000001", ErrTooBig}, // DefaultMaxPayload + 1
	} {
		wire := mustHex(t, tt.wire)
		var d Decoding
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		const runs = 20
		for i := 0; i < runs; i++ {
			d = Decode(wire, Limits{From: FromServer})
		}
		runtime.ReadMemStats(&after)
		perRun := (after.TotalAlloc - before.TotalAlloc) / runs
		assert.Less(t, perRun, uint64(16<<10), "%s: Decode allocated %d bytes per run", tt.wire, perRun)
		require.NotEmpty(t, d.Violations)
		found := false
		for _, v := range d.Violations {
			found = found || errors.Is(v, tt.rule)
		}
		assert.True(t, found, "%s: %v", tt.wire, d.Violations)
		require.Len(t, d.Frames, 1)
		assert.Nil(t, d.Frames[0].Payload)
		assert.Zero(t, d.Consumed)
	}

	// The fast path allocates nothing at all.
	wire := mustHex(t, "827f7fffffffffffffff")
	allocs := testing.AllocsPerRun(100, func() {
		h, n, _ := ParseHeader(wire)
		if n == 0 || h.Length == 0 {
			panic("bad parse")
		}
	})
	assert.Zero(t, allocs)
}

func TestDecodeIncomplete(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		wire     string
		need     int
		consumed int
		frames   int
	}{
		{"empty", "", 0, 0, 0},
		{"one byte", "81", 1, 0, 0},
		{"16-bit length cut", "817e00", 1, 0, 0},
		{"mask key cut", "818537fa", 2, 0, 0},
		{"payload cut", "81054865", 3, 0, 1},
		{"whole frame then a cut", "810548656c6c6f" + "8105", 5, 7, 2},
		{"two whole frames", "810548656c6c6f" + "8100", 0, 9, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := Decode(mustHex(t, tt.wire), Limits{})
			assert.Equal(t, tt.need, d.NeedMore)
			assert.Equal(t, tt.consumed, d.Consumed)
			assert.Len(t, d.Frames, tt.frames)
			assert.Empty(t, d.Violations)
		})
	}

	// A payload that is not there yet has no payload fields.
	d := Decode(mustHex(t, "81054865"), Limits{})
	for _, f := range d.Frames[0].Fields {
		assert.NotEqual(t, "payload", f.ID)
	}

	// A limit large enough to accept any length must not make NeedMore
	// overflow.
	d = Decode(mustHex(t, "827f7fffffffffffffff"), Limits{MaxPayload: 1<<63 - 1})
	assert.Empty(t, d.Violations)
	assert.Equal(t, 1<<63-1, d.NeedMore)
	d = Decode(mustHex(t, "827f0000010000000000"+"abcd"), Limits{MaxPayload: 1<<63 - 1})
	assert.Equal(t, 1<<40-2, d.NeedMore)
}

func TestDecodeKeepsGoing(t *testing.T) {
	t.Parallel()
	// An RSV frame, a reserved opcode and a continuation without start,
	// each followed by a good frame: every problem is reported, every frame
	// read.
	wire := mustHex(t, "c100"+"8100"+"8300"+"8100"+"800161"+"8100")
	d := Decode(wire, Limits{From: FromServer})
	assert.Len(t, d.Frames, 6)
	assert.Equal(t, len(wire), d.Consumed)
	require.Len(t, d.Violations, 3)
	assert.ErrorIs(t, d.Violations[0], ErrReservedBits)
	assert.Equal(t, int64(0), d.Violations[0].Offset)
	assert.ErrorIs(t, d.Violations[1], ErrReservedOpcode)
	assert.Equal(t, int64(4), d.Violations[1].Offset)
	assert.ErrorIs(t, d.Violations[2], ErrContinuationWithoutStart)
	assert.Equal(t, int64(8), d.Violations[2].Offset)
	for i, f := range d.Frames {
		if i < 5 {
			assert.Equal(t, d.Frames[i+1].Offset, f.Offset+f.HeaderSize+len(f.Payload))
		}
	}
	// The frames' own lists add up to the total.
	n := 0
	for _, f := range d.Frames {
		n += len(f.Violations)
	}
	assert.Equal(t, len(d.Violations), n)

	// A frame with a reserved opcode does not disturb an open message.
	d = Decode(mustHex(t, "010161"+"8300"+"800162"), Limits{From: FromServer})
	require.Len(t, d.Violations, 1)
	require.NotNil(t, d.Frames[2].Message)
	assert.Equal(t, "ab", string(d.Frames[2].Message.Payload))
}

func TestDecodeResults(t *testing.T) {
	t.Parallel()
	d := Decode(mustHex(t, "810548656c6c6f"), Limits{From: FromServer})
	f := d.Frames[0]
	assert.True(t, f.TextValid)
	assert.Equal(t, "Hello", f.Text)
	require.NotNil(t, f.Message)
	assert.Equal(t, Message{Opcode: OpText, Payload: []byte("Hello"), Frames: 1}, *f.Message)
	assert.Equal(t, f.Payload, f.MaskedPayload, "unmasked frames travel as they are")

	d = Decode(mustHex(t, "8202ffc0"), Limits{From: FromServer})
	assert.False(t, d.Frames[0].TextValid)
	assert.Empty(t, d.Frames[0].Text)
	assert.Empty(t, d.Violations, "binary data need not be UTF-8")

	d = Decode(mustHex(t, "010348656c"), Limits{From: FromServer})
	assert.True(t, d.OpenMessage)
	assert.Nil(t, d.Frames[0].Message)

	// Masked input is not modified, and the message does not alias it.
	wire := mustHex(t, "818537fa213d7f9f4d5158")
	orig := append([]byte(nil), wire...)
	d = Decode(wire, Limits{From: FromClient})
	assert.Equal(t, orig, wire)
	assert.Equal(t, wire[6:], d.Frames[0].MaskedPayload)
	assert.Equal(t, "Hello", string(d.Frames[0].Payload))
	d.Frames[0].Message.Payload[0] = 'J'
	assert.Equal(t, orig, wire)

	// Close frames carry their parsed body.
	d = Decode(mustHex(t, "880503e8627965"), Limits{From: FromServer})
	require.NotNil(t, d.Frames[0].Close)
	assert.Equal(t, ClosePayload{Code: 1000, Reason: "bye"}, *d.Frames[0].Close)
	d = Decode(mustHex(t, "8800"), Limits{From: FromServer})
	require.NotNil(t, d.Frames[0].Close)
	assert.Equal(t, StatusNoStatusReceived, d.Frames[0].Close.Code)
}

func fieldByID(t *testing.T, fs []Field, id string) Field {
	t.Helper()
	for _, f := range fs {
		if f.ID == id {
			return f
		}
	}
	t.Fatalf("no field %q", id)
	return Field{}
}

// TestAnnotateMaskedHello checks the annotation of the masked "Hello" frame of
// section 5.7, field by field.
func TestAnnotateMaskedHello(t *testing.T) {
	t.Parallel()
	d := Decode(mustHex(t, "818537fa213d7f9f4d5158"), Limits{From: FromClient})
	require.Len(t, d.Frames, 1)
	got := d.Frames[0].Fields
	want := []Field{
		{ID: "fin", Offset: 0, Size: 1, Bit: 0, Bits: 1, Raw: "1", Value: "1", Note: Note{ID: "fin.1"}, Section: "5.2"},
		{ID: "rsv1", Offset: 0, Size: 1, Bit: 1, Bits: 1, Raw: "0", Value: "0", Note: Note{ID: "rsv.0", Args: []string{"RSV1"}}, Section: "5.2"},
		{ID: "rsv2", Offset: 0, Size: 1, Bit: 2, Bits: 1, Raw: "0", Value: "0", Note: Note{ID: "rsv.0", Args: []string{"RSV2"}}, Section: "5.2"},
		{ID: "rsv3", Offset: 0, Size: 1, Bit: 3, Bits: 1, Raw: "0", Value: "0", Note: Note{ID: "rsv.0", Args: []string{"RSV3"}}, Section: "5.2"},
		{ID: "opcode", Offset: 0, Size: 1, Bit: 4, Bits: 4, Raw: "0001", Value: "0x1", Note: Note{ID: "opcode.text", Args: []string{"0x1"}}, Section: "5.2"},
		{ID: "mask", Offset: 1, Size: 1, Bit: 0, Bits: 1, Raw: "1", Value: "1", Note: Note{ID: "mask.1"}, Section: "5.2"},
		{ID: "length7", Offset: 1, Size: 1, Bit: 1, Bits: 7, Raw: "0000101", Value: "5", Note: Note{ID: "length7.direct", Args: []string{"5"}}, Section: "5.2"},
		{ID: "mask-key", Offset: 2, Size: 4, Bit: 0, Bits: 32, Raw: "37fa213d", Value: "37fa213d", Note: Note{ID: "mask-key", Args: []string{"37fa213d"}}, Section: "5.3"},
		{ID: "payload", Offset: 6, Size: 5, Bit: 0, Bits: 40, Raw: "7f9f4d5158", Value: "48656c6c6f", Note: Note{ID: "payload.masked", Args: []string{"5"}}, Section: "5.2"},
	}
	require.Len(t, got, len(want))
	for i := range want {
		g := got[i]
		assert.NotEmpty(t, g.Name, g.ID)
		g.Name = ""
		assert.Equal(t, want[i], g)
	}
}

func TestAnnotateExtendedLengths(t *testing.T) {
	t.Parallel()
	p300 := make([]byte, 300)
	d := Decode(AppendFrame(nil, Frame{Header: Header{Fin: true, Opcode: OpBinary}, Payload: p300}), Limits{})
	fs := d.Frames[0].Fields
	l7 := fieldByID(t, fs, "length7")
	assert.Equal(t, "1111110", l7.Raw)
	assert.Equal(t, "126", l7.Value)
	assert.Equal(t, "length7.ext16", l7.Note.ID)
	l16 := fieldByID(t, fs, "length16")
	assert.Equal(t, Field{ID: "length16", Name: l16.Name, Offset: 2, Size: 2, Bits: 16, Raw: "0000000100101100", Value: "300",
		Note: Note{ID: "length16", Args: []string{"300"}}, Section: "5.2"}, l16)
	assert.Equal(t, 4, fieldByID(t, fs, "payload").Offset)
	assert.Contains(t, fieldByID(t, fs, "payload").Raw, "…", "long payloads are shortened")
	assert.Equal(t, strings.Repeat("00", 48)+"…"+strings.Repeat("00", 16), fieldByID(t, fs, "payload").Raw)
	assert.Equal(t, "payload.plain", fieldByID(t, fs, "payload").Note.ID)

	p := make([]byte, 65536)
	d = Decode(AppendFrame(nil, Frame{Header: Header{Fin: true, Opcode: OpBinary, Masked: true, MaskKey: [4]byte{1, 2, 3, 4}}, Payload: p}), Limits{From: FromClient})
	fs = d.Frames[0].Fields
	l7 = fieldByID(t, fs, "length7")
	assert.Equal(t, "1111111", l7.Raw)
	assert.Equal(t, "127", l7.Value)
	assert.Equal(t, "length7.ext64", l7.Note.ID)
	l64 := fieldByID(t, fs, "length64")
	assert.Equal(t, 2, l64.Offset)
	assert.Equal(t, 8, l64.Size)
	assert.Equal(t, 64, l64.Bits)
	assert.Equal(t, strings.Repeat("0", 47)+"1"+strings.Repeat("0", 16), l64.Raw)
	assert.Equal(t, "65536", l64.Value)
	assert.Equal(t, 10, fieldByID(t, fs, "mask-key").Offset)
	assert.Equal(t, 14, fieldByID(t, fs, "payload").Offset)
	assert.Equal(t, 65536, fieldByID(t, fs, "payload").Size)
}

func TestAnnotateClose(t *testing.T) {
	t.Parallel()
	d := Decode(mustHex(t, "8100"+"880503e8627965"), Limits{From: FromServer})
	require.Len(t, d.Frames, 2)
	fs := d.Frames[1].Fields
	code := fieldByID(t, fs, "close-code")
	assert.Equal(t, 4, code.Offset, "frame at 2, payload at 4")
	assert.Equal(t, 2, code.Size)
	assert.Equal(t, 16, code.Bits)
	assert.Equal(t, "0000001111101000", code.Raw)
	assert.Equal(t, "1000", code.Value)
	assert.Equal(t, Note{ID: "status.normal-closure", Args: []string{"1000"}}, code.Note)
	assert.Equal(t, "7.4", code.Section)
	reason := fieldByID(t, fs, "close-reason")
	assert.Equal(t, 6, reason.Offset)
	assert.Equal(t, 3, reason.Size)
	assert.Equal(t, "bye", reason.Value)
	assert.Equal(t, "627965", reason.Raw)
	assert.Equal(t, "5.5.1", reason.Section)

	// A code alone has no reason field; an invalid code is still annotated.
	d = Decode(mustHex(t, "880203ed"), Limits{From: FromServer})
	assert.Equal(t, "1005", fieldByID(t, d.Frames[0].Fields, "close-code").Value)
	for _, f := range d.Frames[0].Fields {
		assert.NotEqual(t, "close-reason", f.ID)
	}
}

// TestAnnotateCoverage checks, for many frames at many offsets, that the
// header and payload fields cover every bit of the frame exactly once, and
// that close-code and close-reason lie inside the payload.
func TestAnnotateCoverage(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(14))
	for i := 0; i < 300; i++ {
		var wire []byte
		for k := r.Intn(4); k >= 0; k-- {
			op := []Opcode{OpText, OpBinary, OpClose, OpPing, OpPong, OpContinuation, 3, 0xB}[r.Intn(8)]
			n := r.Intn(140)
			if r.Intn(40) == 0 {
				n = 65536 + r.Intn(100)
			}
			payload := make([]byte, n)
			r.Read(payload)
			f := Frame{Header: Header{Fin: r.Intn(3) > 0, Opcode: op, Rsv1: r.Intn(5) == 0, Masked: r.Intn(2) == 0,
				LengthForm: []LengthForm{LengthMinimal, Length16, Length64}[r.Intn(3)]}, Payload: payload}
			r.Read(f.MaskKey[:])
			wire = AppendFrame(wire, f)
		}
		d := Decode(wire, Limits{MaxPayload: 1 << 20})
		require.Equal(t, len(wire), d.Consumed)
		for _, f := range d.Frames {
			end := f.Offset + f.HeaderSize + len(f.Payload)
			bits := make([]int, 8*(end-f.Offset))
			for _, fl := range f.Fields {
				require.GreaterOrEqual(t, fl.Offset, f.Offset, fl.ID)
				require.LessOrEqual(t, fl.Offset+fl.Size, end, fl.ID)
				require.Equal(t, fl.Size, (fl.Bit+fl.Bits+7)/8, "%s: Size covers Bit..Bit+Bits", fl.ID)
				if fl.ID == "close-code" || fl.ID == "close-reason" {
					require.GreaterOrEqual(t, fl.Offset, f.Offset+f.HeaderSize, "%s overlays the payload", fl.ID)
					continue
				}
				first := 8*(fl.Offset-f.Offset) + fl.Bit
				for b := first; b < first+fl.Bits; b++ {
					bits[b]++
				}
				if len(fl.Raw) == fl.Bits { // a bit string: it is the bits of the input
					s := make([]byte, fl.Bits)
					for b := range s {
						abs := 8*fl.Offset + fl.Bit + b
						s[b] = '0' + wire[abs/8]>>(7-abs%8)&1
					}
					require.Equal(t, string(s), fl.Raw, fl.ID)
				} else if fl.Size <= 64 { // hex of the bytes as they travel
					require.Equal(t, hex.EncodeToString(wire[fl.Offset:fl.Offset+fl.Size]), fl.Raw, fl.ID)
				}
			}
			for b, c := range bits {
				if c != 1 {
					t.Fatalf("bit %d of byte %d of frame %s covered %d times", b%8, f.Offset+b/8, f.Header, c)
				}
			}
		}
	}
}

func TestDecodeVectors(t *testing.T) {
	t.Parallel()
	// Every vector decodes with every field inside the input and a payload
	// equal to the bytes after the header.
	v := protocoltest.Load(t)
	for _, fv := range v.Frames {
		d := Decode(fv.Wire, Limits{})
		require.Len(t, d.Frames, 1)
		f := d.Frames[0]
		assert.True(t, bytes.Equal(fv.Wire[f.HeaderSize:], f.MaskedPayload), fv.Name)
		assert.True(t, bytes.Equal(fv.Payload, f.Payload), fv.Name)
	}
	for _, iv := range v.Invalid {
		from := FromServer
		if iv.From == "client" {
			from = FromClient
		}
		d := Decode(iv.Wire, Limits{From: from})
		require.NotEmpty(t, d.Violations, iv.Name)
		for _, vv := range d.Violations {
			assert.GreaterOrEqual(t, vv.Offset, int64(0), iv.Name)
			assert.Less(t, vv.Offset, int64(len(iv.Wire)), iv.Name)
		}
	}
}
