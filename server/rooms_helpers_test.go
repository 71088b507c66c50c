package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/server/internal/wsclient"
	"github.com/wsplay/wsplay/server/rooms"
)

// createRoom is POST /rooms, which must succeed.
func createRoom(t testing.TB, addr string) roomCreated {
	t.Helper()
	res, err := http.Post("http://"+addr+"/rooms", "", nil)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var c roomCreated
	require.NoError(t, json.NewDecoder(res.Body).Decode(&c))
	return c
}

// roomPeer is a student or a teacher on the raw client.
type roomPeer struct{ *testutil.Client }

func studentPath(code, name string) string {
	return "/ws?room=" + code + "&name=" + url.QueryEscape(name)
}

func teacherPath(c roomCreated) string { return "/ws?room=" + c.Room + "&secret=" + c.Secret }

// joinRoom opens target and reads the welcome; the connection is cut at
// the end of the test.
func joinRoom(t testing.TB, addr, target string, opts ...func(*wsclient.Options)) (*roomPeer, rooms.Event) {
	t.Helper()
	p, w := dialRoom(t, addr, target, opts...)
	t.Cleanup(func() { _ = p.Abort() })
	return p, w
}

// dialRoom is joinRoom for a caller that cuts the connection itself.
func dialRoom(t testing.TB, addr, target string, opts ...func(*wsclient.Options)) (*roomPeer, rooms.Event) {
	t.Helper()
	o := wsclient.Options{Addr: addr, Path: target, Timeout: testutil.IOTimeout}
	for _, f := range opts {
		f(&o)
	}
	c, err := wsclient.Dial(context.Background(), o)
	require.NoError(t, err)
	p := &roomPeer{testutil.Wrap(t, c)}
	w := p.next()
	require.Equal(t, "welcome", w.Type, "%+v", w)
	return p, w
}

// refusedJoin opens target and returns the refusal's status and body.
func refusedJoin(t testing.TB, addr, target string) (int, string) {
	t.Helper()
	c := testutil.Connect(t, addr)
	c.Write(protocol.AppendRequest(nil, protocol.NewRequest(protocol.ClientRequest{Host: addr, Path: target})))
	res := c.Response()
	return res.Status, res.Body
}

// next reads the next message as an Event.
func (p *roomPeer) next() rooms.Event {
	p.T.Helper()
	op, b, err := p.ReadMessage()
	require.NoError(p.T, err)
	require.Equal(p.T, protocol.OpText, op)
	var e rooms.Event
	require.NoError(p.T, json.Unmarshal(b, &e), "%s", b)
	return e
}

// until reads events until one of type typ, and returns it.
func (p *roomPeer) until(typ string) rooms.Event {
	p.T.Helper()
	for {
		if e := p.next(); e.Type == typ {
			return e
		}
	}
}

func (p *roomPeer) say(text string) { p.Send(protocol.OpText, rooms.Say(text)) }

func (p *roomPeer) command(kind, text string, student uint64, on bool) {
	p.Send(protocol.OpText, rooms.Command(kind, text, student, on))
}

// openRoom starts a server with cfg, creates a room, joins the teacher and
// then one student per name, each seen joining by the teacher.
func openRoom(t testing.TB, cfg Config, names ...string) (addr string, c roomCreated, teacher *roomPeer, students []*roomPeer, welcomes []rooms.Event) {
	t.Helper()
	_, addr, _ = startServer(t, cfg)
	c = createRoom(t, addr)
	teacher, _ = joinRoom(t, addr, teacherPath(c))
	for _, name := range names {
		s, w := joinRoom(t, addr, studentPath(c.Room, name))
		teacher.until("joined")
		students, welcomes = append(students, s), append(welcomes, w)
	}
	return addr, c, teacher, students, welcomes
}
