package lab

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/wsplay/wsplay/protocol"
)

// trial is one experiment in flight: the connection to the server's own
// listener, a writer and a reader goroutine, and the lines they produce.
type trial struct {
	lab      *Lab
	exp      experiment
	nc       net.Conn
	lines    chan any               // events for the client, in order
	stop     chan struct{}          // closed when nobody reads lines any more
	upgraded chan struct{}          // closed when the server answered 101
	hungUp   atomic.Pointer[string] // why the lab closed the connection itself, if it did
	wrote    chan struct{}          // closed when the writer is done
	readDone chan struct{}          // closed when the reader is done: nothing more to write for
	// pmd reassembles and inflates the server's messages when its 101
	// agreed to permessage-deflate, so that a compressed echo reads as text.
	pmd *protocol.DeflateAssembler
}

// lastWord is how long the lab still listens once the time for writing is
// up, so that a server timeout as long as the experiment's (the default
// -handshake-timeout is 10 s too) is seen as the server's doing.
const lastWord = time.Second

// run dials the server's own listener, plays the experiment and streams
// what happens. Every goroutine it starts has returned when it returns.
func (l *Lab) run(w http.ResponseWriter, r *http.Request, exp experiment, target string, tc *tls.Config) {
	start := time.Now()
	ctx, cancel := context.WithDeadline(r.Context(), start.Add(l.cfg.Timeout+lastWord))
	defer cancel()
	defer context.AfterFunc(l.stopping, cancel)()
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", target)
	if err != nil {
		refuse(w, http.StatusServiceUnavailable, "the lab could not reach this server's own listener: "+err.Error(), nil)
		return
	}
	local := nc.LocalAddr().String()
	l.adopt(local) // before the first byte, so that /ws knows it on arrival
	defer l.disown(local)
	if tc != nil {
		nc = tls.Client(nc, tc)
	}
	_ = nc.SetWriteDeadline(start.Add(l.cfg.Timeout))
	_ = nc.SetReadDeadline(start.Add(l.cfg.Timeout + lastWord))
	t := &trial{lab: l, exp: exp, nc: nc, lines: make(chan any, 16), stop: make(chan struct{}),
		upgraded: make(chan struct{}), wrote: make(chan struct{}), readDone: make(chan struct{})}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); defer close(t.wrote); t.write() }()
	go func() { defer wg.Done(); defer close(t.readDone); t.read() }()
	go func() { wg.Wait(); close(t.lines) }() // relay's end: both have said all
	t.relay(ctx, newStream(w, l.cfg.WriteTimeout))
	close(t.stop)
	_ = nc.Close()
	wg.Wait()
}

// relay streams the lines until the reader ends, hanging up after Settle of
// quiet once everything is written (the server has nothing more to say
// until its idle timeout) and when the client of the lab goes away.
func (t *trial) relay(ctx context.Context, out *stream) {
	var sum summary
	quiet := time.NewTimer(time.Hour)
	defer quiet.Stop()
	wrote, closing := t.wrote, false
	for {
		select {
		case ev, ok := <-t.lines:
			if !ok {
				sum.finish()
				_ = out.line(sum)
				return
			}
			sum.note(ev)
			if _, isFrame := ev.(frameEvent); isFrame && sum.CloseCode != 0 {
				closing = true // the server sent its close: it will hang up itself
			}
			if wrote == nil && !closing {
				quiet.Reset(t.lab.cfg.Settle)
			}
			if out.line(ev) != nil {
				t.hangUp("the lab's client stopped reading")
			}
		case <-wrote:
			wrote = nil
			quiet.Reset(t.lab.cfg.Settle)
		case <-quiet.C:
			if !closing {
				t.hangUp("the lab hung up: nothing more came for " + t.lab.cfg.Settle.String() + " after the last write")
			}
		case <-ctx.Done():
			// The time limit (the reader's deadline ends it), the lab's
			// client gone, or the server shutting down. Once is enough.
			if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
				t.hangUp("the experiment was stopped: its client went away, or the server is shutting down")
			}
			ctx = context.Background()
			_ = t.nc.SetDeadline(time.Now())
		}
	}
}

// hangUp closes the connection from the lab's side; the first why stays.
func (t *trial) hangUp(why string) {
	t.hungUp.CompareAndSwap(nil, &why)
	_ = t.nc.Close()
}

// emit hands a line to relay, unless relay has stopped reading.
func (t *trial) emit(ev any) bool {
	select {
	case t.lines <- ev:
		return true
	case <-t.stop:
		return false
	}
}

// write sends the request, then, once the server has answered 101, the
// bytes: each in pieces of chunk bytes with pause between them.
func (t *trial) write() {
	req := t.exp.request
	t.emit(headOf("request", protocol.FromClient, 0, req))
	if !t.writePart("request", req, t.exp.reqChunk) || len(t.exp.bytes) == 0 {
		return
	}
	select {
	case <-t.upgraded:
	case <-t.readDone:
		return
	case <-t.stop:
		return
	}
	t.writePart("bytes", t.exp.bytes, t.exp.chunk)
}

