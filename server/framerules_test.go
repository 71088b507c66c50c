package server

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/testutil"
)

// Every frame rule the core knows, with the smallest frame a client can send
// to break it (testutil.OffendingFrames). A frame rule added to the core
// without a row there fails the test: the server must be shown to enforce
// it too.
func TestEveryFrameRuleClosesTheConnection(t *testing.T) {
	// Not parallel: it counts the whole process's goroutines, and Go runs the
	// serial tests before the parallel ones.
	const maxMessage = 1024
	srv, addr, _ := startServer(t, Config{MaxMessage: maxMessage, Deflate: true})
	warmUp(t, srv, addr)
	for _, rule := range protocol.Rules() {
		if rule.Close == 0 {
			continue // a handshake rule: TestHandshakeCatalogue
		}
		t.Run(rule.ID, func(t *testing.T) {
			if why, ok := testutil.NotForServers[rule]; ok {
				t.Skip(why)
			}
			goroutines, bufs := runtime.NumGoroutine(), srv.ws.Pool().Lent()
			c := fineSoFar(t, addr, testutil.NeedsDeflate[rule])
			offending, ok := testutil.OffendingFrames(c.Key, maxMessage)[rule]
			require.True(t, ok, "frame rule %q has no offending frame in testutil.OffendingFrames", rule.ID)
			c.Write(offending)
			cp := c.ExpectClose()
			assert.Equal(t, rule.Close, cp.Code, "close reason: %q", cp.Reason)
			assert.True(t, strings.HasPrefix(cp.Reason, rule.ID+" (RFC "+rule.RFCNumber()+" section "+rule.Section+")"),
				"the reason names the rule and its section: %q", cp.Reason)
			c.Abort() // the server lingers until the client hangs up too
			expectReleased(t, srv, goroutines, bufs)
		})
	}
}

// fineSoFar opens a connection, with permessage-deflate agreed when
// deflate, and echoes one good message on it.
func fineSoFar(t *testing.T, addr string, deflate bool) *testutil.Client {
	t.Helper()
	if !deflate {
		c := testutil.Dial(t, addr, "/ws")
		c.Send(protocol.OpText, []byte("fine so far"))
		c.Expect(protocol.OpText, []byte("fine so far"))
		return c
	}
	c := dialDeflate(t, addr, "/ws", chromeOffer)
	_, agreed := c.Deflate()
	require.True(t, agreed, "the server accepts Chrome's offer")
	require.NoError(t, c.WriteMessage(protocol.OpText, []byte("fine so far"), 0))
	op, got, err := c.ReadMessage()
	require.NoError(t, err)
	require.Equal(t, protocol.OpText, op)
	require.Equal(t, "fine so far", string(got))
	return c
}

// warmUp opens and closes one connection, so that the server's own
// goroutines (accept loop, shutdown watcher) run before a baseline is taken.
func warmUp(t *testing.T, srv *Server, addr string) {
	t.Helper()
	c := testutil.Dial(t, addr, "/ws")
	c.Send(protocol.OpClose, nil)
	c.ExpectClose()
	require.Eventually(t, func() bool { return srv.ws.Open() == 0 }, testutil.IOTimeout, time.Millisecond)
}

// expectReleased waits (bounded) until the goroutine count and the buffers
// lent by the pool are back to a baseline taken before a connection opened.
func expectReleased(t *testing.T, srv *Server, goroutines int, bufs int64) {
	t.Helper()
	// A plain loop: testify's Eventually polls from a goroutine of its own,
	// which would be counted.
	for deadline := time.Now().Add(testutil.IOTimeout); ; time.Sleep(5 * time.Millisecond) {
		if runtime.NumGoroutine() <= goroutines && srv.ws.Pool().Lent() <= bufs {
			return
		}
		if time.Now().After(deadline) {
			break
		}
	}
	t.Errorf("resources kept after the connection ended: goroutines %d (baseline %d), buffers lent %d (baseline %d)",
		runtime.NumGoroutine(), goroutines, srv.ws.Pool().Lent(), bufs)
	stacks := make([]byte, 1<<20)
	stacks = stacks[:runtime.Stack(stacks, true)]
	t.Logf("goroutines:\n%s", bytes.TrimSpace(stacks))
}
