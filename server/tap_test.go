package server

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/testutil"
)

func TestTapShowsTheWireBytes(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	id := testutil.NewTapID()
	tap := subscribe(t, addr, id)

	// The client's exact bytes, with a header in odd case and an extension
	// offer, as a browser might send them.
	c := testutil.Connect(t, addr)
	key := protocol.NewKey()
	request := "GET /ws?tap=" + id + " HTTP/1.1\r\nHost: " + addr + "\r\nupgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n"
	c.Write([]byte(request))
	require.Equal(t, 101, c.Response().Status)
	hello := c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, []byte("hello"))
	c.Write(hello)
	c.Expect(protocol.OpText, []byte("hello"))
	closing := c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpClose}, protocol.AppendClose(nil, 1000, "done"))
	c.Write(closing)
	c.ExpectClose()

	evs := tap.Until("closed")
	names := make([]string, len(evs))
	for i, ev := range evs {
		names[i] = ev.Name + ":" + ev.From
		assert.NotZero(t, ev.Conn)
		assert.Equal(t, evs[0].Conn, ev.Conn, "one connection")
	}
	require.Equal(t, []string{"request:client", "response:server", "frame:client", "frame:server",
		"frame:client", "frame:server", "closed:"}, names)

	assert.Equal(t, request, string(evs[0].Bytes(t)), "the request exactly as sent")
	assert.Equal(t, request, evs[0].Text)
	assert.False(t, evs[0].Reconstructed)
	assert.Equal(t, "/ws?tap="+id, evs[0].Path)
	assert.Equal(t, string(c.ResponseHead), string(evs[1].Bytes(t)), "the 101 exactly as received")
	assert.Equal(t, hello, evs[2].Bytes(t), "the client's frame, still masked")
	assert.Equal(t, len(hello), evs[2].Size)
	echo := protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText}, Payload: []byte("hello")})
	assert.Equal(t, echo, evs[3].Bytes(t))
	assert.Equal(t, closing, evs[4].Bytes(t))
	d := protocol.Decode(evs[5].Bytes(t), protocol.Limits{From: protocol.FromServer})
	require.Len(t, d.Frames, 1)
	require.NotNil(t, d.Frames[0].Close)
	assert.Equal(t, protocol.StatusNormalClosure, d.Frames[0].Close.Code)
	closed := evs[6]
	assert.Equal(t, 1000, closed.Code)
	assert.Equal(t, "done", closed.Reason)
	assert.Equal(t, "client", closed.By)
	assert.True(t, closed.Clean)
}

// Refused handshakes show on the tap too, with the refusal as sent.
func TestTapShowsRefusals(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	id := testutil.NewTapID()
	tap := subscribe(t, addr, id)
	c := testutil.Connect(t, addr)
	req := protocol.NewRequest(protocol.ClientRequest{Host: addr, Path: "/ws?tap=" + id, Origin: "https://evil.example"})
	c.Write(protocol.AppendRequest(nil, req))
	assert.Equal(t, 403, c.Response().Status)
	evs := tap.Until("closed")
	require.Len(t, evs, 3)
	assert.Equal(t, "request", evs[0].Name)
	assert.Equal(t, "response", evs[1].Name)
	assert.True(t, strings.HasPrefix(evs[1].Text, "HTTP/1.1 403 Forbidden\r\n"), evs[1].Text)
}

// Events go only to the subscriber of the id the connection was opened
// with: other ids, or none, report nothing to it.
func TestTapIsolation(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	mine := testutil.NewTapID()
	tap := subscribe(t, addr, mine)
	for _, target := range []string{"/ws", "/ws?tap=" + testutil.NewTapID(), "/ws?greet=x&tap=" + testutil.NewTapID()} {
		c := testutil.Dial(t, addr, target)
		if strings.Contains(target, "greet") {
			c.Expect(protocol.OpText, []byte("x"))
		}
		c.Send(protocol.OpText, []byte("not for you"))
		c.Expect(protocol.OpText, []byte("not for you"))
	}
	c := testutil.Dial(t, addr, "/ws?tap="+mine)
	c.Send(protocol.OpText, []byte("for you"))
	c.Expect(protocol.OpText, []byte("for you"))
	first := tap.Next()
	assert.Equal(t, "request", first.Name)
	assert.Equal(t, "/ws?tap="+mine, first.Path, "the first event is from the connection with my id")
}

