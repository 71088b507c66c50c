package ws

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/bufpool"
	"github.com/wsplay/wsplay/server/internal/clientip"
	"github.com/wsplay/wsplay/server/tap"
)

// ServeHTTP runs the opening handshake of RFC 6455 section 4.2. It takes the
// connection over at once and writes every answer, 101 or refusal, as raw
// bytes built by the core, so the tap shows exactly what was sent.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
	recorded, nc := tap.Unwrap(nc)
	pending, npending := s.drainBuffered(brw.Reader)
	brw = nil // the bufio pair net/http made is not kept: an idle WebSocket holds no buffer

	id := s.ids.Add(1)
	who := remoteOf(r, nc, s.cfg.TrustedProxies)
	req, head, exact, parseErr := tap.RequestOf(tap.HeadOf(recorded, npending, r), r)
	tapID, tapErr := tapOf(r)
	link := s.taps.Link(tapID)
	if sub := linkTarget(link); sub != nil {
		sub.Publish(tap.Event{Kind: tap.Request, Conn: id, At: time.Now(), From: protocol.FromClient, Size: len(head),
			More: &tap.Details{Path: r.RequestURI, Reconstructed: !exact}}, head, nil)
	}
	refuse := func(res protocol.Response) { s.refuse(w, nc, id, link, who, res, pending) }

	up, err := protocol.CheckRequest(&req)
	if res, refused := s.screen(len(head), parseErr, err, up, tapErr); refused {
		refuse(res)
		return
	}
	h, err := s.cfg.Choose(r)
	if err != nil {
		refuse(chooseRefusal(err))
		return
	}
	policy, err := s.policyFor(r)
	if err != nil {
		refuse(refusal(http.StatusBadRequest, err.Error()))
		return
	}

	c := newConn(s, nc, id, h, link)
	c.ip = who.client
	if why := s.admit(c); why != "" {
		refuse(refusal(http.StatusServiceUnavailable, why))
		return
	}
	if sr, ok := w.(interface{ SetStatus(int) }); ok {
		sr.SetStatus(http.StatusSwitchingProtocols)
	}
	accepted, agreed := policy.Accept(up)
	c.agree(agreed)
	response := protocol.AppendResponse(nil, accepted)
	c.tapHandshake(response)
	_ = nc.SetWriteDeadline(time.Now().Add(s.cfg.HandshakeTimeout))
	if _, err := nc.Write(response); err != nil {
		s.pool.Put(pending)
		c.closeQuietly(err)
		return
	}
	c.adopt(pending, npending)
	s.log.Info("websocket open", append(append(who.attrs(), "conn", id, "origin", up.Origin, "tap", link != nil),
		append(logAttrsOf(h), "extensions_offered", strings.Join(up.Extensions, "; "), "subprotocol", agreed.Subprotocol,
			"extensions", agreed.Deflate.Header)...)...)
	// A connection whose client has sent nothing yet parks at once: no
	// goroutine of its own until the client speaks, so a class opening its
	// pages together does not hold a stack per page.
	c.start()
}

// screen applies the checks a handshake must pass before a connection is
// set aside for it, in order: the head's size, the core's rules (section
// 4.2.1), the origin policy (section 10.2) and the tap id.
func (s *Server) screen(headSize int, parseErr, ruleErr error, up protocol.Upgrade, tapErr error) (protocol.Response, bool) {
	switch {
	case headSize > s.cfg.MaxHeaderBytes:
		// net/http lets a head run 4 KiB past MaxHeaderBytes; /ws holds
		// to the limit itself.
		return refusal(http.StatusRequestHeaderFieldsTooLarge, "the request head is "+strconv.Itoa(headSize)+
			" bytes; this server takes at most "+strconv.Itoa(s.cfg.MaxHeaderBytes)+" (-max-header)"), true
	case parseErr != nil:
		return protocol.Refusal(parseErr), true
	case ruleErr != nil:
		return protocol.Refusal(ruleErr), true
	case !s.cfg.AllowOrigin(up.Origin, up.Host):
		return refusal(http.StatusForbidden,
			"origin "+up.Origin+" may not open a WebSocket here (cross-site WebSocket hijacking protection); "+
				"start the server with -origins "+up.Origin+" to allow it"), true
	case tapErr != nil:
		return refusal(http.StatusBadRequest, tapErr.Error()), true
	}
	return protocol.Response{}, false
}

