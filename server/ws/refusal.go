package ws

import (
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/bufpool"
	"github.com/wsplay/wsplay/server/tap"
)

// refusal is the answer to a handshake the server's own policy refuses
// (403, 400, 431, 503), built by the core like every other answer; a 503
// says when to try again.
func refusal(status int, why string) protocol.Response {
	res := protocol.PlainRefusal(status, why)
	if status == http.StatusServiceUnavailable {
		res.Headers = append(res.Headers, protocol.HeaderField{Name: "Retry-After", Value: "5"})
	}
	return res
}

// refuse answers a handshake that cannot go on, shows it on the tap, and
// closes the connection.
func (s *Server) refuse(w http.ResponseWriter, nc net.Conn, id uint64, link *tap.Link, who remote, res protocol.Response, pending *[]byte) {
	s.pool.Put(pending)
	b := protocol.AppendResponse(nil, res)
	if sub := linkTarget(link); sub != nil {
		now := time.Now()
		sub.Publish(tap.Event{Kind: tap.Response, Conn: id, At: now, From: protocol.FromServer, Size: len(b)}, b, nil)
		sub.Publish(tap.Event{Kind: tap.Closed, Conn: id, At: now, More: &tap.Details{
			By: "server", Err: "handshake refused with " + strconv.Itoa(res.Status)}}, nil, nil)
	}
	if sr, ok := w.(interface{ SetStatus(int) }); ok {
		sr.SetStatus(res.Status)
	}
	s.log.Info("websocket refused", append(who.attrs(), "conn", id, "status", res.Status,
		"why", strings.TrimSpace(res.Body), "origin", who.origin)...)
	_ = nc.SetDeadline(time.Now().Add(s.cfg.CloseTimeout))
	_, _ = nc.Write(b)
	lingerClose(nc, s.pool)
}

// lingerClose half-closes nc and reads what the client still sends until it
// closes too (or the deadline set by the caller passes). Closing with unread
// bytes would make the kernel answer with a reset, which can destroy the
// answer the client has not read yet.
func lingerClose(nc net.Conn, pool *bufpool.Pool) {
	if cw, ok := nc.(interface{ CloseWrite() error }); ok {
		_ = cw.CloseWrite()
		b := pool.Get(bufpool.Chunk)
		for {
			if _, err := nc.Read(*b); err != nil {
				break
			}
		}
		pool.Put(b)
	}
	_ = nc.Close()
}
