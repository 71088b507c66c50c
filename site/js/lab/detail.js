// detail.js: the detail of one lab timeline entry. A server frame goes
// through the live section's frame detail (the core's decode in the shared
// frame view); a head is shown whole; a write as its bytes.
import { h, replace, spaced } from "../dom.js";
import { t } from "../i18n.js";
import { tx } from "../ui.js";
import { showFrame } from "../live/detail.js";
import { closedText } from "./rows.js";

// showLabDetail fills pane for entry (nothing selected: a hint).
export function showLabDetail(pane, entry, wsplay) {
  if (!entry) return replace(pane, tx("lab.nothingSelected", "p", { class: "hint" }));
  switch (entry.kind) {
    case "frame":
      showFrame(pane, entry, wsplay);
      pane.querySelector("h4").textContent = t("lab.fromServer"); // the lab, not a browser, is the client
      if (entry.compressed) pane.querySelector("h4").after(inflated(entry));
      return;
    case "request":
    case "response":
      return replace(pane, h("h4", null, t("lab.detail." + entry.kind)),
        h("pre", { id: "lab-detail-head", class: "live-http" }, entry.text || "—"));
    case "write":
      return replace(pane, h("h4", null, t("lab.write." + entry.part, [entry.offset, entry.size])),
        h("pre", { class: "live-http" }, spaced(entry.hex)));
    case "closed":
      return replace(pane, h("p", { id: "lab-closed-detail" }, closedText(entry)));
  }
}

function inflated(entry) {
  return h("p", { class: "callout" }, t("lab.inflated"), " ", entry.text ? h("q", null, entry.text) : "—");
}
