// rows.js: how each kind of tap entry looks on the timeline, in a few
// words. Frame facts (opcode, length, mask, close code, text) are the
// core's decode of the entry's bytes; this only chooses which to show.
import { h, spaced, count } from "../dom.js";
import { t } from "../i18n.js";
import { firstFrame } from "./frames.js";
import { preview } from "./text.js";

// tapRows is the describe function of a timeline of tap entries. control
// tells a control opcode (close, ping, pong) from the core's table.
export function tapRows(wsplay) {
  const opcodes = wsplay.opcodes();
  const control = (f) => !!opcodes[f.opcode]?.control;
  return (entry) => describe(wsplay, control, entry);
}

function describe(wsplay, control, entry) {
  switch (entry.kind) {
    case "conn":
      return { banner: h("span", { class: "live-conn" }, t("live.connection", [entry.conn])) };
    case "folded":
      return { banner: h("span", { class: "live-note-box live-folded" }, "⋯ " + t("live.folded", [count(entry.count)])) };
    case "dropped":
      return { banner: h("span", { class: "live-note-box" }, "⚠ " + t("live.dropped", [count(entry.count)])) };
    case "closed":
      return { dir: "note", label: ["■ ", closedText(entry)], when: since(entry) };
    case "frame":
      return frameRow(wsplay, control, entry);
    case "request":
    case "response":
      return { dir: side(entry), label: h("code", null, firstLine(entry.text)), when: since(entry) };
    default: // a kind this page does not know yet: its name
      return { dir: side(entry), label: entry.kind, when: since(entry) };
  }
}

function frameRow(wsplay, control, entry) {
  const f = firstFrame(wsplay, entry);
  const row = { dir: side(entry), when: since(entry) };
  if (!f) return { ...row, label: t("live.frameUnknown") };
  const isControl = control(f);
  const parts = [t("opcode." + f.opcodeName), t("live.bytes", [count(f.length)])];
  if (!f.fin) parts.push("FIN=0");
  if (f.masked) parts.push(t("live.maskedWith", [f.maskKeyHex]));
  // RSV1 marks a compressed message (RFC 7692 section 6), in words too.
  if (f.rsv1 && entry.deflate) parts.push(h("span", { class: "live-compressed" }, "⇲ " + t("live.compressedMark")));
  // A close shows its code and reason, a ping or pong its bytes, a data
  // frame its text (inflated by the core when compressed): each as the
  // core decoded it.
  const text = entry.message?.compressed ? (f.fin ? entry.message.inflated?.text : null) : f.complete && f.payloadText;
  if (f.close) parts.push([String(f.close.code), f.close.reason ? [" ", h("q", null, preview(f.close.reason, 20))] : null]);
  else if (f.complete && f.length > 0 && isControl) parts.push(h("code", null, spaced(f.payloadHex.slice(0, 16))));
  else if (text) parts.push(h("q", null, preview(text, 24)));
  return { ...row, label: parts.flatMap((p, i) => (i ? [" · ", p] : [p])), control: isControl };
}

// closedText says how a connection ended. The server's own note on an
// unclean end is a Go error in English, shown as such (as code).
export function closedText(entry) {
  const why = entry.error ? [" (", h("code", { class: "live-error" }, entry.error), ")"] : null;
  if (!entry.by) return [t("live.closedAbrupt"), why];
  const who = t(entry.by === "client" ? "live.byBrowser" : "live.byServer");
  return [t(entry.clean ? "live.closedClean" : "live.closedUnclean", [who, entry.code || "—"]), why];
}

function side(entry) {
  return entry.from === "client" ? "c2s" : "s2c";
}

// since is the time from the connection's first event, in milliseconds.
export function since(entry) {
  return entry.since == null ? "" : "+" + (entry.since / 1000).toFixed(1) + " ms";
}

// firstLine is a head's start line. The tap id in the request's query is
// long and says nothing here (the detail shows it).
function firstLine(text) {
  return String(text ?? "").split("\r\n")[0].replace(/([?&]tap=)[0-9a-f]{32}/, "$1…");
}
