// detail.js: the detail of one timeline entry. A frame is decoded by the
// core and drawn by the shared frame view (with its compressed message
// inflated, when it has one); the upgrade request and its 101 are shown
// together, with the core's checks of the Accept and of the extension
// agreed; an end of connection says who ended it and how.
import { h, replace, count } from "../dom.js";
import { t } from "../i18n.js";
import { tx } from "../ui.js";
import { renderFrameView } from "../frameview.js";
import { errorLine } from "../rules.js";
import { decoded, firstFrame } from "./frames.js";
import { closedText } from "./rows.js";
import { extensionsExplained, compressedPanel } from "./compression-detail.js";

// showDetail fills the detail pane for entry (nothing selected: a hint).
export function showDetail(pane, entry, wsplay) {
  if (!entry) return replace(pane, tx("live.nothingSelected", "p", { class: "hint" }));
  if (entry.handshake) return showHandshake(pane, entry.handshake, wsplay);
  if (entry.kind === "frame") return showFrame(pane, entry, wsplay);
  if (entry.kind === "closed") {
    return replace(pane, h("p", { id: "live-closed-detail" }, closedText(entry)), h("p", { class: "hint" }, t("live.closedHint")));
  }
}

// showHandshake shows the request and the 101 (or "…" while it has not
// arrived: the detail is shown again when it does).
export function showHandshake(pane, { request, response }, wsplay) {
  const parts = [h("h4", null, t("live.requestTitle")), tx("live.requestHint", "p", { class: "hint" }),
    h("pre", { id: "live-request", class: "live-http" }, request ? request.text : "…")];
  if (request?.reconstructed) parts.push(tx("live.reconstructed", "p", { class: "hint" }));
  parts.push(h("h4", null, t("live.responseTitle")), h("pre", { id: "live-response", class: "live-http" }, response ? response.text : "…"));
  if (request) parts.push(acceptCheck(request.text, response?.text, wsplay));
  replace(pane, parts);
}

// acceptCheck is the key the browser sent, the Accept the core derives from
// it, the core's verdict on the server's answer (which may accept the
// extension the browser offered), and what became of that offer.
function acceptCheck(requestText, responseText, wsplay) {
  const checked = wsplay.checkRequest(requestText);
  const key = checked.upgrade?.key;
  if (!key) return checked.error ? errorLine(checked.error) : null;
  const offered = checked.upgrade.extensions ?? [];
  const verdict = responseText == null ? null : wsplay.checkResponse(responseText, key, { extensions: offered });
  return [
    h("dl", { class: "live-accept" },
      h("dt", null, t("live.keySent")), h("dd", null, h("code", { id: "live-key" }, key)),
      h("dt", null, t("live.acceptComputed")), h("dd", null, h("code", { id: "live-accept" }, wsplay.accept(key).accept)),
      h("dt", null, t("live.acceptVerdict")),
      h("dd", { id: "live-accept-verdict", class: "check-line", dataset: { same: String(!!verdict?.ok) } }, verdictText(verdict))),
    extensionsExplained(wsplay, requestText, offered, verdict?.deflate ?? null),
  ];
}

function verdictText(verdict) {
  if (verdict == null) return "…";
  if (verdict.ok) return "✓ " + t("live.acceptOk");
  return verdict.error ? [...errorLine(verdict.error).childNodes] : "✗";
}

// showFrame draws one tapped frame: who sent it, whether it is masked, and
// whether the tap cut it short.
export function showFrame(pane, entry, wsplay) {
  const notes = [];
  const f = firstFrame(wsplay, entry);
  if (entry.from === "client" && f?.masked) notes.push(h("p", { class: "hint" }, t("live.clientMasked", [f.maskKeyHex])));
  if (entry.from === "server") notes.push(h("p", { class: "hint" }, t("live.serverUnmasked")));
  if (entry.truncated) {
    notes.push(h("p", { class: "callout live-truncated", id: "live-truncated" }, t("live.truncated", [count(entry.hex.length / 2), count(entry.size)])));
  }
  const view = h("div", { id: "live-frame-view" });
  const compressed = entry.message?.compressed && f ? h("div", { id: "live-pmd", class: "live-pmd" }, compressedPanel(wsplay, entry, f)) : null;
  replace(pane, h("h4", null, t(entry.from === "client" ? "live.fromBrowser" : "live.fromServer")), notes, view, compressed);
  renderFrameView(view, decoded(wsplay, entry), { bytes: entry.hex });
}
