// section.js: the captures section. A reader opens a .pcap or .pcapng file
// (file picker or drag and drop); the protocol core reads it in this page
// (wsplay.readCapture: nothing is uploaded, so a static docs host serves it
// too) and the section lists its TCP connections. A WebSocket connection
// shows its handshake and every frame both ways, decoded by the core as the
// live timeline shows them.
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";
import { tx } from "../ui.js";
import { readFile } from "./read.js";
import { showSummary, showConnections } from "./list.js";
import { showConnection } from "./connection.js";
import { say, resay } from "../live/controls.js";

export default { mount };

function mount(root, { wsplay }) {
  const c = controls();
  layout(root, c);
  const view = { wsplay, c, result: null, shown: null };
  c.file.addEventListener("change", () => c.file.files[0] && open(view, c.file.files[0]));
  wireDrop(c.drop, (file) => open(view, file));
  c.list.addEventListener("capture-pick", (e) => pick(view, e.detail.index));
  return { update: () => redraw(view), restore: () => {} };
}

function controls() {
  const file = h("input", { id: "capture-file", type: "file", accept: ".pcap,.pcapng,.cap,application/vnd.tcpdump.pcap" });
  return {
    file,
    drop: h("div", { id: "capture-drop", class: "capture-drop" },
      h("label", { for: "capture-file", class: "capture-pick", "data-i18n": "capture.pick" }, t("capture.pick")), file,
      tx("capture.drop", "p", { class: "hint" }), tx("capture.pickHint", "p", { class: "hint" })),
    status: h("p", { id: "capture-status", class: "capture-status", role: "status" }),
    summary: h("div", { id: "capture-summary" }),
    list: h("ol", { id: "capture-connections", class: "capture-connections", "aria-labelledby": "capture-connections-title" }),
    detail: h("div", { id: "capture-detail", class: "capture-detail" }),
  };
}

function layout(root, c) {
  replace(root,
    h("div", { class: "card capture-open" }, c.drop, c.status),
    c.summary,
    h("div", { class: "capture-main" },
      h("div", { class: "card capture-list" },
        tx("capture.connections", "h3", { id: "capture-connections-title" }), tx("capture.connectionsHint", "p", { class: "hint" }), c.list),
      h("div", { class: "card capture-conn" }, c.detail)));
}

// open reads the file; the status says "reading…" before the core blocks
// the page for as long as the read takes.
async function open(view, file) {
  const { c, wsplay } = view;
  const start = performance.now();
  view.result = null;
  replace(c.summary);
  replace(c.list);
  replace(c.detail);
  const result = await readFile(wsplay, file, (key, args) => say(c.status, key, args));
  if (!result) return;
  view.result = result;
  view.shown = null;
  redraw(view);
  const first = result.connections.findIndex((conn) => !conn.skipped);
  if (first >= 0) pick(view, first);
  // make bench-capture: the file chosen to its first WebSocket drawn.
  performance.clearMeasures("wsplay-capture:open");
  performance.measure("wsplay-capture:open", { start, end: performance.now() });
}

function pick(view, index) {
  view.shown = index;
  showConnections(view.c.list, view.result, index);
  showConnection(view.c.detail, view.result.connections[index], view.wsplay);
}

// redraw writes what the section drew itself in the page's language.
function redraw(view) {
  const { c, result } = view;
  resay(c.status);
  if (!result) return;
  showSummary(c.summary, result);
  showConnections(c.list, result, view.shown);
  if (view.shown != null) showConnection(c.detail, result.connections[view.shown], view.wsplay);
}

// wireDrop takes a file dropped on zone (the picker does the same for the
// keyboard).
function wireDrop(zone, take) {
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    const file = e.dataTransfer?.files?.[0];
    if (file) take(file);
  });
}
