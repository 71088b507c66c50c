package protocol

import "strings"

// Request is a client's opening handshake (section 4.1).
type Request struct {
	Method, Target, Proto string
	Headers               Headers
}

// ClientRequest describes the opening handshake a client sends.
type ClientRequest struct {
	Host       string // host[:port]
	Path       string // request target, "/" when empty
	Key        string // NewKey() when empty
	Origin     string
	Protocols  []string
	Extensions []string
}

// NewRequest builds the opening handshake of section 4.1 for c.
func NewRequest(c ClientRequest) Request {
	if c.Path == "" {
		c.Path = "/"
	}
	if c.Key == "" {
		c.Key = NewKey()
	}
	r := Request{Method: "GET", Target: c.Path, Proto: "HTTP/1.1", Headers: Headers{
		{"Host", c.Host},
		{"Upgrade", "websocket"},
		{"Connection", "Upgrade"},
		{"Sec-WebSocket-Key", c.Key},
		{"Sec-WebSocket-Version", "13"},
	}}
	if c.Origin != "" {
		r.Headers = append(r.Headers, HeaderField{"Origin", c.Origin})
	}
	if len(c.Protocols) > 0 {
		r.Headers = append(r.Headers, HeaderField{"Sec-WebSocket-Protocol", strings.Join(c.Protocols, ", ")})
	}
	if len(c.Extensions) > 0 {
		r.Headers = append(r.Headers, HeaderField{"Sec-WebSocket-Extensions", strings.Join(c.Extensions, ", ")})
	}
	return r
}

// AppendRequest appends r in HTTP/1.1 wire form.
func AppendRequest(dst []byte, r Request) []byte {
	dst = append(dst, r.Method...)
	dst = append(dst, ' ')
	dst = append(dst, r.Target...)
	dst = append(dst, ' ')
	dst = append(dst, r.Proto...)
	return appendHeaders(append(dst, "\r\n"...), r.Headers)
}
