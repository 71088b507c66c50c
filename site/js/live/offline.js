// offline.js: what the section says when no wsplay server answers (the page
// served by a static host, or the server stopped): how to start one, and a
// button to look again. The rest of the page works without it.
import { h, replace } from "../dom.js";
import { t, markup } from "../i18n.js";
import { button } from "../ui.js";

// showOffline fills and shows the callout; why is the reason, if known
// (kept, to write the callout again in another language). retry() resolves
// true once the server answers, and the callout hides.
export function showOffline(callout, base, why, retry) {
  callout.dataset.why = why ?? "";
  replace(callout,
    h("h3", null, t("live.offlineTitle")),
    h("p", null, markup(t("live.offlineText", [base.href]))),
    h("pre", { class: "live-command" }, "make run"),
    h("p", null, markup(t("live.offlineThen"))),
    why ? h("p", { class: "hint" }, why) : null,
    button("live-retry", "live.retry", async () => {
      if (await retry()) callout.hidden = true;
    }));
  callout.hidden = false;
}
