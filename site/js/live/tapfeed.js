// tapfeed.js: turns the server's tap events into timeline entries. The tap
// reports, for each connection of our tap id, the upgrade request as it
// arrived ("request"), the 101 as it was sent ("response"), every frame
// both ways ("frame"), how it ended ("closed"), and how many events a slow
// page missed ("dropped").
//
// A feed remembers each connection it has seen: when it started (rows show
// the time since then), its handshake, which the request and the 101
// entries share, so that the detail of either shows both, and what the 101
// agreed of permessage-deflate. Its streams put compressed messages
// together (compression.js), folded frames included.
import { addEntry, drawRow } from "./timeline.js";
import { firstFrame } from "./frames.js";
import { agreementOf, newStreams, trackFrame, breakStreams } from "./compression.js";

export const tapKinds = ["request", "response", "frame", "closed", "dropped"];
const foldAfter = 6; // continuation frames of one message drawn before the rest are folded into a count

// newFeed is a feed that has seen nothing yet.
export function newFeed() {
  return { connections: new Map(), run: null, streams: newStreams() };
}

// forget makes the feed start again, as new (the timeline was cleared).
export function forget(feed) {
  feed.connections.clear();
  feed.streams.clear();
  feed.run = null;
}

// takeTapEvent adds the rows for one tap event and returns its entry, or
// null when the event was folded into a count.
export function takeTapEvent(feed, timeline, wsplay, kind, ev) {
  const connection = connectionOf(feed, timeline, kind, ev);
  const entry = { kind, ...ev };
  if (connection) {
    entry.since = ev.t - connection.first;
    if (kind === "request" || kind === "response") {
      connection.handshake[kind] = entry;
      entry.handshake = connection.handshake;
      connection.deflate = agreementOf(wsplay, connection.handshake);
    }
    if (kind === "frame") entry.deflate = connection.deflate;
  }
  if (kind === "dropped") breakStreams(feed.streams);
  if (kind === "frame") trackFrame(wsplay, feed.streams, entry, firstFrame(wsplay, entry));
  if (kind === "frame" && fold(feed, timeline, wsplay, entry)) return null;
  addEntry(timeline, entry);
  return entry;
}

// connectionOf finds the event's connection; the first event of a new one
// draws its heading.
function connectionOf(feed, timeline, kind, ev) {
  if (kind === "dropped" || !ev.conn) return feed.connections.get(ev.conn);
  let connection = feed.connections.get(ev.conn);
  if (!connection) {
    connection = { first: ev.t, handshake: { conn: ev.conn, request: null, response: null } };
    feed.connections.set(ev.conn, connection);
    addEntry(timeline, { kind: "conn", conn: ev.conn, t: ev.t });
  }
  return connection;
}

// fold counts, instead of drawing, the middle of a long run of continuation
// frames: a message cut into a thousand frames would bury everything else.
// The last frame of the message (FIN) is always drawn.
function fold(feed, timeline, wsplay, entry) {
  const f = firstFrame(wsplay, entry);
  const key = entry.conn + ":" + entry.from;
  if (!f || f.opcodeName !== "continuation" || f.fin) {
    if (feed.run?.key === key) feed.run = null;
    return false;
  }
  if (feed.run?.key !== key) feed.run = { key, drawn: 0, folded: null };
  if (feed.run.drawn < foldAfter) {
    feed.run.drawn++;
    return false;
  }
  if (!feed.run.folded) {
    const folded = { kind: "folded", conn: entry.conn, from: entry.from, t: entry.t, count: 0 };
    feed.run.folded = { entry: folded, row: addEntry(timeline, folded) };
  }
  feed.run.folded.entry.count++;
  drawRow(timeline, feed.run.folded.row);
  return true;
}
