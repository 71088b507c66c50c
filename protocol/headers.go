package protocol

import "strings"

// HeaderField is one header line of a handshake, as written.
type HeaderField struct {
	Name, Value string
}

// Headers is an ordered list of header lines. Names compare without regard
// to case, as HTTP requires (RFC 7230 section 3.2).
type Headers []HeaderField

// Values returns the values of every line named name, in order.
func (hs Headers) Values(name string) []string {
	var vs []string
	for _, h := range hs {
		if EqualFoldASCII(h.Name, name) {
			vs = append(vs, h.Value)
		}
	}
	return vs
}

// Get returns the first value of name, or "".
func (hs Headers) Get(name string) string {
	for _, h := range hs {
		if EqualFoldASCII(h.Name, name) {
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

// HasToken reports whether some list element of name equals token, ignoring
// ASCII case (RFC 7230 section 3.2.6: tokens are case-insensitive).
func (hs Headers) HasToken(name, token string) bool {
	for _, t := range hs.Tokens(name) {
		if EqualFoldASCII(t, token) {
			return true
		}
	}
	return false
}

// appendHeaders writes hs as header lines and the empty line that ends a
// head (RFC 7230 section 3).
func appendHeaders(dst []byte, hs Headers) []byte {
	for _, h := range hs {
		dst = append(dst, h.Name...)
		dst = append(dst, ": "...)
		dst = append(dst, h.Value...)
		dst = append(dst, "\r\n"...)
	}
	return append(dst, "\r\n"...)
}
