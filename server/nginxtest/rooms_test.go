package nginxtest

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/wsclient"
	"github.com/wsplay/wsplay/server/rooms"
)

// Rooms behind nginx on two instances: POST /rooms?room=<shard> reaches
// the instance the shard hashes to, which makes a code with that prefix,
// so the teacher's and the students' /ws and the QR code reach the same
// instance; rooms end up on both.
func TestRoomsBehindNginx(t *testing.T) {
	nginx := findNginx(t)
	bin := buildWsplay(t)
	a, b := startWsplay(t, bin, behindNginx...), startWsplay(t, bin, behindNginx...)
	front := startNginx(t, nginx, []string{a.Addr, b.Addr}, nil)
	origin := "http://" + front

	// Shards until both instances hold rooms: 12 at least, 40 at most.
	made := 0
	for made < 12 || (a.logged("room created") == 0 || b.logged("room created") == 0) && made < 40 {
		shard := string(rooms.Alphabet[(made*7)%len(rooms.Alphabet)]) + string(rooms.Alphabet[(made*13+5)%len(rooms.Alphabet)])
		classThroughNginx(t, front, origin, shard)
		made++
	}
	t.Logf("%d rooms: instance A created %d, instance B %d", made, a.logged("room created"), b.logged("room created"))
	assert.Positive(t, a.logged("room created"), "instance A holds no room")
	assert.Positive(t, b.logged("room created"), "instance B holds no room")
}

// classThroughNginx creates a room with shard, joins a teacher and a
// student through nginx, checks a message each way and the QR code, and
// ends the class.
func classThroughNginx(t *testing.T, front, origin, shard string) {
	t.Helper()
	res, err := http.Post(origin+"/rooms?room="+shard, "", nil)
	require.NoError(t, err)
	var c struct{ Room, Secret, Join, QR string }
	require.NoError(t, json.NewDecoder(res.Body).Decode(&c))
	res.Body.Close()
	require.Equal(t, http.StatusCreated, res.StatusCode)
	require.True(t, strings.HasPrefix(c.Room, shard), "%s starts with %s", c.Room, shard)
	assert.Equal(t, origin+"/room.html?room="+c.Room, c.Join, "links name the address the browser used")

	dial := func(path string) *wsclient.Conn {
		conn, err := wsclient.Dial(context.Background(), wsclient.Options{Addr: front, Path: path, Origin: origin, Timeout: 10 * time.Second})
		require.NoError(t, err, path)
		t.Cleanup(func() { _ = conn.Abort() })
		return conn
	}
	next := func(conn *wsclient.Conn, typ string) rooms.Event {
		for {
			_, b, err := conn.ReadMessage()
			require.NoError(t, err)
			var e rooms.Event
			require.NoError(t, json.Unmarshal(b, &e))
			if e.Type == typ {
				return e
			}
		}
	}
	teacher := dial("/ws?room=" + c.Room + "&secret=" + c.Secret)
	next(teacher, "welcome")
	student := dial("/ws?room=" + c.Room + "&name=nginx")
	next(student, "welcome")
	require.NoError(t, student.WriteMessage(protocol.OpText, rooms.Say("through nginx"), 0))
	assert.Equal(t, "through nginx", next(teacher, "message").Text)
	require.NoError(t, teacher.WriteMessage(protocol.OpText, rooms.Command("broadcast", "hello class", 0, false), 0))
	assert.Equal(t, "hello class", next(student, "broadcast").Text)

	qr, err := http.Get(c.QR)
	require.NoError(t, err)
	qr.Body.Close()
	assert.Equal(t, http.StatusOK, qr.StatusCode, "the QR code reaches the room's instance")

	// Ending the class frees the address's room slot (-rooms-per-ip).
	require.NoError(t, teacher.WriteMessage(protocol.OpText, rooms.Command("end", "", 0, false), 0))
	_, _, err = student.ReadMessage()
	var closed *wsclient.CloseError
	require.ErrorAs(t, err, &closed)
	assert.Equal(t, protocol.StatusGoingAway, closed.Code)
}
