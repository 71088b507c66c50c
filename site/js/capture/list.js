// list.js: what a capture holds: the file's summary with its problems, and
// the list of its TCP connections (WebSocket or skipped, with the reason).
import { h, replace, count } from "../dom.js";
import { t, has } from "../i18n.js";

const maxListed = 500; // connections listed; the rest are counted
const maxProblems = 50; // problems listed; the rest are counted

// showSummary writes the file's format and what was wrong with it.
export function showSummary(node, result) {
  const links = result.interfaces.map((i) => i.linkType).join(", ") || "—";
  const parts = [h("p", { class: "capture-file" }, t("capture.summary", [result.name, result.format ?? "—", links, count(result.packets), count(result.tcp)]))];
  if (result.error) parts.push(h("div", { class: "callout capture-stopped", id: "capture-stopped" }, h("strong", null, t("capture.stoppedTitle")), " ", problemText(result.error)));
  const problems = result.problems.filter((p) => p.message !== result.error?.message);
  if (problems.length) {
    const more = problems.length - maxProblems + result.moreProblems;
    parts.push(h("details", { class: "card capture-problems", id: "capture-problems" },
      h("summary", null, t("capture.problems", [count(problems.length + result.moreProblems)])),
      h("ol", null, problems.slice(0, maxProblems).map((p) => h("li", { dataset: { fault: p.id } }, problemText(p)))),
      more > 0 ? h("p", { class: "hint" }, t("capture.moreProblems", [count(more)])) : null));
  }
  replace(node, parts);
}

// problemText is a problem in the reader's language: the fault, where its
// rule is written, the packet and the byte of the file, what was found.
export function problemText(p) {
  const where = [p.packet > 0 ? t("capture.inPacket", [p.packet]) : null, p.offset >= 0 ? t("capture.atFileByte", [count(p.offset)]) : null].filter(Boolean);
  return [
    h("span", { class: "capture-fault" }, has("capture.fault." + p.id) ? t("capture.fault." + p.id) : p.text),
    " ", h("span", { class: "hint" }, "(", p.spec, where.length ? "; " + where.join(", ") : "", ")"),
    p.value ? [" ", h("code", null, p.value)] : null,
    " ", h("code", { class: "fv-rule" }, p.id),
  ];
}

// showConnections lists the connections as buttons; picking one fires
// "capture-pick" with its index on the list.
export function showConnections(list, result, selected) {
  const conns = result.connections;
  if (!conns.length) return replace(list, h("li", { class: "hint" }, t("capture.none")));
  replace(list, conns.slice(0, maxListed).map((conn, i) => h("li", { class: "capture-conn-item " + conn.kind, dataset: { kind: conn.kind } },
    h("button", {
      type: "button",
      class: "capture-conn-pick",
      "aria-pressed": String(i === selected),
      onclick: () => list.dispatchEvent(new CustomEvent("capture-pick", { detail: { index: i } })),
    },
    h("span", { class: "capture-conn-ends" }, t("capture.connLabel", [conn.number, conn.client.endpoint, conn.server.endpoint])),
    h("span", { class: "capture-conn-kind" }, kindLabel(conn))))));
  if (conns.length > maxListed) list.append(h("li", { class: "hint" }, t("capture.moreConnections", [count(conns.length - maxListed)])));
}

// kindLabel says in a few words what a connection carries.
export function kindLabel(conn) {
  const mark = conn.skipped ? "⊘ " : "✓ ";
  if (conn.kind === "websocket") return mark + t("capture.kind.websocket", [count(conn.frameCount)]);
  return mark + (has("capture.kind." + conn.kind) ? t("capture.kind." + conn.kind) : conn.kind);
}
