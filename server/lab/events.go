package lab

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/wsplay/wsplay/protocol"
)

// The lines of an experiment. Field names follow the tap's events
// (server/tap/format.go) where they mean the same: t (Unix microseconds),
// from, size, text, hex, and the close's by.

// headEvent is the request as sent or the response as received.
type headEvent struct {
	Type   string `json:"type"` // "request" or "response"
	T      int64  `json:"t"`
	From   string `json:"from"`
	Size   int    `json:"size"`
	Status int    `json:"status,omitempty"` // response: the HTTP status, 0 if unreadable
	Text   string `json:"text"`
	Hex    string `json:"hex"`
}

// writeEvent is one write of the learner's bytes.
type writeEvent struct {
	Type   string `json:"type"` // "write"
	T      int64  `json:"t"`
	From   string `json:"from"`
	Part   string `json:"part"`   // "request" or "bytes"
	Offset int    `json:"offset"` // of the piece within its part
	Size   int    `json:"size"`
	Hex    string `json:"hex"`
}

// frameEvent is one frame the server sent, decoded by the core.
type frameEvent struct {
	Type       string   `json:"type"` // "frame"
	T          int64    `json:"t"`
	From       string   `json:"from"`
	Size       int      `json:"size"`
	Hex        string   `json:"hex"`
	Fin        bool     `json:"fin"`
	Opcode     string   `json:"opcode"`
	Length     uint64   `json:"length"`
	Text       string   `json:"text,omitempty"`       // the payload, when it is valid UTF-8
	Code       int      `json:"code,omitempty"`       // a close frame's status code
	Reason     string   `json:"reason,omitempty"`     // and its reason
	Compressed bool     `json:"compressed,omitempty"` // RSV1 on its message's first frame: Text is inflated (RFC 7692)
	Violations []string `json:"violations,omitempty"`
}

// closedEvent is the end of the TCP connection.
type closedEvent struct {
	Type  string `json:"type"` // "closed"
	T     int64  `json:"t"`
	By    string `json:"by"` // "server", "client" (the lab hung up) or "timeout"
	Error string `json:"error,omitempty"`
}

// summary is the last line.
type summary struct {
	Type        string `json:"type"` // "summary"
	Status      int    `json:"status"`
	CloseCode   int    `json:"closeCode"`
	CloseReason string `json:"closeReason"`
	ClosedBy    string `json:"closedBy"`
	Rule        string `json:"rule"`
}

func micros(t time.Time) int64 { return t.UnixMicro() }

func headOf(kind string, from protocol.Role, status int, b []byte) headEvent {
	return headEvent{Type: kind, T: micros(time.Now()), From: from.String(), Size: len(b), Status: status,
		Text: string(b), Hex: hex.EncodeToString(b)}
}

// frameOf decodes one whole server frame with the core.
func frameOf(b []byte) frameEvent {
	ev := frameEvent{Type: "frame", T: micros(time.Now()), From: protocol.FromServer.String(), Size: len(b), Hex: hex.EncodeToString(b)}
	d := protocol.Decode(b, protocol.Limits{From: protocol.FromServer, MaxPayload: uint64(len(b))})
	if len(d.Frames) == 0 {
		return ev
	}
	f := d.Frames[0]
	ev.Fin, ev.Opcode, ev.Length = f.Header.Fin, f.Header.Opcode.String(), f.Header.Length
	if f.TextValid && f.Header.Opcode != protocol.OpClose {
		ev.Text = f.Text
	}
	if f.Close != nil {
		ev.Code, ev.Reason = int(f.Close.Code), f.Close.Reason
	}
	for _, v := range f.Violations {
		ev.Violations = append(ev.Violations, v.Rule.ID)
	}
	return ev
}

// ruleNamed is the id of the rule that text names first, as the server's
// close reasons ("text-invalid-utf8 (RFC 6455 …") and refusal bodies
// ("wsplay: handshake-version: …") do; "" when it names none of the core's.
func ruleNamed(text string) string {
	text = strings.TrimPrefix(strings.TrimSpace(text), "wsplay: ")
	end := strings.IndexFunc(text, func(r rune) bool { return !(r == '-' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') })
	if end >= 0 {
		text = text[:end]
	}
	for _, r := range protocol.Rules() {
		if r.ID == text {
			return text
		}
	}
	return ""
}

// stream writes the lines, each flushed as it happens; a lab client that
// stops reading gets WriteTimeout per line, then the experiment ends.
type stream struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
	err     error
}

func newStream(w http.ResponseWriter, timeout time.Duration) *stream {
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	return &stream{w: w, rc: http.NewResponseController(w), timeout: timeout}
}

// line writes v as one line; after a failed write it writes nothing more.
func (s *stream) line(v any) error {
	if s.err != nil {
		return s.err
	}
	b, err := json.Marshal(v)
	if err != nil {
		s.err = err
		return err
	}
	_ = s.rc.SetWriteDeadline(time.Now().Add(s.timeout)) // unsupported by some writers (tests); then no deadline
	if _, err := s.w.Write(append(b, '\n')); err != nil {
		s.err = err
		return err
	}
	if err := s.rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
		s.err = err
	}
	return s.err
}

func hexOf(b []byte) string { return hex.EncodeToString(b) }

// cutBody splits an HTTP message at the blank line after its head.
func cutBody(msg string) (head, body string, ok bool) {
	return strings.Cut(msg, "\r\n\r\n")
}
