package server

import (
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/server/internal/wsclient"
	"github.com/wsplay/wsplay/server/rooms"
)

// POST /rooms answers the four documented fields; the links carry the code
// as ?room= (what nginx routes on) and the teacher's secret only after #.
func TestCreateRoomAnswer(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	c := createRoom(t, addr)
	_, err := rooms.NormalizeCode(c.Room)
	require.NoError(t, err)
	assert.Len(t, c.Secret, 32)
	assert.Equal(t, "http://"+addr+"/room.html?room="+c.Room, c.Join)
	assert.Equal(t, "http://"+addr+"/rooms/"+c.Room+"/qr.svg?room="+c.Room, c.QR)
	assert.Equal(t, c.Join+"#secret="+c.Secret, c.Teacher)

	res, err := http.Get(c.QR)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "image/svg+xml", res.Header.Get("Content-Type"))
	assert.Contains(t, testutil.Body(t, res), "<title>"+c.Join+"</title>")

	res, err = http.Get("http://" + addr + "/rooms/ZZZZZZ/qr.svg")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	assert.Contains(t, testutil.Body(t, res), `"error":"no-room"`)

	res, err = http.Post("http://"+addr+"/rooms?room=Q1", "", nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Contains(t, testutil.Body(t, res), "never use '1'")
}

// A teacher and three students: the teacher sees each student's frames as
// they travelled, with three different masking keys; one broadcast is one
// frame, the same bytes to each student, reported once with the count.
func TestRoomClass(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	c := createRoom(t, addr)
	teacher, tw := joinRoom(t, addr, teacherPath(c))
	assert.Equal(t, "teacher", tw.Role)
	assert.Equal(t, 300, tw.Limits.Students)

	names := []string{"Ada", "<b>Bob</b>", "李雷"}
	var students []*roomPeer
	keys := map[string]bool{}
	for i, name := range names {
		s, w := joinRoom(t, addr, studentPath(c.Room, name))
		assert.Equal(t, name, w.Name, "kept as typed")
		assert.Equal(t, uint64(i+1), w.You)
		j := teacher.until("joined")
		assert.Equal(t, name, j.Name)
		assert.Equal(t, i+1, j.Count)
		students = append(students, s)
	}
	for i, s := range students {
		s.say("hello from " + names[i])
		m := teacher.until("message")
		assert.Equal(t, uint64(i+1), m.Student)
		assert.Equal(t, "hello from "+names[i], m.Text)
		require.Len(t, m.Frames, 1)
		want := s.Frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, rooms.Say(m.Text))
		assert.Equal(t, hex.EncodeToString(want), m.Frames[0], "the frame as it travelled, masked")
		raw, err := hex.DecodeString(m.Frames[0])
		require.NoError(t, err)
		h, _, _ := protocol.ParseHeader(raw)
		keys[hex.EncodeToString(h.MaskKey[:])] = true // the key the teacher was shown
	}
	assert.Len(t, keys, 3, "three masking keys")

	teacher.command("broadcast", "quiz at 10", 0, false)
	sent := teacher.until("sent")
	assert.Equal(t, 3, sent.Count)
	frame, err := hex.DecodeString(sent.Frame)
	require.NoError(t, err)
	assert.Equal(t, len(frame), sent.Bytes)
	for _, s := range students {
		h, payload, err := s.ReadFrame()
		require.NoError(t, err)
		assert.False(t, h.Masked, "a server never masks (section 5.1)")
		assert.Equal(t, frame, protocol.AppendFrame(nil, protocol.Frame{Header: h, Payload: payload}), "the same bytes to each")
		assert.Contains(t, string(payload), `"text":"quiz at 10"`)
	}
}

