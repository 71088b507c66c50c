// frame.js: the detail of one captured frame: who sent it and when (the
// capture's packet and time), its masking key, what became of a compressed
// message, then the frame through the shared frame view.
import { h, replace, count, spaced, toHex } from "../dom.js";
import { t } from "../i18n.js";
import { renderFrameView } from "../frameview.js";
import { withFields } from "./entries.js";

const previewChars = 2000; // characters of an inflated text shown
const previewBytes = 256; // bytes of an inflated binary message shown

// showFrame draws entry (see entries.js) of conn in pane.
export function showFrame(pane, conn, entry, wsplay) {
  const f = entry.frame;
  const notes = [h("p", { class: "capture-when", id: "capture-frame-when" }, t("capture.when", [f.packet, captureTime(f.t), "+" + (entry.since / 1000).toFixed(3) + " ms"]))];
  if (f.from === "client" && f.masked) notes.push(h("p", { class: "hint" }, t("capture.clientMasked", [f.maskKeyHex])));
  if (f.from === "server" && !f.masked) notes.push(h("p", { class: "hint" }, t("capture.serverUnmasked")));
  if (!f.complete) notes.push(h("p", { class: "callout" }, t("capture.incomplete")));
  if (f.compressed) notes.push(inflation(f));
  const view = h("div", { id: "capture-frame-view" });
  replace(pane, h("h4", null, t(f.from === "client" ? "capture.fromClient" : "capture.fromServer")), notes, view);
  renderFrameView(view, withFields(wsplay, conn, entry), { bytes: entry.hex });
}

// inflation says what became of a compressed message: on its last frame the
// inflated payload (or why there is none), on the others that it continues.
function inflation(f) {
  if (!f.inflation) return h("p", { class: "hint capture-inflation" }, t("capture.compressedPart"));
  if (f.inflation !== "inflated") return h("p", { class: "callout capture-inflation", dataset: { inflation: f.inflation } }, t("capture.inflation." + f.inflation));
  const text = f.message?.text;
  const body = text != null
    ? h("pre", { class: "live-http capture-inflated-text" }, text.length > previewChars ? text.slice(0, previewChars) + "…" : text)
    : h("code", { class: "capture-inflated-hex" }, spaced(toHex(f.inflated.payload.subarray(0, previewBytes))) + (f.inflated.length > previewBytes ? " …" : ""));
  return h("div", { class: "capture-inflation", id: "capture-inflated", dataset: { inflation: f.inflation } },
    h("p", null, "⇲ ", t("capture.inflated", [count(f.inflated.length), count(f.message.frames)])), body);
}

// captureTime writes a capture time (µs since 1970) in UTC to the
// microsecond.
export function captureTime(us) {
  const iso = new Date(Math.floor(us / 1000)).toISOString();
  return iso.slice(0, 23) + String(us % 1000).padStart(3, "0") + "Z";
}
