// Package deflate is a DEFLATE (RFC 1951) inflater and compressor that can
// explain itself: next to the bytes it returns a trace of every field,
// code and symbol it read or chose, for a page to draw bit by bit.
//
// It knows nothing of WebSocket. The permessage-deflate conventions it
// supports (RFC 7692 section 7.2: a message ends with a sync flush whose
// 4-byte tail 00 00 ff ff is stripped, and the LZ77 window may be carried
// from one message to the next) are expressed as options of Inflater and
// Compressor.
//
// Bit order (RFC 1951 section 3.1.1): a DEFLATE stream is read from the
// least significant bit of each byte up. Header fields and extra bits are
// numbers whose first bit read is their least significant one; Huffman codes
// are the other way round, their first bit read is the code's most
// significant one. A trace gives each item's first bit as an offset counted
// that way (bit 0 is the least significant bit of the first byte) and writes
// Huffman codes most significant bit first, as RFC 1951 prints them.
//
// The package imports nothing that would weigh on a WebAssembly build
// (no fmt, reflect or compress/flate).
package deflate
