package nginxtest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

// Behind nginx every connection comes from nginx's address; the client's
// travels in X-Forwarded-For, which wsplay believes only from a proxy it
// was told to trust. The clients here connect from other loopback
// addresses (127.0.0.2, ...), so each stands for another visitor, and the
// cap of one WebSocket per address shows whom wsplay counted.
func TestClientAddressBehindNginx(t *testing.T) {
	nginx := findNginx(t)
	bin := buildWsplay(t)

	t.Run("trusted proxy: the forwarded address counts", func(t *testing.T) {
		in := startWsplay(t, bin, "-trusted-proxies", "127.0.0.1", "-max-conns-per-ip", "1")
		front := startNginx(t, nginx, []string{in.Addr, in.Addr}, nil)
		origin := "http://" + front

		first := open(t, front, origin, "127.0.0.2", "")
		line := in.await(t, "websocket open", "127.0.0.2")
		assert.Equal(t, "127.0.0.1", line.Via, "wsplay names the proxy the address came through")
		assert.Contains(t, string(first.Request), "GET /ws ")

		// The same visitor again: over the cap for 127.0.0.2.
		refused(t, front, origin, "127.0.0.2", "")
		assert.Equal(t, http.StatusServiceUnavailable, in.await(t, "websocket refused", "127.0.0.2").Status)

		// Another visitor who claims to be 127.0.0.2: nginx replaces the
		// header with the address it saw, so the lie changes nothing.
		open(t, front, origin, "127.0.0.3", "127.0.0.2")
		assert.Equal(t, "127.0.0.1", in.await(t, "websocket open", "127.0.0.3").Via)

		// Straight to wsplay, not through the proxy: the header is ignored,
		// so two connections from 127.0.0.4 are one address whatever they
		// claim.
		direct := "http://" + in.Addr
		open(t, in.Addr, direct, "127.0.0.4", "198.51.100.1")
		assert.Empty(t, in.await(t, "websocket open", "127.0.0.4").Via, "no proxy in between")
		refused(t, in.Addr, direct, "127.0.0.4", "198.51.100.2")
		for _, l := range append(in.lines("websocket open"), in.lines("websocket refused")...) {
			assert.NotContains(t, []string{"198.51.100.1", "198.51.100.2"}, l.Client, "a header from an untrusted peer was believed")
		}
	})

	t.Run("no trusted proxy: X-Forwarded-For is ignored", func(t *testing.T) {
		in := startWsplay(t, bin, "-max-conns-per-ip", "1")
		front := startNginx(t, nginx, []string{in.Addr, in.Addr}, nil)
		origin := "http://" + front

		first := open(t, front, origin, "127.0.0.2", "")
		line := in.await(t, "websocket open", "127.0.0.1")
		assert.Empty(t, line.Via)

		// A second visitor is refused: to wsplay both are nginx.
		refused(t, front, origin, "127.0.0.3", "")
		assert.Equal(t, http.StatusServiceUnavailable, in.await(t, "websocket refused", "127.0.0.1").Status)

		// Once the first leaves, the address has room again.
		_, err := first.Close(protocol.StatusNormalClosure, "")
		require.NoError(t, err)
		deadline := time.Now().Add(10 * time.Second)
		for in.logged("websocket closed") == 0 {
			require.True(t, time.Now().Before(deadline), "the server did not log the close")
			time.Sleep(20 * time.Millisecond)
		}
		open(t, front, origin, "127.0.0.3", "")
		for _, l := range in.lines("websocket open") {
			assert.Equal(t, "127.0.0.1", l.Client, "without -trusted-proxies every client is the proxy")
		}
	})
}

// open connects from the loopback address from, sending X-Forwarded-For:
// claim when claim is set, and expects the 101.
func open(t *testing.T, addr, origin, from, claim string) *wsclient.Conn {
	t.Helper()
	c, err := wsclient.Dial(context.Background(), dialOptions(addr, origin, from, claim))
	require.NoError(t, err, "from %s", from)
	t.Cleanup(func() { _ = c.Abort() })
	return c
}

// refused connects like open and expects 503 (the per-address cap).
func refused(t *testing.T, addr, origin, from, claim string) {
	t.Helper()
	c, err := wsclient.Dial(context.Background(), dialOptions(addr, origin, from, claim))
	if err == nil {
		c.Abort()
	}
	var he *wsclient.HandshakeError
	require.ErrorAs(t, err, &he, "from %s: want a refusal", from)
	assert.Equal(t, http.StatusServiceUnavailable, he.Status, "from %s", from)
}

func dialOptions(addr, origin, from, claim string) wsclient.Options {
	o := wsclient.Options{Addr: addr, Path: "/ws", Origin: origin, LocalIP: from, Timeout: 10 * time.Second}
	if claim != "" {
		o.Header = protocol.Headers{{Name: "X-Forwarded-For", Value: claim}}
	}
	return o
}

// await waits until in has logged msg for client and returns that line.
func (in *instance) await(t *testing.T, msg, client string) logLine {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, l := range in.lines(msg) {
			if l.Client == client {
				return l
			}
		}
		require.True(t, time.Now().Before(deadline), "no %q line for client %s in the log:\n%s", msg, client, in.log.Bytes())
		time.Sleep(20 * time.Millisecond)
	}
}
