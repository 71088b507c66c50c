package protocol

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol/deflate"
)

// TestOpcodes checks every 4-bit opcode against the table of section 5.2 and
// the registry of section 11.8.
func TestOpcodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		op                               Opcode
		name                             string
		control, data, reserved, defined bool
		noteID                           string
	}{
		{0x0, "continuation", false, true, false, true, "opcode.continuation"},
		{0x1, "text", false, true, false, true, "opcode.text"},
		{0x2, "binary", false, true, false, true, "opcode.binary"},
		{0x3, "reserved-0x3", false, true, true, false, "opcode.reserved-data"},
		{0x4, "reserved-0x4", false, true, true, false, "opcode.reserved-data"},
		{0x5, "reserved-0x5", false, true, true, false, "opcode.reserved-data"},
		{0x6, "reserved-0x6", false, true, true, false, "opcode.reserved-data"},
		{0x7, "reserved-0x7", false, true, true, false, "opcode.reserved-data"},
		{0x8, "close", true, false, false, true, "opcode.close"},
		{0x9, "ping", true, false, false, true, "opcode.ping"},
		{0xA, "pong", true, false, false, true, "opcode.pong"},
		{0xB, "reserved-0xB", true, false, true, false, "opcode.reserved-control"},
		{0xC, "reserved-0xC", true, false, true, false, "opcode.reserved-control"},
		{0xD, "reserved-0xD", true, false, true, false, "opcode.reserved-control"},
		{0xE, "reserved-0xE", true, false, true, false, "opcode.reserved-control"},
		{0xF, "reserved-0xF", true, false, true, false, "opcode.reserved-control"},
	}
	require.Len(t, tests, 16)
	for i, tt := range tests {
		require.Equal(t, Opcode(i), tt.op)
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			op := tt.op
			assert.Equal(t, tt.name, op.String())
			assert.Equal(t, tt.control, op.IsControl())
			assert.Equal(t, tt.data, op.IsData())
			assert.Equal(t, tt.reserved, op.IsReserved())
			assert.Equal(t, tt.defined, op.OnWire())
			assert.Equal(t, tt.noteID, op.NoteID())
			assert.Equal(t, "0x"+string("0123456789ABCDEF"[i]), op.Hex(), "opcodes print as RFC 6455 writes them")
			m := op.Meaning()
			assert.NotEmpty(t, m)
			assert.NotEqual(t, op.NoteID(), m)
			assert.NotContains(t, m, "{0}")
			if tt.reserved {
				assert.Contains(t, m, op.Hex(), "a reserved opcode's meaning names it")
			}

			// Round trip through the wire.
			payload := []byte("hi")
			if op == OpClose {
				payload = closeBody(1000, "")
			}
			wire := AppendFrame(nil, Frame{Header: Header{Fin: true, Opcode: op}, Payload: payload})
			assert.Equal(t, byte(0x80|i), wire[0])
			d := Decode(wire, Limits{From: FromServer})
			require.Len(t, d.Frames, 1)
			assert.Equal(t, op, d.Frames[0].Header.Opcode)
			assert.Equal(t, payload, d.Frames[0].Payload)
			switch {
			case tt.reserved:
				require.Len(t, d.Violations, 1)
				assert.ErrorIs(t, d.Violations[0], ErrReservedOpcode)
				assert.Equal(t, int64(0), d.Violations[0].Offset)
				assert.Equal(t, op.Hex(), d.Violations[0].Value)
				assert.ErrorIs(t, CheckHeader(d.Frames[0].Header, Limits{}), ErrReservedOpcode)
			case op == OpContinuation:
				require.Len(t, d.Violations, 1)
				assert.ErrorIs(t, d.Violations[0], ErrContinuationWithoutStart)
			default:
				assert.Empty(t, d.Violations)
				require.NotNil(t, d.Frames[0].Message)
				assert.Equal(t, op, d.Frames[0].Message.Opcode)
			}
		})
	}
	// Values that do not fit in four bits are reserved and not on the wire.
	for _, op := range []Opcode{0x10, 0x18, 0xFF} {
		assert.True(t, op.IsReserved(), "%d", op)
		assert.False(t, op.OnWire(), "%d", op)
		assert.False(t, op.IsControl(), "%d", op)
		assert.False(t, op.IsData(), "%d", op)
		assert.True(t, strings.HasPrefix(op.String(), "reserved-0x"), op.String())
		assert.NotEqual(t, op.NoteID(), op.Meaning())
	}
	assert.Equal(t, "reserved-0xFF", Opcode(0xFF).String())
}

