// frames.js: what the core makes of an entry's bytes. A frame entry carries
// its raw bytes as hex and the side that sent them; the core's decode is
// asked once per entry and the answer kept with it.

// decoded is wsplay.decode of the entry's bytes, read as its sender's side;
// on a connection that agreed permessage-deflate RSV1 is allowed (4).
export function decoded(wsplay, entry) {
  entry.decoded ??= wsplay.decode(entry.hex, { from: entry.from, extensions: entry.deflate ? wsplay.extensionsDeflate : 0 });
  return entry.decoded;
}

// firstFrame is the entry's frame (a tapped frame entry holds one), or
// undefined when its bytes do not start a frame.
export function firstFrame(wsplay, entry) {
  return decoded(wsplay, entry).frames?.[0];
}
