package testutil

import (
	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

// OffendingFrames is, for every frame rule a client can break, the smallest
// bytes a client can send to break it, masked with key unless the rule is
// about masking. maxMessage is the server's -max-message. A frame rule of
// the core with neither a row here nor one in NotForServers fails the tests
// that walk protocol.Rules() (server/framerules_test.go, the lab's).
func OffendingFrames(key [4]byte, maxMessage int) map[*protocol.Rule][]byte {
	frame := func(h protocol.Header, payload []byte) []byte { return wsclient.Masked(h, payload, key) }
	fin := func(op protocol.Opcode) protocol.Header { return protocol.Header{Fin: true, Opcode: op} }
	text, closeFrame := fin(protocol.OpText), fin(protocol.OpClose)
	tooBig := protocol.Header{Fin: true, Opcode: protocol.OpBinary, Length: uint64(maxMessage) + 1, Masked: true, MaskKey: key}
	return map[*protocol.Rule][]byte{
		protocol.ErrReservedOpcode:           frame(fin(0x3), []byte("x")),
		protocol.ErrReservedBits:             frame(protocol.Header{Fin: true, Rsv1: true, Opcode: protocol.OpText}, []byte("x")),
		protocol.ErrUnmaskedClientFrame:      protocol.AppendFrame(nil, protocol.Frame{Header: text, Payload: []byte("x")}),
		protocol.ErrControlTooLong:           frame(fin(protocol.OpPing), make([]byte, 126)),
		protocol.ErrControlFragmented:        frame(protocol.Header{Opcode: protocol.OpPing}, nil),
		protocol.ErrLengthHighBit:            {0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4},
		protocol.ErrLengthNotMinimal:         frame(protocol.Header{Fin: true, Opcode: protocol.OpText, LengthForm: protocol.Length16}, []byte("x")),
		protocol.ErrTooBig:                   protocol.AppendHeader(nil, tooBig), // the header alone: the payload is never awaited
		protocol.ErrCloseBodyOneByte:         frame(closeFrame, []byte{0x03}),
		protocol.ErrCloseCodeInvalid:         frame(closeFrame, []byte{0x03, 0xE7}), // 999
		protocol.ErrCloseCodeLocal:           frame(closeFrame, []byte{0x03, 0xED}), // 1005
		protocol.ErrInvalidUTF8:              frame(text, []byte{0xFF}),
		protocol.ErrCloseReasonUTF8:          frame(closeFrame, []byte{0x03, 0xE8, 0xFF}),
		protocol.ErrContinuationWithoutStart: frame(fin(protocol.OpContinuation), []byte("x")),
		protocol.ErrDataInsideFragmented: append(frame(protocol.Header{Opcode: protocol.OpText}, []byte("a")),
			frame(text, []byte("b"))...),
		// permessage-deflate's rules, on a connection that agreed to it
		// (NeedsDeflate).
		protocol.ErrCompressedControl: frame(protocol.Header{Fin: true, Rsv1: true, Opcode: protocol.OpPing}, nil),
		protocol.ErrCompressedContinuation: append(frame(protocol.Header{Rsv1: true, Opcode: protocol.OpText}, []byte{0xf2, 0x48}),
			frame(protocol.Header{Fin: true, Rsv1: true, Opcode: protocol.OpContinuation}, []byte{0xcd})...),
		protocol.ErrInflate: frame(protocol.Header{Fin: true, Rsv1: true, Opcode: protocol.OpText}, []byte{0xff}), // BTYPE=11, reserved
	}
}

// NeedsDeflate are the frame rules that only a connection with
// permessage-deflate agreed can break: without it RSV1 is a reserved bit
// (ErrReservedBits).
var NeedsDeflate = map[*protocol.Rule]bool{
	protocol.ErrCompressedControl: true, protocol.ErrCompressedContinuation: true, protocol.ErrInflate: true,
}

// NotForServers are the frame rules a client's bytes cannot make a server
// enforce, with the reason.
var NotForServers = map[*protocol.Rule]string{
	protocol.ErrMaskedServerFrame: "only a client checks that the server's frames are unmasked",
}
