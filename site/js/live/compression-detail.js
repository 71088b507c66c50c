// compression-detail.js: what the live detail says of permessage-deflate
// (RFC 7692). For the 101: the browser's offer and the server's answer,
// parameter by parameter, in the core's words. For a frame of a compressed
// message: the browser's real bytes (masked, then unmasked), the inflate
// trace the core computes in the page, the text, and the back-references
// that reach into earlier messages of the same direction.
import { h, spaced, count } from "../dom.js";
import { t, note } from "../i18n.js";
import { renderDeflateTrace } from "../deflate-trace.js";
import { errorLine } from "../rules.js";
import { traced, earlierCopies } from "./compression.js";
import { preview } from "./text.js";

const maxHexShown = 256; // bytes of a payload quoted in full

// extensionsExplained says what became of the browser's offer. offered are
// the request's Sec-WebSocket-Extensions values, deflate is checkResponse's
// reading of the 101 (null while it has not arrived).
export function extensionsExplained(wsplay, requestText, offered, deflate) {
  if (!offered.length) return h("p", { class: "hint" }, t("live.noExtensions"));
  const offers = wsplay.negotiate(offered).offers ?? [];
  const parts = [h("h4", null, t("live.extensionsTitle")),
    h("p", null, t("live.extensionsOffer", [offered.join(", ")])), paramList("live-offer-params", offers[0])];
  if (!deflate) return parts;
  if (deflate.error) parts.push(errorLine(deflate.error));
  else if (!deflate.accepted) {
    parts.push(h("p", { id: "live-extensions-declined" },
      t(/[?&]deflate=0(?:[&\s]|$)/.test(requestText.split("\r\n")[0]) ? "live.extensionsDeclinedByQuery" : "live.extensionsDeclined")));
  } else {
    parts.push(h("p", { id: "live-extensions-agreed" }, t("live.extensionsAgreed", [deflate.answer.text])),
      paramList("live-answer-params", deflate.answer), sidesAgreed(deflate.params));
  }
  return parts;
}

// sidesAgreed sums up what each sender keeps to, as the core read the 101.
function sidesAgreed(p) {
  const side = (bits, forgets) => t(forgets ? "live.sideForgets" : "live.sideKeeps", [bits]);
  return h("p", { id: "live-extensions-sides" }, t("live.extensionsSides",
    [side(p.clientMaxWindowBits, p.clientNoContextTakeover), side(p.serverMaxWindowBits, p.serverNoContextTakeover)]));
}

// paramList is one extension element's parameters, each with the core's
// note (a bare element says what that means).
function paramList(id, element) {
  if (!element) return null;
  if (!element.params.length) return h("p", { id, class: "hint" }, t("live.extensionsNoParams"));
  return h("dl", { id, class: "live-params" }, element.params.flatMap((p) => [
    h("dt", null, h("code", null, p.hasValue ? `${p.name}=${p.value}` : p.name)),
    h("dd", null, note(p.note)),
  ]));
}

// compressedPanel explains the compressed message a frame belongs to; f is
// the core's decode of the frame.
export function compressedPanel(wsplay, entry, f) {
  const m = entry.message;
  const parts = [h("h4", null, t("live.pmd.title")),
    h("p", { id: "live-pmd-rsv1" }, t(f.rsv1 ? "live.pmd.first" : "live.pmd.continuation")),
    h("dl", { class: "live-pmd-bytes" },
      f.masked ? [h("dt", null, t("live.pmd.wire")), h("dd", null, hexCode("live-pmd-masked", f.maskedPayloadHex))] : null,
      h("dt", null, t("live.pmd.framePayload", [count(f.length)])), h("dd", null, hexCode("live-pmd-frame-payload", f.payloadHex)))];
  if (m.problem) return [...parts, h("p", { class: "callout", id: "live-pmd-problem" }, m.problem === "cut" ? t("live.pmd.cut") : t("live.pmd.broken", [m.brokenAt]))];
  if (m.payloadHex == null) return [...parts, h("p", { class: "hint" }, t("live.pmd.waiting"))];
  if (m.frames > 1) parts.push(h("p", null, t("live.pmd.parts", [m.frames, count(m.payloadHex.length / 2)])));
  const r = traced(wsplay, m);
  if (!r.ok) return [...parts, h("p", { id: "live-pmd-problem" }, t("live.pmd.failed")), r.error ? errorLine(r.error) : null];
  parts.push(h("p", { class: "hint" }, t("live.pmd.tail")),
    h("p", { id: "live-pmd-window" }, t(m.direction.takeover ? "live.pmd.takeover" : "live.pmd.noTakeover", [m.direction.windowBits])),
    inflatedText(m, r), copiesNote(m, r.trace));
  const view = h("div", { id: "live-pmd-trace" });
  renderDeflateTrace(view, r.trace, { input: m.payloadHex, output: r.hex, earlier: m.earlier.hex, id: "live-dtrace" });
  return [...parts, view];
}

// inflatedText is what came out: the text, or the bytes of a binary message.
function inflatedText(m, r) {
  const sizes = t("live.pmd.inflated", [count(m.payloadHex.length / 2), count(r.length)]);
  const shown = r.text != null ? h("q", { id: "live-pmd-text" }, preview(r.text, 2000)) : hexCode("live-pmd-text-hex", r.hex);
  return h("div", { id: "live-pmd-out", class: "live-pmd-out", dataset: { hex: r.hex } }, h("p", { id: "live-pmd-sizes" }, sizes), shown); // the hex is for tests
}

// copiesNote names the earlier messages this one copies from: the saving
// that context takeover buys.
function copiesNote(m, trace) {
  const copies = earlierCopies(m, trace);
  if (!copies.length) return h("p", { id: "live-pmd-copies", dataset: { count: "0" } }, t("live.pmd.noCopies"));
  const earlierBytes = copies.reduce((n, c) => n + c.item.earlierBytes, 0);
  return h("div", { id: "live-pmd-copies", dataset: { count: String(copies.length) } },
    h("p", null, t("live.pmd.copies", [copies.length, count(earlierBytes)])),
    h("ul", null, copies.map(({ item, number }) => h("li", null,
      t("live.pmd.copy", [count(item.length), number ?? "?", count(item.distance)]), " ", hexCode(null, item.copiedHex)))));
}

// hexCode is bytes as spaced hex; a long payload is cut, saying how much
// is left out.
function hexCode(id, hex) {
  const rest = hex.length / 2 - maxHexShown;
  const shown = rest > 0 ? spaced(hex.slice(0, 2 * maxHexShown)) + " … " + t("live.pmd.more", [count(rest)]) : spaced(hex);
  return h("code", { id, class: "live-hex" }, shown);
}