func TestStatusCodes(t *testing.T) {
	t.Parallel()
	// Section 7.4.1 and the IANA registry.
	assert.Equal(t, StatusCode(1000), StatusNormalClosure)
	assert.Equal(t, StatusCode(1001), StatusGoingAway)
	assert.Equal(t, StatusCode(1002), StatusProtocolError)
	assert.Equal(t, StatusCode(1003), StatusUnsupportedData)
	assert.Equal(t, StatusCode(1005), StatusNoStatusReceived)
	assert.Equal(t, StatusCode(1006), StatusAbnormalClosure)
	assert.Equal(t, StatusCode(1007), StatusInvalidPayload)
	assert.Equal(t, StatusCode(1008), StatusPolicyViolation)
	assert.Equal(t, StatusCode(1009), StatusMessageTooBig)
	assert.Equal(t, StatusCode(1010), StatusMandatoryExtension)
	assert.Equal(t, StatusCode(1011), StatusInternalError)
	assert.Equal(t, StatusCode(1012), StatusServiceRestart)
	assert.Equal(t, StatusCode(1013), StatusTryAgainLater)
	assert.Equal(t, StatusCode(1014), StatusBadGateway)
	assert.Equal(t, StatusCode(1015), StatusTLSHandshake)

	const (
		wire  = "wire"  // may be sent
		local = "local" // defined, never sent
		rsv   = "rsv"   // reserved / invalid
	)
	tests := []struct {
		code  StatusCode
		kind  string
		str   string
		note  string
		named bool
	}{
		{0, rsv, "0 unused", "status.unused", false},
		{999, rsv, "999 unused", "status.unused", false},
		{1000, wire, "1000 normal-closure", "status.normal-closure", true},
		{1001, wire, "1001 going-away", "status.going-away", true},
		{1002, wire, "1002 protocol-error", "status.protocol-error", true},
		{1003, wire, "1003 unsupported-data", "status.unsupported-data", true},
		{1004, rsv, "1004 reserved-1004", "status.reserved-1004", true},
		{1005, local, "1005 no-status-received", "status.no-status-received", true},
		{1006, local, "1006 abnormal-closure", "status.abnormal-closure", true},
		{1007, wire, "1007 invalid-payload", "status.invalid-payload", true},
		{1008, wire, "1008 policy-violation", "status.policy-violation", true},
		{1009, wire, "1009 message-too-big", "status.message-too-big", true},
		{1010, wire, "1010 mandatory-extension", "status.mandatory-extension", true},
		{1011, wire, "1011 internal-error", "status.internal-error", true},
		{1012, wire, "1012 service-restart", "status.service-restart", true},
		{1013, wire, "1013 try-again-later", "status.try-again-later", true},
		{1014, wire, "1014 bad-gateway", "status.bad-gateway", true},
		{1015, local, "1015 tls-handshake", "status.tls-handshake", true},
		{1016, rsv, "1016 reserved", "status.reserved", false},
		{2999, rsv, "2999 reserved", "status.reserved", false},
		{3000, wire, "3000 registered", "status.registered", false},
		{3999, wire, "3999 registered", "status.registered", false},
		{4000, wire, "4000 private", "status.private", false},
		{4999, wire, "4999 private", "status.private", false},
		{5000, rsv, "5000 out-of-range", "status.out-of-range", false},
		{65535, rsv, "65535 out-of-range", "status.out-of-range", false},
	}
	named := NamedStatusCodes()
	for _, tt := range tests {
		c := tt.code
		assert.Equal(t, tt.kind == rsv, c.IsReserved(), "%d IsReserved", c)
		assert.Equal(t, tt.kind == local, c.NeverOnWire(), "%d NeverOnWire", c)
		assert.Equal(t, tt.kind == wire, c.OnWire(), "%d OnWire", c)
		assert.Equal(t, tt.str, c.String())
		assert.Equal(t, tt.note, c.NoteID())
		if tt.named {
			assert.Contains(t, named, c)
		} else {
			assert.NotContains(t, named, c)
		}
		m := c.Meaning()
		assert.NotEqual(t, c.NoteID(), m)
		assert.True(t, strings.HasPrefix(m, itoa(int(c))+":"), m)

		// ParseClose agrees with the predicates.
		_, err := ParseClose(closeBody(uint16(c), ""))
		switch tt.kind {
		case wire:
			assert.NoError(t, err, "%d", c)
		case local:
			assert.ErrorIs(t, err, ErrCloseCodeLocal, "%d", c)
		default:
			assert.ErrorIs(t, err, ErrCloseCodeInvalid, "%d", c)
		}
	}
}

