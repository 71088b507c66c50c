// connection.js: one TCP connection of a capture. A skipped one says why
// (TLS explained); a WebSocket shows its handshake (the request and the
// answer line by line, as the handshake section explains them), what
// permessage-deflate agreed, and every frame both ways on the live
// section's timeline, with the capture's times.
import { h, replace, count } from "../dom.js";
import { t, has } from "../i18n.js";
import { tx } from "../ui.js";
import { errorLine } from "../rules.js";
import { lines } from "../sections/handshake.js";
import { createTimeline, timelineList, addEntry } from "../live/timeline.js";
import { tapRows } from "../live/rows.js";
import { preview } from "../live/text.js";
import { kindLabel, problemText } from "./list.js";
import { frameEntry } from "./entries.js";
import { showFrame } from "./frame.js";

const batch = 1000; // frames drawn at a time: a capture may hold 50,000
// Who sends each way, for screen readers: a capture's client need not be a browser.
const directions = { c2s: "capture.dirC2S", s2c: "capture.dirS2C", note: "live.dirNote" };

// showConnection draws conn in pane.
export function showConnection(pane, conn, wsplay) {
  const parts = [
    h("h3", { id: "capture-conn-title" }, t("capture.connLabel", [conn.number, conn.client.endpoint, conn.server.endpoint])),
    h("p", { class: "capture-conn-kind", id: "capture-conn-kind", dataset: { kind: conn.kind } }, kindLabel(conn)),
    why(conn),
    h("ul", { class: "capture-directions" }, [conn.client, conn.server].map(direction)),
    conn.problems.length ? h("ul", { class: "capture-conn-problems" }, conn.problems.map((p) => h("li", { dataset: { fault: p.id } }, problemText(p)))) : null,
  ];
  if (conn.request) parts.push(handshake(conn));
  if (conn.kind === "websocket") parts.push(frames(conn, wsplay));
  replace(pane, parts);
}

// why explains a skipped connection (or a WebSocket whose 101 a client
// would refuse) in the reader's language, with the core's own sentence.
function why(conn) {
  if (!conn.reason && !conn.midStream) return null;
  const key = "capture.why." + conn.kind;
  return h("div", { class: conn.kind === "tls" ? "callout capture-why tls" : "capture-why", id: "capture-why" },
    conn.midStream ? tx("capture.midStream", "p") : null,
    conn.skipped && has(key) ? h("p", null, t(key)) : null,
    conn.reason ? h("p", { class: "hint" }, t("capture.coreSays"), " ", h("code", { class: "capture-reason" }, conn.reason)) : null);
}

function direction(d) {
  const flags = [d.syn && "SYN", d.fin && "FIN", d.rst && "RST"].filter(Boolean).join(" ");
  const notes = [d.missing && t("capture.gap"), d.truncated && t("capture.truncated"), d.unread > 0 && t("capture.unread", [count(d.unread)])].filter(Boolean);
  return h("li", { dataset: { from: d.from } },
    t(d.from === "client" ? "capture.directionClient" : "capture.directionServer", [d.endpoint, count(d.bytes), count(d.segments)]),
    flags ? [" · ", h("code", null, flags)] : null, notes.length ? " · " + notes.join("; ") : null);
}

// handshake shows the request and the answer as captured, each line with
// the core's explanation, and the client's verdict on the answer.
function handshake(conn) {
  const request = h("ol", { id: "capture-request", class: "http-lines" });
  const response = h("ol", { id: "capture-response", class: "http-lines" });
  lines(request, conn.request.lines);
  if (conn.response) lines(response, conn.response.lines);
  const verdict = conn.requestError ?? conn.responseError;
  return h("div", { class: "capture-handshake" },
    tx("capture.handshake", "h4"),
    h("div", { class: "capture-heads" },
      h("div", null, tx("capture.request", "h5"), request),
      h("div", null, tx("capture.response", "h5"), conn.response ? response : tx("capture.noResponse", "p", { class: "hint" }))),
    verdict ? errorLine(verdict) : conn.kind === "websocket" ? h("p", { class: "check-line", id: "capture-accept-ok" }, "✓ " + t("capture.acceptOk")) : null,
    deflate(conn));
}

// deflate says what the 101 agreed for permessage-deflate (RFC 7692).
function deflate(conn) {
  const d = conn.deflate;
  if (!d) return null;
  const side = (key, bits, reset) => h("li", null, t(key, [bits, count(2 ** bits)]), " ", t(reset ? "capture.noTakeover" : "capture.takeover"));
  return h("div", { class: "capture-deflate", id: "capture-deflate" },
    h("p", null, t("capture.deflateAgreed"), " ", h("code", null, d.text)),
    h("ul", null,
      side("capture.deflateClient", d.clientWindowBits, d.clientNoContextTakeover),
      side("capture.deflateServer", d.serverWindowBits, d.serverNoContextTakeover)));
}

// frames draws the frames on a timeline, batch by batch as the core hands
// them out, beside the selected frame's detail.
function frames(conn, wsplay) {
  const rows = tapRows(wsplay);
  const list = timelineList("capture-timeline", "capture-frames-title");
  const timeline = createTimeline(list, (entry) => describe(rows, entry), Infinity, directions);
  const detail = h("div", { id: "capture-frame-detail", class: "live-detail-body" }, tx("capture.nothingSelected", "p", { class: "hint" }));
  // Not a data-i18n button: its text has counts, which draw writes.
  const more = h("button", { type: "button", id: "capture-more" });
  const total = conn.frameCount;
  let drawn = 0;
  const draw = () => {
    const slice = wsplay.captureFrames(conn.number, { start: drawn, count: batch });
    for (const f of slice.frames ?? []) {
      const row = addEntry(timeline, frameEntry(conn, f));
      row.dataset.packet = String(f.packet); // for the tests, beside data-hex
      if (f.inflation === "inflated" && f.message.text != null) row.dataset.inflated = f.message.text;
    }
    drawn = Math.min(total, drawn + batch);
    more.hidden = drawn >= total;
    more.textContent = t("capture.moreFrames", [count(Math.min(batch, total - drawn)), count(total - drawn)]);
  };
  more.addEventListener("click", draw);
  draw();
  list.addEventListener("timeline-select", (e) => showFrame(detail, conn, e.detail.entry, wsplay));
  return h("div", { class: "live-main capture-frames" },
    h("div", { class: "card live-timeline" },
      tx("capture.frames", "h4", { id: "capture-frames-title" }), tx("capture.framesHint", "p", { class: "hint" }),
      h("div", { class: "live-lanes", "aria-hidden": "true" }, tx("capture.client", "span"), tx("capture.server", "span")),
      total ? list : tx("capture.noFrames", "p", { class: "hint" }), more),
    h("div", { class: "card live-detail" }, tx("capture.frame", "h4"), detail));
}

// describe is the live timeline's row, with the inflated text of a
// compressed message on its last frame.
function describe(rows, entry) {
  const look = rows(entry);
  const f = entry.frame;
  if (f.inflation === "inflated" && f.message?.text != null) look.label = [look.label, " · ⇲ ", h("q", null, preview(f.message.text, 24))];
  else if (f.inflation) look.label = [look.label, " · ", t("capture.rowNotInflated")];
  return look;
}
