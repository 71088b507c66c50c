package wsclient

import (
	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
)

// offered lists the extensions the handshake offered, for CheckResponse.
func (c *Conn) offered() []string {
	if c.opts.Deflate == "" {
		return nil
	}
	return []string{c.opts.Deflate}
}

// agreeDeflate checks the server's answer to the Deflate offer (RFC 7692
// section 7.1) and, when it accepts, sets up the codecs of the client's
// side.
func (c *Conn) agreeDeflate(answer []string) error {
	if c.opts.Deflate == "" {
		return nil
	}
	exts := protocol.ParseExtensions(c.opts.Deflate)
	offer, _ := protocol.ParseDeflateParams(exts[0]) // a malformed offer gets a declining answer
	ok, params, err := protocol.CheckDeflateResponse(offer, answer...)
	if err != nil || !ok {
		return err
	}
	c.params, c.deflated = params, true
	c.comp, c.asm.Inflater = params.ClientCodecs(c.opts.MaxMessage)
	return nil
}

// Deflate reports whether the server accepted the permessage-deflate offer,
// and the parameters both sides then use.
func (c *Conn) Deflate() (protocol.DeflateParams, bool) { return c.params, c.deflated }

// compress returns the frames of one message: compressed, RSV1 on the first,
// when permessage-deflate was agreed and op is a data opcode.
func (c *Conn) compress(op protocol.Opcode, payload []byte, fragment int) []protocol.Frame {
	if c.comp == nil || !op.IsData() {
		return protocol.SplitMessage(op, payload, fragment)
	}
	return protocol.CompressedFrames(op, c.comp.Compress(nil, payload), fragment)
}

// clientDeflate is the client's permessage-deflate state.
type clientDeflate struct {
	params   protocol.DeflateParams
	deflated bool
	comp     *deflate.Compressor // used under the writer's lock: messages go out in the order they were compressed
}
