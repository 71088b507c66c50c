//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"github.com/wsplay/wsplay/protocol"
)

// The opening handshake (RFC 6455 section 4) and Sec-WebSocket-Accept
// (sections 1.3 and 4.2.2).

// accept is wsplay.accept(key): every step from Sec-WebSocket-Key to
// Sec-WebSocket-Accept. An invalid key still gets the values a careless
// server would compute, next to the error.
func accept(args []js.Value) (any, error) {
	var in input
	key := in.string(arg(args, 0), "key", "")
	if !given(arg(args, 0)) {
		in.fail("key is required (a string)")
	}
	if in.err != nil {
		return nil, in.err
	}
	t := protocol.TraceAccept(key)
	groups := make([]object, len(t.Groups))
	for i, g := range t.Groups {
		groups[i] = object{
			{"bytesHex", protocol.Hex(g.Bytes)},
			{"indices", g.Indices},
			{"chars", g.Chars},
			{"padding", g.Padding},
			{"note", noteObject(g.Note())},
		}
	}
	notes := t.Notes()
	noteObjs := make([]object, len(notes))
	for i, n := range notes {
		noteObjs[i] = noteObject(n)
	}
	out := object{
		{"key", t.Key},
		{"guid", t.GUID},
		{"concat", t.Concat},
		{"concatHex", protocol.Hex(t.ConcatBytes)},
		{"sha1Hex", t.SHA1Hex},
		{"accept", t.Accept},
		{"groups", groups},
		{"notes", noteObjs},
	}
	if t.Err != nil {
		out = append(out, kv{"error", errorObject(t.Err)})
	}
	return out, nil
}

// handshake is wsplay.handshake(options): the client's request (built by the
// core), the answer wsplay's own server gives it (see wsplayAnswer: the 101,
// with permessage-deflate when offered, or the refusal when the request is
// invalid) and, for comparison, the 426 a server sends for a version it does
// not speak.
func handshake(args []js.Value) (any, error) {
	var in input
	o := in.options(arg(args, 0), "options")
	c := protocol.ClientRequest{
		Host:       headerText(&in, o.string("host", "localhost:8080"), "host"),
		Path:       headerText(&in, o.string("path", "/"), "path"),
		Key:        headerText(&in, o.string("key", ""), "key"),
		Origin:     headerText(&in, o.string("origin", ""), "origin"),
		Protocols:  o.strings("protocols"),
		Extensions: o.strings("extensions"),
	}
	for i, p := range c.Protocols {
		headerText(&in, p, "protocols["+itoa(i)+"]")
	}
	for i, e := range c.Extensions {
		headerText(&in, e, "extensions["+itoa(i)+"]")
	}
	for i := 0; i < len(c.Path); i++ {
		if c.Path[i] == ' ' {
			in.fail("path must not contain spaces (write them as %20)")
		}
	}
	if in.err != nil {
		return nil, in.err
	}
	req := protocol.NewRequest(c)
	key := req.Headers.Get("Sec-WebSocket-Key")
	resp, err := wsplayAnswer(&req)
	wrongVersion := &protocol.Violation{Rule: protocol.ErrVersion, Offset: -1, Value: `"8"`}
	out := object{
		{"request", requestObject(req)},
		{"response", responseObject(resp)},
		{"refusal426", responseObject(protocol.Refusal(wrongVersion))},
		{"key", key},
		{"accept", protocol.AcceptKey(key)},
	}
	if err != nil {
		out = append(out, kv{"error", errorObject(err)})
	}
	return out, nil
}

// wsplayAnswer is the answer of wsplay's own server to r, in the server's
// order: the core's rules (section 4.2.1), then its ?deflate= parameter
// (/ws?deflate=0 declines compression), then protocol.WsplayServer()'s 101.
func wsplayAnswer(r *protocol.Request) (protocol.Response, error) {
	u, err := protocol.CheckRequest(r)
	if err != nil {
		return protocol.Refusal(err), err
	}
	policy, err := protocol.WsplayServer().ForTarget(r.Target)
	if err != nil {
		return protocol.Refusal(err), err
	}
	resp, _ := policy.Accept(u)
	return resp, nil
}

// headerText refuses control characters, which would break the request
// into other lines than the ones shown.
func headerText(in *input, s, name string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7F {
			in.fail(name + " must not contain control characters such as line breaks (found byte " + itoa(int(c)) + " at index " + itoa(i) + ")")
			break
		}
	}
	return s
}

