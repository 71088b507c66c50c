// controls.js: the lab's controls and its layout. Every control keeps the
// id the tests and the README name.
import { h, replace } from "../dom.js";
import { t, markup } from "../i18n.js";
import { tx, labelled, checkbox, button } from "../ui.js";
import { timelineList } from "../live/timeline.js";
import { groups, groupOf } from "./catalogue.js";

const textArea = { spellcheck: "false", autocomplete: "off", autocapitalize: "off" };
const number = { type: "number", min: "0", step: "1", inputmode: "numeric" };

// controls builds every control of the section, unwired.
export function controls() {
  return {
    offline: h("div", { id: "lab-offline", class: "callout live-offline", hidden: true }),
    exp: h("select", { id: "lab-exp" }),
    question: h("p", { id: "lab-question", class: "lab-question", "aria-live": "polite" }),
    request: h("textarea", { id: "lab-request", rows: "7", ...textArea }),
    requestDefault: button("lab-request-default", "lab.requestDefault"),
    bytes: h("textarea", { id: "lab-bytes", rows: "3", ...textArea }),
    chunk: h("input", { id: "lab-chunk", value: "0", ...number }),
    pause: h("input", { id: "lab-pause", value: "0", max: "10000", ...number }),
    trickle: checkbox("lab-trickle", "lab.trickle", false),
    run: button("lab-run", "lab.run"),
    status: h("p", { id: "lab-status", class: "live-status", role: "status" }),
    expect: h("div", { id: "lab-expect" }),
    verdict: h("div", { id: "lab-verdict", "aria-live": "polite" }),
    timeline: timelineList("lab-timeline", "lab-timeline-title"),
    detail: h("div", { id: "lab-detail", class: "live-detail-body" }),
  };
}

// layout puts the controls in root: the offline callout, the form, what
// the RFC requires, the timeline beside its detail, and the verdict.
export function layout(root, c) {
  replace(root,
    c.offline,
    h("div", { class: "card lab-form" },
      labelled("lab.exp", c.exp, "lab.expHint"),
      c.question,
      h("div", { class: "field-group wide" }, labelled("lab.request", c.request, "lab.requestHint"), c.requestDefault),
      labelled("lab.bytes", c.bytes, "lab.bytesHint"),
      h("div", { class: "row lab-pacing" }, labelled("lab.chunk", c.chunk, "lab.chunkHint"), labelled("lab.pause", c.pause), c.trickle.node),
      h("div", { class: "row live-connect-row" }, c.run, c.status)),
    h("div", { class: "card lab-expect-card" }, tx("lab.expectTitle", "h3"), c.expect),
    h("div", { class: "live-main" },
      h("div", { class: "card live-timeline" },
        tx("lab.timeline", "h3", { id: "lab-timeline-title" }),
        h("div", { class: "live-lanes", "aria-hidden": "true" }, tx("lab.client", "span"), tx("live.server", "span")),
        c.timeline),
      h("div", { class: "card live-detail" }, tx("live.detail", "h3"), c.detail)),
    h("div", { class: "card lab-verdict-card" }, tx("lab.verdictTitle", "h3"), c.verdict));
}

// fillExperiments lists the catalogue by heading, each experiment as its
// question, keeping what was chosen.
export function fillExperiments(select, catalogue) {
  const chosen = select.value;
  const list = catalogue?.experiments ?? [];
  replace(select,
    h("option", { value: "" }, t("lab.own")),
    groups.map((g) => {
      const members = list.filter((e) => groupOf(e) === g);
      return members.length ? h("optgroup", { label: t("lab.group." + g) }, members.map((e) => h("option", { value: e.id }, t("lab.q." + e.id)))) : null;
    }));
  select.value = list.some((e) => e.id === chosen) ? chosen : "";
}

// showOffline says that the lab needs the wsplay server, and how to get one.
export function showOffline(c, base, retry) {
  replace(c.offline,
    h("h3", null, t("lab.offlineTitle")),
    h("p", null, markup(t("lab.offlineText", [base.href]))),
    h("pre", { class: "live-command" }, "make run"),
    button("lab-retry", "lab.retry", retry));
  c.offline.hidden = false;
}

// sayStatus writes key (with args) into the status line, remembered for a
// change of language.
export function sayStatus(node, key, args = [], state = "") {
  node.dataset.key = key;
  node.dataset.args = JSON.stringify(args);
  node.dataset.state = state;
  node.textContent = t(key, args);
}

export function resayStatus(node) {
  if (node.dataset.key) node.textContent = t(node.dataset.key, JSON.parse(node.dataset.args || "[]"));
}
