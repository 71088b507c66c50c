package nginxtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

func TestBehindNginx(t *testing.T) {
	nginx := findNginx(t)
	bin := buildWsplay(t)
	a, b := startWsplay(t, bin, behindNginx...), startWsplay(t, bin, behindNginx...)
	upstreams := []string{a.Addr, b.Addr}
	front := startNginx(t, nginx, upstreams, nil)
	origin := "http://" + front // the page as served through nginx

	t.Run("page", func(t *testing.T) {
		res, err := http.Get(origin + "/")
		require.NoError(t, err)
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		assert.Equal(t, http.StatusOK, res.StatusCode)
		assert.Contains(t, res.Header.Get("Content-Type"), "text/html")
		assert.Contains(t, string(body), "<html")
	})

	t.Run("echo", func(t *testing.T) {
		c, err := wsclient.Dial(context.Background(), wsclient.Options{Addr: front, Path: "/ws", Origin: origin, Timeout: 10 * time.Second})
		require.NoError(t, err)
		defer c.Abort()
		for _, tc := range []struct {
			op             protocol.Opcode
			size, fragment int
		}{
			{protocol.OpText, 5, 0}, {protocol.OpBinary, 126, 0}, {protocol.OpBinary, 70_000, 0},
			{protocol.OpText, 3000, 1000}, {protocol.OpBinary, 1 << 20, 0},
		} {
			payload := bytes.Repeat([]byte("wsplay!"), tc.size/7+1)[:tc.size]
			require.NoError(t, c.WriteMessage(tc.op, payload, tc.fragment))
			op, got, err := c.ReadMessage()
			require.NoError(t, err, "size %d", tc.size)
			assert.Equal(t, tc.op, op)
			assert.True(t, bytes.Equal(payload, got), "the echo of %d bytes through nginx differs", tc.size)
		}
		closed, err := c.Close(protocol.StatusNormalClosure, "bye")
		require.NoError(t, err)
		assert.Equal(t, protocol.StatusNormalClosure, closed.Code)
	})

	t.Run("foreign origin refused through nginx", func(t *testing.T) {
		_, err := wsclient.Dial(context.Background(), wsclient.Options{Addr: front, Path: "/ws", Origin: "http://evil.example", Timeout: 10 * time.Second})
		var he *wsclient.HandshakeError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, http.StatusForbidden, he.Status)
	})

	t.Run("every page sees its own wire bytes", func(t *testing.T) {
		// Pages until both instances have served some (hashing 2 ways, a
		// dozen ids almost surely reach both; 40 bounds the loop).
		pages := 0
		for pages < 12 || (a.served("/tap") == 0 || b.served("/tap") == 0) && pages < 40 {
			pages++
			seen, why := page(t, front, origin, pages, time.Now().Add(10*time.Second))
			require.True(t, seen, "page %d: %s", pages, why)
			waitServed(t, pages, a, b)
		}
		t.Logf("%d pages: instance A served %d taps, instance B %d", pages, a.served("/tap"), b.served("/tap"))
		assert.Positive(t, a.served("/tap"), "instance A got no page")
		assert.Positive(t, b.served("/tap"), "instance B got no page")
	})

	t.Run("control: without the hash a page misses its bytes", func(t *testing.T) {
		// The same configuration without the hash: nginx then
		// alternates between the instances, so a page's /tap and /ws land
		// on different ones. This shows the test above can fail.
		rr := startNginx(t, nginx, upstreams, func(conf string) string {
			out := strings.Replace(conf, "    hash $wsplay_route consistent;\n", "", 1)
			require.NotEqual(t, conf, out, "the hash line is where the test expects it")
			return out
		})
		missed := 0
		for i := 1; i <= 2; i++ {
			if seen, _ := page(t, rr, "http://"+rr, 100+i, time.Now().Add(2*time.Second)); !seen {
				missed++
			}
		}
		assert.Positive(t, missed, "round-robin routing should have split a page's /tap and /ws")
	})
}

// waitServed waits until the instances have logged n finished /tap streams.
func waitServed(t *testing.T, n int, a, b *instance) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for a.served("/tap")+b.served("/tap") < n {
		require.True(t, time.Now().Before(deadline), "the instances logged %d /tap requests, want %d", a.served("/tap")+b.served("/tap"), n)
		time.Sleep(20 * time.Millisecond)
	}
}

// page does what the live section of the page does: subscribe to
// /tap?tap=<id>, open /ws?tap=<id>, send, close. It reports whether the tap
// showed this very connection's handshake and frames, and if not, why.
func page(t *testing.T, front, origin string, n int, deadline time.Time) (bool, string) {
	t.Helper()
	id := testutil.NewTapID()
	sse := testutil.Subscribe(t, origin+"/tap?tap="+id, origin)
	defer sse.Close()
	hello := sse.Next()
	require.Equal(t, "hello", hello.Name)
	require.Equal(t, id, hello.Tap)

	c, err := wsclient.Dial(context.Background(), wsclient.Options{Addr: front, Path: "/ws?tap=" + id, Origin: origin, Timeout: 10 * time.Second})
	require.NoError(t, err)
	defer c.Abort()
	sent := fmt.Sprintf("page %d says 你好", n)
	require.NoError(t, c.WriteMessage(protocol.OpText, []byte(sent), 0))
	op, got, err := c.ReadMessage()
	require.NoError(t, err)
	require.Equal(t, protocol.OpText, op)
	require.Equal(t, sent, string(got))
	_, err = c.Close(protocol.StatusNormalClosure, "")
	require.NoError(t, err)

	req, _, err := protocol.ParseRequest(c.Request)
	require.NoError(t, err)
	key := req.Headers.Get("Sec-WebSocket-Key")
	var request, response string
	var frames []string // "client text <payload>", "server close 1000", ...
	for {
		ev, ok := sse.NextWithin(time.Until(deadline))
		if !ok {
			return false, fmt.Sprintf("the tap did not show the connection (events so far: request %t, %d frames)", request != "", len(frames))
		}
		switch ev.Name {
		case "request":
			request = ev.Text
		case "response":
			response = ev.Text
		case "frame":
			frames = append(frames, describeFrame(t, ev))
		}
		if ev.Name == "closed" {
			break
		}
	}
	assert.True(t, strings.HasPrefix(request, "GET /ws?tap="+id+" HTTP/1.1\r\n"), "the request as wsplay received it:\n%s", request)
	assert.Contains(t, request, "Sec-WebSocket-Key: "+key+"\r\n", "this connection's key")
	assert.Contains(t, request, "X-Forwarded-For: 127.0.0.1\r\n", "nginx tells wsplay who the client is")
	assert.Contains(t, response, "HTTP/1.1 101 ")
	assert.Contains(t, response, "Sec-WebSocket-Accept: "+protocol.AcceptKey(key)+"\r\n")
	assert.Equal(t, []string{
		"client masked text " + sent, "server text " + sent,
		"client masked close 1000", "server close 1000",
	}, frames)
	return true, ""
}

// describeFrame says what a tapped frame is, decoded by the core.
func describeFrame(t *testing.T, ev testutil.Event) string {
	t.Helper()
	f := ev.Frame(t)
	s := ev.From
	if f.Header.Masked {
		s += " masked"
	}
	s += " " + f.Header.Opcode.String()
	if f.Close != nil {
		return fmt.Sprintf("%s %d", s, int(f.Close.Code))
	}
	return s + " " + string(f.Payload)
}
