package lab_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server"
	"github.com/wsplay/wsplay/server/internal/testutil"
)

// Every frame rule a client can break, through the API: the lab's answer
// carries the close code the rule names, and the rule's id. The offending
// frames are the server tests' own table.
func TestEveryFrameRuleThroughTheLab(t *testing.T) {
	t.Parallel()
	const maxMessage = 1024
	_, base := startLab(t, server.Config{MaxMessage: maxMessage, Deflate: true})
	offending := testutil.OffendingFrames(maskKey, maxMessage)
	// The rules of permessage-deflate need it agreed: the request offers it.
	deflate := requestWith(strings.TrimPrefix(base, "http://"), "GET /ws HTTP/1.1", "Sec-WebSocket-Extensions: permessage-deflate")
	for _, rule := range protocol.Rules() {
		if rule.Close == 0 {
			continue // a handshake rule: TestEveryHandshakeRuleThroughTheLab
		}
		t.Run(rule.ID, func(t *testing.T) {
			t.Parallel()
			if why, ok := testutil.NotForServers[rule]; ok {
				t.Skip(why)
			}
			b, ok := offending[rule]
			require.True(t, ok, "frame rule %q has no offending frame in testutil.OffendingFrames", rule.ID)
			experiment := map[string]any{"bytes": masked(text, []byte("fine so far")) + hexOf(b)}
			if testutil.NeedsDeflate[rule] {
				experiment["request"] = deflate
			}
			a := run(t, base, experiment)
			assert.Equal(t, 101, a.summary.Status)
			assert.Equal(t, int(rule.Close), a.summary.CloseCode, a.summary.CloseReason)
			assert.Equal(t, rule.ID, a.summary.Rule)
			frames := a.ofType("frame")
			require.NotEmpty(t, frames)
			if testutil.NeedsDeflate[rule] {
				// The echo went out compressed, and the lab's events do not
				// inflate yet (issue 9): only its place is checked.
				assert.Equal(t, protocol.OpText.String(), frames[0].Opcode, "the echo of the valid frame first")
			} else {
				assert.Equal(t, "fine so far", frames[0].Text, "the echo of the valid frame first")
			}
		})
	}
}

// Every handshake rule a client can break, through the API: the status the
// rule names and its id. net/http answers two of them before /ws sees the
// request, with no rule named.
func TestEveryHandshakeRuleThroughTheLab(t *testing.T) {
	t.Parallel()
	_, base := startLab(t, server.Config{})
	host := strings.TrimPrefix(base, "http://")
	get := "GET /ws HTTP/1.1"
	rows := map[*protocol.Rule]struct {
		request string
		named   bool // the answer names the rule (net/http's own 400s do not)
	}{
		protocol.ErrMalformedHTTP:    {"GET /ws\r\nHost: " + host + "\r\n\r\n", false},
		protocol.ErrMethodNotGet:     {requestWith(host, "POST /ws HTTP/1.1", "Content-Length: 0"), true},
		protocol.ErrHTTPVersion:      {requestWith(host, "GET /ws HTTP/1.0"), true},
		protocol.ErrMissingHost:      {requestWith(host, get, "Host:"), false},
		protocol.ErrUpgradeHeader:    {requestWith(host, get, "Upgrade: h2c"), true},
		protocol.ErrConnectionHeader: {requestWith(host, get, "Connection: keep-alive"), true},
		protocol.ErrMissingKey:       {requestWith(host, get, "Sec-WebSocket-Key:"), true},
		protocol.ErrInvalidKey:       {requestWith(host, get, "Sec-WebSocket-Key: c2hvcnQ="), true},
		protocol.ErrVersion:          {requestWith(host, get, "Sec-WebSocket-Version: 8"), true},
	}
	for _, rule := range protocol.Rules() {
		if rule.HTTP == 0 || strings.HasPrefix(rule.ID, "response-") {
			continue // a frame rule, or one a server's answer breaks
		}
		t.Run(rule.ID, func(t *testing.T) {
			t.Parallel()
			row, ok := rows[rule]
			require.True(t, ok, "handshake rule %q has no request in this table", rule.ID)
			a := run(t, base, map[string]any{"request": row.request})
			assert.Equal(t, rule.HTTP, a.summary.Status)
			assert.Equal(t, "server", a.summary.ClosedBy)
			if row.named {
				assert.Equal(t, rule.ID, a.summary.Rule)
			} else {
				assert.Empty(t, a.summary.Rule)
			}
		})
	}
}