// A refusal before the 101 says why, with its own status.
func TestRoomJoinRefusals(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{Rooms: RoomLimits{Students: 1}})
	c := createRoom(t, addr)
	joinRoom(t, addr, studentPath(c.Room, "first"))
	ended := createRoom(t, addr)
	teacher, _ := joinRoom(t, addr, teacherPath(ended))
	teacher.command("end", "", 0, false)
	cp := teacher.ExpectClose()
	assert.Equal(t, protocol.StatusGoingAway, cp.Code)
	assert.Equal(t, "class ended by the teacher", cp.Reason)

	for _, tc := range []struct {
		name, target string
		status       int
		body         string
	}{
		{"full", studentPath(c.Room, "second"), 503, "the room is full (1 students)"},
		{"ended", studentPath(ended.Room, "late"), 410, "has ended"},
		{"no name", "/ws?room=" + c.Room, 400, "name=<your name>"},
		{"long name", studentPath(c.Room, strings.Repeat("x", 25)), 400, "at most 24 characters"},
		{"bad code", studentPath("ABCD0F", "x"), 400, "never use '0'"},
		{"wrong secret", "/ws?room=" + c.Room + "&secret=" + strings.Repeat("0", 32), 403, "not this room's teacher secret"},
		{"empty secret", "/ws?room=" + c.Room + "&secret=", 403, "not this room's teacher secret"},
	} {
		status, body := refusedJoin(t, addr, tc.target)
		assert.Equal(t, tc.status, status, tc.name)
		assert.Contains(t, body, tc.body, tc.name)
	}
}

// Bad messages get a JSON error naming what is wrong; the connection stays
// open and the teacher sees the frames with the error.
func TestRoomBadMessages(t *testing.T) {
	t.Parallel()
	_, _, teacher, students, _ := openRoom(t, Config{Rooms: RoomLimits{PerSecond: 100}}, "Eve")
	s := students[0]
	for _, tc := range []struct {
		op               protocol.Opcode
		payload, id, why string
	}{
		{protocol.OpText, `{"type":"say",`, "bad-json", "unexpected EOF"},
		{protocol.OpText, `{"type":"say","txt":"x"}`, "bad-json", `unknown field "txt"`},
		{protocol.OpText, `{"type":"broadcast","text":"x"}`, "bad-type", `"broadcast" is the teacher's`},
		{protocol.OpText, `{"type":"say"}`, "no-text", "needs \"text\""},
		{protocol.OpBinary, `{}`, "not-text", "not binary"},
		{protocol.OpText, `{"type":"say","text":"` + strings.Repeat("a", 1024) + `"}`, "too-big", "at most 1024 bytes; this one had 1048"},
	} {
		s.Send(tc.op, []byte(tc.payload))
		e := s.until("error")
		assert.Equal(t, tc.id, e.Error, tc.payload)
		assert.Contains(t, e.Why, tc.why)
		m := teacher.until("message")
		assert.Equal(t, tc.id, m.Error)
		assert.Empty(t, m.Text)
	}
	s.say("still here")
	assert.Equal(t, "still here", teacher.until("message").Text)

	// Far above the limit the transport's own cap closes with 1009.
	s.Send(protocol.OpText, make([]byte, 16*1024+1))
	assert.Equal(t, protocol.StatusMessageTooBig, s.ExpectClose().Code)
}

// A flood: the first two messages of a burst pass, the rest are dropped,
// the sender hears it once (a notice with the count) and so does the
// teacher; after a pause the student may speak again.
func TestRoomFlood(t *testing.T) {
	t.Parallel()
	_, _, teacher, students, _ := openRoom(t, Config{}, "Mallory")
	s := students[0]
	for i := range 50 {
		s.say("spam " + string(rune('a'+i%26)))
	}
	n := s.until("notice")
	assert.Equal(t, "rate", n.Notice)
	assert.Contains(t, n.Why, "at most 2 messages a second")
	var texts []string
	for {
		e := teacher.next()
		if e.Type == "dropped" {
			assert.Equal(t, "rate", e.Why)
			assert.GreaterOrEqual(t, e.Count, 1)
			break
		}
		if e.Type == "message" {
			texts = append(texts, e.Text)
		}
	}
	assert.Equal(t, []string{"spam a", "spam b"}, texts, "the burst of two, in order")
}

