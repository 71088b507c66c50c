package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

// sseEvent is one event of the /tap stream, with the fields tests look at.
type sseEvent struct {
	Name          string
	Conn          uint64 `json:"conn"`
	From          string `json:"from"`
	Hex           string `json:"hex"`
	Text          string `json:"text"`
	Path          string `json:"path"`
	Size          int    `json:"size"`
	Reconstructed bool   `json:"reconstructed"`
	Code          int    `json:"code"`
	Reason        string `json:"reason"`
	By            string `json:"by"`
	Clean         bool   `json:"clean"`
	Count         int    `json:"count"`
	Truncated     bool   `json:"truncated"`
	Tap           string `json:"tap"`
	MaxMessage    int    `json:"maxMessage"`
}

func (e sseEvent) bytes(t testing.TB) []byte {
	b, err := hex.DecodeString(e.Hex)
	require.NoError(t, err)
	return b
}

// newTapID makes up an id the way the page does: 128 random bits.
func newTapID() string { return hex.EncodeToString(randomBytes(16)) }

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// tapStream reads /tap?tap=id. Events are read from the socket only as the
// test takes them, so a test can stall the subscriber.
type tapStream struct {
	t      testing.TB
	res    *http.Response
	events chan sseEvent
}

func subscribe(t testing.TB, addr, id string) *tapStream {
	t.Helper()
	res, err := http.Get("http://" + addr + "/tap?tap=" + id)
	require.NoError(t, err)
	t.Cleanup(func() { res.Body.Close() })
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "text/event-stream; charset=utf-8", res.Header.Get("Content-Type"))
	s := &tapStream{t: t, res: res, events: make(chan sseEvent)}
	go s.read()
	hello := s.next()
	require.Equal(t, "hello", hello.Name)
	require.Equal(t, id, hello.Tap)
	return s
}

// read parses the stream into events; comments are skipped.
func (s *tapStream) read() {
	defer close(s.events)
	sc := bufio.NewScanner(s.res.Body)
	sc.Buffer(nil, 8<<20)
	var ev sseEvent
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			ev.Name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev); err != nil {
				ev.Name = "bad json: " + err.Error()
			}
		case line == "" && ev.Name != "":
			s.events <- ev
			ev = sseEvent{}
		}
	}
}

// next returns the next event.
func (s *tapStream) next() sseEvent {
	s.t.Helper()
	select {
	case ev, ok := <-s.events:
		if !ok {
			return sseEvent{Name: "end of stream"}
		}
		return ev
	case <-time.After(ioTimeout):
		s.t.Fatal("no tap event")
		return sseEvent{}
	}
}

// until collects events up to and including the first one named name.
func (s *tapStream) until(name string) []sseEvent {
	s.t.Helper()
	var evs []sseEvent
	for {
		ev := s.next()
		require.NotEqual(s.t, "end of stream", ev.Name)
		evs = append(evs, ev)
		if ev.Name == name {
			return evs
		}
	}
}

