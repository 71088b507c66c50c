//go:build js && wasm

package main

import "github.com/wsplay/wsplay/protocol"

// deflateAgreement is what a client makes of the 101's
// Sec-WebSocket-Extensions when it offered permessage-deflate (RFC 7692
// section 7.1): whether the server accepted, the windows and takeover both
// sides then keep to, and the answer with a note per parameter. A page reads
// these instead of assuming them. offers are the request's
// Sec-WebSocket-Extensions values; the first permessage-deflate offer is
// the one checked, as a browser sends one.
func deflateAgreement(r *protocol.Response, offers []string) object {
	offer, offered := firstDeflateOffer(offers)
	header := r.Headers.Values("Sec-WebSocket-Extensions")
	out := object{{"offered", offered}, {"accepted", false}, {"params", nil}, {"answer", nil}, {"error", nil}}
	if !offered {
		return out
	}
	ok, p, err := protocol.CheckDeflateResponse(offer, header...)
	if err != nil {
		out[4].val = errorObject(err)
		return out
	}
	if ok {
		out[1].val = true
		out[2].val = deflateParamsObject(p)
		out[3].val = extensionObject(protocol.ParseExtensions(header...)[0], nil)
	}
	return out
}

// firstDeflateOffer is the first offer in values that is permessage-deflate
// with parameters the core can read.
func firstDeflateOffer(values []string) (protocol.DeflateParams, bool) {
	for _, e := range protocol.ParseExtensions(values...) {
		if p, why := protocol.ParseDeflateParams(e); why == nil {
			return p, true
		}
	}
	return protocol.DeflateParams{}, false
}

// deflateParamsObject is what both sides of a connection keep to.
func deflateParamsObject(p protocol.DeflateParams) object {
	return object{
		{"serverNoContextTakeover", p.ServerNoContextTakeover},
		{"clientNoContextTakeover", p.ClientNoContextTakeover},
		{"serverMaxWindowBits", p.ServerWindowBits()},
		{"clientMaxWindowBits", p.ClientWindowBits()},
	}
}
