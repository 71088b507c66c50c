package testutil

import (
	"bufio"
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

// Event is one Server-Sent Event of the tap: its name, its data, and the
// fields of the data's JSON that tests read.
type Event struct {
	Name string
	Data string // the data lines, joined with newlines
	TapFields
}

// TapFields are the JSON fields of the tap's events (see the README's table).
type TapFields struct {
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

// Bytes are the event's raw bytes (its hex field).
func (e Event) Bytes(t testing.TB) []byte {
	t.Helper()
	b, err := hex.DecodeString(e.Hex)
	require.NoError(t, err)
	return b
}

// Frame decodes the event's bytes with the core, as a frame from its
// sender, and requires one whole frame.
func (e Event) Frame(t testing.TB) protocol.DecodedFrame {
	t.Helper()
	return DecodeFrame(t, e.Bytes(t), e.From)
}

// DecodeFrame decodes raw as one whole frame sent by from ("client" or
// "server") and requires that it breaks no rule.
func DecodeFrame(t testing.TB, raw []byte, from string) protocol.DecodedFrame {
	t.Helper()
	role := protocol.FromClient
	if from == "server" {
		role = protocol.FromServer
	}
	d := protocol.Decode(raw, protocol.Limits{From: role})
	require.Len(t, d.Frames, 1, "one frame in % x", raw)
	require.Empty(t, d.Violations)
	return d.Frames[0]
}

// Stream reads an event stream as the test takes its events: events not
// yet taken stay in the socket, so a test can stall the subscriber.
type Stream struct {
	t      testing.TB
	res    *http.Response
	cancel context.CancelFunc
	events chan Event
}

// Subscribe opens url (an event stream) with origin ("" for none) and
// requires 200.
func Subscribe(t testing.TB, url, origin string) *Stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "text/event-stream")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		require.NoError(t, err)
	}
	s := StreamOf(t, res)
	s.cancel = cancel
	return s
}

// StreamOf reads the event stream res, which must be a 200; it is closed at
// the end of the test.
func StreamOf(t testing.TB, res *http.Response) *Stream {
	t.Helper()
	s := &Stream{t: t, res: res, cancel: func() {}, events: make(chan Event)}
	t.Cleanup(s.Close)
	if res.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(res.Body, 1024))
		t.Fatalf("%s: %s", res.Status, body)
	}
	require.Equal(t, "text/event-stream; charset=utf-8", res.Header.Get("Content-Type"))
	go s.read()
	return s
}

// read parses the stream (the event-stream format of the HTML standard:
// "field: value" lines, a blank line ends an event, ":" starts a comment).
func (s *Stream) read() {
	defer close(s.events)
	sc := bufio.NewScanner(s.res.Body)
	sc.Buffer(nil, 8<<20)
	var ev Event
	var data []string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if ev.Name != "" || data != nil {
				ev.Data = strings.Join(data, "\n")
				if err := json.Unmarshal([]byte(ev.Data), &ev.TapFields); err != nil {
					ev.Name = "bad json: " + err.Error()
				}
				s.events <- ev
			}
			ev, data = Event{}, nil
		case strings.HasPrefix(line, ":"):
		default:
			field, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch field {
			case "event":
				ev.Name = value
			case "data":
				data = append(data, value)
			}
		}
	}
}

// Next returns the next event, failing the test when none comes within
// IOTimeout; at the end of the stream its name is "end of stream".
func (s *Stream) Next() Event {
	s.t.Helper()
	ev, ok := s.NextWithin(IOTimeout)
	if !ok {
		s.t.Fatal("no tap event")
	}
	return ev
}

// NextWithin returns the next event, or false when none came within d.
func (s *Stream) NextWithin(d time.Duration) (Event, bool) {
	select {
	case ev, ok := <-s.events:
		if !ok {
			return Event{Name: "end of stream"}, true
		}
		return ev, true
	case <-time.After(d):
		return Event{}, false
	}
}

// Until collects events up to and including the first one named name.
func (s *Stream) Until(name string) []Event {
	s.t.Helper()
	var evs []Event
	for {
		ev := s.Next()
		require.NotEqual(s.t, "end of stream", ev.Name)
		evs = append(evs, ev)
		if ev.Name == name {
			return evs
		}
	}
}

// Close ends the stream.
func (s *Stream) Close() {
	s.cancel()
	s.res.Body.Close()
}