func TestTapShowsTheWireBytes(t *testing.T) {
	_, addr, _ := startApp(t, config{})
	id := newTapID()
	tap := subscribe(t, addr, id)

	// The client's exact bytes, with a header in odd case and an extension
	// offer, as a browser might send them.
	c := dialHTTP(t, addr)
	key := protocol.NewKey()
	request := "GET /ws?tap=" + id + " HTTP/1.1\r\nHost: " + addr + "\r\nupgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n"
	c.write([]byte(request))
	require.Equal(t, 101, c.readResponse().Status)
	hello := c.frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, []byte("hello"))
	c.write(hello)
	c.expect(protocol.OpText, []byte("hello"))
	closing := c.frame(protocol.Header{Fin: true, Opcode: protocol.OpClose}, protocol.AppendClose(nil, 1000, "done"))
	c.write(closing)
	c.expectClose()

	evs := tap.until("closed")
	names := make([]string, len(evs))
	for i, ev := range evs {
		names[i] = ev.Name + ":" + ev.From
		assert.NotZero(t, ev.Conn)
		assert.Equal(t, evs[0].Conn, ev.Conn, "one connection")
	}
	require.Equal(t, []string{"request:client", "response:server", "frame:client", "frame:server",
		"frame:client", "frame:server", "closed:"}, names)

	assert.Equal(t, request, string(evs[0].bytes(t)), "the request exactly as sent")
	assert.Equal(t, request, evs[0].Text)
	assert.False(t, evs[0].Reconstructed)
	assert.Equal(t, "/ws?tap="+id, evs[0].Path)
	assert.Equal(t, string(c.head), string(evs[1].bytes(t)), "the 101 exactly as received")
	assert.Equal(t, hello, evs[2].bytes(t), "the client's frame, still masked")
	assert.Equal(t, len(hello), evs[2].Size)
	echo := protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText}, Payload: []byte("hello")})
	assert.Equal(t, echo, evs[3].bytes(t))
	assert.Equal(t, closing, evs[4].bytes(t))
	d := protocol.Decode(evs[5].bytes(t), protocol.Limits{From: protocol.FromServer})
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
	_, addr, _ := startApp(t, config{})
	id := newTapID()
	tap := subscribe(t, addr, id)
	c := dialHTTP(t, addr)
	req := protocol.NewRequest(protocol.ClientRequest{Host: addr, Path: "/ws?tap=" + id, Origin: "https://evil.example"})
	c.write(protocol.AppendRequest(nil, req))
	assert.Equal(t, 403, c.readResponse().Status)
	evs := tap.until("closed")
	require.Len(t, evs, 3)
	assert.Equal(t, "request", evs[0].Name)
	assert.Equal(t, "response", evs[1].Name)
	assert.True(t, strings.HasPrefix(evs[1].Text, "HTTP/1.1 403 Forbidden\r\n"), evs[1].Text)
}

// Events go only to the subscriber of the id the connection was opened
// with: other ids, or none, report nothing to it.
func TestTapIsolation(t *testing.T) {
	_, addr, _ := startApp(t, config{})
	mine := newTapID()
	tap := subscribe(t, addr, mine)
	for _, target := range []string{"/ws", "/ws?tap=" + newTapID(), "/ws?greet=x&tap=" + newTapID()} {
		c := dial(t, addr, target)
		if strings.Contains(target, "greet") {
			c.expect(protocol.OpText, []byte("x"))
		}
		c.send(protocol.OpText, []byte("not for you"))
		c.expect(protocol.OpText, []byte("not for you"))
	}
	c := dial(t, addr, "/ws?tap="+mine)
	c.send(protocol.OpText, []byte("for you"))
	c.expect(protocol.OpText, []byte("for you"))
	first := tap.next()
	assert.Equal(t, "request", first.Name)
	assert.Equal(t, "/ws?tap="+mine, first.Path, "the first event is from the connection with my id")
}

func TestTapOneSubscriberPerID(t *testing.T) {
	_, addr, _ := startApp(t, config{})
	id := newTapID()
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
	first.res.Body.Close()
	require.Eventually(t, func() bool {
		res, err := http.Get("http://" + addr + "/tap?tap=" + id)
		if err != nil {
			return false
		}
		defer res.Body.Close()
		return res.StatusCode == http.StatusOK
	}, ioTimeout, 10*time.Millisecond)
}

