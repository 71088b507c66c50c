package rooms

import (
	"sync"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/ws"
)

// outgoing is one message waiting for a member: a frame built once and
// shared (a broadcast), or a text the member's own connection frames
// (and compresses, when permessage-deflate was agreed).
type outgoing struct {
	frame []byte
	text  []byte
}

// outbox queues what one member is sent, so that nobody waits for a slow
// reader: a sender only appends. One goroutine writes, and only while
// something is queued, so an idle member holds none; it writes in order,
// so nothing a member receives is reordered.
type outbox struct {
	mu      sync.Mutex
	queue   []outgoing
	running bool
	over    bool // overflowed: the connection is being closed
}

// push queues o for c; false once more than max wait (the member is too
// slow and is closed with CodeTooSlow).
func (b *outbox) push(c *ws.Conn, o outgoing, max int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.over {
		return false
	}
	if len(b.queue) >= max {
		b.over, b.queue = true, nil
		go func() { _ = c.Close(CodeTooSlow, "too slow: more than "+itoa(max)+" messages waited for you") }()
		return false
	}
	b.queue = append(b.queue, o)
	if !b.running {
		b.running = true
		go b.flush(c)
	}
	return true
}

// flush writes until the queue is empty. Writes to a closed connection
// return at once, so it never outlives its connection by long.
func (b *outbox) flush(c *ws.Conn) {
	for {
		b.mu.Lock()
		batch := b.queue
		b.queue = nil
		if len(batch) == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		for _, o := range batch {
			var err error
			if o.frame != nil {
				err = c.SendFrame(o.frame)
			} else {
				err = c.Send(protocol.OpText, o.text)
			}
			if err != nil { // a reader that does not read, past the write timeout
				_ = c.Close(CodeTooSlow, "too slow: a write timed out")
			}
		}
	}
}
