package lab_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server"
	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/server/lab"
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
	deflate := lab.RequestWith(strings.TrimPrefix(base, "http://"), "GET /ws HTTP/1.1", "Sec-WebSocket-Extensions: permessage-deflate")
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
			assert.Equal(t, "fine so far", frames[0].Text, "the echo of the valid frame first (inflated when compressed)")
		})
	}
}

// catalogueConfig is a server on which every experiment of the catalogue
// can run quickly: permessage-deflate on, a small -max-message, and a
// -handshake-timeout that cuts the trickled request within a second.
var catalogueConfig = server.Config{MaxMessage: 1024, Deflate: true, HandshakeTimeout: 300 * time.Millisecond}

// getCatalogue reads GET /lab/experiments.
func getCatalogue(t *testing.T, base string) lab.Catalogue {
	t.Helper()
	res, err := client.Get(base + "/lab/experiments")
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "application/json", res.Header.Get("Content-Type"))
	var c lab.Catalogue
	require.NoError(t, json.NewDecoder(res.Body).Decode(&c))
	return c
}

// ruleByID is the core's rule of that id.
func ruleByID(id string) *protocol.Rule {
	for _, r := range protocol.Rules() {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Every experiment of the catalogue, through the API, gets the reaction
// its expectation names; and each expectation is the core's rule's own
// (the close code or the HTTP status, the section).
func TestEveryCatalogueExperiment(t *testing.T) {
	t.Parallel()
	_, base := startLab(t, catalogueConfig)
	cat := getCatalogue(t, base)
	assert.Equal(t, 1024, cat.MaxMessage)
	assert.True(t, cat.Deflate)
	for _, exp := range cat.Experiments {
		t.Run(exp.ID, func(t *testing.T) {
			t.Parallel()
			want := exp.Expect
			if want.Rule != "" {
				rule := ruleByID(want.Rule)
				require.NotNil(t, rule, "the catalogue names a rule the core does not have")
				assert.Equal(t, rule.Section, want.Section)
				assert.Equal(t, rule.RFCNumber(), want.RFC)
				assert.Equal(t, int(rule.Close), want.Close, "the close code is the rule's")
				assert.Equal(t, max(rule.HTTP, 101), want.Status, "the status is the rule's (101 for a frame rule)")
			}
			a := run(t, base, experimentBody(exp))
			if want.StatusVaries {
				assert.Contains(t, []int{0, http.StatusBadRequest}, a.summary.Status)
			} else {
				assert.Equal(t, want.Status, a.summary.Status)
			}
			assert.Equal(t, want.Close, a.summary.CloseCode, a.summary.CloseReason)
			assert.Equal(t, want.ClosedBy, a.summary.ClosedBy)
			if want.AnsweredBy == "" {
				assert.Equal(t, want.Rule, a.summary.Rule, "the rule the server named")
			} else {
				assert.Empty(t, a.summary.Rule, "net/http names no rule")
			}
			var replies []string
			for _, f := range a.ofType("frame") {
				replies = append(replies, f.Opcode)
			}
			assert.Equal(t, want.Replies, replies, "the server's frames")
			for _, header := range want.Headers {
				res := a.ofType("response")
				require.Len(t, res, 1)
				assert.Contains(t, res[0].Text, "\r\n"+header+"\r\n")
			}
		})
	}
}

// experimentBody is the POST /lab body of a catalogue entry.
func experimentBody(exp lab.Experiment) map[string]any {
	body := map[string]any{"bytes": exp.Bytes, "chunk": exp.Chunk, "pauseMs": exp.PauseMs}
	if exp.RequestChunk != nil {
		body["requestChunk"] = *exp.RequestChunk
	}
	if exp.Request != "" {
		body["request"] = exp.Request
	}
	return body
}

// Every rule a client's bytes can break has an experiment in the
// catalogue, and the fine-but-surprising ones are there.
func TestCatalogueCoversEveryRule(t *testing.T) {
	t.Parallel()
	cat := lab.NewCatalogue("127.0.0.1:8080", 1024, true)
	byRule, ids := map[string]int{}, map[string]bool{}
	for _, e := range cat.Experiments {
		byRule[e.Expect.Rule]++
		assert.False(t, ids[e.ID], "id %q is used twice", e.ID)
		ids[e.ID] = true
	}
	for _, rule := range protocol.Rules() {
		_, notForServers := testutil.NotForServers[rule]
		if notForServers || rule.Close == 0 && rule.HTTP == 0 {
			continue // a rule of the server's frames or of its answer
		}
		assert.NotZero(t, byRule[rule.ID], "rule %q has no experiment", rule.ID)
	}
	for _, id := range []string{"ping-between-fragments", "unsolicited-pong", "empty-masked", "close-no-code"} {
		assert.True(t, ids[id], id)
	}
	without := lab.NewCatalogue("127.0.0.1:8080", 1024, false)
	for _, e := range without.Experiments {
		assert.False(t, e.Expect.Deflate, "%s: a server without permessage-deflate lists no experiment that needs it", e.ID)
	}
}

// The catalogue's echoes read as text, a compressed one too: the lab
// inflates what the server compressed.
func TestCatalogueEchoesReadAsText(t *testing.T) {
	t.Parallel()
	_, base := startLab(t, catalogueConfig)
	for _, exp := range getCatalogue(t, base).Experiments {
		if exp.ID != "masked-hello" && exp.ID != "pmd-hello" {
			continue
		}
		frames := run(t, base, experimentBody(exp)).ofType("frame")
		require.Len(t, frames, 1, exp.ID)
		assert.Equal(t, "Hello", frames[0].Text, exp.ID)
	}
}
