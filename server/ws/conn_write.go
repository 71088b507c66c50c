package ws

import (
	"net"
	"strconv"
	"time"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/tap"
)

// SendBack sends m's payload back to the client as one message with m's
// opcode. When m arrived in one frame its buffer is reused: the payload
// (unmasked in place) follows the client's header, which is 4 bytes longer
// than ours because of its masking key, so our header is written just
// before the payload and both go out at once, with no copy.
func (c *Conn) SendBack(m Message) error {
	if m.Frames != 1 || m.frame == nil || c.pmd != nil {
		return c.Send(m.Opcode, m.Payload)
	}
	var hdr [protocol.MaxHeaderSize]byte
	out := protocol.AppendHeader(hdr[:0], protocol.Header{Fin: true, Opcode: m.Opcode, Length: uint64(len(m.Payload))})
	start := m.hs - len(out)
	copy(m.frame[start:m.hs], out)
	return c.send(m.frame[start:], 1)
}

// Send sends payload as one unmasked frame of opcode op, compressed when
// permessage-deflate was agreed.
func (c *Conn) Send(op protocol.Opcode, payload []byte) error {
	if c.pmd != nil {
		return c.sendCompressed(op, payload, 0)
	}
	frame := [1]protocol.Frame{{Header: protocol.Header{Fin: true, Opcode: op, Length: uint64(len(payload))}, Payload: payload}}
	return c.sendFrames(frame[:], len(payload))
}

// SendFrame writes b, one whole frame built by the caller
// (unmasked, RSV bits only as agreed), as they are: a room builds one
// broadcast frame and sends the same bytes to every student.
func (c *Conn) SendFrame(b []byte) error { return c.send(b, 1) }

// SendFragments sends payload as one message cut into frames of size bytes
// (section 5.4). A message is cut into maxFrames frames at most, so a 1-byte
// size on a large message cannot make the server build millions of frames.
func (c *Conn) SendFragments(op protocol.Opcode, payload []byte, size int) error {
	if c.pmd != nil {
		return c.sendCompressed(op, payload, size)
	}
	return c.sendFrames(protocol.SplitMessage(op, payload, fragmentSize(payload, size)), len(payload))
}

// fragmentSize is size, raised so that payload makes maxFrames at most.
func fragmentSize(payload []byte, size int) int {
	return max(size, (len(payload)+maxFrames-1)/maxFrames)
}

// sendFrames writes one message's frames, which carry n payload bytes, at
// once: copied behind their headers into one buffer when they are small,
// else with one vectored write (writev) of the headers and the payloads
// where they lie, so a large message is not copied on its way out.
func (c *Conn) sendFrames(frames []protocol.Frame, n int) error {
	if n >= vectorMin*len(frames) {
		return c.sendVectored(frames)
	}
	b := c.srv.pool.Get(n + len(frames)*protocol.MaxHeaderSize)
	out := (*b)[:0]
	for _, f := range frames {
		out = protocol.AppendFrame(out, f)
	}
	err := c.send(out, len(frames))
	c.srv.pool.Put(b)
	return err
}

// vectorMin is the payload per frame from which a vectored write beats
// copying: below it, one copy costs less than the kernel walking more
// buffers.
const vectorMin = 4 << 10

