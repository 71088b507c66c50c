package tap

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

func TestTapQueueMarksDrops(t *testing.T) {
	t.Parallel()
	s := &Sub{notify: make(chan struct{}, 1)}
	now := time.Now()
	for i := range maxEvents + 5 {
		s.Publish(Event{Kind: Frame, Conn: uint64(i), At: now}, []byte{1}, nil)
	}
	q := s.take()
	require.Len(t, q, maxEvents+1)
	assert.Equal(t, Dropped, q[maxEvents].Kind)
	assert.Equal(t, 5, q[maxEvents].Lost)

	// After the queue drained, events flow again after the marker.
	s.Publish(Event{Kind: Frame, At: now}, []byte{2}, func(b []byte) { b[0]++ })
	q = s.take()
	require.Len(t, q, 1)
	assert.Equal(t, Frame, q[0].Kind)
	assert.Equal(t, []byte{3}, q[0].Data, "a copy, edited by fix")

	// Bytes are bounded too: one frame bigger than the budget is dropped.
	s.Publish(Event{Kind: Frame, At: now}, make([]byte, maxBytes+1), nil)
	q = s.take()
	require.Len(t, q, 1)
	assert.Equal(t, Dropped, q[0].Kind)
}

func TestTapEventFormat(t *testing.T) {
	t.Parallel()
	at := time.UnixMicro(1700000000123456)
	got := string(appendEvent(nil, Event{Kind: Frame, Conn: 7, At: at, From: protocol.FromClient,
		Data: []byte{0x81, 0x80, 1, 2, 3, 4}, Size: 6}))
	assert.Equal(t, "event: frame\ndata: {\"t\":1700000000123456,\"conn\":7,\"from\":\"client\",\"size\":6,\"hex\":\"818001020304\"}\n\n", got)
	got = string(appendEvent(nil, Event{Kind: Dropped, At: at, Lost: 3}))
	assert.Equal(t, "event: dropped\ndata: {\"t\":1700000000123456,\"count\":3}\n\n", got)
	got = string(appendEvent(nil, Event{Kind: Closed, Conn: 1, At: at, More: &Details{Code: 1002, Reason: "bad \"x\"", By: "server"}}))
	assert.Contains(t, got, `"code":1002,"reason":"bad \"x\"","by":"server","clean":false`)
}
