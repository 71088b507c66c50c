package protocol_test

import (
	"fmt"

	"github.com/wsplay/wsplay/protocol"
)

// Chrome's offer, answered by a server that wants the client's window at
// 2^12 bytes and keeps no context of its own.
func ExampleNegotiateDeflate() {
	offers := protocol.ParseExtensions("permessage-deflate; client_max_window_bits")
	cfg := protocol.DeflateConfig{ClientMaxWindowBits: 12, ServerNoContextTakeover: true}
	a := protocol.NegotiateDeflate(cfg, offers)
	fmt.Println(a.Header)
	fmt.Println(a.Params.ClientWindowBits(), a.Params.ServerWindowBits())
	// Output:
	// permessage-deflate; server_no_context_takeover; client_max_window_bits=12
	// 12 15
}

// The client checks the answer against what it offered.
func ExampleCheckDeflateResponse() {
	offer := protocol.DeflateParams{ClientWindowBitsOffered: true}
	ok, p, err := protocol.CheckDeflateResponse(offer, "permessage-deflate; client_max_window_bits=10")
	fmt.Println(ok, p.ClientWindowBits(), err)
	_, _, err = protocol.CheckDeflateResponse(protocol.DeflateParams{}, "permessage-deflate; client_max_window_bits=10")
	fmt.Println(err)
	// Output:
	// true 10 <nil>
	// wsplay: response-deflate: the server's permessage-deflate parameters must be known, each given once with a valid value, and only what the client's offer allows (RFC 7692 section 7.1) (found client_max_window_bits was not offered)
}
