package protocol

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
)

// HeaderField is one header line of a handshake, as written.
type HeaderField struct {
	Name, Value string
}

// Headers is an ordered list of header lines. Names compare without regard
// to case, as HTTP requires.
type Headers []HeaderField

// Values returns the values of every line named name, in order.
func (hs Headers) Values(name string) []string {
	var vs []string
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			vs = append(vs, h.Value)
		}
	}
	return vs
}

// Get returns the first value of name, or "".
func (hs Headers) Get(name string) string {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// Tokens returns the comma-separated list elements of every line named name,
// trimmed, empty ones dropped (RFC 7230 section 7 list syntax).
func (hs Headers) Tokens(name string) []string {
	var out []string
	for _, v := range hs.Values(name) {
		for _, t := range strings.Split(v, ",") {
			if t = strings.TrimSpace(t); t != "" {
				out = append(out, t)
			}
		}
	}
	return out
}

// hasToken reports whether some list element of name equals token, ignoring case.
func (hs Headers) hasToken(name, token string) bool {
	for _, t := range hs.Tokens(name) {
		if strings.EqualFold(t, token) {
			return true
		}
	}
	return false
}

// Request is a client's opening handshake (section 4.1).
type Request struct {
	Method, Target, Proto string
	Headers               Headers
}

// Response is a server's answer to the opening handshake (section 4.2.2).
type Response struct {
	Proto   string
	Status  int
	Reason  string
	Headers Headers
	Body    string
}

// Upgrade is what a server learns from a valid client handshake.
type Upgrade struct {
	Host       string
	Key        string
	Accept     string   // the Sec-WebSocket-Accept to answer with
	Origin     string   // "" when the client sent none (non-browser clients)
	Protocols  []string // offered subprotocols, in the client's order of preference
	Extensions []string // offered extensions, each with its parameters
}

// CheckRequest validates a client's opening handshake against section 4.2.1
// and returns what a server needs to answer it. The error is a *Violation
// whose Rule carries the HTTP status to refuse with (see Refusal).
func CheckRequest(r *Request) (Upgrade, error) {
	if r.Method != "GET" {
		return Upgrade{}, violation(ErrMethodNotGet, -1, r.Method)
	}
	if !atLeastHTTP11(r.Proto) {
		return Upgrade{}, violation(ErrHTTPVersion, -1, r.Proto)
	}
	host := r.Headers.Values("Host")
	if len(host) != 1 || host[0] == "" {
		return Upgrade{}, violation(ErrMissingHost, -1, quoteList(host))
	}
	if !r.Headers.hasToken("Upgrade", "websocket") {
		return Upgrade{}, violation(ErrUpgradeHeader, -1, quoteValue(r.Headers.Get("Upgrade")))
	}
	if !r.Headers.hasToken("Connection", "upgrade") {
		return Upgrade{}, violation(ErrConnectionHeader, -1, quoteValue(r.Headers.Get("Connection")))
	}
	if v := r.Headers.Values("Sec-WebSocket-Version"); len(v) != 1 || strings.TrimSpace(v[0]) != "13" {
		return Upgrade{}, violation(ErrVersion, -1, quoteValue(strings.Join(v, ", ")))
	}
	keys := r.Headers.Values("Sec-WebSocket-Key")
	switch len(keys) {
	case 0:
		return Upgrade{}, violation(ErrMissingKey, -1, "")
	case 1:
	default:
		return Upgrade{}, violation(ErrMissingKey, -1, quoteList(keys))
	}
	key := strings.TrimSpace(keys[0])
	if err := CheckKey(key); err != nil {
		return Upgrade{}, err
	}
	return Upgrade{
		Host:       host[0],
		Key:        key,
		Accept:     AcceptKey(key),
		Origin:     r.Headers.Get("Origin"),
		Protocols:  r.Headers.Tokens("Sec-WebSocket-Protocol"),
		Extensions: r.Headers.Tokens("Sec-WebSocket-Extensions"),
	}, nil
}

// atLeastHTTP11 reports whether proto is "HTTP/x.y" with x.y >= 1.1.
func atLeastHTTP11(proto string) bool {
	rest, ok := strings.CutPrefix(proto, "HTTP/")
	if !ok {
		return false
	}
	maj, min, ok := strings.Cut(rest, ".")
	if !ok || !isDigits(maj) || !isDigits(min) {
		return false
	}
	a, err1 := strconv.Atoi(maj)
	b, err2 := strconv.Atoi(min)
	return err1 == nil && err2 == nil && (a > 1 || a == 1 && b >= 1)
}

// isDigits reports whether s is a non-empty run of ASCII digits (strconv.Atoi
// alone would also take a sign).
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func quoteValue(s string) string { return strconv.Quote(s) }

// quoteList shows the values of a repeated header, or nothing when there
// were none.
func quoteList(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return quoteValue(strings.Join(vs, ", "))
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

// Refusal builds the answer to a handshake that CheckRequest refused: the
// status the violated rule names (426 with "Sec-WebSocket-Version: 13" for a
// version mismatch, section 4.4) and a one-line body that says which rule.
func Refusal(err error) Response {
	status, rule := 400, ErrMalformedHTTP
	if v := (*Violation)(nil); errors.As(err, &v) && v.Rule.HTTP != 0 {
		status, rule = v.Rule.HTTP, v.Rule
	}
	r := Response{Proto: "HTTP/1.1", Status: status, Reason: statusText(status), Headers: Headers{
		{"Content-Type", "text/plain; charset=utf-8"},
		{"Connection", "close"},
	}}
	if status == 426 {
		r.Headers = append(r.Headers, HeaderField{"Sec-WebSocket-Version", "13"})
	}
	if err != nil {
		r.Body = err.Error() + "\n"
	} else {
		r.Body = rule.Error() + "\n"
	}
	return r
}

func statusText(code int) string {
	switch code {
	case 101:
		return "Switching Protocols"
	case 400:
		return "Bad Request"
	case 403:
		return "Forbidden"
	case 405:
		return "Method Not Allowed"
	case 426:
		return "Upgrade Required"
	case 431:
		return "Request Header Fields Too Large"
	case 503:
		return "Service Unavailable"
	}
	return "Error"
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

func appendHeaders(dst []byte, hs Headers) []byte {
	for _, h := range hs {
		dst = append(dst, h.Name...)
		dst = append(dst, ": "...)
		dst = append(dst, h.Value...)
		dst = append(dst, "\r\n"...)
	}
	return append(dst, "\r\n"...)
}

// CheckResponse validates a server's answer from the client's side (section
// 4.1, the client's checks of the server's handshake): status 101, the
// Upgrade and Connection tokens, the Accept that matches key, and no
// extension or subprotocol the client did not offer.
func CheckResponse(r *Response, key string, protocols, extensions []string) error {
	if r.Status != 101 {
		return violation(ErrResponseStatus, -1, strconv.Itoa(r.Status))
	}
	if !r.Headers.hasToken("Upgrade", "websocket") {
		return violation(ErrResponseUpgrade, -1, quoteValue(r.Headers.Get("Upgrade")))
	}
	if !r.Headers.hasToken("Connection", "upgrade") {
		return violation(ErrResponseConnection, -1, quoteValue(r.Headers.Get("Connection")))
	}
	if got := r.Headers.Values("Sec-WebSocket-Accept"); len(got) != 1 || strings.TrimSpace(got[0]) != AcceptKey(key) {
		return violation(ErrResponseAccept, -1, quoteValue(strings.Join(got, ", ")))
	}
	for _, e := range r.Headers.Tokens("Sec-WebSocket-Extensions") {
		if !offered(extensionName(e), extensions, extensionName) {
			return violation(ErrResponseExtension, -1, e)
		}
	}
	if p := r.Headers.Values("Sec-WebSocket-Protocol"); len(p) > 0 {
		if len(p) > 1 || !offered(strings.TrimSpace(p[0]), protocols, strings.TrimSpace) {
			return violation(ErrResponseProtocol, -1, strings.Join(p, ", "))
		}
	}
	return nil
}

func extensionName(e string) string {
	name, _, _ := strings.Cut(e, ";")
	return strings.TrimSpace(name)
}

func offered(name string, list []string, key func(string) string) bool {
	for _, o := range list {
		if strings.EqualFold(key(o), name) {
			return true
		}
	}
	return false
}

// ParseRequest reads an HTTP/1.1 request head from b. It returns n == 0 and no
// error while the empty line that ends the head has not arrived yet; n is
// otherwise the length of the head, so bytes after it (frames a client
// pipelined) are not lost. Lines may end in CRLF or, leniently, LF.
func ParseRequest(b []byte) (r Request, n int, err error) {
	start, hs, n, err := parseHead(b)
	if n == 0 || err != nil {
		return r, n, err
	}
	parts := strings.Split(start, " ")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return r, n, violation(ErrMalformedHTTP, 0, quoteValue(start))
	}
	return Request{Method: parts[0], Target: parts[1], Proto: parts[2], Headers: hs}, n, nil
}

// ParseResponse reads an HTTP/1.1 response head from b, like ParseRequest.
func ParseResponse(b []byte) (r Response, n int, err error) {
	start, hs, n, err := parseHead(b)
	if n == 0 || err != nil {
		return r, n, err
	}
	proto, rest, _ := strings.Cut(start, " ")
	code, reason, _ := strings.Cut(rest, " ")
	status, convErr := strconv.Atoi(code)
	if !strings.HasPrefix(proto, "HTTP/") || len(code) != 3 || !isDigits(code) || convErr != nil {
		return r, n, violation(ErrMalformedHTTP, 0, quoteValue(start))
	}
	return Response{Proto: proto, Status: status, Reason: reason, Headers: hs}, n, nil
}

// parseHead splits an HTTP message head into its start line and headers.
func parseHead(b []byte) (start string, hs Headers, n int, err error) {
	end := bytes.Index(b, []byte("\n\r\n"))
	endLF := bytes.Index(b, []byte("\n\n"))
	switch {
	case end >= 0 && (endLF < 0 || end < endLF):
		n = end + 3
	case endLF >= 0:
		n = endLF + 2
	default:
		return "", nil, 0, nil
	}
	off := 0
	for lineNo := 0; off < n; lineNo++ {
		i := bytes.IndexByte(b[off:n], '\n')
		line := b[off : off+i]
		lineStart := off
		off += i + 1
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			break
		}
		if lineNo == 0 {
			start = string(line)
			continue
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok || len(name) == 0 || !isToken(name) {
			return "", nil, n, violation(ErrMalformedHTTP, int64(lineStart), quoteValue(string(line)))
		}
		hs = append(hs, HeaderField{Name: string(name), Value: string(bytes.Trim(value, " \t"))})
	}
	if start == "" {
		return "", nil, n, violation(ErrMalformedHTTP, 0, "")
	}
	return start, hs, n, nil
}

// isToken reports whether b is an HTTP token (RFC 7230 section 3.2.6); this
// also refuses a space before the colon and folded lines.
func isToken(b []byte) bool {
	for _, c := range b {
		if c <= ' ' || c >= 0x7F || strings.IndexByte("\"(),/:;<=>?@[\\]{}", c) >= 0 {
			return false
		}
	}
	return true
}
