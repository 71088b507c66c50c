package capture

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEndpointTextIsNetipText(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"127.0.0.1", "10.200.3.4", "::1", "::", "fe80::1", "2001:db8::8:800:200c:417a",
		"2001:db8:0:0:1::1", "2001:0:0:1::1", "1::", "1:0:0:2:0:0:0:3", "ff02::1:ff00:42", "1:2:3:4:5:6:7:8"} {
		a := netip.MustParseAddr(s)
		e := endpointOf(netip.AddrPortFrom(a, 443))
		assert.Equal(t, a.String(), e.Address(), s)
		assert.Equal(t, netip.AddrPortFrom(a, 443).String(), e.String(), s)
	}
	mapped := IPv6(netip.MustParseAddr("::ffff:192.0.2.1").As16(), 80)
	assert.Equal(t, "192.0.2.1:80", mapped.String())
	assert.False(t, mapped.V6)
	assert.True(t, Endpoint{}.IsZero())
}

func TestEndpointOrder(t *testing.T) {
	t.Parallel()
	ordered := []Endpoint{IPv4(10, 0, 0, 1, 80), IPv4(10, 0, 0, 1, 81), IPv4(10, 0, 0, 2, 1), IPv6([16]byte{15: 1}, 1)}
	for i := range ordered {
		for j := range ordered {
			assert.Equal(t, i < j, ordered[i].compare(ordered[j]) < 0, "%v %v", ordered[i], ordered[j])
		}
	}
}
