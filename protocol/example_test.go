package protocol_test

import (
	"encoding/hex"
	"fmt"

	"github.com/wsplay/wsplay/protocol"
)

// The tutorial's key and the accept value a server answers with.
func ExampleAcceptKey() {
	fmt.Println(protocol.AcceptKey("w4v7O6xFTi36lq3RNcgctw=="))
	// Output: Oy4NRAQ13jhfONC7bP8dTKb4PTU=
}

// The masked "Hello" frame of RFC 6455 section 5.7, as a client sends it.
func ExampleAppendFrame() {
	wire := protocol.AppendFrame(nil, protocol.Frame{
		Header: protocol.Header{
			Fin:     true,
			Opcode:  protocol.OpText,
			Masked:  true,
			MaskKey: [4]byte{0x37, 0xfa, 0x21, 0x3d},
		},
		Payload: []byte("Hello"),
	})
	fmt.Println(hex.EncodeToString(wire))
	// Output: 818537fa213d7f9f4d5158
}

// Decoding the same frame on the server's side, with its annotation.
func ExampleDecode() {
	wire, _ := hex.DecodeString("818537fa213d7f9f4d5158")
	d := protocol.Decode(wire, protocol.Limits{From: protocol.FromClient})
	for _, f := range d.Frames {
		fmt.Println(f.Header)
		fmt.Printf("payload %q\n", f.Payload)
		fmt.Println("violations:", len(f.Violations))
		for _, fl := range f.Fields {
			fmt.Printf("  byte %d bit %d: %-8s = %s\n", fl.Offset, fl.Bit, fl.ID, fl.Raw)
		}
	}
	// Output:
	// FIN text len=5 mask=37fa213d
	// payload "Hello"
	// violations: 0
	//   byte 0 bit 0: fin      = 1
	//   byte 0 bit 1: rsv1     = 0
	//   byte 0 bit 2: rsv2     = 0
	//   byte 0 bit 3: rsv3     = 0
	//   byte 0 bit 4: opcode   = 0001
	//   byte 1 bit 0: mask     = 1
	//   byte 1 bit 1: length7  = 0000101
	//   byte 2 bit 0: mask-key = 37fa213d
	//   byte 6 bit 0: payload  = 7f9f4d5158
}

// A server reading an unmasked frame from a client: the violation names the
// rule, its section, the offending byte and the close code to fail with.
func ExampleViolation() {
	wire, _ := hex.DecodeString("810548656c6c6f")
	d := protocol.Decode(wire, protocol.Limits{From: protocol.FromClient})
	for _, v := range d.Violations {
		fmt.Println(v)
		fmt.Println("close with", v.Rule.Close)
	}
	// Output:
	// wsplay: client-frame-unmasked: every frame a client sends must be masked; a server must close the connection on an unmasked frame (RFC 6455 section 5.1) at byte 1 (found MASK=0)
	// close with 1002 protocol-error
}

// A server that speaks "chat" answers the request of RFC 6455 section 1.3
// with the client's first offer it supports.
func ExampleServerPolicy_Answer() {
	head := "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n" +
		"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
		"Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n"
	req, _, _ := protocol.ParseRequest([]byte(head))
	policy := protocol.ServerPolicy{Subprotocols: []string{"superchat", "chat"}}
	resp, agreed, err := policy.Answer(&req)
	fmt.Println(resp.Status, agreed.Subprotocol, err)
	// Output: 101 chat <nil>
}

// A server reads a text frame in pieces as they arrive and fails the
// connection at the first impossible byte, before the rest has come.
func ExampleAssembler_FeedPayload() {
	var a protocol.Assembler
	h := protocol.Header{Fin: true, Opcode: protocol.OpText, Length: 9}
	fmt.Println(a.StartFrame(h))
	fmt.Println(a.FeedPayload([]byte("caf\xc3")))   // "é" begins
	fmt.Println(a.FeedPayload([]byte("\xa9 \xff"))) // "é" ends; 0xff never appears in UTF-8
	// Output:
	// <nil>
	// <nil>
	// wsplay: text-invalid-utf8: a text message must be valid UTF-8 once reassembled; the endpoint closes with 1007 at the first byte that cannot become valid (RFC 6455 section 8.1) at byte 6 (found 0xff)
}
