package ws

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wsplay/wsplay/protocol"
)

// These tests follow the sections of the Autobahn test suite: a raw client
// sends what each case sends and checks what a conformant server answers.

// Every rule's close reason fits in a close frame (123 bytes after the code)
// and names the rule.
func TestCloseReasons(t *testing.T) {
	t.Parallel()
	for _, r := range protocol.Rules() {
		if r.Close == 0 {
			continue
		}
		reason := closeReason(&protocol.Violation{Rule: r, Offset: 12345, Value: strings.Repeat("v", 200)})
		body := protocol.AppendClose(nil, r.Close, reason)
		assert.LessOrEqual(t, len(body), 125, r.ID)
		assert.Contains(t, string(body[2:]), r.ID)
		assert.Equal(t, -1, protocol.ValidUTF8(body[2:]), r.ID)
	}
}