// writePart writes b in pieces of size bytes (0 = at once), pausing
// between them.
func (t *trial) writePart(part string, b []byte, size int) bool {
	if size <= 0 {
		size = len(b)
	}
	for off := 0; off < len(b); off += size {
		if off > 0 && !t.pause() {
			return false
		}
		piece := b[off:min(off+size, len(b))]
		// The line goes first, so that it precedes whatever the server
		// answers to these bytes.
		if !t.emit(writeEvent{Type: "write", T: micros(time.Now()), From: protocol.FromClient.String(), Part: part,
			Offset: off, Size: len(piece), Hex: hexOf(piece)}) {
			return false
		}
		if _, err := t.nc.Write(piece); err != nil {
			return false // the reader sees why
		}
	}
	return true
}

func (t *trial) pause() bool {
	if t.exp.pause <= 0 {
		return true
	}
	timer := time.NewTimer(t.exp.pause)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-t.readDone:
		return false
	case <-t.stop:
		return false
	}
}

// read turns what the server sends into lines: the response head (with the
// body of a refusal), then each frame, then the close of TCP.
func (t *trial) read() {
	limit := 2*t.lab.cfg.MaxBytes + t.lab.cfg.HeadLimit + 4096 // an echo of everything, with room
	var buf []byte
	status, headDone := 0, false
	chunk := make([]byte, 16<<10)
	var err error
	for err == nil {
		var n int
		n, err = t.nc.Read(chunk)
		buf = append(buf, chunk[:n]...)
		if !headDone {
			if status, headDone, buf = t.readHead(buf); headDone && status != http.StatusSwitchingProtocols {
				continue // a refusal's body runs to the end of the connection
			}
		}
		if headDone && status == http.StatusSwitchingProtocols {
			buf = t.readFrames(buf)
		}
		if len(buf) > limit {
			t.emit(closedEvent{Type: "closed", T: micros(time.Now()), By: "client",
				Error: "the server sent more than the lab keeps; the lab hung up"})
			return
		}
	}
	if !headDone || status != http.StatusSwitchingProtocols {
		t.emit(headOf("response", protocol.FromServer, status, buf)) // a refusal, or what came of the head
	}
	t.emit(t.closed(err))
}

// closed is the line for the end of the connection, err being how the last
// read ended.
func (t *trial) closed(err error) closedEvent {
	ev := closedEvent{Type: "closed", T: micros(time.Now()), By: t.closedBy(err)}
	switch {
	case t.hungUp.Load() != nil:
		ev.Error = *t.hungUp.Load()
	case ev.By == "timeout":
		ev.Error = "the experiment reached its time limit of " + t.lab.cfg.Timeout.String() + " (and " + lastWord.String() + " for the server's last word)"
	case err != nil && !errors.Is(err, io.EOF):
		ev.Error = err.Error()
	}
	return ev
}

// readHead looks for the response head in buf. A 101 is a line at once,
// and the rest of buf is frames; any other answer waits for its body.
func (t *trial) readHead(buf []byte) (status int, done bool, rest []byte) {
	res, n, err := protocol.ParseResponse(buf)
	if n == 0 && err == nil {
		return 0, false, buf
	}
	if err != nil {
		return 0, true, buf // not HTTP: kept whole for the response line
	}
	if res.Status != http.StatusSwitchingProtocols {
		return res.Status, true, buf
	}
	t.emit(headOf("response", protocol.FromServer, res.Status, buf[:n]))
	if p, ok := agreedDeflate(res.Headers); ok {
		_, z := p.ClientCodecs(t.lab.cfg.MaxMessage)
		t.pmd = &protocol.DeflateAssembler{Inflater: z}
	}
	close(t.upgraded)
	return res.Status, true, buf[n:]
}

// readFrames emits each whole frame at the start of buf and returns the rest.
func (t *trial) readFrames(buf []byte) []byte {
	for {
		h, n, _ := protocol.ParseHeader(buf)
		if n == 0 || h.Length > uint64(len(buf)-n) {
			return buf
		}
		end := n + int(h.Length)
		ev := frameOf(buf[:end])
		if t.pmd != nil {
			inflateInto(&ev, t.pmd, h, buf[n:end])
		}
		t.emit(ev)
		buf = buf[end:]
	}
}

// closedBy says who ended the connection, from how the read ended.
func (t *trial) closedBy(err error) string {
	var ne net.Error
	switch {
	case t.hungUp.Load() != nil:
		return "client"
	case errors.Is(err, io.EOF), errors.Is(err, syscall.ECONNRESET):
		return "server"
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, os.ErrDeadlineExceeded):
		return "timeout"
	}
	return "client"
}

// note keeps what the summary reports.
func (s *summary) note(ev any) {
	switch ev := ev.(type) {
	case headEvent:
		if ev.Type == "response" {
			s.Status = ev.Status
			if ev.Status != http.StatusSwitchingProtocols {
				_, body, _ := cutBody(ev.Text)
				s.Rule = ruleNamed(body)
			}
		}
	case frameEvent:
		if ev.Opcode == protocol.OpClose.String() && s.CloseCode == 0 && s.CloseReason == "" {
			s.CloseCode, s.CloseReason, s.Rule = ev.Code, ev.Reason, ruleNamed(ev.Reason)
		}
	case closedEvent:
		s.ClosedBy = ev.By
	}
}

func (s *summary) finish() { s.Type = "summary" }
