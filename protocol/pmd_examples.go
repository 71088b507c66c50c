package protocol

// RFC7692Example is one of the examples of RFC 7692 section 7.2.3, kept in
// the core so that a page shows them from these bytes rather than its own
// (pmd_examples_test.go checks them against the vector file and the
// inflater).
type RFC7692Example struct {
	ID, Section string
	Text        string   // what the example carries
	Previous    string   // the message sent before it with the window kept, if any
	Payload     []byte   // the compressed payload, tail stripped, when the example gives one
	Frames      [][]byte // the frames on the wire, when the example gives them
	FromClient  bool     // the frames are masked, as a client sends them
}

// RFC7692Examples lists section 7.2.3's examples in the RFC's order.
func RFC7692Examples() []RFC7692Example {
	hello := []byte{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}
	return []RFC7692Example{
		{ID: "7.2.3.1-payload", Section: "7.2.3.1", Text: "Hello", Payload: hello},
		{ID: "7.2.3.1-frame", Section: "7.2.3.1", Text: "Hello",
			Frames: [][]byte{{0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}}},
		{ID: "7.2.3.1-masked", Section: "7.2.3.1", Text: "Hello", FromClient: true,
			Frames: [][]byte{{0xc1, 0x87, 0x37, 0xfa, 0x21, 0x3d, 0xc5, 0xb2, 0xec, 0xf4, 0xfe, 0xfd, 0x21}}},
		{ID: "7.2.3.1-fragmented", Section: "7.2.3.1", Text: "Hello",
			Frames: [][]byte{{0x41, 0x03, 0xf2, 0x48, 0xcd}, {0x80, 0x04, 0xc9, 0xc9, 0x07, 0x00}}},
		{ID: "7.2.3.2-no-takeover", Section: "7.2.3.2", Text: "Hello", Payload: hello},
		{ID: "7.2.3.2-takeover", Section: "7.2.3.2", Text: "Hello", Previous: "Hello",
			Payload: []byte{0xf2, 0x00, 0x11, 0x00, 0x00}},
		{ID: "7.2.3.3-stored", Section: "7.2.3.3", Text: "Hello",
			Payload: []byte{0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00}},
		{ID: "7.2.3.4-bfinal", Section: "7.2.3.4", Text: "Hello",
			Payload: []byte{0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00}},
		{ID: "7.2.3.5-two-blocks", Section: "7.2.3.5", Text: "Hello",
			Payload: []byte{0xf2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xff, 0xff, 0xca, 0xc9, 0xc9, 0x07, 0x00}},
	}
}
