// projrows.js: how each room event reads on the projector's timeline.
// Frame facts (opcode, length, masking key, RSV1) are the core's decode of
// the frame's bytes as they travelled; the text is the server's reading
// of the message (it may have come compressed).
import { h, count, spaced } from "../dom.js";
import { t } from "../i18n.js";
import { rt, rtn } from "./words.js";
import { closeKey } from "./api.js";

// projectorRows is the describe function of the projector's timeline.
// names(id) is a student's display name.
export function projectorRows(wsplay, names) {
  const who = (id) => h("bdi", { class: "room-name" }, names(id) ?? "#" + id);
  return (entry) => describe(wsplay, who, entry);
}

function describe(wsplay, who, e) {
  const when = since(e);
  switch (e.kind) {
    case "joined":
      return { dir: "note", when, label: rtn("room.row.joined", [who(e.student), count(e.count)]) };
    case "left":
      return { dir: "note", when, label: ["■ ", rtn("room.row.left", [who(e.student), closeText(wsplay, e.code, e.reason), rt("room.by." + (e.by || "none"))])] };
    case "message":
      return { dir: "c2s", when, label: messageLabel(wsplay, who, e) };
    case "frame":
      return { dir: "c2s", when, control: true, label: [who(e.student), " · ", frameFacts(wsplay, e.frame)] };
    case "sent":
      return { dir: "s2c", when, label: rtn("room.row.sent", [count(e.count), count(e.bytes)]) };
    case "dropped":
      return { dir: "note", when, label: ["⚠ ", rtn("room.row.dropped", [who(e.student), count(e.count), rt("room.why." + e.why)])] };
    case "muted":
      return { dir: "note", when, label: e.student ? rtn(e.muted ? "room.row.mutedOne" : "room.row.unmutedOne", [who(e.student)]) : rt(e.muted ? "room.row.mutedAll" : "room.row.unmutedAll") };
    default:
      return { dir: "note", when, label: e.kind };
  }
}

// messageLabel: the sender, each frame's facts (a message may come in
// several, each with its own key) and the text as the server read it.
function messageLabel(wsplay, who, e) {
  const parts = [who(e.student)];
  for (const hex of e.frames ?? []) parts.push(" · ", frameFacts(wsplay, hex));
  if (e.moreFrames) parts.push(" · ", rt("room.moreFrames", [count(e.moreFrames)]));
  if (e.error) parts.push(" · ", h("span", { class: "room-refused" }, "✗ " + e.error));
  else parts.push(" · ", h("q", null, preview(e.text ?? "")));
  return parts;
}

// frameFacts is what the class should see in one client frame: opcode,
// length, the masking key, and RSV1 when it came compressed.
export function frameFacts(wsplay, hex, from = "client") {
  const f = wsplay.decode(hex, { from, extensions: wsplay.extensionsDeflate }).frames?.[0];
  if (!f) return t("live.frameUnknown");
  const out = [t("opcode." + f.opcodeName), " · ", t("live.bytes", [count(f.length)])];
  if (f.masked) out.push(" · ", h("span", { class: "room-key" }, rtn("room.key", [h("code", null, f.maskKeyHex)])));
  if (f.rsv1) out.push(" · ", h("span", { class: "room-rsv1" }, rt("room.rsv1")));
  if (f.close) out.push(" · " + f.close.code);
  return out;
}

// closeText is a close code with its meaning: the core's name for
// 1000-1015, the room's own words for 4001-4004.
export function closeText(wsplay, code, reason) {
  const key = closeKey(code);
  const name = key ? rt(key) : wsplay.statusCodes().find((s) => s.code === code)?.name ?? "";
  return [String(code), name ? " " + name : "", reason ? " “" + preview(reason) + "”" : ""].join("");
}

// hexBlock shows a frame's bytes once, spaced.
export function hexBlock(hex) {
  return h("code", { class: "room-hex" }, spaced(hex));
}

function preview(text) {
  const chars = [...String(text)];
  return chars.length > 60 ? chars.slice(0, 60).join("") + "…" : chars.join("");
}

// since is the time since the projector opened, in seconds.
function since(e) {
  return e.since == null ? "" : "+" + (e.since / 1000).toFixed(1) + " s";
}
