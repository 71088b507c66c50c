// Package protocol is a pure implementation of the WebSocket protocol,
// RFC 6455: the opening handshake, framing, masking, fragmentation and the
// closing handshake, as functions over byte slices with no I/O.
//
// Besides doing the work, the package explains it: decoding a frame yields an
// annotation model (one Field per header field, with its byte offset, bit
// range, raw bits, value, meaning and RFC section), and every refusal is a
// *Violation naming the Rule it breaks and the offending byte. Every sentence
// the package can produce has a stable id (see Notes), so a page can show it in
// any language.
//
// The package avoids fmt, encoding/json, net/url and reflect so that the
// WebAssembly build stays small.
package protocol