// sendVectored writes frames (their Length set) as headers and payloads in
// one writev; net.Buffers falls back to one write each on a connection that
// is not a socket.
func (c *Conn) sendVectored(frames []protocol.Frame) error {
	var hdr [2 * protocol.MaxHeaderSize]byte
	var two [4][]byte
	heads, bufs := hdr[:0], net.Buffers(two[:0])
	var pooled *[]byte
	if len(frames) > 2 {
		pooled = c.srv.pool.Get(len(frames) * protocol.MaxHeaderSize)
		heads = (*pooled)[:0]
		bufs = make(net.Buffers, 0, 2*len(frames))
	}
	for _, f := range frames {
		start := len(heads)
		heads = protocol.AppendHeader(heads, f.Header)
		bufs = append(bufs, heads[start:], f.Payload)
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	defer c.srv.pool.Put(pooled)
	if c.closeSent.Load() || c.gone {
		return nil
	}
	c.sent += len(frames)
	if c.tap != nil {
		c.tapVectored(bufs)
	}
	c.pushWriteDeadline()
	_, err := bufs.WriteTo(c.nc)
	return err
}

// tapVectored shows frames about to go out as header and payload pairs to
// the tap, one event each with the same bytes tapOut gives a copied write:
// the frame's first TapFrameBytes. Only that much is copied, so a page's
// tapped connection keeps the vectored write for large messages.
func (c *Conn) tapVectored(bufs net.Buffers) {
	sub := c.tap.Target()
	if sub == nil {
		return
	}
	now, limit := time.Now(), c.srv.cfg.TapFrameBytes
	var first [2 << 10]byte
	for i := 0; i+1 < len(bufs); i += 2 {
		head, payload := bufs[i], bufs[i+1]
		shown := append(first[:0], head...)
		shown = append(shown, payload[:min(len(payload), max(0, limit-len(head)))]...)
		sub.Publish(tap.Event{Kind: tap.Frame, Conn: c.id, At: now, From: protocol.FromServer, Size: len(head) + len(payload)}, shown[:min(len(shown), limit)], nil)
	}
}

// sendCompressed sends a data message compressed (RFC 7692 section 7.2.1),
// in frames of size bytes of compressed data (0 = one frame): RSV1 on the
// first frame only, the tail stripped. Messages are compressed and sent
// one at a time, so a compressor that keeps context sees them in the order
// they go out, whichever goroutine sends.
func (c *Conn) sendCompressed(op protocol.Opcode, payload []byte, size int) error {
	c.pmd.sending.Lock()
	defer c.pmd.sending.Unlock()
	z := c.srv.pool.Get(len(payload) + len(payload)/64 + 64) // stored blocks add 5 bytes per 32 KiB
	compressed := c.pmd.comp.Compress((*z)[:0], payload)
	if size <= 0 {
		size = len(compressed)
	}
	err := c.sendFrames(protocol.CompressedFrames(op, compressed, fragmentSize(compressed, size)), len(compressed))
	*z = compressed[:cap(compressed)]
	c.srv.pool.Put(z)
	return err
}

// sendControl sends a control frame; its payload is at most 125 bytes.
func (c *Conn) sendControl(op protocol.Opcode, payload []byte) error {
	var b [2 + 125]byte
	return c.send(protocol.AppendFrame(b[:0], protocol.Frame{Header: protocol.Header{Fin: true, Opcode: op}, Payload: payload}), 1)
}

// send writes whole frames, unless a close frame already went out: nothing
// may follow it (section 5.5.1).
func (c *Conn) send(b []byte, frames int) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.closeSent.Load() || c.gone {
		return nil
	}
	c.sent += frames
	return c.writeLocked(b)
}

// writeLocked writes b with c.wmu held. The write deadline is pushed out only
// when a quarter of it has passed, which keeps timer updates off the hot
// path while a client that stops reading is still cut off in time.
func (c *Conn) writeLocked(b []byte) error {
	if c.tap != nil {
		c.tapOut(b)
	}
	c.pushWriteDeadline()
	_, err := c.nc.Write(b)
	return err
}

// pushWriteDeadline moves the write deadline WriteTimeout ahead when a
// quarter of it has passed, with c.wmu held.
func (c *Conn) pushWriteDeadline() {
	now := time.Now().UnixNano()
	if d := int64(c.srv.cfg.WriteTimeout); now-c.wset > d/4 {
		_ = c.nc.SetWriteDeadline(time.Unix(0, now+d))
		c.wset = now
	}
}