func TestTapRefusesBadIDs(t *testing.T) {
	_, addr, _ := startApp(t, config{})
	for _, id := range []string{"", "abc", strings.Repeat("g", 32), newTapID() + "0", newTapID()[:31]} {
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
	a, addr, _ := startApp(t, config{})
	id := newTapID()
	tap := subscribe(t, addr, id) // and then not read until the echo is done
	c := dial(t, addr, "/ws?tap="+id)
	const messages = 3000
	payload := bytes.Repeat([]byte("x"), 4096)
	for range messages {
		c.send(protocol.OpBinary, payload)
		c.expect(protocol.OpBinary, payload)
	}
	c.send(protocol.OpClose, nil)
	c.expectClose()
	// Those events went out, were queued or were dropped; even the end of
	// the connection may have been dropped. Read until the queue is empty,
	// then a second connection marks the end of the first one's events.
	var evs []sseEvent
	sub := a.taps.lookup(id)
	require.NotNil(t, sub)
	for {
		sub.mu.Lock()
		empty := len(sub.queue) == 0
		sub.mu.Unlock()
		if empty {
			break
		}
		evs = append(evs, tap.next())
	}
	c2 := dial(t, addr, "/ws?tap="+id+"&sentinel=1")
	c2.send(protocol.OpClose, nil)
	c2.expectClose()
	for {
		ev := tap.next()
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

func TestTapQueueMarksDrops(t *testing.T) {
	s := &tapSub{notify: make(chan struct{}, 1)}
	now := time.Now()
	for i := range tapMaxEvents + 5 {
		s.publish(tapEvent{kind: tapFrame, conn: uint64(i), at: now}, []byte{1}, nil)
	}
	q := s.take()
	require.Len(t, q, tapMaxEvents+1)
	assert.Equal(t, tapDropped, q[tapMaxEvents].kind)
	assert.Equal(t, 5, q[tapMaxEvents].dropped)

	// After the queue drained, events flow again after the marker.
	s.publish(tapEvent{kind: tapFrame, at: now}, []byte{2}, func(b []byte) { b[0]++ })
	q = s.take()
	require.Len(t, q, 1)
	assert.Equal(t, tapFrame, q[0].kind)
	assert.Equal(t, []byte{3}, q[0].data, "a copy, edited by fix")

	// Bytes are bounded too: one frame bigger than the budget is dropped.
	s.publish(tapEvent{kind: tapFrame, at: now}, make([]byte, tapMaxBytes+1), nil)
	q = s.take()
	require.Len(t, q, 1)
	assert.Equal(t, tapDropped, q[0].kind)
}

func TestTapEventFormat(t *testing.T) {
	at := time.UnixMicro(1700000000123456)
	got := string(appendTapEvent(nil, tapEvent{kind: tapFrame, conn: 7, at: at, from: protocol.FromClient,
		data: []byte{0x81, 0x80, 1, 2, 3, 4}, size: 6}))
	assert.Equal(t, "event: frame\ndata: {\"t\":1700000000123456,\"conn\":7,\"from\":\"client\",\"size\":6,\"hex\":\"818001020304\"}\n\n", got)
	got = string(appendTapEvent(nil, tapEvent{kind: tapDropped, at: at, dropped: 3}))
	assert.Equal(t, "event: dropped\ndata: {\"t\":1700000000123456,\"count\":3}\n\n", got)
	got = string(appendTapEvent(nil, tapEvent{kind: tapClosed, conn: 1, at: at, more: &tapDetails{code: 1002, reason: "bad \"x\"", by: "server"}}))
	assert.Contains(t, got, `"code":1002,"reason":"bad \"x\"","by":"server","clean":false`)
}

// A frame longer than TapFrameBytes travels cut: its header and the start of
// its payload, with its full size.
func TestTapCutsLongFrames(t *testing.T) {
	_, addr, _ := startApp(t, config{TapFrameBytes: 100})
	id := newTapID()
	tap := subscribe(t, addr, id)
	c := dial(t, addr, "/ws?tap="+id)
	payload := bytes.Repeat([]byte("0123456789"), 50)
	wire := c.frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, payload)
	c.write(wire)
	c.expect(protocol.OpText, payload)
	var frames []sseEvent
	for len(frames) < 2 {
		if ev := tap.next(); ev.Name == "frame" {
			frames = append(frames, ev)
		}
	}
	assert.Equal(t, wire[:100], frames[0].bytes(t), "the start of the frame, as it travelled")
	assert.Equal(t, len(wire), frames[0].Size)
	assert.True(t, frames[0].Truncated)
	assert.Len(t, frames[1].bytes(t), 100)
	assert.Equal(t, 4+len(payload), frames[1].Size)
}

// A client may use one keep-alive connection for plain requests and then
// the upgrade, each sent after the last answer or all pipelined in one
// write; the tap still shows the upgrade request alone, exactly.
func TestTapRequestAfterKeepAlive(t *testing.T) {
	for _, pipelined := range []bool{false, true} {
		t.Run("pipelined="+strconv.FormatBool(pipelined), func(t *testing.T) {
			_, addr, _ := startApp(t, config{})
			id := newTapID()
			tap := subscribe(t, addr, id)
			c := dialHTTP(t, addr)
			health := "GET /healthz HTTP/1.1\r\nHost: " + addr + "\r\n\r\n"
			request := "GET /ws?tap=" + id + " HTTP/1.1\r\nHost: " + addr + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
				"Sec-WebSocket-Key: " + protocol.NewKey() + "\r\nSec-WebSocket-Version: 13\r\n\r\n"
			answers := 1
			if pipelined {
				c.write([]byte(health + health + request))
				answers = 2
			} else {
				c.write([]byte(health))
			}
			for range answers {
				res := c.readResponse()
				require.Equal(t, 200, res.Status)
				require.Equal(t, "ok", res.Body)
			}
			if !pipelined {
				c.write([]byte(request))
			}
			require.Equal(t, 101, c.readResponse().Status)
			ev := tap.next()
			require.Equal(t, "request", ev.Name)
			assert.Equal(t, request, string(ev.bytes(t)))
			assert.False(t, ev.Reconstructed)
		})
	}
}

// Without the recording listener (a bare httptest server), the request is
// rebuilt from what net/http parsed, and says so.
func TestRequestRebuilt(t *testing.T) {
	r := httptest.NewRequest("GET", "/ws?x=1", nil)
	r.Host = "example.org"
	r.Header.Set("Upgrade", "websocket")
	r.Header.Set("Connection", "Upgrade")
	r.Header.Set("Sec-Websocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
	r.Header.Set("Sec-Websocket-Version", "13")
	req, head, exact, err := requestOf(nil, r)
	require.NoError(t, err)
	assert.False(t, exact)
	assert.Equal(t, "GET /ws?x=1 HTTP/1.1\r\nHost: example.org\r\nConnection: Upgrade\r\nSec-Websocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"+
		"Sec-Websocket-Version: 13\r\nUpgrade: websocket\r\n\r\n", string(head))
	up, err := protocol.CheckRequest(&req)
	require.NoError(t, err)
	assert.Equal(t, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", up.Accept)
}

// headOf finds the upgrade request in a connection's recorded bytes by where
// it ends, whatever came before it on a keep-alive connection and whatever
// the client sent right behind it.
func TestHeadOf(t *testing.T) {
	head := "GET /ws?x=1 HTTP/1.1\r\nHost: example.org\r\nUpgrade: websocket\r\n\r\n"
	frame := string(protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText, Masked: true, MaskKey: [4]byte{1, 2, 3, 4}}, Payload: []byte("hi")}))
	r := httptest.NewRequest("GET", "/ws?x=1", nil)
	for _, tc := range []struct {
		name, recorded string
		pending        int
		want           string
	}{
		{"the head alone", head, 0, head},
		{"a frame pipelined behind it", head + frame, len(frame), head},
		{"an earlier request on the connection", "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n" + head, 0, head},
		{"an earlier request to the same target", head + head, 0, head},
		{"the tail of an earlier request only", "lthz HTTP/1.1\r\nHost: h\r\n\r\n" + head, 0, head},
		{"an earlier body that looks like a request", "POST /x HTTP/1.1\r\nContent-Length: 66\r\n\r\n" + head + head, 0, head},
		{"LF line ends", "GET /ws?x=1 HTTP/1.1\nHost: h\n\n", 0, "GET /ws?x=1 HTTP/1.1\nHost: h\n\n"},
		{"another target", "GET /other HTTP/1.1\r\nHost: h\r\n\r\n", 0, ""},
		{"the start was not kept", head[5:], 0, ""},
		{"the head is still incomplete", head[:20], 0, ""},
		{"nothing but read-ahead", frame, len(frame), ""},
		{"more read-ahead than bytes", head, len(head) + 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := headOf([]byte(tc.recorded), tc.pending, r)
			if tc.want == "" {
				assert.Nil(t, got)
				return
			}
			assert.Equal(t, tc.want, string(got))
			assert.Equal(t, len(got), cap(got), "the head cannot grow into the bytes after it")
		})
	}
}

