package main

import (
	"bufio"
	"bytes"
	"maps"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wsplay/wsplay/protocol"
)

// Limits of the demo query parameters.
const (
	maxGreeting   = 1024 // bytes of ?greet=
	maxEchoFrames = 1024 // frames one echoed message is cut into at most
)

// wsOptions are the demo settings a page picks in the /ws query string.
type wsOptions struct {
	tap   string // subscriber id, "" for none
	greet string // text sent as soon as the connection opens
	frag  int    // echo in frames of this many payload bytes; 0 = one frame
}

// ServeHTTP runs the opening handshake of RFC 6455 section 4.2 on /ws. It
// takes the connection over at once and writes every answer, 101 or refusal,
// as raw bytes built by the core, so the tap shows exactly what was sent.
func (s *wsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "websocket: this connection cannot be upgraded (HTTP/1.1 only)", http.StatusHTTPVersionNotSupported)
		return
	}
	nc, brw, err := hj.Hijack()
	if err != nil {
		s.log.Warn("websocket hijack failed", "err", err)
		return
	}
	recorded := stopRecording(nc)
	nc = unwrapConn(nc)
	pending, npending := drainBuffered(brw.Reader)
	brw = nil // the bufio pair net/http made is not kept: an idle WebSocket holds no buffer

	id := s.ids.Add(1)
	who := remoteOf(r, nc, s.cfg.TrustedProxies)
	req, head, exact, parseErr := requestOf(headOf(recorded, npending, r), r)
	opts, optErr := parseOptions(r)
	var tap *tapLink
	if sub := s.taps.lookup(opts.tap); sub != nil {
		tap = &tapLink{hub: s.taps, id: opts.tap}
		tap.sub.Store(sub)
		sub.publish(tapEvent{kind: tapRequest, conn: id, at: time.Now(), from: protocol.FromClient, size: len(head),
			more: &tapDetails{path: r.RequestURI, reconstructed: !exact}}, head, nil)
	}
	refuse := func(res protocol.Response) { s.refuse(w, nc, id, tap, who, res, pending) }

	up, err := protocol.CheckRequest(&req)
	switch {
	case len(head) > s.cfg.MaxHeaderBytes:
		// net/http lets a head run 4 KiB past MaxHeaderBytes; /ws holds
		// to the limit itself.
		refuse(plainResponse(http.StatusRequestHeaderFieldsTooLarge, "the request head is "+strconv.Itoa(len(head))+
			" bytes; this server takes at most "+strconv.Itoa(s.cfg.MaxHeaderBytes)+" (-max-header)"))
		return
	case parseErr != nil:
		refuse(protocol.Refusal(parseErr))
		return
	case err != nil:
		refuse(protocol.Refusal(err))
		return
	case !s.origins.allows(up.Origin, up.Host):
		refuse(plainResponse(http.StatusForbidden,
			"origin "+up.Origin+" may not open a WebSocket here (cross-site WebSocket hijacking protection); "+
				"start the server with -origins "+up.Origin+" to allow it"))
		return
	case optErr != "":
		refuse(plainResponse(http.StatusBadRequest, optErr))
		return
	}

	c := newWSConn(s, nc, id, opts, tap)
	c.ip = who.client
	if why := s.admit(c); why != "" {
		res := plainResponse(http.StatusServiceUnavailable, why)
		res.Headers = append(res.Headers, protocol.HeaderField{Name: "Retry-After", Value: "5"})
		refuse(res)
		return
	}
	if sr, ok := w.(interface{ setStatus(int) }); ok {
		sr.setStatus(http.StatusSwitchingProtocols)
	}
	response := protocol.AppendResponse(nil, protocol.Accepted(up, ""))
	c.tapHandshake(response)
	_ = nc.SetWriteDeadline(time.Now().Add(s.cfg.HandshakeTimeout))
	if _, err := nc.Write(response); err != nil {
		putBuf(pending)
		c.closeQuietly(err)
		return
	}
	c.adopt(pending, npending)
	s.log.Info("websocket open", append(who.attrs(), "conn", id, "origin", up.Origin,
		"tap", tap != nil, "greet", opts.greet != "", "frag", opts.frag, "extensions_offered", strings.Join(up.Extensions, "; "))...)
	// A fresh goroutine starts with a small stack, which is most of what an
	// idle connection costs; the handshake's deep net/http stack is dropped.
	go c.serve()
}

// remote is who is on the other end of a handshake, for logs and limits.
type remote struct {
	client netip.Addr // the client, as clientIP resolved it
	via    netip.Addr // the trusted proxy it came through, if any
	origin string
}

func remoteOf(r *http.Request, nc net.Conn, proxies []netip.Prefix) remote {
	if r.RemoteAddr == "" {
		r.RemoteAddr = nc.RemoteAddr().String()
	}
	client, via := clientIP(r, proxies)
	return remote{client: client, via: via, origin: r.Header.Get("Origin")}
}

// attrs are the log fields naming the peer.
func (p remote) attrs() []any {
	a := []any{"client", p.client.String()}
	if p.via.IsValid() {
		a = append(a, "via", p.via.String())
	}
	return a
}

