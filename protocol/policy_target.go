package protocol

import "strings"

// DeflateQueryError is a value of wsplay's ?deflate= query parameter that
// its server does not know; the server refuses the handshake with 400.
type DeflateQueryError struct{ Value string }

func (e *DeflateQueryError) Error() string {
	return "deflate: want 0 (no compression) or 1 (compression when the server offers it), not " + quoteValue(e.Value)
}

// ForTarget is p as it applies to a request for target, the request line's
// path and query as sent: wsplay's ?deflate=0 declines permessage-deflate on
// that one connection (for a page's plain lessons), ?deflate=1 or no
// parameter keeps p. The first deflate parameter counts, as in net/url; the
// value is compared as sent, without percent-decoding, so a page that
// predicts the answer and the server that gives it read the same bytes.
func (p ServerPolicy) ForTarget(target string) (ServerPolicy, error) {
	v, ok := queryValue(target, "deflate")
	switch {
	case !ok || v == "1":
		return p, nil
	case v == "0":
		return p.WithoutDeflate(), nil
	}
	return p, &DeflateQueryError{Value: v}
}

// queryValue is the value of the first parameter called name in target's
// query, and whether there is one.
func queryValue(target, name string) (string, bool) {
	_, query, found := strings.Cut(target, "?")
	for found && query != "" {
		var pair string
		pair, query, _ = strings.Cut(query, "&")
		if k, v, _ := strings.Cut(pair, "="); k == name {
			return v, true
		}
	}
	return "", false
}