func TestNamedStatusCodes(t *testing.T) {
	t.Parallel()
	codes := NamedStatusCodes()
	require.Len(t, codes, 16)
	for i, c := range codes {
		assert.Equal(t, StatusCode(1000+i), c)
	}
	codes[0] = 1
	assert.Equal(t, StatusNormalClosure, NamedStatusCodes()[0], "a fresh slice each time")
}

var sectionRE = regexp.MustCompile(`^[1-9][0-9]*(\.[1-9][0-9]*)*$`)

func TestRulesTable(t *testing.T) {
	t.Parallel()
	rules := Rules()
	require.NotEmpty(t, rules)
	frame := map[*Rule]bool{
		ErrReservedOpcode: true, ErrReservedBits: true, ErrUnmaskedClientFrame: true, ErrMaskedServerFrame: true,
		ErrControlTooLong: true, ErrControlFragmented: true, ErrLengthHighBit: true, ErrLengthNotMinimal: true,
		ErrTooBig: true, ErrCloseBodyOneByte: true, ErrCloseCodeInvalid: true, ErrCloseCodeLocal: true,
		ErrInvalidUTF8: true, ErrCloseReasonUTF8: true, ErrContinuationWithoutStart: true, ErrDataInsideFragmented: true,
		ErrCompressedControl: true, ErrCompressedContinuation: true, ErrInflate: true,
	}
	request := map[*Rule]int{
		ErrMalformedHTTP: 400, ErrMethodNotGet: 405, ErrHTTPVersion: 400, ErrMissingHost: 400, ErrUpgradeHeader: 400,
		ErrConnectionHeader: 400, ErrMissingKey: 400, ErrInvalidKey: 400, ErrVersion: 426,
	}
	response := map[*Rule]bool{
		ErrResponseStatus: true, ErrResponseUpgrade: true, ErrResponseConnection: true, ErrResponseAccept: true,
		ErrResponseExtension: true, ErrResponseProtocol: true, ErrResponseDeflate: true,
	}
	assert.Len(t, rules, len(frame)+len(request)+len(response), "every rule is classified below")
	ids := map[string]bool{}
	for _, r := range rules {
		assert.False(t, ids[r.ID], "duplicate id %s", r.ID)
		ids[r.ID] = true
		assert.Regexp(t, `^[a-z0-9]+(-[a-z0-9]+)*$`, r.ID)
		assert.Regexp(t, sectionRE, r.Section, r.ID)
		assert.NotEmpty(t, r.Text)
		assert.Equal(t, r.Text+" (RFC "+r.RFCNumber()+" section "+r.Section+")", r.Error())
		assert.Contains(t, []string{"6455", "7692"}, r.RFCNumber(), r.ID)
		assert.Equal(t, "rule."+r.ID, r.NoteID())
		switch {
		case frame[r]:
			assert.NotZero(t, r.Close, r.ID)
			assert.True(t, r.Close.OnWire(), "%s closes with a code that may be sent", r.ID)
			assert.Zero(t, r.HTTP, r.ID)
		case request[r] != 0:
			assert.Equal(t, request[r], r.HTTP, r.ID)
			assert.Zero(t, r.Close, r.ID)
		case response[r]:
			assert.Zero(t, r.HTTP, r.ID)
			assert.Zero(t, r.Close, r.ID)
		default:
			t.Errorf("rule %s is not classified", r.ID)
		}
	}
	assert.Equal(t, StatusMessageTooBig, ErrTooBig.Close)
	assert.Equal(t, StatusInvalidPayload, ErrInvalidUTF8.Close)
	assert.Equal(t, StatusInvalidPayload, ErrCloseReasonUTF8.Close)

	// Rules returns a copy.
	rules[0] = nil
	assert.NotNil(t, Rules()[0])
}

