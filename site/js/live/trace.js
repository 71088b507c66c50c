// trace.js: a plain list of a DEFLATE trace (wsplay.inflate's trace), until
// the page's shared renderer (site/js/deflate-trace.js) is in: every item
// with its bit range, its bits as the inflater read them and the core's
// caption. Nothing here computes DEFLATE.
import { h, replace } from "../dom.js";
import { t, note } from "../i18n.js";

const maxItemsShown = 400;

export function renderDeflateTrace(container, trace, options = {}) {
  const items = (trace?.items ?? []).filter((it) => it.kind !== "info");
  replace(container, h("ol", { class: "live-trace", id: options.id || null },
    items.slice(0, maxItemsShown).map((it) => h("li", { dataset: { kind: it.kind, earlier: String(!!it.fromEarlierMessage) } },
      h("span", { class: "live-trace-bits" }, it.bits ? t("live.trace.bits", [it.bit, it.bits]) : ""),
      it.code ? [" ", h("code", null, it.code)] : null, " ", note({ id: it.id, args: it.args, text: it.text })))),
  items.length > maxItemsShown ? h("p", { class: "hint" }, t("live.trace.more", [items.length - maxItemsShown])) : null);
}
