package protocol

import "strconv"

// Response is a server's answer to the opening handshake (section 4.2.2).
type Response struct {
	Proto   string
	Status  int
	Reason  string
	Headers Headers
	Body    string
}

// Accepted builds the 101 answer of section 4.2.2 for u. protocol is the
// subprotocol the server chose from u.Protocols, or "".
func Accepted(u Upgrade, protocol string) Response {
	r := Response{Proto: "HTTP/1.1", Status: 101, Reason: "Switching Protocols", Headers: Headers{
		{"Upgrade", "websocket"},
		{"Connection", "Upgrade"},
		{"Sec-WebSocket-Accept", u.Accept},
	}}
	if protocol != "" {
		r.Headers = append(r.Headers, HeaderField{"Sec-WebSocket-Protocol", protocol})
	}
	return r
}

// AppendResponse appends r in HTTP/1.1 wire form, with Content-Length when it
// has a body.
func AppendResponse(dst []byte, r Response) []byte {
	dst = append(dst, r.Proto...)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, int64(r.Status), 10)
	dst = append(dst, ' ')
	dst = append(dst, r.Reason...)
	dst = append(dst, "\r\n"...)
	hs := r.Headers
	if r.Body != "" {
		hs = append(hs[:len(hs):len(hs)], HeaderField{"Content-Length", strconv.Itoa(len(r.Body))})
	}
	dst = appendHeaders(dst, hs)
	return append(dst, r.Body...)
}
