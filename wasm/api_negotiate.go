//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/wsplay/wsplay/protocol"
)

// negotiate is wsplay.negotiate(offer, {deflate = true}): what wsplay's
// server answers to a Sec-WebSocket-Extensions offer (one header value, or
// an array of them: several headers mean one list), with every parameter
// of each offer and of the answer explained (RFC 7692 sections 5 and 7.1).
// With deflate false the server offers no extension and declines them all.
func negotiate(args []js.Value) (any, error) {
	var in input
	var values []string
	switch v := arg(args, 0); {
	case v.Type() == js.TypeString:
		values = []string{v.String()}
	case given(v) && v.InstanceOf(jsArray):
		values = in.strings(v, "offer")
	default:
		in.fail("offer is required (a Sec-WebSocket-Extensions value, or an array of them)")
	}
	o := in.options(arg(args, 1), "options")
	enabled := o.bool("deflate", true)
	if in.err != nil {
		return nil, in.err
	}
	exts := protocol.ParseExtensions(values...)
	var a protocol.DeflateAnswer
	if enabled {
		a = protocol.NegotiateDeflate(protocol.WsplayDeflate(), exts)
	}
	outcome := make([]any, len(exts))
	for _, n := range a.Notes {
		outcome[n.Offer] = noteObject(n.Note)
	}
	offers := make([]object, len(exts))
	for i, e := range exts {
		offers[i] = extensionObject(e, outcome[i])
	}
	out := object{
		{"accepted", a.Accepted},
		{"header", a.Header},
		{"offers", offers},
		{"offer", -1},
		{"answer", nil},
		{"params", nil},
	}
	if a.Accepted {
		answer := protocol.ParseExtensions(a.Header)[0]
		p := a.Params
		out[3].val = a.Offer
		out[4].val = extensionObject(answer, nil)
		out[5].val = object{
			{"serverNoContextTakeover", p.ServerNoContextTakeover},
			{"clientNoContextTakeover", p.ClientNoContextTakeover},
			{"serverMaxWindowBits", p.ServerMaxWindowBits},
			{"clientMaxWindowBits", p.ClientMaxWindowBits},
		}
	}
	return out, nil
}

// extensionObject is one element of the list with a note per parameter
// (DeflateParamNotes) and, for an offer, what became of it.
func extensionObject(e protocol.Extension, outcome any) object {
	notes := protocol.DeflateParamNotes(e)
	params := make([]object, len(e.Params))
	for i, p := range e.Params {
		params[i] = object{
			{"name", p.Name},
			{"value", p.Value},
			{"hasValue", p.HasValue},
			{"note", noteObject(notes[i])},
		}
	}
	return object{
		{"name", e.Name},
		{"text", e.Text},
		{"malformed", e.Malformed},
		{"params", params},
		{"outcome", outcome},
	}
}

// deflateExamples is wsplay.deflateExamples(): RFC 7692 section 7.2.3's
// examples from the core, each {id, section, text, previous, hex, frames,
// from}; hex is the compressed payload ("" when the example is frames),
// frames the frames' hex, from who sends them.
func deflateExamples([]js.Value) (any, error) {
	examples := protocol.RFC7692Examples()
	out := make([]object, len(examples))
	for i, ex := range examples {
		frames := make([]string, len(ex.Frames))
		for j, f := range ex.Frames {
			frames[j] = protocol.Hex(f)
		}
		from := "server"
		if ex.FromClient {
			from = "client"
		}
		out[i] = object{
			{"id", ex.ID},
			{"section", ex.Section},
			{"text", ex.Text},
			{"previous", ex.Previous},
			{"hex", protocol.Hex(ex.Payload)},
			{"frames", frames},
			{"from", from},
		}
	}
	return out, nil
}
