package clientip

import (
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClientIP(t *testing.T) {
	t.Parallel()
	proxies, err := ParsePrefixes("10.0.0.0/8, 127.0.0.1, ::1")
	require.NoError(t, err)
	for _, tc := range []struct {
		name, remote string
		xff          []string
		client, via  string
	}{
		{"direct client", "198.51.100.7:5000", nil, "198.51.100.7", ""},
		{"direct client forging the header", "198.51.100.7:5000", []string{"1.2.3.4"}, "198.51.100.7", ""},
		{"trusted proxy", "127.0.0.1:5000", []string{"203.0.113.9"}, "203.0.113.9", "127.0.0.1"},
		{"trusted proxy over IPv6", "[::1]:5000", []string{"2001:db8::1"}, "2001:db8::1", "::1"},
		{"chain: the nearest untrusted hop", "10.1.1.1:5000", []string{"6.6.6.6, 203.0.113.9, 10.2.2.2"}, "203.0.113.9", "10.1.1.1"},
		{"chain over two header lines", "10.1.1.1:5000", []string{"6.6.6.6", "203.0.113.9"}, "203.0.113.9", "10.1.1.1"},
		{"trusted proxy without the header", "127.0.0.1:5000", nil, "127.0.0.1", ""},
		{"garbled header", "127.0.0.1:5000", []string{"not an address"}, "127.0.0.1", ""},
		{"only proxies in the chain", "127.0.0.1:5000", []string{"10.3.3.3"}, "127.0.0.1", ""},
		{"IPv4-mapped peer", "[::ffff:127.0.0.1]:5000", []string{"203.0.113.9"}, "203.0.113.9", "127.0.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/ws", nil)
			r.RemoteAddr = tc.remote
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			client, via := Of(r, proxies)
			assert.Equal(t, tc.client, client.String())
			if tc.via == "" {
				assert.False(t, via.IsValid())
			} else {
				assert.Equal(t, tc.via, via.String())
			}
		})
	}
	_, err = ParsePrefixes("10.0.0.0/33")
	assert.Error(t, err)
	_, err = ParsePrefixes("proxy.example.org")
	assert.Error(t, err)
}

func TestIPCounter(t *testing.T) {
	t.Parallel()
	c := NewCounter(2)
	v6a, v6b := netip.MustParseAddr("2001:db8:1:2::a"), netip.MustParseAddr("2001:db8:1:2::b")
	assert.True(t, c.Acquire(v6a))
	assert.True(t, c.Acquire(v6b))
	assert.False(t, c.Acquire(netip.MustParseAddr("2001:db8:1:2:ffff::1")), "one /64 is one client")
	assert.True(t, c.Acquire(netip.MustParseAddr("2001:db8:1:3::a")), "another /64")
	c.Release(v6a)
	assert.True(t, c.Acquire(v6a))
	assert.True(t, c.Acquire(netip.Addr{}), "unknown addresses are not counted")
	assert.True(t, NewCounter(0).Acquire(v6a), "0 is no cap")
}