// refuse answers a handshake that cannot go on, shows it on the tap, and
// closes the connection.
func (s *wsServer) refuse(w http.ResponseWriter, nc net.Conn, id uint64, tap *tapLink, who remote, res protocol.Response, pending *[]byte) {
	putBuf(pending)
	b := protocol.AppendResponse(nil, res)
	if tap != nil {
		if sub := tap.target(); sub != nil {
			now := time.Now()
			sub.publish(tapEvent{kind: tapResponse, conn: id, at: now, from: protocol.FromServer, size: len(b)}, b, nil)
			sub.publish(tapEvent{kind: tapClosed, conn: id, at: now, more: &tapDetails{
				by: "server", err: "handshake refused with " + strconv.Itoa(res.Status)}}, nil, nil)
		}
	}
	if sr, ok := w.(interface{ setStatus(int) }); ok {
		sr.setStatus(res.Status)
	}
	s.log.Info("websocket refused", append(who.attrs(), "conn", id, "status", res.Status,
		"why", strings.TrimSpace(res.Body), "origin", who.origin)...)
	_ = nc.SetDeadline(time.Now().Add(s.cfg.CloseTimeout))
	_, _ = nc.Write(b)
	lingerClose(nc)
}

// lingerClose half-closes nc and reads what the client still sends until it
// closes too (or the deadline set by the caller passes). Closing with unread
// bytes would make the kernel answer with a reset, which can destroy the
// answer the client has not read yet.
func lingerClose(nc net.Conn) {
	if cw, ok := nc.(interface{ CloseWrite() error }); ok {
		_ = cw.CloseWrite()
		b := getBuf(readChunk)
		for {
			if _, err := nc.Read(*b); err != nil {
				break
			}
		}
		putBuf(b)
	}
	_ = nc.Close()
}

func plainResponse(status int, body string) protocol.Response {
	return protocol.Response{Proto: "HTTP/1.1", Status: status, Reason: http.StatusText(status),
		Headers: protocol.Headers{
			{Name: "Content-Type", Value: "text/plain; charset=utf-8"},
			{Name: "Connection", Value: "close"},
		},
		Body: body + "\n"}
}

// parseOptions reads the query string: tap, greet and frag. It returns why
// they are unusable, or "".
func parseOptions(r *http.Request) (wsOptions, string) {
	var o wsOptions
	q := r.URL.Query()
	if t := q.Get("tap"); t != "" {
		id, ok := parseTapID(t)
		if !ok {
			return o, "tap: want 32 hex digits (128 random bits the page makes up)"
		}
		o.tap = id
	}
	o.greet = q.Get("greet")
	if len(o.greet) > maxGreeting || !utf8.ValidString(o.greet) {
		return o, "greet: want UTF-8 text of at most " + strconv.Itoa(maxGreeting) + " bytes"
	}
	if f := q.Get("frag"); f != "" {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return o, "frag: want a frame size of at least 1 byte"
		}
		o.frag = n
	}
	return o, ""
}

// stopRecording ends the copy of the request head and returns it (nil when
// the connection was not recorded).
func stopRecording(nc net.Conn) []byte {
	if rc, ok := nc.(*recordingConn); ok {
		return rc.stop()
	}
	return nil
}

// unwrapConn returns the connection under the recorder, so that later reads
// pay nothing for it and reach the socket's RawConn.
func unwrapConn(nc net.Conn) net.Conn {
	if rc, ok := nc.(*recordingConn); ok {
		return rc.Conn
	}
	return nc
}

// drainBuffered takes the bytes net/http read past the request head: frames a
// client sent right behind its handshake, which must not be lost.
func drainBuffered(br *bufio.Reader) (*[]byte, int) {
	n := br.Buffered()
	if n == 0 {
		return nil, 0
	}
	b := getBuf(max(n, readChunk))
	peeked, _ := br.Peek(n)
	return b, copy(*b, peeked)
}

// headOf finds the request head in what the connection recorded. The head
// ends where the bytes net/http read ahead begin (pending of them); it starts
// at the last line start from which the core parses a request of exactly that
// length with r's method and target. Lines inside a head cannot start such a
// request (net/http refuses a header name with a space), so the last match is
// this request and not an earlier one on the same connection. Nil when the
// head is not in the copy, for example one longer than the copy keeps.
func headOf(recorded []byte, pending int, r *http.Request) []byte {
	end := len(recorded) - pending
	if end <= 0 {
		return nil
	}
	rec := recorded[:end]
	prefix := []byte(r.Method + " ")
	for p := end - 1; p >= 0; p-- {
		if p > 0 && rec[p-1] != '\n' || !bytes.HasPrefix(rec[p:], prefix) {
			continue
		}
		req, n, err := protocol.ParseRequest(rec[p:])
		if n == end-p && (err != nil || req.Method == r.Method && req.Target == r.RequestURI) {
			return rec[p:end:end]
		}
	}
	return nil
}

// requestOf returns the handshake as the core sees it. A recorded head (see
// headOf) is used as it arrived; without one (a test server without the
// recording listener, a head longer than the copy) the request is rebuilt
// from what net/http parsed, with headers sorted by name, and exact is false.
func requestOf(head []byte, r *http.Request) (req protocol.Request, _ []byte, exact bool, err error) {
	if head != nil {
		req, _, err := protocol.ParseRequest(head)
		return req, head, true, err
	}
	req = protocol.Request{Method: r.Method, Target: r.RequestURI, Proto: r.Proto}
	req.Headers = append(req.Headers, protocol.HeaderField{Name: "Host", Value: r.Host})
	for _, name := range slices.Sorted(maps.Keys(r.Header)) {
		for _, v := range r.Header[name] {
			req.Headers = append(req.Headers, protocol.HeaderField{Name: name, Value: v})
		}
	}
	return req, protocol.AppendRequest(nil, req), false, nil
}
