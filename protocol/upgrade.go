package protocol

import "strings"

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
	if !r.Headers.HasToken("Upgrade", "websocket") {
		return Upgrade{}, violation(ErrUpgradeHeader, -1, quoteValue(r.Headers.Get("Upgrade")))
	}
	if !r.Headers.HasToken("Connection", "upgrade") {
		return Upgrade{}, violation(ErrConnectionHeader, -1, quoteValue(r.Headers.Get("Connection")))
	}
	if v := r.Headers.Values("Sec-WebSocket-Version"); len(v) != 1 || strings.TrimSpace(v[0]) != "13" {
		return Upgrade{}, violation(ErrVersion, -1, quoteValue(strings.Join(v, ", ")))
	}
	key, err := onlyKey(r.Headers.Values("Sec-WebSocket-Key"))
	if err != nil {
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

// onlyKey returns the one Sec-WebSocket-Key of a request, checked (section
// 4.2.1 item 5).
func onlyKey(keys []string) (string, error) {
	switch len(keys) {
	case 0:
		return "", violation(ErrMissingKey, -1, "")
	case 1:
	default:
		return "", violation(ErrMissingKey, -1, quoteList(keys))
	}
	key := strings.TrimSpace(keys[0])
	return key, CheckKey(key)
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
	a, ok1 := digitsValue(maj)
	b, ok2 := digitsValue(min)
	return ok1 && ok2 && (a > 1 || a == 1 && b >= 1)
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// digitsValue is strconv.Atoi for a run of ASCII digits: false for anything
// else or a value beyond an int64. strconv.Atoi's errors would quote their
// input with strconv.Quote, and so keep Unicode's tables in the wasm.
func digitsValue(s string) (int64, bool) {
	if !isDigits(s) {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		d := int64(s[i] - '0')
		if n > (1<<63-1-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}
