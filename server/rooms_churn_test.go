package server

import (
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/testutil"
)

// A thousand students join, speak and leave in a row while the teacher
// watches: every join, message and leave reaches the teacher, and the
// goroutines, the pooled buffers and the heap come back to where they were.
func TestRoomThousandJoinsAndLeaves(t *testing.T) {
	// Not parallel: it counts the whole process's goroutines and the heap.
	srv, addr, _ := startServer(t, Config{})
	c := createRoom(t, addr)
	teacher, _ := joinRoom(t, addr, teacherPath(c))
	warm, _ := joinRoom(t, addr, studentPath(c.Room, "warm-up"))
	warm.Send(protocol.OpClose, nil)
	warm.ExpectClose()
	teacher.until("left")

	runtime.GC()
	goroutines, bufs := runtime.NumGoroutine(), srv.roomWS.Pool().Lent()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range 1000 {
		name := "student " + strconv.Itoa(i)
		s, _ := dialRoom(t, addr, studentPath(c.Room, name))
		require.Equal(t, name, teacher.until("joined").Name)
		s.say("hi " + strconv.Itoa(i))
		require.Equal(t, "hi "+strconv.Itoa(i), teacher.until("message").Text)
		s.Send(protocol.OpClose, protocol.AppendClose(nil, protocol.StatusNormalClosure, ""))
		s.ExpectClose()
		require.Equal(t, 1000, teacher.until("left").Code)
		require.NoError(t, s.Abort())
	}
	room, refusal := srv.rooms.Lookup(c.Room)
	require.Nil(t, refusal)
	assert.Equal(t, 0, room.Students())

	for deadline := time.Now().Add(testutil.IOTimeout); ; time.Sleep(5 * time.Millisecond) {
		if runtime.NumGoroutine() <= goroutines && srv.roomWS.Pool().Lent() <= bufs {
			break
		}
		require.True(t, time.Now().Before(deadline), "goroutines %d (baseline %d), buffers lent %d (baseline %d)",
			runtime.NumGoroutine(), goroutines, srv.roomWS.Pool().Lent(), bufs)
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("heap after 1000 joins and leaves: %+d KiB", grown>>10)
	assert.Less(t, grown, int64(512<<10), "nothing kept per student who left")
}