// Mute one, mute all, remove (4001), and the left events with their codes.
func TestRoomTeacherControls(t *testing.T) {
	t.Parallel()
	addr, c, teacher, students, welcomes := openRoom(t, Config{Rooms: RoomLimits{PerSecond: 100}}, "A", "B")
	a, aw, b := students[0], welcomes[0], students[1]

	teacher.command("mute", "", aw.You, true)
	assert.Equal(t, "muted", a.until("notice").Notice)
	assert.True(t, teacher.until("muted").Muted)
	a.say("can you hear me")
	assert.Equal(t, "muted", a.until("notice").Notice, "a muted student's message is dropped, with a notice")
	b.say("B speaks")
	m := teacher.until("message")
	assert.Equal(t, "B speaks", m.Text, "A's message never reached the teacher")

	teacher.command("mute", "", 0, true)
	assert.Equal(t, "muted", b.until("notice").Notice)
	late, lw := joinRoom(t, addr, studentPath(c.Room, "late"))
	assert.True(t, lw.Muted, "mute all holds for those who join later")
	_ = late

	teacher.command("remove", "", aw.You, false)
	cp := a.ExpectClose()
	assert.Equal(t, rooms.CodeRemoved, cp.Code)
	assert.Equal(t, "removed by the teacher", cp.Reason)
	l := teacher.until("left")
	assert.Equal(t, aw.You, l.Student)
	assert.Equal(t, 4001, l.Code)
	assert.Equal(t, "server", l.By)

	teacher.command("remove", "", 99, false)
	assert.Equal(t, "no-student", teacher.until("error").Error)

	b.Send(protocol.OpClose, protocol.AppendClose(nil, protocol.StatusGoingAway, "tab closed"))
	l = teacher.until("left")
	assert.Equal(t, 1001, l.Code)
	assert.Equal(t, "student", l.By)
	assert.True(t, l.Clean)

	require.NoError(t, late.Abort()) // the network drops: no close frame
	l = teacher.until("left")
	assert.Equal(t, 1006, l.Code)
	assert.Empty(t, l.By)
}

// A second teacher window replaces the first (4004); ending the class
// closes everyone with 1001 and the reason.
func TestRoomEndAndReplace(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	c := createRoom(t, addr)
	first, _ := joinRoom(t, addr, teacherPath(c))
	s, _ := joinRoom(t, addr, studentPath(c.Room, "S"))
	second, w := joinRoom(t, addr, teacherPath(c))
	require.Len(t, w.Students, 1, "the new window learns who is in")
	assert.Equal(t, "S", w.Students[0].Name)
	assert.Equal(t, rooms.CodeReplaced, first.ExpectClose().Code)

	second.command("end", "", 0, false)
	for _, p := range []*roomPeer{s, second} {
		cp := p.ExpectClose()
		assert.Equal(t, protocol.StatusGoingAway, cp.Code)
		assert.Equal(t, "class ended by the teacher", cp.Reason)
	}
}

// A class behind one NAT address: its students count against the room's
// seats, not against -max-conns-per-ip; wrong codes count against the
// address, which is then refused.
func TestRoomBehindOneAddress(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{MaxConnsPerIP: 2, Rooms: RoomLimits{Students: 5, Misses: 3}})
	c := createRoom(t, addr)
	testutil.Dial(t, addr, "/ws")
	testutil.Dial(t, addr, "/ws")
	status, _ := refusedJoin(t, addr, "/ws")
	assert.Equal(t, http.StatusServiceUnavailable, status, "the address cap holds for /ws")
	for i := range 5 {
		joinRoom(t, addr, studentPath(c.Room, "s"+string(rune('0'+i))))
	}
	status, body := refusedJoin(t, addr, studentPath(c.Room, "sixth"))
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Contains(t, body, "room is full")

	// The students' own wire views count per room too.
	for range 3 {
		s := testutil.Subscribe(t, "http://"+addr+"/tap?room="+c.Room+"&tap="+testutil.NewTapID(), "")
		assert.Equal(t, "hello", s.Next().Name)
	}
	for range 3 {
		status, _ = refusedJoin(t, addr, studentPath("ZZZZZZ", "guess"))
		assert.Equal(t, http.StatusNotFound, status)
	}
	status, body = refusedJoin(t, addr, teacherPath(c))
	assert.Equal(t, http.StatusTooManyRequests, status, "after 3 wrong codes even the right one waits")
	assert.Contains(t, body, "wrong room codes")
}

