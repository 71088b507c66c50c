// controls.js: the live section's controls and its layout. Every control
// keeps the id the tests and the README name.
import { h, replace } from "../dom.js";
import { t, has, markup } from "../i18n.js";
import { tx, labelled, checkbox, button } from "../ui.js";
import { timelineList } from "./timeline.js";
import { pageLog } from "./pagelog.js";

const fragSizes = [0, 1, 4, 16, 125, 1000];
const textBox = { type: "text", spellcheck: "false", autocomplete: "off" };

// controls builds every control of the section, unwired.
export function controls() {
  return {
    status: h("p", { id: "live-status", class: "live-status", role: "status" }),
    connect: button("live-connect", "live.connect"),
    disconnect: button("live-disconnect", "live.disconnect"),
    deflate: checkbox("live-deflate", "live.deflate", true),
    greet: checkbox("live-greet", "live.greet", false),
    frag: h("select", { id: "live-frag" }),
    text: h("input", { id: "live-text", value: "hello", ...textBox }),
    sendText: button("live-send-text", "live.sendText"),
    binary: h("input", { id: "live-binary", value: "01 02 fe ff", ...textBox }),
    sendBinary: button("live-send-binary", "live.sendBinary"),
    binaryError: h("p", { id: "live-binary-error", class: "error", role: "alert", hidden: true }),
    send16: button("live-send-16", "live.send16"),
    send64: button("live-send-64", "live.send64"),
    code: h("select", { id: "live-close-code" }),
    reason: h("input", { id: "live-close-reason", value: "bye", maxlength: "123", ...textBox }),
    close: button("live-close", "live.closeButton"),
    closeError: h("p", { id: "live-close-error", class: "error", role: "alert", hidden: true }),
    offline: h("div", { id: "live-offline", class: "callout live-offline", hidden: true }),
    pingNote: h("p", { id: "live-ping-note", class: "hint" }),
    clear: button("live-clear", "live.clear"),
    timeline: timelineList("live-timeline", "live-timeline-title"),
    detail: h("div", { id: "live-detail", class: "live-detail-body" }),
    log: pageLog("live-log"),
  };
}

// layout puts the controls in root: the intro, the offline callout, the
// controls card, the timeline beside its detail, and the page's log.
export function layout(root, c) {
  c.deflate.input.setAttribute("aria-describedby", "live-deflate-hint");
  replace(root,
    h("div", { class: "prose", "data-i18n-md": "live.intro" }, markup(t("live.intro"))),
    c.offline,
    h("div", { class: "card live-controls" },
      h("div", { class: "row live-connect-row" }, c.connect, c.disconnect, c.status),
      h("div", { class: "live-option" }, c.deflate.node, tx("live.deflateHint", "p", { class: "hint", id: "live-deflate-hint" })),
      h("div", { class: "live-option" }, c.greet.node),
      h("div", { class: "row" }, labelled("live.frag", c.frag, "live.fragHint")),
      h("div", { class: "row live-send-row" }, labelled("live.textLabel", c.text), c.sendText),
      h("div", { class: "row live-send-row" }, labelled("live.binaryLabel", c.binary, "live.binaryHint"), c.sendBinary),
      c.binaryError,
      h("div", { class: "row" }, c.send16, c.send64),
      tx("live.bigHint", "p", { class: "hint" }),
      h("div", { class: "row live-send-row" }, labelled("live.closeCode", c.code), labelled("live.closeReason", c.reason), c.close),
      tx("live.closeHint", "p", { class: "hint" }),
      c.closeError),
    h("div", { class: "live-main" },
      h("div", { class: "card live-timeline" },
        h("div", { class: "live-timeline-head" }, tx("live.timeline", "h3", { id: "live-timeline-title" }), c.clear),
        tx("live.timelineHint", "p", { class: "hint" }),
        c.pingNote,
        h("div", { class: "live-lanes", "aria-hidden": "true" }, tx("live.browser", "span"), tx("live.server", "span")),
        c.timeline),
      h("div", { class: "card live-detail" }, tx("live.detail", "h3"), c.detail)),
    h("div", { class: "card live-page-log" }, tx("live.logTitle", "h3"), tx("live.logHint", "p", { class: "hint" }), c.log));
}

// fillOptions writes the frame sizes and the close codes in the page's
// language, keeping what was chosen. closeCodes are the core's.
export function fillOptions(c, closeCodes) {
  const frag = c.frag.value;
  replace(c.frag, fragSizes.map((n) => h("option", { value: String(n) }, n === 0 ? t("live.fragNone") : t("live.fragBytes", [n]))));
  c.frag.value = frag || "0";
  const code = c.code.value;
  replace(c.code, closeCodes.map((sc) => h("option", { value: String(sc.code) }, has("live.code." + sc.code) ? t("live.code." + sc.code) : `${sc.code} ${sc.name}`)));
  c.code.value = code || String(closeCodes[0]?.code ?? "");
}

// setButtons enables what the socket's state allows. The query string
// (compression, greeting, frame size) is fixed when the socket opens.
export function setButtons(c, socket, busy = false) {
  const open = socket?.readyState === WebSocket.OPEN;
  c.connect.disabled = busy || !!socket;
  c.disconnect.disabled = !socket;
  for (const b of [c.sendText, c.sendBinary, c.send16, c.send64, c.close]) b.disabled = !open;
  c.frag.disabled = c.greet.input.disabled = c.deflate.input.disabled = !!socket;
}

// say writes key (with args) into node and remembers both, so that resay
// can write it again in another language.
export function say(node, key, args = []) {
  node.dataset.key = key;
  node.dataset.args = JSON.stringify(args);
  node.textContent = t(key, args);
}

export function resay(node) {
  if (node.dataset.key) node.textContent = t(node.dataset.key, JSON.parse(node.dataset.args || "[]"));
}
