package protocol

// ServerPolicy is what a server is willing to agree to in the opening
// handshake. Everything a server puts in its 101 beyond the Accept comes
// from here: the subprotocol now, the extensions (permessage-deflate, RFC
// 7692) next. A page that predicts the answer and a server that sends it
// share one computation, so they cannot disagree.
//
// The zero value speaks no subprotocol and accepts no extension.
type ServerPolicy struct {
	// Subprotocols the server speaks, compared exactly with the client's
	// offers. Their order does not matter: the client's order of
	// preference decides (section 4.2.2, /subprotocol/).
	Subprotocols []string
}

// Agreement is what one handshake settled, for the connection that follows
// to obey. Extensions a server accepts will be recorded here too.
type Agreement struct {
	Subprotocol string // "" when none was chosen
}

// WsplayServer returns the policy of wsplay's own server: an echo that
// speaks no subprotocol and accepts no extension yet, so its 101 carries
// neither Sec-WebSocket-Protocol nor Sec-WebSocket-Extensions. It is a
// function, not a variable, so that no caller can change it for the others.
func WsplayServer() ServerPolicy { return ServerPolicy{} }

// ChooseSubprotocol picks the subprotocol of section 4.2.2: the first of the
// client's offers, in the client's order, that the server speaks, or "" when
// it speaks none of them. The answer must be one of the offers (section
// 4.1), so a server never invents one.
func (p ServerPolicy) ChooseSubprotocol(offered []string) string {
	for _, o := range offered {
		for _, s := range p.Subprotocols {
			if o == s {
				return o
			}
		}
	}
	return ""
}

// Agree settles what the server agrees to for a valid upgrade.
func (p ServerPolicy) Agree(u Upgrade) Agreement {
	return Agreement{Subprotocol: p.ChooseSubprotocol(u.Protocols)}
}

// Accept builds the whole 101 of section 4.2.2 for a valid upgrade, with what
// the policy agreed to. This is the hook where extension answers join the
// response.
func (p ServerPolicy) Accept(u Upgrade) (Response, Agreement) {
	a := p.Agree(u)
	return Accepted(u, a.Subprotocol), a
}

// Answer is a server's whole reply to a request head under p: the 101 when
// CheckRequest accepts it, otherwise the Refusal that names the broken rule
// (with the error). A server that refuses for reasons of its own (a foreign
// Origin, no capacity) calls CheckRequest, its checks and then Accept
// instead.
func (p ServerPolicy) Answer(r *Request) (Response, Agreement, error) {
	u, err := CheckRequest(r)
	if err != nil {
		return Refusal(err), Agreement{}, err
	}
	resp, a := p.Accept(u)
	return resp, a, nil
}
