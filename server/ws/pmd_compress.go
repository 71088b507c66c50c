package ws

import (
	kflate "github.com/klauspost/compress/flate"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
)

// messageCompressor appends one message's permessage-deflate payload, the
// 4-byte tail stripped (RFC 7692 section 7.2.1), to dst.
type messageCompressor interface {
	Compress(dst, msg []byte) []byte
}

// chooseCompressor picks the server's compressor for the agreed params.
// klauspost/compress's stateless writer measured fastest (see the README,
// BenchmarkCompressors) and keeps nothing between messages, so it serves
// server_no_context_takeover with the full 32 KiB window. The core's
// Compressor, which honours any window and keeps context, serves the rest.
func chooseCompressor(p protocol.DeflateParams, core *deflate.Compressor) messageCompressor {
	if p.ServerNoContextTakeover && p.ServerWindowBits() == 15 {
		return statelessCompressor{}
	}
	return core
}

// statelessCompressor is klauspost/compress's StatelessDeflate: it builds
// its tables per message from pooled state, so an idle connection holds
// none. Its blocks never reach back more than 32 KiB, within a 15-bit window.
type statelessCompressor struct{}

// Compress writes msg as non-final blocks ended by a sync flush (the empty
// stored block whose LEN and NLEN are the tail), then strips the tail.
func (statelessCompressor) Compress(dst, msg []byte) []byte {
	w := appendWriter{b: dst}
	_ = kflate.StatelessDeflate(&w, msg, false, nil) // appendWriter never fails
	return w.b[:len(w.b)-len(deflate.Tail)]
}

// appendWriter is an io.Writer onto a growing slice.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}
