package protocol

// ServerPolicy is what a server is willing to agree to in the opening
// handshake. Everything a server puts in its 101 beyond the Accept comes
// from here: the subprotocol and permessage-deflate (RFC 7692). A page that predicts the answer and a server that sends it
// share one computation, so they cannot disagree.
//
// The zero value speaks no subprotocol and accepts no extension.
type ServerPolicy struct {
	// Subprotocols the server speaks, compared exactly with the client's
	// offers. Their order does not matter: the client's order of
	// preference decides (section 4.2.2, /subprotocol/).
	Subprotocols []string
	// Deflate, when set, is what the server accepts of permessage-deflate
	// (RFC 7692); nil declines every offer, so the 101 names no extension.
	Deflate *DeflateConfig
}

// Agreement is what one handshake settled, for the connection that follows
// to obey.
type Agreement struct {
	Subprotocol string // "" when none was chosen
	// Deflate is the decision on the permessage-deflate offers: when
	// Deflate.Accepted, RSV1 marks compressed messages and Deflate.Params
	// are the windows and takeover both sides keep to.
	Deflate DeflateAnswer
}

// WsplayServer returns the policy of wsplay's own server, as it runs by
// default: an echo that speaks no subprotocol and accepts permessage-deflate
// with the answer of WsplayDeflate, so its 101 carries
// Sec-WebSocket-Extensions when the client offers compression and never
// Sec-WebSocket-Protocol. A page that predicts the server's answer uses it.
// It is a function, not a variable, so that no caller can change it for the
// others.
func WsplayServer() ServerPolicy {
	cfg := WsplayDeflate()
	return ServerPolicy{Deflate: &cfg}
}

// WsplayServerPlain is WsplayServer without compression: every
// permessage-deflate offer is declined, so the 101 names no extension. It is
// the server's policy under -deflate=false, and on a connection opened with
// /ws?deflate=0 (see ForTarget).
func WsplayServerPlain() ServerPolicy { return WsplayServer().WithoutDeflate() }

// WithoutDeflate is p declining every permessage-deflate offer (RFC 7692
// section 5: a server may decline by leaving the extension out of its 101).
func (p ServerPolicy) WithoutDeflate() ServerPolicy {
	p.Deflate = nil
	return p
}

// WsplayDeflate is what wsplay's server accepts of permessage-deflate. It is
// chosen so that an idle compressed connection stays small:
//   - server_no_context_takeover: the server compresses each message on its
//     own, so its compressor keeps no window between messages (RFC 7692
//     section 7.1.1.1) and an idle connection holds nothing for it;
//   - client_max_window_bits=12, asked for when the offer allows it (Chrome
//     and Firefox's bare "client_max_window_bits", section 7.1.2.2): the
//     server's inflater keeps 4 KiB of the client's output instead of 32 KiB,
//     while the client keeps its context, so a message repeated by a browser
//     still shrinks to back-references into the one before;
//   - any server_max_window_bits a client asks for, 8 to 15, is honoured.
func WsplayDeflate() DeflateConfig {
	return DeflateConfig{ServerNoContextTakeover: true, ClientMaxWindowBits: 12, ServerMinWindowBits: 8}
}

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

// Agree settles what the server agrees to for a valid upgrade: the
// subprotocol, and permessage-deflate when the policy accepts it.
func (p ServerPolicy) Agree(u Upgrade) Agreement {
	a := Agreement{Subprotocol: p.ChooseSubprotocol(u.Protocols)}
	if p.Deflate != nil && len(u.Extensions) > 0 {
		a.Deflate = NegotiateDeflate(*p.Deflate, ParseExtensions(u.Extensions...))
	}
	return a
}

// Accept builds the whole 101 of section 4.2.2 for a valid upgrade, with what
// the policy agreed to: Sec-WebSocket-Extensions names the accepted
// permessage-deflate offer (RFC 7692 section 5), and is absent otherwise.
func (p ServerPolicy) Accept(u Upgrade) (Response, Agreement) {
	a := p.Agree(u)
	r := Accepted(u, a.Subprotocol)
	if a.Deflate.Accepted {
		r.Headers = append(r.Headers, HeaderField{"Sec-WebSocket-Extensions", a.Deflate.Header})
	}
	return r, a
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
