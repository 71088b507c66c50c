package rooms

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/ws"
)

// Whatever a student sends, read either accepts a say of at most the
// message size or names the rule it broke; it never panics.
func FuzzStudentRead(f *testing.F) {
	g := New(Config{Clock: newFakeClock()})
	c, err := g.Create(school, "")
	require.NoError(f, err)
	room, _ := g.Lookup(c.Room)
	s := student{&member{room: room}}
	for _, seed := range []string{`{"type":"say","text":"hi"}`, `{"type":"say"}`, `{"type":"end"}`, `[]`, "\xff", ``} {
		f.Add(byte(1), []byte(seed))
	}
	f.Fuzz(func(t *testing.T, op byte, payload []byte) {
		text, refusal := s.read(ws.Message{Opcode: protocol.Opcode(op % 3), Payload: payload})
		if refusal != nil {
			require.NotEmpty(t, refusal.ID)
			require.NotEmpty(t, refusal.Why)
			return
		}
		require.LessOrEqual(t, len(payload), g.lim.MessageSize)
		var r request
		require.NoError(t, json.Unmarshal(payload, &r))
		require.Equal(t, "say", r.Type)
		require.Equal(t, text, *r.Text)
	})
}
