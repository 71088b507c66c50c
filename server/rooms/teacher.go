package rooms

import (
	"encoding/hex"
	"strconv"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/ws"
)

// teacher is the ws.Handler of the teacher's connection: the projector.
type teacher struct{ *member }

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Open makes this connection the room's teacher (an older one is closed
// with 4004) and sends who is in.
func (t teacher) Open(c *ws.Conn) error {
	t.conn = c
	r := t.room
	r.mu.Lock()
	if r.ended {
		r.mu.Unlock()
		return c.Close(protocol.StatusGoingAway, "the class has ended")
	}
	old := r.teacher
	r.teacher = t.member
	r.last = r.reg.clock.Now()
	w := welcome{Type: "welcome", Role: "teacher", Room: r.code, Muted: r.mutedAll, Students: []StudentRef{}, Limits: ClientLimits{
		Students: r.reg.lim.Students, MessageBytes: r.reg.lim.MessageSize, PerSecond: r.reg.lim.PerSecond}}
	for _, m := range r.membersLocked() {
		w.Students = append(w.Students, StudentRef{Student: m.id, Name: m.name, Muted: m.muted})
	}
	r.mu.Unlock()
	if old != nil {
		_ = old.conn.Close(CodeReplaced, "the teacher opened this room in another window")
	}
	t.send(encode(w))
	return nil
}

// Message runs one of the teacher's commands: broadcast, mute, remove, end.
func (t teacher) Message(_ *ws.Conn, m ws.Message) error {
	r := t.room
	lim := r.reg.lim
	if !t.rate.take(r.reg.clock.Now(), lim.TeacherRate, lim.TeacherRate) {
		t.drop("rate", "at most "+ftoa(lim.TeacherRate)+" commands a second")
		return nil
	}
	if m.Opcode != protocol.OpText || len(m.Payload) > lim.MessageSize {
		t.refuse(&Refusal{ID: "too-big", Why: "a command is one JSON text message of at most " + itoa(lim.MessageSize) + " bytes"})
		return nil
	}
	req, refusal := parseRequest(m.Payload)
	if refusal == nil {
		r.touch()
		refusal = t.run(req)
	}
	if refusal != nil {
		t.refuse(refusal)
	}
	return nil
}

func (t teacher) run(req request) *Refusal {
	switch req.Type {
	case "broadcast":
		if req.Text == nil {
			return &Refusal{ID: "no-text", Why: "broadcast needs \"text\""}
		}
		t.room.broadcast(*req.Text)
	case "mute":
		if req.Muted == nil {
			return &Refusal{ID: "no-muted", Why: "mute needs \"muted\": true or false"}
		}
		return t.room.mute(req.Student, *req.Muted)
	case "remove":
		return t.room.remove(req.Student)
	case "end":
		t.room.End("class ended by the teacher")
	default:
		return &Refusal{ID: "bad-type", Why: "the teacher sends broadcast, mute, remove or end; not \"" + req.Type + "\""}
	}
	return nil
}

// Closed lets the room go on without a projector until the teacher comes
// back (the secret is still valid).
func (t teacher) Closed(*ws.Conn, ws.End) {
	r := t.room
	r.mu.Lock()
	if r.teacher == t.member {
		r.teacher = nil
	}
	r.mu.Unlock()
}

// broadcast sends text to every student as one frame built once: the same
// bytes to each (uncompressed, so even with permessage-deflate agreed they
// are identical; RFC 7692 section 6 lets a message go without RSV1). The
// teacher learns the bytes once and the count.
func (r *Room) broadcast(text string) {
	r.mu.Lock()
	r.seq++
	seq := r.seq
	list := r.membersLocked()
	t := r.teacher
	r.mu.Unlock()
	payload := encode(broadcast{Type: "broadcast", Seq: seq, Text: text, At: r.reg.millis()})
	frame := protocol.AppendFrame(nil, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText}, Payload: payload})
	for _, m := range list {
		m.sendFrame(frame)
	}
	if t != nil {
		t.send(encode(sent{Type: "sent", Seq: seq, Count: len(list), Bytes: len(frame), Frame: hex.EncodeToString(frame), At: r.reg.millis()}))
	}
}

// mute silences one student (id) or, with id 0, everyone, now and later.
func (r *Room) mute(id uint64, on bool) *Refusal {
	r.mu.Lock()
	var targets []*member
	if id == 0 {
		r.mutedAll = on
		targets = r.membersLocked()
	} else if m := r.students[id]; m != nil {
		targets = []*member{m}
	} else {
		r.mu.Unlock()
		return noStudent(id)
	}
	for _, m := range targets {
		m.muted = on
	}
	t := r.teacher
	r.mu.Unlock()
	word, why := "unmuted", "the teacher let you speak again"
	if on {
		word, why = "muted", "the teacher has muted you"
	}
	for _, m := range targets {
		m.send(encode(notice{Type: "notice", Notice: word, Why: why}))
	}
	if t != nil {
		t.send(encode(muted{Type: "muted", Student: id, Muted: on}))
	}
	return nil
}

// remove closes a student's connection with 4001.
func (r *Room) remove(id uint64) *Refusal {
	r.mu.Lock()
	m := r.students[id]
	r.mu.Unlock()
	if m == nil {
		return noStudent(id)
	}
	_ = m.conn.Close(CodeRemoved, "removed by the teacher")
	return nil
}

func noStudent(id uint64) *Refusal {
	return &Refusal{ID: "no-student", Why: "no student " + strconv.FormatUint(id, 10) + " in this room (they may have left)"}
}
