package protocol

import (
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func closeBody(code uint16, reason string) []byte {
	return append(binary.BigEndian.AppendUint16(nil, code), reason...)
}

func TestParseClose(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		body   []byte
		code   StatusCode
		reason string
		rule   *Rule
		offset int64
	}{
		{"empty", nil, StatusNoStatusReceived, "", nil, 0},
		{"code only", closeBody(1000, ""), StatusNormalClosure, "", nil, 0},
		{"code and reason", closeBody(1001, "bye"), StatusGoingAway, "bye", nil, 0},
		{"UTF-8 reason", closeBody(4000, "café ☕"), 4000, "café ☕", nil, 0},
		{"one byte", []byte{0x03}, 0, "", ErrCloseBodyOneByte, 0},
		{"1005 local", closeBody(1005, ""), 1005, "", ErrCloseCodeLocal, 0},
		{"1006 local", closeBody(1006, "x"), 1006, "x", ErrCloseCodeLocal, 0},
		{"1015 local", closeBody(1015, ""), 1015, "", ErrCloseCodeLocal, 0},
		{"0 invalid", closeBody(0, ""), 0, "", ErrCloseCodeInvalid, 0},
		{"999 invalid", closeBody(999, ""), 999, "", ErrCloseCodeInvalid, 0},
		{"1004 invalid", closeBody(1004, ""), 1004, "", ErrCloseCodeInvalid, 0},
		{"1016 invalid", closeBody(1016, ""), 1016, "", ErrCloseCodeInvalid, 0},
		{"2999 invalid", closeBody(2999, ""), 2999, "", ErrCloseCodeInvalid, 0},
		{"5000 invalid", closeBody(5000, ""), 5000, "", ErrCloseCodeInvalid, 0},
		{"65535 invalid", closeBody(65535, ""), 65535, "", ErrCloseCodeInvalid, 0},
		{"invalid byte in reason", closeBody(1000, "ab\xffcd"), 1000, "ab\xffcd", ErrCloseReasonUTF8, 4},
		{"surrogate in reason", closeBody(1000, "\xed\xa0\x80"), 1000, "\xed\xa0\x80", ErrCloseReasonUTF8, 3},
		{"overlong in reason", closeBody(1000, "a\xc0\xaf"), 1000, "a\xc0\xaf", ErrCloseReasonUTF8, 3},
		// The reason stops inside "€" (e2 82 ac): the character that cannot
		// be finished starts at body byte 3.
		{"truncated character in reason", closeBody(1000, "a\xe2\x82"), 1000, "a\xe2\x82", ErrCloseReasonUTF8, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := ParseClose(tt.body)
			if tt.rule == nil {
				require.NoError(t, err)
				assert.Equal(t, ClosePayload{Code: tt.code, Reason: tt.reason}, c)
				return
			}
			require.ErrorIs(t, err, tt.rule)
			v := err.(*Violation)
			assert.Equal(t, tt.offset, v.Offset)
			assert.Less(t, v.Offset, int64(len(tt.body)), "the offset names a byte of the body")
			assert.Equal(t, tt.code, c.Code)
		})
	}
}

// TestParseCloseEveryCode checks ParseClose against the ranges of section
// 7.4, written out independently of StatusCode's predicates.
func TestParseCloseEveryCode(t *testing.T) {
	t.Parallel()
	for code := 0; code <= 0xFFFF; code++ {
		_, err := ParseClose(closeBody(uint16(code), "ok"))
		switch {
		case code == 1005 || code == 1006 || code == 1015:
			require.ErrorIs(t, err, ErrCloseCodeLocal, "%d", code)
		case code >= 1000 && code <= 1003, code >= 1007 && code <= 1014, code >= 3000 && code <= 4999:
			require.NoError(t, err, "%d", code)
		default:
			require.ErrorIs(t, err, ErrCloseCodeInvalid, "%d", code)
		}
	}
}

func TestAppendClose(t *testing.T) {
	t.Parallel()
	assert.Empty(t, AppendClose(nil, 0, "ignored"))
	assert.Empty(t, AppendClose(nil, StatusNoStatusReceived, "ignored"))
	assert.Equal(t, []byte{0x03, 0xe8}, AppendClose(nil, StatusNormalClosure, ""))
	assert.Equal(t, []byte{0x03, 0xe9, 'b', 'y', 'e'}, AppendClose(nil, StatusGoingAway, "bye"))
	assert.Equal(t, []byte{'x', 0x0f, 0xa0}, AppendClose([]byte{'x'}, 4000, ""))

	// Reasons are cut to 123 bytes, at a character boundary, for every
	// alignment of 1-, 2-, 3- and 4-byte characters against the cut.
	for _, ch := range []string{"a", "é", "€", "😀"} {
		for pad := 0; pad < 4; pad++ {
			reason := strings.Repeat("a", pad) + strings.Repeat(ch, 130)
			body := AppendClose(nil, StatusNormalClosure, reason)
			require.LessOrEqual(t, len(body), 125, "a control frame's payload")
			got := string(body[2:])
			assert.True(t, utf8.ValidString(got), "cut inside a character: %q", got)
			assert.True(t, strings.HasPrefix(reason, got))
			assert.Greater(t, len(got), 123-len(ch), "cut no more than one character")
			c, err := ParseClose(body)
			require.NoError(t, err)
			assert.Equal(t, got, c.Reason)
		}
	}
	// Exactly 123 bytes are kept as they are; one more is cut.
	r123 := strings.Repeat("z", 123)
	assert.Equal(t, r123, string(AppendClose(nil, 1000, r123)[2:]))
	assert.Equal(t, r123, string(AppendClose(nil, 1000, r123+"y")[2:]))
	assert.Len(t, AppendClose(nil, 1000, r123+"y"), 125)
}

func TestCloseRoundTrip(t *testing.T) {
	t.Parallel()
	for _, code := range append(NamedStatusCodes(), 3000, 3999, 4000, 4999) {
		if !code.OnWire() {
			continue
		}
		body := AppendClose(nil, code, "reason "+code.String())
		c, err := ParseClose(body)
		require.NoError(t, err)
		assert.Equal(t, code, c.Code)
		assert.Equal(t, "reason "+code.String(), c.Reason)

		// Through a whole frame, from a client.
		wire := AppendFrame(nil, Frame{Header: Header{Fin: true, Opcode: OpClose, Masked: true, MaskKey: [4]byte{9, 8, 7, 6}}, Payload: body})
		d := Decode(wire, Limits{From: FromClient})
		require.Empty(t, d.Violations)
		require.NotNil(t, d.Frames[0].Close)
		assert.Equal(t, c, *d.Frames[0].Close)
	}
}