// The recording keeps enough of a long-lived connection to hold a head that
// arrives after many requests, and stays bounded while it does.
func TestRecordingBounded(t *testing.T) {
	server, client := net.Pipe()
	defer client.Close()
	const limit = 2 * readAhead
	rc := &recordingConn{Conn: server, limit: limit, on: true}
	chunk := []byte(strings.Repeat("0123456789", 100))
	go func() {
		for i := 0; i < 50; i++ {
			_, _ = client.Write(chunk)
		}
	}()
	buf := make([]byte, 700)
	for read := 0; read < 50*len(chunk); {
		n, err := rc.Read(buf)
		require.NoError(t, err)
		read += n
		require.LessOrEqual(t, len(rc.rec), 2*limit)
	}
	assert.GreaterOrEqual(t, len(rc.rec), limit, "at least limit bytes of history")
	assert.True(t, strings.HasSuffix(string(rc.rec), string(chunk)), "the newest bytes are kept")
	rc.forget()
	assert.Len(t, rc.rec, readAhead, "between requests only what may be the next request is kept")
	assert.LessOrEqual(t, cap(rc.rec), 2*readAhead, "and the large buffer is let go")
	kept := string(rc.rec)
	assert.Equal(t, kept, string(rc.stop()))
	assert.Nil(t, rc.rec)
}