func TestTapOneSubscriberPerID(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	id := testutil.NewTapID()
	first := subscribe(t, addr, id)
	res, err := http.Get("http://" + addr + "/tap?tap=" + id)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusConflict, res.StatusCode)

	// Upper case names the same id.
	res, err = http.Get("http://" + addr + "/tap?tap=" + strings.ToUpper(id))
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusConflict, res.StatusCode)

	// Once the first subscriber leaves, the id is free again.
	first.Close()
	require.Eventually(t, func() bool {
		res, err := http.Get("http://" + addr + "/tap?tap=" + id)
		if err != nil {
			return false
		}
		defer res.Body.Close()
		return res.StatusCode == http.StatusOK
	}, testutil.IOTimeout, 10*time.Millisecond)
}

func TestTapRefusesBadIDs(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{})
	for _, id := range []string{"", "abc", strings.Repeat("g", 32), testutil.NewTapID() + "0", testutil.NewTapID()[:31]} {
		res, err := http.Get("http://" + addr + "/tap?tap=" + id)
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, http.StatusBadRequest, res.StatusCode, id)
	}
}

// A subscriber that does not read loses events, marked where they were
// lost, and the echo does not wait for it: every message comes back while
// the stream is stalled, and every event is either delivered or counted.
func TestTapDropsAreMarked(t *testing.T) {
	t.Parallel()
	// The stalled stream's writes must not time out while the echoes run,
	// however slow the machine: the write timeout here is a hang guard.
	srv, addr, _ := startServer(t, Config{WriteTimeout: 5 * time.Minute})
	id := testutil.NewTapID()
	tap := subscribe(t, addr, id) // and then not read until the echo is done
	c := testutil.Dial(t, addr, "/ws?tap="+id)
	const messages = 3000
	payload := bytes.Repeat([]byte("x"), 4096)
	for range messages {
		c.Send(protocol.OpBinary, payload)
		c.Expect(protocol.OpBinary, payload)
	}
	c.Send(protocol.OpClose, nil)
	c.ExpectClose()
	// Those events went out, were queued or were dropped; even the end of
	// the connection may have been dropped. Read until the queue is empty,
	// then a second connection marks the end of the first one's events.
	var evs []testutil.Event
	sub := srv.taps.Lookup(id)
	require.NotNil(t, sub)
	for sub.Queued() > 0 {
		evs = append(evs, tap.Next())
	}
	c2 := testutil.Dial(t, addr, "/ws?tap="+id+"&sentinel=1")
	c2.Send(protocol.OpClose, nil)
	c2.ExpectClose()
	for {
		ev := tap.Next()
		evs = append(evs, ev)
		if ev.Name == "request" && strings.Contains(ev.Path, "sentinel") {
			break
		}
	}

	first := evs[0].Conn
	delivered, dropped, markers := 0, 0, 0
	for _, ev := range evs {
		switch {
		case ev.Name == "dropped":
			markers++
			dropped += ev.Count
			assert.Positive(t, ev.Count)
		case ev.Conn == first:
			delivered++
		}
	}
	assert.Positive(t, markers, "a stalled subscriber must lose events")
	// request, response, 2 frames per message, 2 close frames, closed.
	assert.Equal(t, 2+2*messages+2+1, delivered+dropped, "every event is delivered or counted")
}

// A frame longer than TapFrameBytes travels cut: its header and the start of
// its payload, with its full size.
func TestTapCutsLongFrames(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{TapFrameBytes: 100})
	id := testutil.NewTapID()
	tap := subscribe(t, addr, id)
	c := testutil.Dial(t, addr, "/ws?tap="+id)
	payload := bytes.Repeat([]byte("0123456789"), 50)
	wire := c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, payload)
	c.Write(wire)
	c.Expect(protocol.OpText, payload)
	var frames []testutil.Event
	for len(frames) < 2 {
		if ev := tap.Next(); ev.Name == "frame" {
			frames = append(frames, ev)
		}
	}
	assert.Equal(t, wire[:100], frames[0].Bytes(t), "the start of the frame, as it travelled")
	assert.Equal(t, len(wire), frames[0].Size)
	assert.True(t, frames[0].Truncated)
	assert.Len(t, frames[1].Bytes(t), 100)
	assert.Equal(t, 4+len(payload), frames[1].Size)
}

