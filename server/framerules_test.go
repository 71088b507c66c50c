package main

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

// Every frame rule the core knows, with the smallest frame a client can send
// to break it. A frame rule added to the core without a row here fails the
// test: the server must be shown to enforce it too.
func TestEveryFrameRuleClosesTheConnection(t *testing.T) {
	const maxMessage = 1024
	a, addr, _ := startApp(t, config{MaxMessage: maxMessage})
	warmUp(t, a, addr)
	text := protocol.Header{Fin: true, Opcode: protocol.OpText}
	closeFrame := protocol.Header{Fin: true, Opcode: protocol.OpClose}

	// offend writes what breaks the rule on a fresh connection.
	offend := map[*protocol.Rule]func(c *rawClient){
		protocol.ErrReservedOpcode: func(c *rawClient) { c.send(0x3, []byte("x")) },
		protocol.ErrReservedBits: func(c *rawClient) {
			c.write(c.frame(protocol.Header{Fin: true, Rsv1: true, Opcode: protocol.OpText}, []byte("x")))
		},
		protocol.ErrUnmaskedClientFrame: func(c *rawClient) {
			c.write(protocol.AppendFrame(nil, protocol.Frame{Header: text, Payload: []byte("x")}))
		},
		protocol.ErrControlTooLong: func(c *rawClient) { c.send(protocol.OpPing, make([]byte, 126)) },
		protocol.ErrControlFragmented: func(c *rawClient) {
			c.write(c.frame(protocol.Header{Opcode: protocol.OpPing}, nil))
		},
		protocol.ErrLengthHighBit: func(c *rawClient) {
			c.write([]byte{0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4})
		},
		protocol.ErrLengthNotMinimal: func(c *rawClient) {
			c.write(c.frame(protocol.Header{Fin: true, Opcode: protocol.OpText, LengthForm: protocol.Length16}, []byte("x")))
		},
		protocol.ErrTooBig: func(c *rawClient) { // the header alone: the payload is never awaited
			h := protocol.Header{Fin: true, Opcode: protocol.OpBinary, Length: maxMessage + 1, Masked: true, MaskKey: c.key}
			c.write(protocol.AppendHeader(nil, h))
		},
		protocol.ErrCloseBodyOneByte: func(c *rawClient) { c.write(c.frame(closeFrame, []byte{0x03})) },
		protocol.ErrCloseCodeInvalid: func(c *rawClient) { c.write(c.frame(closeFrame, []byte{0x03, 0xE7})) }, // 999
		protocol.ErrCloseCodeLocal:   func(c *rawClient) { c.write(c.frame(closeFrame, []byte{0x03, 0xED})) }, // 1005
		protocol.ErrInvalidUTF8:      func(c *rawClient) { c.send(protocol.OpText, []byte{0xFF}) },
		protocol.ErrCloseReasonUTF8: func(c *rawClient) {
			c.write(c.frame(closeFrame, []byte{0x03, 0xE8, 0xFF}))
		},
		protocol.ErrContinuationWithoutStart: func(c *rawClient) {
			c.write(c.frame(protocol.Header{Fin: true, Opcode: protocol.OpContinuation}, []byte("x")))
		},
		protocol.ErrDataInsideFragmented: func(c *rawClient) {
			c.write(c.frame(protocol.Header{Opcode: protocol.OpText}, []byte("a")))
			c.write(c.frame(text, []byte("b")))
		},
	}
	// Rules a server cannot meet, with the reason.
	notForServers := map[*protocol.Rule]string{
		protocol.ErrMaskedServerFrame: "only a client checks that the server's frames are unmasked",
	}

	for _, rule := range protocol.Rules() {
		if rule.Close == 0 {
			continue // a handshake rule: TestHandshakeCatalogue
		}
		t.Run(rule.ID, func(t *testing.T) {
			if why, ok := notForServers[rule]; ok {
				t.Skip(why)
			}
			send, ok := offend[rule]
			require.True(t, ok, "frame rule %q has no offending frame in this table", rule.ID)

			goroutines, bufs := runtime.NumGoroutine(), bufsLent.Load()
			c := dial(t, addr, "/ws")
			c.send(protocol.OpText, []byte("fine so far"))
			c.expect(protocol.OpText, []byte("fine so far"))
			send(c)
			cp := c.expectClose()
			assert.Equal(t, rule.Close, cp.Code, "close reason: %q", cp.Reason)
			assert.True(t, strings.HasPrefix(cp.Reason, rule.ID+" (RFC 6455 section "+rule.Section+")"),
				"the reason names the rule and its section: %q", cp.Reason)
			c.nc.Close() // the server lingers until the client hangs up too
			expectReleased(t, goroutines, bufs)
		})
	}
}

// warmUp opens and closes one connection, so that the server's own
// goroutines (accept loop, shutdown watcher) run before a baseline is taken.
func warmUp(t *testing.T, a *app, addr string) {
	t.Helper()
	c := dial(t, addr, "/ws")
	c.send(protocol.OpClose, nil)
	c.expectClose()
	require.Eventually(t, func() bool { return a.ws.open() == 0 }, ioTimeout, time.Millisecond)
}

// expectReleased waits (bounded) until the goroutine count and the buffers
// lent by the pool are back to a baseline taken before a connection opened.
func expectReleased(t *testing.T, goroutines int, bufs int64) {
	t.Helper()
	// A plain loop: testify's Eventually polls from a goroutine of its own,
	// which would be counted.
	for deadline := time.Now().Add(ioTimeout); ; time.Sleep(5 * time.Millisecond) {
		if runtime.NumGoroutine() <= goroutines && bufsLent.Load() <= bufs {
			return
		}
		if time.Now().After(deadline) {
			break
		}
	}
	t.Errorf("resources kept after the connection ended: goroutines %d (baseline %d), buffers lent %d (baseline %d)",
		runtime.NumGoroutine(), goroutines, bufsLent.Load(), bufs)
	stacks := make([]byte, 1<<20)
	stacks = stacks[:runtime.Stack(stacks, true)]
	t.Logf("goroutines:\n%s", bytes.TrimSpace(stacks))
}