// One visitor cannot watch another's connection: a second subscriber to an
// id is refused and the first keeps its events; a page from a foreign
// origin cannot read the stream; and ids never reach the logs, where an
// operator (or a log collector) could read them.
func TestTapPrivacy(t *testing.T) {
	logs := &syncBuffer{}
	_, addr, _ := startApp(t, config{Origins: []string{"https://docs.example.org"}, Logger: newLogger(logs, config{LogFormat: "text"})})
	id := newTapID()
	owner := subscribe(t, addr, id)

	res, err := http.Get("http://" + addr + "/tap?tap=" + id)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusConflict, res.StatusCode, "a second subscriber is refused")

	c := dial(t, addr, "/ws?tap="+id)
	c.send(protocol.OpText, []byte("private"))
	c.expect(protocol.OpText, []byte("private"))
	evs := owner.until("frame")
	assert.Equal(t, "request", evs[0].Name, "the owner still hears its own connection")
	d := protocol.Decode(evs[len(evs)-1].bytes(t), protocol.Limits{From: protocol.FromClient})
	require.Len(t, d.Frames, 1)
	assert.Equal(t, "private", string(d.Frames[0].Payload), "the client's frame reached the owner")

	for origin, want := range map[string]int{"https://evil.example": http.StatusForbidden, "https://docs.example.org": http.StatusOK} {
		req, err := http.NewRequest("GET", "http://"+addr+"/tap?tap="+newTapID(), nil)
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

	logs.waitFor(t, "websocket open")
	assert.NotContains(t, logs.String(), id, "tap ids stay out of the logs")
}