// chooseRefusal answers a Choose error: its status (chooseStatus) and, when
// the error says when to try again, that Retry-After instead of the
// default one.
func chooseRefusal(err error) protocol.Response {
	res := refusal(chooseStatus(err), err.Error())
	if ra, ok := err.(interface{ RetryAfterSeconds() int }); ok && ra.RetryAfterSeconds() > 0 {
		kept := res.Headers[:0]
		for _, h := range res.Headers {
			if !protocol.EqualFoldASCII(h.Name, "Retry-After") {
				kept = append(kept, h)
			}
		}
		res.Headers = append(kept, protocol.HeaderField{Name: "Retry-After", Value: strconv.Itoa(ra.RetryAfterSeconds())})
	}
	return res
}

// chooseStatus is the status of a Choose refusal: 400, unless the error
// names its own (a room that does not exist is a 404, a full one a 503).
func chooseStatus(err error) int {
	if st, ok := err.(interface{ HTTPStatus() int }); ok && st.HTTPStatus() >= 400 {
		return st.HTTPStatus()
	}
	return http.StatusBadRequest
}

// policyFor is the server's policy for one request: ?deflate=0 declines
// permessage-deflate, for a page's plain lessons. The core reads the query
// from the request target as sent, as the page does when it predicts the
// answer (protocol.ServerPolicy.ForTarget).
func (s *Server) policyFor(r *http.Request) (protocol.ServerPolicy, error) {
	target := r.RequestURI
	if target == "" { // a request built in code rather than read off the wire
		target = r.URL.RequestURI()
	}
	return s.cfg.Policy.ForTarget(target)
}

// tapOf reads ?tap=, the id of the subscriber this connection reports to.
func tapOf(r *http.Request) (string, error) {
	t := r.URL.Query().Get("tap")
	if t == "" {
		return "", nil
	}
	id, ok := tap.ParseID(t)
	if !ok {
		return "", errors.New("tap: want 32 hex digits (128 random bits the page makes up)")
	}
	return id, nil
}

// linkTarget is link's subscriber, or nil when there is no link.
func linkTarget(link *tap.Link) *tap.Sub {
	if link == nil {
		return nil
	}
	return link.Target()
}

// logAttrsOf asks h for the fields of the "websocket open" line, if it has
// any (Echo says whether it greets and its fragment size).
func logAttrsOf(h Handler) []any {
	if la, ok := h.(interface{ LogAttrs() []any }); ok {
		return la.LogAttrs()
	}
	return nil
}

// remote is who is on the other end of a handshake, for logs and limits.
type remote struct {
	client netip.Addr // the client, as clientip.Of resolved it
	via    netip.Addr // the trusted proxy it came through, if any
	origin string
}

func remoteOf(r *http.Request, nc net.Conn, proxies []netip.Prefix) remote {
	if r.RemoteAddr == "" {
		r.RemoteAddr = nc.RemoteAddr().String()
	}
	client, via := clientip.Of(r, proxies)
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

// drainBuffered takes the bytes net/http read past the request head: frames a
// client sent right behind its handshake, which must not be lost.
func (s *Server) drainBuffered(br *bufio.Reader) (*[]byte, int) {
	n := br.Buffered()
	if n == 0 {
		return nil, 0
	}
	b := s.pool.Get(max(n, bufpool.Chunk))
	peeked, _ := br.Peek(n)
	return b, copy(*b, peeked)
}