// checkRequest is wsplay.checkRequest(text | Uint8Array): a server's view of
// a request head, and the answer wsplay's own server gives it.
func checkRequest(args []js.Value) (any, error) {
	var in input
	b := in.head(arg(args, 0), "the HTTP head")
	if in.err != nil {
		return nil, in.err
	}
	r, n, err := protocol.ParseRequest(b)
	if n == 0 && err == nil {
		err = unfinished(len(b))
	}
	out := object{{"parsed", n > 0 && err == nil}}
	var lines []object
	if n > 0 && err == nil {
		lines = headLines(r.Method+" "+r.Target+" "+r.Proto, protocol.StartLineNote(0), r.Headers)
		if u, ruleErr := protocol.CheckRequest(&r); ruleErr == nil {
			out = append(out, kv{"upgrade", upgradeObject(&u)})
		}
		var resp protocol.Response
		resp, err = wsplayAnswer(&r)
		out = append(out, kv{"response", responseObject(resp)})
	} else if n > 0 { // the head ended but does not read as HTTP
		out = append(out, kv{"response", responseObject(protocol.Refusal(err))})
	}
	out = append(out, kv{"ok", err == nil}, kv{"lines", lines}, kv{"headLength", n})
	if err != nil {
		out = append(out, kv{"error", errorObject(err)})
		if n == 0 { // a server keeps reading until the head is complete
			out = append(out, kv{"response", object{{"text", ""}, {"status", 0}, {"lines", []object{}}, {"body", ""}}})
		}
	}
	return out, nil
}

// checkResponse is wsplay.checkResponse(text, key, {protocols, extensions}):
// the client's checks of the server's answer, and for a 101 what it agreed
// of permessage-deflate (deflateAgreement).
func checkResponse(args []js.Value) (any, error) {
	var in input
	b := in.head(arg(args, 0), "the HTTP head")
	key := in.string(arg(args, 1), "key", "")
	if key == "" {
		in.fail("key is required: the Sec-WebSocket-Key the client sent")
	}
	o := in.options(arg(args, 2), "options")
	protocols, extensions := o.strings("protocols"), o.strings("extensions")
	if in.err != nil {
		return nil, in.err
	}
	r, n, err := protocol.ParseResponse(b)
	if n == 0 && err == nil {
		err = unfinished(len(b))
	}
	out := object{}
	if n > 0 && err == nil {
		out = append(out, kv{"status", r.Status},
			kv{"lines", headLines(r.Proto+" "+itoa(r.Status)+" "+r.Reason, protocol.StartLineNote(r.Status), r.Headers)})
		err = protocol.CheckResponse(&r, key, protocols, extensions)
		if r.Status == 101 {
			out = append(out, kv{"deflate", deflateAgreement(&r, extensions)})
		}
	}
	out = append(out, kv{"ok", err == nil})
	if err != nil {
		out = append(out, kv{"error", errorObject(err)})
	}
	return out, nil
}

// upgradeObject is what a server reads from a valid upgrade request.
func upgradeObject(u *protocol.Upgrade) object {
	return object{
		{"host", u.Host},
		{"key", u.Key},
		{"accept", u.Accept},
		{"origin", u.Origin},
		{"protocols", u.Protocols},
		{"extensions", u.Extensions},
	}
}

// unfinished is the error for a head without the empty line that ends it.
func unfinished(n int) error {
	return &protocol.Violation{Rule: protocol.ErrMalformedHTTP, Offset: int64(n), Value: ""} // the head has not ended: a server would keep reading
}

// requestObject is a request as text and as annotated lines.
func requestObject(r protocol.Request) object {
	return object{
		{"text", string(protocol.AppendRequest(nil, r))},
		{"lines", headLines(r.Method+" "+r.Target+" "+r.Proto, protocol.StartLineNote(0), r.Headers)},
	}
}

// responseObject is a response as text and as annotated lines. The lines are
// read back from the text, so they include the Content-Length the core adds.
func responseObject(r protocol.Response) object {
	text := protocol.AppendResponse(nil, r)
	parsed, n, err := protocol.ParseResponse(text)
	if n == 0 || err != nil {
		panic(errors.New("wsplay: the core cannot read back its own response: " + string(text)))
	}
	return object{
		{"text", string(text)},
		{"status", r.Status},
		{"lines", headLines(r.Proto+" "+itoa(r.Status)+" "+r.Reason, protocol.StartLineNote(r.Status), parsed.Headers)},
		{"body", string(text[n:])},
	}
}

// headLines annotates a start line and its header lines.
func headLines(start string, startNote protocol.Note, hs protocol.Headers) []object {
	lines := make([]object, 0, 1+len(hs))
	lines = append(lines, object{{"text", start}, {"name", ""}, {"value", ""}, {"note", noteObject(startNote)}})
	for _, h := range hs {
		lines = append(lines, object{
			{"text", h.Name + ": " + h.Value},
			{"name", h.Name},
			{"value", h.Value},
			{"note", noteObject(protocol.HeaderNote(h.Name))},
		})
	}
	return lines
}

// randomKey is wsplay.randomKey(): a fresh Sec-WebSocket-Key (section 4.1).
func randomKey([]js.Value) (any, error) { return protocol.NewKey(), nil }

// randomMask is wsplay.randomMask(): a fresh masking key as 8 hex digits
// (section 5.3).
func randomMask([]js.Value) (any, error) {
	k := protocol.NewMaskKey()
	return protocol.Hex(k[:]), nil
}
