package nginxtest

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// sseEvent is one Server-Sent Event: its name and its data lines joined.
type sseEvent struct {
	name, data string
}

// sseStream reads events from a text/event-stream response as they come.
type sseStream struct {
	res    *http.Response
	cancel context.CancelFunc
	events chan sseEvent
}

func openSSE(t *testing.T, url, origin string) *sseStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Origin", origin)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	if res.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(res.Body, 1024))
		res.Body.Close()
		cancel()
		t.Fatalf("GET %s: %s: %s", url, res.Status, body)
	}
	require.True(t, strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream"), res.Header.Get("Content-Type"))
	s := &sseStream{res: res, cancel: cancel, events: make(chan sseEvent, 64)}
	go s.read()
	t.Cleanup(s.close)
	return s
}

// read parses the stream (the event-stream format of the HTML standard:
// "field: value" lines, a blank line ends an event, ":" starts a comment).
func (s *sseStream) read() {
	defer close(s.events)
	sc := bufio.NewScanner(s.res.Body)
	sc.Buffer(nil, 8<<20)
	var ev sseEvent
	var data []string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if ev.name != "" || data != nil {
				ev.data = strings.Join(data, "\n")
				s.events <- ev
			}
			ev, data = sseEvent{}, nil
		case strings.HasPrefix(line, ":"):
		default:
			field, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch field {
			case "event":
				ev.name = value
			case "data":
				data = append(data, value)
			}
		}
	}
}

// next returns the next event, or false when none came within d.
func (s *sseStream) next(d time.Duration) (sseEvent, bool) {
	select {
	case ev, ok := <-s.events:
		return ev, ok
	case <-time.After(d):
		return sseEvent{}, false
	}
}

func (s *sseStream) close() {
	s.cancel()
	s.res.Body.Close()
}
