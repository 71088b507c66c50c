package wsclient

import (
	"errors"
	"time"

	"github.com/wsplay/wsplay/protocol"
)

// lingerForServer is how long Close waits for the server to end the TCP
// connection after the close handshake: RFC 6455 section 7.1.1 has the
// server close it first, so that the TIME_WAIT state stays on its side.
const lingerForServer = 2 * time.Second

// Close performs the closing handshake of section 7: it sends code and
// reason, discards data messages still in flight, and returns the close
// frame the server answered with. The TCP connection is closed in any case.
// When the server closed first (ReadMessage returned a *CloseError), Close
// returns that frame.
func (c *Conn) Close(code protocol.StatusCode, reason string) (protocol.ClosePayload, error) {
	defer c.nc.Close()
	if c.peerClose != nil {
		return *c.peerClose, nil
	}
	if err := c.writeControl(protocol.OpClose, protocol.AppendClose(nil, code, reason)); err != nil {
		return protocol.ClosePayload{}, err
	}
	deadline := c.deadline()
	for {
		_, _, err := c.ReadMessageBefore(deadline)
		var ce *CloseError
		if errors.As(err, &ce) {
			c.awaitEOF()
			return *c.peerClose, nil
		}
		if err != nil {
			return protocol.ClosePayload{}, err
		}
	}
}

// awaitEOF lets the server close the TCP connection first, for a while.
func (c *Conn) awaitEOF() {
	if c.nc.SetReadDeadline(time.Now().Add(lingerForServer)) != nil {
		return
	}
	var scratch [512]byte
	for {
		if _, err := c.nc.Read(scratch[:]); err != nil { // io.EOF, or the deadline
			return
		}
	}
}
