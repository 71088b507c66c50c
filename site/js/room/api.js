// api.js: the room endpoints of the wsplay server (README "Rooms"):
// POST /rooms, /ws?room=…, /tap?room=…. Every URL carries ?room=, which
// nginx routes on, so that all of a room's requests reach its instance.

export const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

// base is where the server lives: the folder this page came from.
export function base() {
  return new URL(".", location.href);
}

// normalizeCode reads a code as typed (lower case, spaces, dashes), or
// returns null when it cannot be one.
export function normalizeCode(s) {
  const code = String(s ?? "").replace(/[\s-]/g, "").toUpperCase();
  if (code.length !== 6 || [...code].some((c) => !alphabet.includes(c))) return null;
  return code;
}

// createRoom asks for a room. The shard, two random characters, picks the
// instance behind nginx; the code the server makes starts with them.
export async function createRoom() {
  const pick = crypto.getRandomValues(new Uint8Array(2));
  const shard = [...pick].map((b) => alphabet[b % alphabet.length]).join("");
  const res = await fetch(new URL("rooms?room=" + shard, base()), { method: "POST" });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.why ?? `HTTP ${res.status}`);
  return body;
}

// roomStatus asks whether the room can be joined: {ok: true, students,
// seats}, or {ok: false, error, why} with the server's reason.
export async function roomStatus(code) {
  try {
    const res = await fetch(new URL(`rooms/${encodeURIComponent(code)}?room=${encodeURIComponent(code)}`, base()), { cache: "no-store" });
    const body = await res.json();
    return res.ok ? { ok: true, ...body } : { ok: false, ...body };
  } catch (err) {
    return { ok: false, error: "unreachable", why: String(err?.message ?? err) };
  }
}

// socketURL is /ws for a room: a student's (name) or the teacher's (secret).
export function socketURL(code, who, tapId) {
  const url = new URL("ws", base());
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("room", code);
  if (who.secret != null) url.searchParams.set("secret", who.secret);
  else url.searchParams.set("name", who.name);
  if (tapId) url.searchParams.set("tap", tapId);
  return url;
}

// tapURL is a student's own wire: the tap of this page's connection.
export function tapURL(code, tapId) {
  const url = new URL("tap", base());
  url.searchParams.set("tap", tapId);
  url.searchParams.set("room", code);
  return url;
}

export { newTapId } from "../live/connection.js";

// qrURL is the SVG of the join link.
export function qrURL(code) {
  return new URL(`rooms/${code}/qr.svg?room=${code}`, base());
}

// joinURL is the students' link.
export function joinURL(code) {
  return new URL(`room.html?room=${code}`, base());
}

// closeName is the meaning of a close code the room page shows: the
// core's name for 1000-1015, the room's own words for 4001-4004.
export function closeKey(code) {
  return [4001, 4002, 4003, 4004].includes(code) ? "room.code" + code : null;
}
