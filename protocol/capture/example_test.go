package capture_test

import (
	"fmt"
	"time"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/capture"
)

// A session as the server's tap delivers it becomes a .pcapng file, and
// reading that file gives the frames back, decoded by the core.
func Example() {
	key := "dGhlIHNhbXBsZSBub25jZQ==" // RFC 6455 section 1.3
	req := protocol.NewRequest(protocol.ClientRequest{Host: "127.0.0.1:8080", Key: key})
	up, _ := protocol.CheckRequest(&req)
	hello := protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText, Masked: true,
		MaskKey: [4]byte{0x37, 0xfa, 0x21, 0x3d}}, Payload: []byte("Hello")}
	t0 := capture.Timestamp(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC).UnixNano())
	file, err := capture.Write(capture.Session{Events: []capture.Event{
		{Kind: capture.EventRequest, From: protocol.FromClient, Time: t0, Bytes: protocol.AppendRequest(nil, req)},
		{Kind: capture.EventResponse, From: protocol.FromServer, Time: t0, Bytes: protocol.AppendResponse(nil, protocol.Accepted(up, ""))},
		{Kind: capture.EventFrame, From: protocol.FromClient, Time: t0 + capture.Timestamp(time.Millisecond), Bytes: protocol.AppendFrame(nil, hello)},
		{Kind: capture.EventClosed, Time: t0 + capture.Timestamp(time.Second)},
	}})
	if err != nil {
		panic(err)
	}
	c, err := capture.Read(file, capture.Limits{})
	if err != nil {
		panic(err)
	}
	conn := c.Connections[0]
	fmt.Println(c.Format, c.Packets, "packets;", conn.Kind, conn.Client.Addr, "->", conn.Server.Addr)
	for _, f := range conn.Frames {
		fmt.Println(time.Unix(0, int64(f.Time)).UTC().Format("15:04:05.000"), f.From, f.Header, f.Text)
	}
	// Output:
	// pcapng 9 packets; websocket 127.0.0.1:49152 -> 127.0.0.1:8080
	// 09:00:00.001 client FIN text len=5 mask=37fa213d Hello
}

// Read says what stopped it, with the byte at fault, and returns what it
// read before.
func ExampleRead_truncated() {
	file, _ := capture.Write(capture.Session{})
	c, err := capture.Read(append(file, 6, 0, 0, 0, 200, 0, 0, 0, 0, 0, 0, 0), capture.Limits{})
	fmt.Println(len(c.Interfaces), "interface;", err)
	// Output:
	// 1 interface; capture: file-truncated: the file ends inside a header, a block or a packet record (draft-ietf-opsawg-pcap section 5, draft-ietf-opsawg-pcapng section 3.1) at byte 88 (the block says 200 bytes, 12 are left)
}
