// compression.js: permessage-deflate (RFC 7692) on a live connection. The
// 101 says what both sides agreed, as the core reads it
// (wsplay.checkResponse); each direction's data messages are put together
// from their frames, and the compressed ones (RSV1 on the first frame) are
// inflated by the core (wsplay.inflate), after the window their sender kept
// from its earlier messages when it keeps its context.
//
// A stream is one direction of one connection: {count, open, outputs,
// broken}. A message is {number, compressed, parts, frames, cut,
// payloadHex, earlier, window, inflated}; every frame entry of it holds it
// as entry.message.

// agreementOf is what the handshake's 101 agreed of permessage-deflate
// ({offered, accepted, params, answer}), or null until the 101 has
// arrived or when the server declined.
export function agreementOf(wsplay, handshake) {
  const { request, response } = handshake;
  const up = request && response ? wsplay.checkRequest(request.text).upgrade : null;
  if (!up) return null;
  const deflate = wsplay.checkResponse(response.text, up.key, { extensions: up.extensions }).deflate;
  return deflate?.accepted ? deflate : null;
}

// directionOf is the window and takeover the sender of a direction keeps
// to: the client's for the browser's frames, the server's for the echoes.
export function directionOf(agreement, from) {
  const p = agreement.params;
  return from === "client"
    ? { windowBits: p.clientMaxWindowBits, takeover: !p.clientNoContextTakeover }
    : { windowBits: p.serverMaxWindowBits, takeover: !p.serverNoContextTakeover };
}

export function newStreams() {
  return new Map();
}

// trackFrame adds a data frame (f, the core's decode of it) of a compressed
// connection to its message; the message's last frame inflates it.
export function trackFrame(wsplay, streams, entry, f) {
  if (!entry.deflate || !f || f.opcode >= 8) return;
  const key = entry.conn + ":" + entry.from;
  const stream = streams.get(key) ?? { count: 0, open: null, outputs: [], broken: 0 };
  streams.set(key, stream);
  if (f.opcodeName !== "continuation") {
    stream.open = { number: ++stream.count, compressed: f.rsv1, parts: [], frames: 0, cut: false };
  }
  const message = stream.open;
  if (!message) return; // a continuation without a start: the core's decode says so
  message.parts.push(f.payloadHex);
  message.frames++;
  message.cut ||= !!entry.truncated || !f.complete;
  entry.message = message;
  if (message.compressed) withoutText(f);
  if (!f.fin) return;
  stream.open = null;
  if (message.compressed) finish(wsplay, stream, message, directionOf(entry.deflate, entry.from));
}

// withoutText drops what the core read as text in a compressed frame alone:
// those bytes are DEFLATE, not the message, whose inflated text the detail
// shows (the frame alone cannot be inflated: its window is elsewhere).
function withoutText(f) {
  f.payloadText = null;
  if (f.message) delete f.message.text;
}

// breakStreams marks every stream as missing a message (the tap dropped
// events): a message that may copy from it cannot be inflated.
export function breakStreams(streams) {
  for (const stream of streams.values()) stream.broken ||= stream.count + 1;
}

// finish inflates a whole compressed message, unless its bytes, or those of
// an earlier message it may copy from (only when its sender keeps context),
// did not all come through the tap.
function finish(wsplay, stream, message, direction) {
  message.payloadHex = message.parts.join("");
  message.direction = direction;
  if (message.cut || (stream.broken && direction.takeover)) {
    message.problem = message.cut ? "cut" : "broken";
    message.brokenAt = stream.broken;
    if (direction.takeover) stream.broken ||= message.number;
    return;
  }
  message.earlier = direction.takeover ? windowBefore(stream.outputs, direction.windowBits) : { hex: "", messages: [] };
  // The window is what the earlier messages inflated to: the core takes it as
  // it is (no replay of their compressed bytes).
  message.window = message.earlier.hex;
  const r = wsplay.inflate(message.payloadHex, { ...direction, window: message.window, maxItems: 1 });
  message.inflated = r.ok ? { text: r.text, hex: r.hex, length: r.length } : null;
  message.error = r.ok ? null : r.error;
  if (!r.ok && direction.takeover) stream.broken ||= message.number;
  if (r.ok && direction.takeover) stream.outputs.push({ number: message.number, hex: r.hex });
}

// traced is the message inflated again with its whole trace, for the
// detail (the timeline needs only the bytes).
export function traced(wsplay, message) {
  message.traced ??= wsplay.inflate(message.payloadHex, { ...message.direction, window: message.window });
  return message.traced;
}

// windowBefore is what the sender's window holds before the next message:
// the last 2^windowBits bytes of its earlier messages (RFC 1951 section
// 2: no back-reference reaches further), with where each message starts.
function windowBefore(outputs, windowBits) {
  const size = 2 * 2 ** windowBits; // in hex digits
  let hex = "";
  let i = outputs.length;
  while (i > 0 && hex.length < size) hex = outputs[--i].hex + hex;
  outputs.splice(0, i); // older messages can no longer be reached
  const cut = Math.max(0, hex.length - size);
  let start = -cut / 2; // the oldest message may have begun before the window
  const messages = outputs.map((o) => {
    const m = { number: o.number, start };
    start += o.hex.length / 2;
    return m;
  });
  return { hex: hex.slice(cut), messages };
}

// earlierCopies are the back-references of a traced message that reach
// into earlier messages: {item, number (the message they copy from)}.
export function earlierCopies(message, trace) {
  const { hex, messages } = message.earlier ?? { hex: "", messages: [] };
  const windowLength = hex.length / 2;
  return (trace?.items ?? [])
    .filter((it) => it.kind === "copy" && it.fromEarlierMessage)
    .map((item) => {
      const source = windowLength + item.from; // from < 0: where the copy starts, counted in the window
      const from = messages.findLast((m) => m.start <= source);
      return { item, number: from?.number };
    });
}
