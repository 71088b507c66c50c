package server

import (
	"fmt"
	"net/url"
	"strings"
)

// originPolicy decides which pages may open a WebSocket. A browser sends the
// page's origin with every handshake (RFC 6455 section 4.1 item 8, section
// 10.2), and cookies ride along whatever page opens the socket; refusing
// foreign origins is what stops cross-site WebSocket hijacking.
//
// The server's own host is always allowed: that is the page it serves.
// Clients that send no Origin at all are not browsers, so the check does not
// apply to them.
type originPolicy struct {
	any     bool
	allowed map[string]bool // normalized "scheme://host[:port]"
}

func newOriginPolicy(list []string) (originPolicy, error) {
	p := originPolicy{allowed: map[string]bool{}}
	for _, o := range list {
		if o == "*" {
			p.any = true
			continue
		}
		if o == "null" { // sandboxed iframes and file:// pages
			p.allowed[o] = true
			continue
		}
		n, ok := normalizeOrigin(o)
		if !ok {
			return p, fmt.Errorf("%q is not an origin like https://docs.example.org or http://localhost:3000", o)
		}
		p.allowed[n] = true
	}
	return p, nil
}

// allows reports whether a page at origin may talk to this server, reached as
// host (the request's Host header).
func (p originPolicy) allows(origin, host string) bool {
	if origin == "" || p.any {
		return true
	}
	if origin == "null" {
		return p.allowed[origin]
	}
	n, ok := normalizeOrigin(origin)
	if !ok {
		return false
	}
	if p.allowed[n] {
		return true
	}
	scheme, originHost, _ := strings.Cut(n, "://")
	return originHost == normalizeHost(scheme, host)
}

// normalizeOrigin lowercases scheme and host and drops a default port, so
// that https://Example.org:443 and https://example.org compare equal.
func normalizeOrigin(o string) (string, bool) {
	u, err := url.Parse(o)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme + "://" + normalizeHost(scheme, u.Host), true
}

func normalizeHost(scheme, host string) string {
	host = strings.ToLower(host)
	switch {
	case scheme == "http" && strings.HasSuffix(host, ":80"):
		return strings.TrimSuffix(host, ":80")
	case scheme == "https" && strings.HasSuffix(host, ":443"):
		return strings.TrimSuffix(host, ":443")
	}
	return host
}

// CheckOrigins reports the first entry of list that is not an origin, as
// the -origins flag is checked before the server starts.
func CheckOrigins(list []string) error {
	_, err := newOriginPolicy(list)
	return err
}
