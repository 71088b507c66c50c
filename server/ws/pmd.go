package ws

import (
	"sync"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
	"github.com/wsplay/wsplay/server/internal/bufpool"
)

// pmd is a connection's permessage-deflate state (RFC 7692), nil when the
// handshake agreed to no compression. Idle, it holds only what the agreed
// parameters demand: the client's window when the client keeps its context,
// and the server's own window only when the server keeps one too.
type pmd struct {
	inflater *deflate.Inflater
	comp     messageCompressor
	sending  sync.Mutex // held while a message is compressed and written

	compressed bool            // the message being read came with RSV1
	op         protocol.Opcode // and its opcode
	lastSize   int             // the last inflated message's size: the next buffer's guess
}

// newPMD sets up the codecs for what the handshake agreed, or returns nil.
func newPMD(a protocol.DeflateAnswer, maxMessage int) *pmd {
	if !a.Accepted {
		return nil
	}
	comp, inflater := a.Params.ServerCodecs(maxMessage)
	return &pmd{inflater: inflater, comp: chooseCompressor(a.Params, comp)}
}

// startFrame notes whether a message begins compressed, and returns the
// header the Assembler should see (protocol.CompressedStart).
func (p *pmd) startFrame(h protocol.Header, inMessage bool) protocol.Header {
	first, ah := protocol.CompressedStart(h, inMessage)
	if first {
		p.compressed, p.op = h.Rsv1, h.Opcode
	}
	return ah
}

// inflate turns a reassembled compressed message back into the client's
// message, in a buffer borrowed from pool that the caller gives back with
// release: data that does not inflate is pmd-inflate (1007), more than
// -max-message is message-too-big (1009; the inflater stops at the limit,
// so a bomb costs no more), and an inflated text must be UTF-8 (1007).
func (p *pmd) inflate(pool *bufpool.Pool, m protocol.Message, maxMessage int) (protocol.Message, *[]byte, error) {
	// A buffer that fits the last message, or four times this one, comes
	// from the pool; growing one by appending would cost a copy per doubling.
	guess := min(max(bufpool.Chunk, 4*len(m.Payload), p.lastSize), max(maxMessage, bufpool.Chunk))
	b := pool.Get(guess)
	out, err := protocol.InflateData(p.inflater, (*b)[:0], p.op, m)
	if err != nil {
		p.inflater.Reset() // the connection fails; its window is of no more use
		return out, b, err
	}
	*b = out.Payload[:cap(out.Payload)] // it may have grown: give back the bigger one
	p.lastSize = len(out.Payload)
	return out, b, nil
}