func TestViolationError(t *testing.T) {
	t.Parallel()
	v := violation(ErrReservedOpcode, 4, "0x3")
	assert.Equal(t, "wsplay: reserved-opcode: "+ErrReservedOpcode.Text+" (RFC 6455 section 5.2) at byte 4 (found 0x3)", v.Error())
	assert.Equal(t, "wsplay: handshake-key-missing: "+ErrMissingKey.Text+" (RFC 6455 section 4.2.1)", violation(ErrMissingKey, -1, "").Error())
	assert.True(t, errors.Is(v, ErrReservedOpcode))
	assert.False(t, errors.Is(v, ErrReservedBits))
	var r *Rule
	require.True(t, errors.As(v, &r))
	assert.Same(t, ErrReservedOpcode, r)

	s := v.shifted(10)
	assert.Equal(t, int64(14), s.Offset)
	assert.Equal(t, int64(4), v.Offset, "shifted copies")
	assert.Equal(t, int64(-1), violation(ErrTooBig, -1, "").shifted(10).Offset, "no byte stays no byte")
}

// ruleTriggers breaks each rule with a minimal input. The test below fails
// when a rule is added without a trigger here.
var ruleTriggers = map[*Rule]func() error{
	ErrReservedOpcode:           func() error { return firstViolation("8300", FromServer) },
	ErrReservedBits:             func() error { return firstViolation("c100", FromServer) },
	ErrUnmaskedClientFrame:      func() error { return firstViolation("8100", FromClient) },
	ErrMaskedServerFrame:        func() error { return firstViolation("818000000000", FromServer) },
	ErrControlTooLong:           func() error { return CheckHeader(Header{Fin: true, Opcode: OpPing, Length: 126}, Limits{}) },
	ErrControlFragmented:        func() error { return firstViolation("0900", FromServer) },
	ErrLengthHighBit:            func() error { return firstViolation("827f8000000000000000", FromServer) },
	ErrLengthNotMinimal:         func() error { return firstViolation("827e0000", FromServer) },
	ErrTooBig:                   func() error { return firstViolation("827f7fffffffffffffff", FromServer) },
	ErrCloseBodyOneByte:         func() error { _, err := ParseClose([]byte{3}); return err },
	ErrCloseCodeInvalid:         func() error { _, err := ParseClose([]byte{0, 0}); return err },
	ErrCloseCodeLocal:           func() error { _, err := ParseClose([]byte{0x03, 0xed}); return err },
	ErrInvalidUTF8:              func() error { return firstViolation("8101ff", FromServer) },
	ErrCloseReasonUTF8:          func() error { _, err := ParseClose([]byte{0x03, 0xe8, 0xff}); return err },
	ErrContinuationWithoutStart: func() error { return firstViolation("8000", FromServer) },
	ErrDataInsideFragmented:     func() error { return firstViolation("0100"+"8100", FromServer) },
	ErrCompressedControl:        func() error { return CheckHeader(Header{Fin: true, Rsv1: true, Opcode: OpPing}, Limits{Extensions: 4}) },
	ErrCompressedContinuation:   func() error { return CheckHeader(Header{Fin: true, Rsv1: true}, Limits{Extensions: 4}) },
	ErrInflate: func() error {
		_, err := InflateMessage(deflate.NewInflater(deflate.Options{}), nil, []byte{0xff})
		return err
	},
	ErrResponseDeflate: func() error {
		_, _, err := CheckDeflateResponse(DeflateParams{}, "permessage-deflate; x")
		return err
	},

	ErrMalformedHTTP: func() error { _, _, err := ParseRequest([]byte("GET /\r\n\r\n")); return err },
	ErrMethodNotGet:  func() error { r := baseRequest(); r.Method = "PUT"; _, err := CheckRequest(&r); return err },
	ErrHTTPVersion:   func() error { r := baseRequest(); r.Proto = "HTTP/1.0"; _, err := CheckRequest(&r); return err },
	ErrMissingHost:   func() error { r := baseRequest().without("Host"); _, err := CheckRequest(&r); return err },
	ErrUpgradeHeader: func() error { r := baseRequest().without("Upgrade"); _, err := CheckRequest(&r); return err },
	ErrConnectionHeader: func() error {
		r := baseRequest().with("Connection", "close")
		_, err := CheckRequest(&r)
		return err
	},
	ErrMissingKey: func() error { r := baseRequest().without("Sec-WebSocket-Key"); _, err := CheckRequest(&r); return err },
	ErrInvalidKey: func() error { return CheckKey("AAAA") },
	ErrVersion: func() error {
		r := baseRequest().with("Sec-WebSocket-Version", "8")
		_, err := CheckRequest(&r)
		return err
	},
	ErrResponseStatus: func() error {
		return CheckResponse(&Response{Status: 200}, tutorialKey, nil, nil)
	},
	ErrResponseUpgrade: func() error {
		return CheckResponse(&Response{Status: 101}, tutorialKey, nil, nil)
	},
	ErrResponseConnection: func() error {
		return CheckResponse(&Response{Status: 101, Headers: Headers{{"Upgrade", "websocket"}}}, tutorialKey, nil, nil)
	},
	ErrResponseAccept: func() error {
		r := Response{Status: 101, Headers: Headers{{"Upgrade", "websocket"}, {"Connection", "upgrade"}}}
		return CheckResponse(&r, tutorialKey, nil, nil)
	},
	ErrResponseExtension: func() error {
		r := Accepted(Upgrade{Accept: tutorialAcc}, "")
		r.Headers = append(r.Headers, HeaderField{"Sec-WebSocket-Extensions", "x"})
		return CheckResponse(&r, tutorialKey, nil, nil)
	},
	ErrResponseProtocol: func() error {
		r := Accepted(Upgrade{Accept: tutorialAcc}, "x")
		return CheckResponse(&r, tutorialKey, nil, nil)
	},
}

func firstViolation(wireHex string, from Role) error {
	wire := make([]byte, len(wireHex)/2)
	for i := range wire {
		wire[i] = byte(unhex(wireHex[2*i])<<4 | unhex(wireHex[2*i+1]))
	}
	d := Decode(wire, Limits{From: from})
	if len(d.Violations) == 0 {
		return nil
	}
	return d.Violations[0]
}

func unhex(c byte) byte {
	if c >= 'a' {
		return c - 'a' + 10
	}
	return c - '0'
}

func TestEveryRuleTriggered(t *testing.T) {
	t.Parallel()
	rules := Rules()
	assert.Len(t, ruleTriggers, len(rules))
	for _, r := range rules {
		trigger, ok := ruleTriggers[r]
		if !assert.True(t, ok, "no trigger for rule %s", r.ID) {
			continue
		}
		err := trigger()
		assert.ErrorIs(t, err, r, r.ID)
		var v *Violation
		if assert.True(t, errors.As(err, &v), r.ID) {
			assert.Same(t, r, v.Rule)
		}
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	assert.Regexp(t, `^[0-9]+\.[0-9]+\.[0-9]+$`, Version)
}