// With permessage-deflate agreed a student's frames reach the teacher
// compressed (RSV1 set, as the projector shows), and the broadcast frame is
// the same uncompressed bytes for every student.
func TestRoomWithCompression(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{Deflate: true})
	c := createRoom(t, addr)
	teacher, _ := joinRoom(t, addr, teacherPath(c))
	deflate := func(o *wsclient.Options) { o.Deflate = "permessage-deflate" }
	s, _ := joinRoom(t, addr, studentPath(c.Room, "Z"), deflate)
	plain, _ := joinRoom(t, addr, studentPath(c.Room, "P"))
	_, agreed := s.Deflate()
	require.True(t, agreed)
	require.NoError(t, s.WriteMessage(protocol.OpText, rooms.Say("compress me compress me compress me"), 0))
	m := teacher.until("message")
	assert.Equal(t, "compress me compress me compress me", m.Text)
	frame, err := hex.DecodeString(m.Frames[0])
	require.NoError(t, err)
	h, _, _ := protocol.ParseHeader(frame)
	assert.True(t, h.Rsv1, "compressed: RSV1")
	assert.True(t, h.Masked)

	teacher.command("broadcast", "same for all", 0, false)
	var got [][]byte
	for _, p := range []*roomPeer{s, plain} {
		h, payload, err := p.ReadFrame()
		require.NoError(t, err)
		assert.False(t, h.Rsv1)
		got = append(got, protocol.AppendFrame(nil, protocol.Frame{Header: h, Payload: payload}))
	}
	assert.Equal(t, got[0], got[1])
}

// POST /rooms refuses with a reason: past the rooms of one address (429,
// with Retry-After), and from a page of another origin (403).
func TestCreateRoomRefusals(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{Rooms: RoomLimits{RoomsPerIP: 1}})
	createRoom(t, addr)
	res, err := http.Post("http://"+addr+"/rooms", "", nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	assert.NotEmpty(t, res.Header.Get("Retry-After"))
	assert.Contains(t, testutil.Body(t, res), `"why":"your address has reached its limit of 1 open rooms (-rooms-per-ip); end one first"`)

	req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/rooms", nil)
	require.NoError(t, err)
	req.Header.Set("Origin", "http://evil.example")
	res, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	assert.Contains(t, testutil.Body(t, res), "may not create rooms here")
}

// A student who never reads while the teacher broadcasts is closed with
// 4003 once its queue overflows (or a write times out), and the teacher
// and the other students go on.
func TestRoomSlowReader(t *testing.T) {
	t.Parallel()
	addr, c, teacher, _, welcomes := openRoom(t, Config{WriteTimeout: 300 * time.Millisecond, CloseTimeout: 300 * time.Millisecond,
		Rooms: RoomLimits{Queue: 8, TeacherRate: 1e6}}, "sleepy") // who reads nothing from here on
	sw := welcomes[0]
	text := strings.Repeat("x", 900)
	for i := 0; ; i++ {
		require.Less(t, i, 100_000, "the slow student was never closed")
		teacher.command("broadcast", text, 0, false)
		e := teacher.next()
		if e.Type == "left" {
			assert.Equal(t, sw.You, e.Student)
			assert.Equal(t, int(rooms.CodeTooSlow), e.Code)
			break
		}
	}
	awake, _ := joinRoom(t, addr, studentPath(c.Room, "awake"))
	teacher.until("joined")
	teacher.command("broadcast", "still on", 0, false)
	// Broadcasts the teacher sent before it read "left" may still be on
	// their way, and reach the new student first: in order, all of them.
	for i := 0; ; i++ {
		require.Less(t, i, 100_000, "the room never sent the last broadcast")
		got := awake.until("broadcast").Text
		if got == "still on" {
			break
		}
		require.Equal(t, text, got, "only the earlier broadcasts come before it")
	}
}

