package rooms

import (
	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/ws"
)

// student is the ws.Handler of a student's connection.
type student struct{ *member }

// Open seats the student, unless the room filled up or ended while the
// handshake ran, and greets them.
func (s student) Open(c *ws.Conn) error {
	s.conn = c
	r := s.room
	r.mu.Lock()
	switch {
	case r.ended:
		r.mu.Unlock()
		return c.Close(protocol.StatusGoingAway, "the class has ended")
	case len(r.students) >= r.reg.lim.Students:
		r.mu.Unlock()
		return c.Close(CodeFull, "the room is full ("+itoa(r.reg.lim.Students)+" students)")
	}
	r.nextID++
	s.id = r.nextID
	s.muted = r.mutedAll
	r.students[s.id] = s.member
	count := len(r.students)
	r.last = r.reg.clock.Now()
	r.mu.Unlock()

	lim := r.reg.lim
	s.send(encode(welcome{Type: "welcome", Role: "student", Room: r.code, You: s.id, Name: s.name, Muted: s.muted,
		Limits: ClientLimits{Students: lim.Students, MessageBytes: lim.MessageSize, PerSecond: lim.PerSecond}}))
	r.toTeacher(joined{Type: "joined", Student: s.id, Name: s.name, Count: count, At: r.reg.millis()})
	return nil
}

// ClientFrame keeps the frame for the projector.
func (s student) ClientFrame(_ *ws.Conn, f ws.ClientFrame) {
	if s.id != 0 {
		s.keepFrame(f)
	}
}

// Message passes a {"type":"say"} to the teacher, with the frames it came
// in. In order: the rate (dropped with a notice), the size, the JSON, the
// teacher's mute.
func (s student) Message(_ *ws.Conn, m ws.Message) error {
	frames, more := s.takeFrames()
	r := s.room
	lim := r.reg.lim
	if s.id == 0 {
		return nil
	}
	if !s.rate.take(r.reg.clock.Now(), lim.PerSecond, lim.PerSecond) {
		s.drop("rate", "at most "+ftoa(lim.PerSecond)+" messages a second; wait a little")
		return nil
	}
	r.touch()
	out := said{Type: "message", Student: s.id, Frames: frames, More: more, At: r.reg.millis()}
	text, refusal := s.read(m)
	if refusal != nil {
		s.refuse(refusal)
		out.Error = refusal.ID
		r.toTeacher(out)
		return nil
	}
	r.mu.Lock()
	isMuted := s.muted
	r.mu.Unlock()
	if isMuted {
		s.drop("muted", "the teacher has muted you")
		return nil
	}
	out.Text = text
	r.toTeacher(out)
	return nil
}

// read checks a student's message: a text frame of at most MessageSize
// bytes holding {"type":"say","text":"…"}.
func (s student) read(m ws.Message) (string, *Refusal) {
	lim := s.room.reg.lim
	switch {
	case m.Opcode != protocol.OpText:
		return "", &Refusal{ID: "not-text", Why: "rooms speak JSON in text frames (opcode 0x1), not binary"}
	case len(m.Payload) > lim.MessageSize:
		return "", &Refusal{ID: "too-big", Why: "a message holds at most " + itoa(lim.MessageSize) + " bytes; this one had " + itoa(len(m.Payload))}
	}
	req, refusal := parseRequest(m.Payload)
	switch {
	case refusal != nil:
		return "", refusal
	case req.Type != "say":
		return "", &Refusal{ID: "bad-type", Why: "a student sends {\"type\":\"say\",\"text\":\"…\"}; \"" + req.Type + "\" is the teacher's or unknown"}
	case req.Text == nil:
		return "", &Refusal{ID: "no-text", Why: "say needs \"text\""}
	}
	return *req.Text, nil
}

// Closed gives the seat back and tells the teacher how the student left.
func (s student) Closed(_ *ws.Conn, e ws.End) {
	if s.id == 0 {
		return // never seated
	}
	r := s.room
	r.mu.Lock()
	delete(r.students, s.id)
	count := len(r.students)
	r.mu.Unlock()
	by := e.By
	if by == "client" {
		by = "student"
	}
	r.toTeacher(left{Type: "left", Student: s.id, Code: closeCode(e), Reason: e.Reason, By: by, Clean: e.Clean, Count: count, At: r.reg.millis()})
}
