// entries.js: a captured frame as a timeline entry, in the shape the live
// timeline draws (site/js/live/rows.js): {kind, from, since, hex} and the
// core's decoding kept as entry.decoded. The capture's frame counts its
// offsets in its direction's bytes; the entry's decoding counts them in the
// frame's own bytes (headerHex + maskedPayloadHex), as a frame alone is
// shown.

// frameEntry is the timeline entry of frame f of conn.
export function frameEntry(conn, f) {
  const own = {
    ...f,
    offset: 0,
    // A compressed frame's payload is DEFLATE data: its text is the
    // inflated message's (shown apart), not these bytes read as UTF-8.
    payloadText: f.compressed ? null : f.payloadText,
    violations: f.violations.map((v) => ({ ...v, offset: v.offset >= 0 ? v.offset - f.offset : v.offset })),
  };
  return {
    kind: "frame",
    from: f.from,
    conn: conn.number,
    t: f.t,
    since: f.t - conn.first,
    hex: f.headerHex + f.maskedPayloadHex,
    frame: f,
    decoded: { frames: [own], violations: own.violations, needMore: 0, openMessage: false },
  };
}

// withFields gives the entry's frame its annotated fields, which the core
// reads from the frame's own bytes when the frame is shown (readCapture was
// asked for none: a capture can hold 50,000 frames).
export function withFields(wsplay, conn, entry) {
  const own = entry.decoded.frames[0];
  if (own.fields.length || !entry.hex) return entry.decoded;
  const alone = wsplay.decode(entry.hex, { from: entry.from, extensions: conn.deflate ? wsplay.extensionsDeflate : 0, maxFrames: 1 });
  own.fields = alone.frames?.[0]?.fields ?? [];
  return entry.decoded;
}