// tapOut shows the frames in b to the tap, one event each.
func (c *Conn) tapOut(b []byte) {
	sub := c.tap.Target()
	if sub == nil {
		return
	}
	now := time.Now()
	for len(b) > 0 {
		h, n, _ := protocol.ParseHeader(b)
		size := n + int(h.Length)
		sub.Publish(tap.Event{Kind: tap.Frame, Conn: c.id, At: now, From: protocol.FromServer, Size: size}, b[:min(size, c.srv.cfg.TapFrameBytes)], nil)
		b = b[size:]
	}
}

// tapHandshake shows the 101 response as sent.
func (c *Conn) tapHandshake(response []byte) {
	if c.tap == nil {
		return
	}
	if sub := c.tap.Target(); sub != nil {
		sub.Publish(tap.Event{Kind: tap.Response, Conn: c.id, At: time.Now(), From: protocol.FromServer, Size: len(response)}, response, nil)
	}
}

// closeReceived answers the client's close frame with the same code and
// reason (section 5.5.1), or completes the closing handshake the server
// began. Either way the server then closes the TCP connection first, as
// section 7.1.1 prefers.
func (c *Conn) closeReceived(cp protocol.ClosePayload) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.closeSent.Load() {
		return errCloseAnswered
	}
	c.closeSent.Store(true)
	c.closer, c.code, c.reason = "client", cp.Code, cp.Reason
	c.sent++
	var b [2 + 125]byte
	body := protocol.AppendClose(nil, cp.Code, cp.Reason) // empty for 1005: no status in, none out
	if err := c.writeLocked(protocol.AppendFrame(b[:0], protocol.Frame{
		Header: protocol.Header{Fin: true, Opcode: protocol.OpClose}, Payload: body})); err != nil {
		return err
	}
	return errClientClosed
}

// Close starts the closing handshake with code and reason (section 7.1.2);
// the connection ends when the client answers or the close timeout passes.
func (c *Conn) Close(code protocol.StatusCode, reason string) error {
	return c.startClose(code, reason)
}

// startClose sends the server's close frame and gives the client the close
// timeout to answer. Any goroutine may call it; only the first call sends.
func (c *Conn) startClose(code protocol.StatusCode, reason string) error {
	c.wmu.Lock()
	if c.closeSent.Load() || c.gone {
		c.wmu.Unlock()
		return nil
	}
	err := c.sendClose(code, reason)
	c.wmu.Unlock()
	c.wake() // a parked connection needs its goroutine to wait for the answer
	return err
}

// sendClose writes the server's close frame, with c.wmu held.
func (c *Conn) sendClose(code protocol.StatusCode, reason string) error {
	c.closeSent.Store(true)
	c.closer, c.code, c.reason = "server", code, reason
	c.sent++
	c.closeBy = time.Now().Add(c.srv.cfg.CloseTimeout).UnixNano()
	_ = c.nc.SetReadDeadline(time.Unix(0, c.closeBy))
	var b [2 + 125]byte
	return c.writeLocked(protocol.AppendFrame(b[:0], protocol.Frame{
		Header:  protocol.Header{Fin: true, Opcode: protocol.OpClose},
		Payload: protocol.AppendClose(nil, code, reason)}))
}

// ping sends the next periodic ping; its payload is its number. The browser
// answers with a pong on its own, which the page shows.
func (c *Conn) ping() {
	c.wmu.Lock()
	if c.closeSent.Load() || c.gone {
		c.wmu.Unlock()
		return
	}
	c.pingCount++
	c.sent++
	var p [20]byte
	payload := strconv.AppendInt(p[:0], int64(c.pingCount), 10)
	var b [2 + 20]byte
	err := c.writeLocked(protocol.AppendFrame(b[:0], protocol.Frame{
		Header: protocol.Header{Fin: true, Opcode: protocol.OpPing}, Payload: payload}))
	if err == nil {
		c.pings.Reset(c.srv.cfg.PingInterval)
	}
	c.wmu.Unlock()
	if err != nil {
		c.abort() // the connection's goroutine sees it and ends
	}
}
