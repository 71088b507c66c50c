package wsclient

import (
	"context"
	"fmt"
	"net"
	"net/netip"
)

// RequireLoopback returns an error unless every address host:port names is a
// loopback address (127.0.0.0/8 or ::1). Load tools in this repository must
// never be pointed at someone else's machine, so the check runs before any
// byte is sent.
func RequireLoopback(ctx context.Context, addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if !ip.IsLoopback() {
			return fmt.Errorf("address %q is not loopback: this tool only talks to 127.0.0.1 or ::1", addr)
		}
		return nil
	}
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("address %q resolves to %s, which is not loopback: this tool only talks to 127.0.0.1 or ::1", addr, ip)
		}
	}
	return nil
}