// GET /rooms/<code> says whether a page may join, and why not.
func TestRoomStatus(t *testing.T) {
	t.Parallel()
	addr, c, teacher, _, _ := openRoom(t, Config{Rooms: RoomLimits{Students: 1, Misses: 2}}, "only")
	get := func(code string) (int, string) {
		res, err := http.Get("http://" + addr + "/rooms/" + code + "?room=" + code)
		require.NoError(t, err)
		return res.StatusCode, testutil.Body(t, res)
	}
	status, body := get(c.Room)
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Contains(t, body, `"error":"room-full"`)

	teacher.command("remove", "", 1, false)
	teacher.until("left")
	status, body = get(strings.ToLower(c.Room))
	assert.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{"room":"`+c.Room+`","students":0,"seats":1}`, body)

	teacher.command("end", "", 0, false)
	teacher.ExpectClose()
	status, body = get(c.Room)
	assert.Equal(t, http.StatusGone, status)
	assert.Contains(t, body, `"error":"ended"`)

	status, _ = get("ZZZZZZ")
	assert.Equal(t, http.StatusNotFound, status)
	status, _ = get("YYYYYY")
	assert.Equal(t, http.StatusNotFound, status)
	status, body = get(c.Room)
	assert.Equal(t, http.StatusTooManyRequests, status, "wrong codes count here as on /ws")
	assert.Contains(t, body, `"error":"too-many-misses"`)
}

// The QR endpoint takes a code too: its wrong codes count against the
// address like those of /ws?room= and GET /rooms/<code>, so no endpoint
// lets one address guess codes without limit.
func TestRoomQRCountsWrongCodes(t *testing.T) {
	t.Parallel()
	addr, c, _, _, _ := openRoom(t, Config{Rooms: RoomLimits{Misses: 2}}, "only")
	qr := func(code string) int {
		res, err := http.Get("http://" + addr + "/rooms/" + code + "/qr.svg")
		require.NoError(t, err)
		testutil.Body(t, res)
		return res.StatusCode
	}
	assert.Equal(t, http.StatusOK, qr(c.Room))
	assert.Equal(t, http.StatusNotFound, qr("ZZZZZZ"))
	assert.Equal(t, http.StatusNotFound, qr("YYYYYY"))
	assert.Equal(t, http.StatusTooManyRequests, qr(c.Room), "two wrong codes were the limit")
}

// A Host header long enough to make the join link unreadable as a QR code
// gets a 400 that says why, not a code nobody can scan.
func TestRoomQRRefusesAHugeHost(t *testing.T) {
	t.Parallel()
	addr, c, _, _, _ := openRoom(t, Config{}, "only")
	req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/rooms/"+c.Room+"/qr.svg", nil)
	require.NoError(t, err)
	req.Host = strings.Repeat("h", 2000) + ".example"
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Contains(t, testutil.Body(t, res), `"error":"qr-link-too-long"`)
}

// Each refusal says how long to wait, from the limit that caused it: a
// blocked address waits out the whole window of wrong codes, on GET
// /rooms/<code> and on /ws?room= alike.
func TestRoomRefusalsSayWhenToRetry(t *testing.T) {
	t.Parallel()
	addr, c, _, _, _ := openRoom(t, Config{Rooms: RoomLimits{Misses: 1, MissWindow: 7 * time.Minute}})
	res, err := http.Get("http://" + addr + "/rooms/ZZZZZZ?room=ZZZZZZ")
	require.NoError(t, err)
	testutil.Body(t, res)
	require.Equal(t, http.StatusNotFound, res.StatusCode)
	assert.Empty(t, res.Header.Get("Retry-After"), "a wrong code: waiting will not help")

	res, err = http.Get("http://" + addr + "/rooms/" + c.Room + "?room=" + c.Room)
	require.NoError(t, err)
	testutil.Body(t, res)
	require.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	assert.Equal(t, "420", res.Header.Get("Retry-After"))

	ws := testutil.Connect(t, addr)
	ws.Write(protocol.AppendRequest(nil, protocol.NewRequest(protocol.ClientRequest{Host: addr, Path: studentPath(c.Room, "late")})))
	ref := ws.Response()
	assert.Equal(t, http.StatusTooManyRequests, ref.Status)
	assert.Equal(t, []string{"420"}, ref.Headers.Values("Retry-After"))
}