// A large echo goes out in one vectored write (header and payload where it
// lies), tapped or not: the tap still shows the frame's first bytes as
// they travelled, with its full size.
func TestTapShowsVectoredFrames(t *testing.T) {
	t.Parallel()
	_, addr, _ := startServer(t, Config{TapFrameBytes: 100})
	id := testutil.NewTapID()
	tap := subscribe(t, addr, id)
	c := testutil.Dial(t, addr, "/ws?tap="+id)
	payload := bytes.Repeat([]byte("0123456789"), 1000) // past ws's vectorMin
	c.Write(c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, payload))
	c.Expect(protocol.OpText, payload)
	var echo testutil.Event
	for echo.Name == "" {
		if ev := tap.Next(); ev.Name == "frame" && ev.From == "server" {
			echo = ev
		}
	}
	want := protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText}, Payload: payload})
	assert.Equal(t, want[:100], echo.Bytes(t), "the echo's header and the start of its payload")
	assert.Equal(t, len(want), echo.Size)
}

// A client may use one keep-alive connection for plain requests and then
// the upgrade, each sent after the last answer or all pipelined in one
// write; the tap still shows the upgrade request alone, exactly.
func TestTapRequestAfterKeepAlive(t *testing.T) {
	t.Parallel()
	for _, pipelined := range []bool{false, true} {
		t.Run("pipelined="+strconv.FormatBool(pipelined), func(t *testing.T) {
			_, addr, _ := startServer(t, Config{})
			id := testutil.NewTapID()
			tap := subscribe(t, addr, id)
			c := testutil.Connect(t, addr)
			health := "GET /healthz HTTP/1.1\r\nHost: " + addr + "\r\n\r\n"
			request := "GET /ws?tap=" + id + " HTTP/1.1\r\nHost: " + addr + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
				"Sec-WebSocket-Key: " + protocol.NewKey() + "\r\nSec-WebSocket-Version: 13\r\n\r\n"
			answers := 1
			if pipelined {
				c.Write([]byte(health + health + request))
				answers = 2
			} else {
				c.Write([]byte(health))
			}
			for range answers {
				res := c.Response()
				require.Equal(t, 200, res.Status)
				require.Equal(t, "ok", res.Body)
			}
			if !pipelined {
				c.Write([]byte(request))
			}
			require.Equal(t, 101, c.Response().Status)
			ev := tap.Next()
			require.Equal(t, "request", ev.Name)
			assert.Equal(t, request, string(ev.Bytes(t)))
			assert.False(t, ev.Reconstructed)
		})
	}
}

// One visitor cannot watch another's connection: a second subscriber to an
// id is refused and the first keeps its events; a page from a foreign
// origin cannot read the stream; and ids never reach the logs, where an
// operator (or a log collector) could read them.
func TestTapPrivacy(t *testing.T) {
	t.Parallel()
	logs := &testutil.LockedBuffer{}
	_, addr, _ := startServer(t, Config{Origins: []string{"https://docs.example.org"}, Logger: textLogger(logs)})
	id := testutil.NewTapID()
	owner := subscribe(t, addr, id)

	res, err := http.Get("http://" + addr + "/tap?tap=" + id)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusConflict, res.StatusCode, "a second subscriber is refused")

	c := testutil.Dial(t, addr, "/ws?tap="+id)
	c.Send(protocol.OpText, []byte("private"))
	c.Expect(protocol.OpText, []byte("private"))
	evs := owner.Until("frame")
	assert.Equal(t, "request", evs[0].Name, "the owner still hears its own connection")
	d := protocol.Decode(evs[len(evs)-1].Bytes(t), protocol.Limits{From: protocol.FromClient})
	require.Len(t, d.Frames, 1)
	assert.Equal(t, "private", string(d.Frames[0].Payload), "the client's frame reached the owner")

	for origin, want := range map[string]int{"https://evil.example": http.StatusForbidden, "https://docs.example.org": http.StatusOK} {
		req, err := http.NewRequest("GET", "http://"+addr+"/tap?tap="+testutil.NewTapID(), nil)
		require.NoError(t, err)
		req.Header.Set("Origin", origin)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, want, res.StatusCode, origin)
		if want == http.StatusOK {
			assert.Equal(t, origin, res.Header.Get("Access-Control-Allow-Origin"))
		} else {
			assert.Empty(t, res.Header.Get("Access-Control-Allow-Origin"), "a foreign page may not read the stream")
		}
	}

	logs.WaitFor(t, "websocket open")
	assert.NotContains(t, logs.String(), id, "tap ids stay out of the logs")
}
