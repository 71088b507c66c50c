package rooms

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/wsplay/wsplay/protocol"
)

// Application close codes (RFC 6455 section 7.4.2: 4000-4999 are private).
const (
	CodeRemoved  protocol.StatusCode = 4001 // removed by the teacher
	CodeFull     protocol.StatusCode = 4002 // the room filled up during the handshake
	CodeTooSlow  protocol.StatusCode = 4003 // too many messages waited for this reader
	CodeReplaced protocol.StatusCode = 4004 // the teacher opened the room elsewhere
)

var itoa = strconv.Itoa

// request is every message a client may send; which fields count depends
// on Type (README "Rooms").
type request struct {
	Type    string  `json:"type"`
	Text    *string `json:"text,omitempty"`
	Student uint64  `json:"student,omitempty"`
	Muted   *bool   `json:"muted,omitempty"`
}

// parseRequest reads one client message strictly: one JSON object, known
// fields only, so a hand-written client learns what it got wrong.
func parseRequest(payload []byte) (request, *Refusal) {
	var r request
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return r, &Refusal{ID: "bad-json", Why: "want one JSON object like {\"type\":\"say\",\"text\":\"hi\"}: " + err.Error()}
	}
	if dec.More() {
		return r, &Refusal{ID: "bad-json", Why: "want one JSON object per message; more follows it"}
	}
	return r, nil
}

// ClientLimits are the limits as a client sees them, in each welcome.
type ClientLimits struct {
	Students     int     `json:"students"`
	MessageBytes int     `json:"messageBytes"`
	PerSecond    float64 `json:"perSecond"`
}

// Messages the server sends. Every one has "type"; times are Unix
// milliseconds.
type (
	welcome struct {
		Type     string       `json:"type"` // "welcome"
		Role     string       `json:"role"` // "student" or "teacher"
		Room     string       `json:"room"`
		You      uint64       `json:"you,omitempty"`  // the student's id
		Name     string       `json:"name,omitempty"` // the student's name
		Muted    bool         `json:"muted"`
		Students []StudentRef `json:"students,omitempty"` // teacher: who is in
		Limits   ClientLimits `json:"limits"`
	}
	// StudentRef names a student in the teacher's welcome.
	StudentRef struct {
		Student uint64 `json:"student"`
		Name    string `json:"name"`
		Muted   bool   `json:"muted"`
	}
	joined struct {
		Type    string `json:"type"` // "joined"
		Student uint64 `json:"student"`
		Name    string `json:"name"`
		Count   int    `json:"count"`
		At      int64  `json:"at"`
	}
	left struct {
		Type    string `json:"type"` // "left"
		Student uint64 `json:"student"`
		Code    int    `json:"code"` // 1006: no close frame; 1005: a close frame without a code
		Reason  string `json:"reason"`
		By      string `json:"by"` // "student", "server" or "" (the connection dropped)
		Clean   bool   `json:"clean"`
		Count   int    `json:"count"`
		At      int64  `json:"at"`
	}
	// said is a student's message with the frames it came in, masked as
	// they travelled (hex), for the projector.
	said struct {
		Type    string   `json:"type"` // "message"
		Student uint64   `json:"student"`
		Text    string   `json:"text,omitempty"`
		Frames  []string `json:"frames"`
		More    int      `json:"moreFrames,omitempty"` // frames left out of Frames
		Error   string   `json:"error,omitempty"`      // the refusal the student got, if any
		At      int64    `json:"at"`
	}
	// controlFrame is a student's ping, pong or close, as it travelled.
	controlFrame struct {
		Type    string `json:"type"` // "frame"
		Student uint64 `json:"student"`
		Frame   string `json:"frame"`
		At      int64  `json:"at"`
	}
	broadcast struct {
		Type string `json:"type"` // "broadcast"
		Seq  int    `json:"seq"`
		Text string `json:"text"`
		At   int64  `json:"at"`
	}
	// sent reports a broadcast to the teacher: the frame's bytes once, and
	// how many students it went to.
	sent struct {
		Type  string `json:"type"` // "sent"
		Seq   int    `json:"seq"`
		Count int    `json:"count"`
		Bytes int    `json:"bytes"`
		Frame string `json:"frame"`
		At    int64  `json:"at"`
	}
	muted struct {
		Type    string `json:"type"`              // "muted"
		Student uint64 `json:"student,omitempty"` // 0: everyone
		Muted   bool   `json:"muted"`
	}
	dropped struct {
		Type    string `json:"type"` // "dropped"
		Student uint64 `json:"student"`
		Count   int    `json:"count"`
		Why     string `json:"why"` // "rate" or "muted"
	}
	notice struct {
		Type   string `json:"type"` // "notice"
		Notice string `json:"notice"`
		Why    string `json:"why"`
	}
	errorMessage struct {
		Type  string `json:"type"` // "error"
		Error string `json:"error"`
		Why   string `json:"why"`
	}
)

// encode marshals a server message; they are all plain structs.
func encode(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// Event is any server message as a Go client reads it (the load generator,
// tests): the union of the fields above, by their JSON names.
type Event struct {
	Type     string       `json:"type"`
	Role     string       `json:"role"`
	Room     string       `json:"room"`
	You      uint64       `json:"you"`
	Name     string       `json:"name"`
	Muted    bool         `json:"muted"`
	Students []StudentRef `json:"students"`
	Limits   ClientLimits `json:"limits"`
	Student  uint64       `json:"student"`
	Count    int          `json:"count"`
	Code     int          `json:"code"`
	Reason   string       `json:"reason"`
	By       string       `json:"by"`
	Clean    bool         `json:"clean"`
	Text     string       `json:"text"`
	Frames   []string     `json:"frames"`
	More     int          `json:"moreFrames"`
	Frame    string       `json:"frame"`
	Seq      int          `json:"seq"`
	Bytes    int          `json:"bytes"`
	Notice   string       `json:"notice"`
	Why      string       `json:"why"`
	Error    string       `json:"error"`
	At       int64        `json:"at"`
}

// Say is a student's message, ready to send.
func Say(text string) []byte { return encode(request{Type: "say", Text: &text}) }

// Command is a teacher's message, ready to send: broadcast (text), mute
// (student, muted), remove (student) or end.
func Command(kind string, text string, student uint64, on bool) []byte {
	r := request{Type: kind, Student: student}
	switch kind {
	case "broadcast":
		r.Text = &text
	case "mute":
		r.Muted = &on
	}
	return encode(r)
}
