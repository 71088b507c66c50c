package rooms

import (
	"encoding/hex"
	"time"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/ws"
)

// maxKeptFrames is how many frames of one message the projector is shown;
// the rest are counted (a 1 KiB message may come in 1,024 frames).
const maxKeptFrames = 16

// member is one connection of a room, a student's or the teacher's. The
// fields below conn are its connection goroutine's own.
type member struct {
	room  *Room
	id    uint64 // 0 for the teacher
	name  string
	conn  *ws.Conn
	out   outbox
	muted bool // under room.mu

	rate, control bucket
	frames        []string  // hex of the data frames of the message being read
	more          int       // frames not kept
	dropped       int       // messages dropped since the last notice
	noticeAt      time.Time // when the last notice went out
}

// send queues a text message for the member.
func (m *member) send(text []byte) {
	m.out.push(m.conn, outgoing{text: text}, m.room.reg.lim.Queue)
}

// sendFrame queues a frame built once for many.
func (m *member) sendFrame(frame []byte) {
	m.out.push(m.conn, outgoing{frame: frame}, m.room.reg.lim.Queue)
}

// refuse tells the member which rule its message broke.
func (m *member) refuse(r *Refusal) {
	m.send(encode(errorMessage{Type: "error", Error: r.ID, Why: r.Why}))
}

// wireHex is a client frame as it travelled: the payload masked again
// (masking twice restores it, RFC 6455 section 5.3), capped at the
// header and one message's worth of payload.
func wireHex(f ws.ClientFrame, maxPayload int) string {
	end := min(len(f.Frame), f.HeaderSize+maxPayload)
	b := append([]byte(nil), f.Frame[:end]...)
	protocol.Mask(b[f.HeaderSize:], f.Header.MaskKey, 0)
	return hex.EncodeToString(b)
}

// keepFrame remembers a data frame for the message it belongs to, and
// forwards a control frame (within its own rate) at once.
func (m *member) keepFrame(f ws.ClientFrame) {
	lim := m.room.reg.lim
	if f.Header.Opcode.IsControl() {
		if m.control.take(m.room.reg.clock.Now(), lim.PerSecond, 2*lim.PerSecond) {
			m.room.toTeacher(controlFrame{Type: "frame", Student: m.id, Frame: wireHex(f, 125), At: m.room.reg.millis()})
		}
		return
	}
	if len(m.frames) < maxKeptFrames {
		m.frames = append(m.frames, wireHex(f, lim.MessageSize))
	} else {
		m.more++
	}
}

// takeFrames hands over the frames kept for the message just read.
func (m *member) takeFrames() ([]string, int) {
	frames, more := m.frames, m.more
	m.frames, m.more = nil, 0
	return frames, more
}

// drop counts a message that was not delivered and tells the sender, at
// most once a second, how many and why.
func (m *member) drop(why, sentence string) {
	m.dropped++
	now := m.room.reg.clock.Now()
	if now.Sub(m.noticeAt) < time.Second {
		return
	}
	m.noticeAt = now
	n := m.dropped
	m.dropped = 0
	m.send(encode(notice{Type: "notice", Notice: why, Why: sentence + " (" + itoa(n) + " dropped)"}))
	if m.id != 0 {
		m.room.toTeacher(dropped{Type: "dropped", Student: m.id, Count: n, Why: why})
	}
}

// closeCode is the code a left event reports: 1006 when no close frame
// came (section 7.1.5), 1005 when one came without a code.
func closeCode(e ws.End) int {
	switch {
	case e.By == "":
		return int(protocol.StatusAbnormalClosure)
	case e.Code == 0:
		return int(protocol.StatusNoStatusReceived)
	}
	return int(e.Code)
}
