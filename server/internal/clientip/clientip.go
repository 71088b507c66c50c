// Package clientip names the client behind a request, through the reverse
// proxies the operator trusts, and counts the long-lived connections each
// client address holds. The server's routes and its WebSockets both need
// it, so it sits below them.
package clientip

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Behind a reverse proxy every connection comes from the proxy, and the
// client's address travels in X-Forwarded-For. Anyone can send that header,
// so it is read only when the direct peer is a proxy the operator listed
// (-trusted-proxies); otherwise a client could pick any address and slip
// past the per-address cap.

// ParsePrefixes reads a comma-separated list of addresses and CIDR ranges;
// a bare address is a range of one.
func ParsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if p, err := netip.ParsePrefix(item); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(item)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or CIDR range like 127.0.0.1, ::1 or 10.0.0.0/8", item)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// trusts reports whether a is one of the listed proxies.
func trusts(proxies []netip.Prefix, a netip.Addr) bool {
	for _, p := range proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Of returns the address of the client behind r: the direct peer, or,
// when the peer is a trusted proxy, the nearest address in X-Forwarded-For
// that is not one (read from the right, since each proxy appends the
// address it saw). via is the direct peer when the header was used.
func Of(r *http.Request, proxies []netip.Prefix) (client, via netip.Addr) {
	peer := peerAddr(r.RemoteAddr)
	if !peer.IsValid() || !trusts(proxies, peer) {
		return peer, netip.Addr{}
	}
	hops := r.Header.Values("X-Forwarded-For")
	for i := len(hops) - 1; i >= 0; i-- {
		list := strings.Split(hops[i], ",")
		for j := len(list) - 1; j >= 0; j-- {
			a, err := netip.ParseAddr(strings.TrimSpace(list[j]))
			if err != nil {
				return peer, netip.Addr{} // a garbled chain names nobody
			}
			if a = a.Unmap(); !trusts(proxies, a) {
				return a, peer
			}
		}
	}
	return peer, netip.Addr{}
}

// peerAddr parses a RemoteAddr ("1.2.3.4:5678", "[::1]:5678").
func peerAddr(remote string) netip.Addr {
	if ap, err := netip.ParseAddrPort(remote); err == nil {
		return ap.Addr().Unmap()
	}
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}
