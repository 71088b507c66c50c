package capture

import "strconv"

// Endpoint is one end of a TCP connection: an IPv4 or IPv6 address and a
// port. The package has its own instead of net/netip's, which would add about
// 25 KB (brotli) to the WebAssembly build.
type Endpoint struct {
	IP   [16]byte // an IPv4 address fills the first four bytes
	V6   bool
	Port uint16
}

// IPv4 returns the endpoint a.b.c.d:port.
func IPv4(a, b, c, d byte, port uint16) Endpoint {
	return Endpoint{IP: [16]byte{a, b, c, d}, Port: port}
}

// IPv6 returns the endpoint [ip]:port. An IPv4-mapped address
// (::ffff:a.b.c.d, RFC 4291 section 2.5.5.2) is the IPv4 endpoint.
func IPv6(ip [16]byte, port uint16) Endpoint {
	if ip[10] == 0xFF && ip[11] == 0xFF && ip == [16]byte{10: 0xFF, 11: 0xFF, 12: ip[12], 13: ip[13], 14: ip[14], 15: ip[15]} {
		return IPv4(ip[12], ip[13], ip[14], ip[15], port)
	}
	return Endpoint{IP: ip, V6: true, Port: port}
}

// IsZero reports whether e is the zero Endpoint, which a Session reads as
// "choose one".
func (e Endpoint) IsZero() bool { return e == Endpoint{} }

// Address returns the address alone: "127.0.0.1", or "::1" in the short form
// of RFC 5952 section 4.
func (e Endpoint) Address() string {
	if !e.V6 {
		b := make([]byte, 0, 15)
		for i := range 4 {
			if i > 0 {
				b = append(b, '.')
			}
			b = strconv.AppendUint(b, uint64(e.IP[i]), 10)
		}
		return string(b)
	}
	return ipv6Text(e.IP)
}

// String returns "127.0.0.1:8080" or "[::1]:8080".
func (e Endpoint) String() string {
	a := e.Address()
	if e.V6 {
		a = "[" + a + "]"
	}
	return a + ":" + strconv.Itoa(int(e.Port))
}

// ipv6Text writes eight groups of hex digits, the longest run of two or more
// zero groups (the first of equal runs) shortened to "::".
func ipv6Text(ip [16]byte) string {
	var groups [8]uint16
	for i := range groups {
		groups[i] = uint16(ip[2*i])<<8 | uint16(ip[2*i+1])
	}
	bestAt, bestLen := -1, 1
	for i := 0; i < 8; {
		j := i
		for j < 8 && groups[j] == 0 {
			j++
		}
		if j-i > bestLen {
			bestAt, bestLen = i, j-i
		}
		i = j + 1
	}
	b := make([]byte, 0, 39)
	for i := 0; i < 8; i++ {
		if i == bestAt {
			b = append(b, ':', ':')
			i += bestLen - 1
			continue
		}
		if i > 0 && i != bestAt+bestLen {
			b = append(b, ':')
		}
		b = strconv.AppendUint(b, uint64(groups[i]), 16)
	}
	return string(b)
}

// compare orders endpoints: IPv4 first, then by address and port.
func (e Endpoint) compare(o Endpoint) int {
	switch {
	case e.V6 != o.V6:
		if e.V6 {
			return 1
		}
		return -1
	case e.IP != o.IP:
		for i := range e.IP {
			if e.IP[i] != o.IP[i] {
				return int(e.IP[i]) - int(o.IP[i])
			}
		}
	}
	return int(e.Port) - int(o.Port)
}

// Timestamp is a capture time in nanoseconds since 1970-01-01 UTC. The
// package counts in integers instead of time.Time, which would add about
// 35 KB (brotli) to the WebAssembly build; time.Unix(0, int64(t)) converts.
type Timestamp int64

// Micros is t in microseconds, the unit of the server's tap and of the page.
func (t Timestamp) Micros() int64 { return int64(t) / 1000 }
