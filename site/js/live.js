// live.js: the live section. The page opens a real WebSocket to the wsplay
// server's echo endpoint (/ws), and a second channel (/tap, Server-Sent
// Events) on which the server reports the bytes of this very connection as
// they crossed the wire: the upgrade request as it arrived, the 101 as it
// was sent, every frame both ways. The timeline draws them as a sequence
// diagram; selecting an entry decodes its bytes with the protocol core.
//
// mount(root, ctx) is called by main.js; ctx = {t, onLanguageChange,
// renderFrameView}. A page on another host points at the server with
// <meta name="wsplay-server" content="https://ws.example.org"> (or a
// data-server attribute on the root).
import { h, replace, spaced, count, toHex } from "./dom.js";
import { markup, tn, language, has } from "./i18n.js";
import { tx, labelled, checkbox, button } from "./ui.js";
import { errorLine } from "./frameview.js";
import { boot } from "../wasm/boot.js";

// Message sizes that need each length form (RFC 6455 section 5.2): up to 125
// bytes fit the 7-bit field, 126-65535 need the 16-bit extension, more need
// the 64-bit one.
const size16 = 300;
const size64 = 70000;
const maxRows = 1000; // timeline entries kept; older ones are dropped from view
const maxLog = 200; // lines of the page's own log
const fragSizes = [0, 1, 4, 16, 125, 1000];
const foldAfter = 6; // continuation frames of one message drawn before the rest are folded into a count

let sheet; // the section's styles, adopted once

export async function mount(root, ctx) {
  const { t, renderFrameView } = ctx;
  const wsplay = await boot();
  adoptStyles();
  // What an opcode is (control or data) comes from the core's table.
  const opcodes = wsplay.opcodes();
  const isControl = (f) => !!opcodes[f.opcode]?.control;
  // A page may close with 1000 or a code from 3000 to 4999: the browser's
  // WebSocket API refuses the others. The codes and names are the core's.
  const closeCodes = wsplay.statusCodes().filter((c) => c.onWire && (c.code === 1000 || c.code >= 3000 && c.code <= 4999));

  const base = serverBase(root);
  const s = {
    tapId: newTapId(),
    es: null, // EventSource on /tap
    hello: null, // the server's settings, from the tap's first event
    ws: null,
    conn: 0, // the connection number the server gave our socket
    entries: [], // timeline entries, oldest first
    selected: null,
    connections: new Map(), // conn → {first: µs, request, response}
    log: [], // lines of the page's own log
  };

  // --- the controls -------------------------------------------------------
  const status = h("p", { id: "live-status", class: "live-status", role: "status" });
  const connectBtn = button("live-connect", "live.connect", () => connect());
  const disconnectBtn = button("live-disconnect", "live.disconnect", () => s.ws?.close());
  const greet = checkbox("live-greet", "live.greet", false);
  const frag = h("select", { id: "live-frag" });
  const text = h("input", { id: "live-text", type: "text", value: "hello", spellcheck: "false", autocomplete: "off" });
  const sendText = button("live-send-text", "live.sendText", () => send(text.value));
  const bin = h("input", { id: "live-binary", type: "text", value: "01 02 fe ff", spellcheck: "false", autocomplete: "off" });
  const sendBin = button("live-send-binary", "live.sendBinary", sendBinary);
  const binError = h("p", { id: "live-binary-error", class: "error", role: "alert", hidden: true });
  const send16 = button("live-send-16", "live.send16", () => send(filler(size16)));
  const send64 = button("live-send-64", "live.send64", () => send(filler(size64)));
  const code = h("select", { id: "live-close-code" });
  const reason = h("input", { id: "live-close-reason", type: "text", value: "bye", spellcheck: "false", autocomplete: "off", maxlength: "123" });
  const closeBtn = button("live-close", "live.closeButton", closeWithCode);
  const closeError = h("p", { id: "live-close-error", class: "error", role: "alert", hidden: true });
  const offline = h("div", { id: "live-offline", class: "callout live-offline", hidden: true });

  const log = h("ol", { id: "live-log", class: "live-log", "aria-live": "polite" });
  const seq = h("ol", { id: "live-timeline", class: "live-seq", "aria-labelledby": "live-timeline-title" });
  const detail = h("div", { id: "live-detail", class: "live-detail-body" });
  const clearBtn = button("live-clear", "live.clear", clear);
  const pingNote = h("p", { id: "live-ping-note", class: "hint" });

  replace(root,
    h("div", { class: "prose", "data-i18n-md": "live.intro" }, markup(t("live.intro"))),
    offline,
    h("div", { class: "card live-controls" },
      h("div", { class: "row live-connect-row" }, connectBtn, disconnectBtn, status),
      h("div", { class: "live-option" }, greet.node),
      h("div", { class: "row" }, labelled("live.frag", frag, "live.fragHint")),
      h("div", { class: "row live-send-row" }, labelled("live.textLabel", text), sendText),
      h("div", { class: "row live-send-row" }, labelled("live.binaryLabel", bin, "live.binaryHint"), sendBin),
      binError,
      h("div", { class: "row" }, send16, send64),
      tx("live.bigHint", "p", { class: "hint" }),
      h("div", { class: "row live-send-row" }, labelled("live.closeCode", code), labelled("live.closeReason", reason), closeBtn),
      tx("live.closeHint", "p", { class: "hint" }),
      closeError),
    h("div", { class: "live-main" },
      h("div", { class: "card live-timeline" },
        h("div", { class: "live-timeline-head" }, tx("live.timeline", "h3", { id: "live-timeline-title" }), clearBtn),
        tx("live.timelineHint", "p", { class: "hint" }),
        pingNote,
        h("div", { class: "live-lanes", "aria-hidden": "true" }, tx("live.browser", "span"), tx("live.server", "span")),
        seq),
      h("div", { class: "card live-detail" }, tx("live.detail", "h3"), detail)),
    h("div", { class: "card live-page-log" }, tx("live.logTitle", "h3"), tx("live.logHint", "p", { class: "hint" }), log));

  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter") send(text.value);
  });
  seq.addEventListener("keydown", moveSelection);

  // --- server reachability ------------------------------------------------

  async function probe() {
    try {
      const res = await fetch(new URL("healthz", base), { cache: "no-store" });
      return res.ok && (await res.text()).trim() === "ok";
    } catch {
      return false;
    }
  }

  function showOffline(why) {
    replace(offline,
      h("h3", null, t("live.offlineTitle")),
      h("p", null, markup(t("live.offlineText", [base.href]))),
      h("pre", { class: "live-command" }, "make run"),
      h("p", null, markup(t("live.offlineThen"))),
      why ? h("p", { class: "hint" }, why) : null,
      button("live-retry", "live.retry", async () => {
        if (await probe()) {
          offline.hidden = true;
          say("live.ready");
        }
      }));
    offline.hidden = false;
    say("live.unreachable");
    setButtons();
  }

  // --- the tap --------------------------------------------------------------

  // openTap subscribes to our id's events and resolves once the server has
  // confirmed (the hello event), so that no event of the socket is missed.
  function openTap(retried = false) {
    if (s.es && s.hello && s.es.readyState === EventSource.OPEN) return Promise.resolve();
    s.es?.close();
    const es = new EventSource(new URL("tap?tap=" + s.tapId, base));
    s.es = es;
    s.hello = null;
    for (const kind of ["request", "response", "frame", "closed", "dropped"]) {
      es.addEventListener(kind, (ev) => tapEvent(kind, JSON.parse(ev.data)));
    }
    es.addEventListener("bye", () => logLine("live.log.serverStopping"));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(t("live.tapTimeout")), 5000);
      const fail = (why) => {
        clearTimeout(timer);
        es.close();
        if (s.es === es) s.es = null;
        reject(new Error(why));
      };
      es.addEventListener("hello", (ev) => {
        clearTimeout(timer);
        s.hello = JSON.parse(ev.data);
        pingNote.textContent = s.hello.pingInterval > 0 ? t("live.pingEvery", [s.hello.pingInterval / 1000]) : t("live.noPings");
        resolve();
      });
      es.addEventListener("error", () => {
        if (s.hello) return; // EventSource reconnects on its own
        if (!retried && es.readyState === EventSource.CLOSED) {
          // Refused (409: the id is taken, e.g. by another tab): make up a new one.
          clearTimeout(timer);
          es.close();
          s.tapId = newTapId();
          openTap(true).then(resolve, reject);
          return;
        }
        fail(t("live.tapFailed"));
      });
    });
  }

  function tapEvent(kind, ev) {
    if (kind !== "dropped" && ev.conn && !s.connections.has(ev.conn)) {
      s.connections.set(ev.conn, { first: ev.t });
      addEntry({ kind: "conn", conn: ev.conn, t: ev.t });
    }
    const info = s.connections.get(ev.conn);
    if (kind === "request" && info) info.request = ev;
    if (kind === "response" && info) info.response = ev;
    const entry = { kind, ...ev };
    if (kind === "frame" && fold(entry)) return;
    addEntry(entry);
  }

  // fold counts, instead of drawing, the middle of a long run of
  // continuation frames: a message cut into a thousand frames would bury
  // everything else. The last frame (FIN) is always drawn.
  function fold(entry) {
    const f = decodeEntry(entry).frames?.[0];
    const key = entry.conn + ":" + entry.from;
    if (!f || f.opcodeName !== "continuation") {
      if (s.run?.key === key) s.run = null;
      return false;
    }
    if (s.run?.key !== key) s.run = { key, drawn: 0, folded: null };
    if (f.fin) {
      s.run = null;
      return false;
    }
    if (s.run.drawn < foldAfter) {
      s.run.drawn++;
      return false;
    }
    if (!s.run.folded) {
      s.run.folded = { kind: "folded", conn: entry.conn, from: entry.from, t: entry.t, count: 0 };
      addEntry(s.run.folded);
    }
    s.run.folded.count++;
    fillRow(s.run.folded);
    return true;
  }

  // --- the socket -----------------------------------------------------------

  async function connect() {
    if (s.ws) return;
    closeError.hidden = true;
    say("live.connecting");
    setButtons(true);
    try {
      await openTap();
    } catch (err) {
      if (!(await probe())) showOffline(err.message);
      else say("live.tapProblem", [err.message]);
      setButtons();
      return;
    }
    const url = new URL("ws", base);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("tap", s.tapId);
    if (greet.input.checked) url.searchParams.set("greet", "world");
    if (Number(frag.value) > 0) url.searchParams.set("frag", frag.value);
    const ws = new WebSocket(url);
    ws.binaryType = "arraybuffer";
    s.ws = ws;
    let opened = false;
    ws.addEventListener("open", () => {
      opened = true;
      say("live.connected", [url.pathname + url.search.replace(s.tapId, "…")]);
      logLine("live.log.open", [{ code: url.href.replace(s.tapId, "…") }]);
      setButtons();
    });
    ws.addEventListener("message", (ev) => {
      if (typeof ev.data === "string") {
        logLine("live.log.text", [count(ev.data.length), { q: preview(ev.data) }], "received");
      } else {
        const bytes = new Uint8Array(ev.data);
        logLine("live.log.binary", [count(bytes.length), { code: spaced(toHex(bytes.subarray(0, 32))) + (bytes.length > 32 ? " …" : "") }], "received");
      }
    });
    ws.addEventListener("close", async (ev) => {
      if (s.ws === ws) s.ws = null;
      logLine(ev.wasClean ? "live.log.closeClean" : "live.log.closeDirty", [ev.code, ev.reason ? { q: ev.reason } : "—"]);
      say("live.closed", [ev.code]);
      setButtons();
      if (!opened && !(await probe())) showOffline();
    });
    setButtons();
  }

  function send(data) {
    if (s.ws?.readyState !== WebSocket.OPEN) return;
    s.ws.send(data);
    const n = typeof data === "string" ? data.length : data.length;
    logLine(typeof data === "string" ? "live.log.sentText" : "live.log.sentBinary",
      [count(n), typeof data === "string" ? { q: preview(data) } : { code: spaced(toHex(data.subarray(0, 32))) }], "sent");
  }

  function sendBinary() {
    const read = wsplay.bytes(bin.value); // the core's hex reader, as everywhere else
    const bytes = read.error ? null : read.bytes;
    binError.hidden = bytes != null;
    binError.textContent = bytes == null ? t("live.binaryError") : "";
    if (bytes) send(bytes);
  }

  function closeWithCode() {
    if (!s.ws) return;
    closeError.hidden = true;
    try {
      s.ws.close(Number(code.value), reason.value);
    } catch (err) {
      // The browser refuses codes a page may not send and long reasons.
      closeError.textContent = t("live.closeRefused", [err.name]);
      closeError.hidden = false;
    }
  }

  // --- the timeline -----------------------------------------------------------

  function addEntry(entry) {
    s.entries.push(entry);
    seq.append(row(entry));
    while (s.entries.length > maxRows) {
      const old = s.entries.shift();
      old.node?.remove();
    }
    if (!s.selected && entry.kind === "request") select(entry); // the handshake, at once
  }

  function row(entry) {
    // The data attributes name what the row shows, for tests and styles.
    const li = h("li", { class: "live-row " + entry.kind, dataset: { kind: entry.kind, from: entry.from ?? "", conn: String(entry.conn ?? "") } });
    if (entry.kind === "frame") li.dataset.hex = entry.hex;
    entry.node = li;
    fillRow(entry);
    return li;
  }

  function fillRow(entry) {
    const li = entry.node;
    if (entry.kind === "conn") {
      li.className = "live-row conn";
      replace(li, h("span", { class: "live-conn" }, t("live.connection", [entry.conn])));
      return;
    }
    if (entry.kind === "folded") {
      li.className = "live-row folded";
      replace(li, h("span", { class: "live-note-box live-folded" }, "⋯ " + t("live.folded", [count(entry.count)])));
      return;
    }
    if (entry.kind === "dropped") {
      li.className = "live-row dropped";
      replace(li, h("span", { class: "live-note-box" }, "⚠ " + t("live.dropped", [count(entry.count)])));
      return;
    }
    const info = s.connections.get(entry.conn);
    const when = info ? "+" + ((entry.t - info.first) / 1000).toFixed(1) + " ms" : "";
    const d = describe(entry);
    const dir = entry.kind === "closed" ? "note" : entry.from === "client" ? "c2s" : "s2c";
    li.className = `live-row ${entry.kind} ${dir}${d.control ? " control" : ""}${entry === s.selected ? " selected" : ""}`;
    const btn = h("button", { type: "button", class: "live-pick", "aria-pressed": entry === s.selected ? "true" : "false", onclick: () => select(entry) },
      h("span", { class: "live-when" }, when),
      h("span", { class: "live-lane" },
        h("span", { class: "live-label" }, d.label),
        dir === "note" ? null : h("span", { class: "live-arrow", "aria-hidden": "true" })),
      h("span", { class: "visually-hidden" }, " — " + t(dir === "c2s" ? "live.dirC2S" : dir === "s2c" ? "live.dirS2C" : "live.dirNote")));
    replace(li, btn);
  }

  // describe names an entry in a few words; frame facts come from the core.
  function describe(entry) {
    switch (entry.kind) {
      case "request": // the tap id is long and says nothing here; the detail shows it
        return { label: h("code", null, firstLine(entry.text).replace(s.tapId, "…")) };
      case "response":
        return { label: h("code", null, firstLine(entry.text)) };
      case "closed":
        return { label: ["⏹ ", closedText(entry)] };
      case "frame": {
        const f = decodeEntry(entry).frames?.[0];
        if (!f) return { label: t("live.frameUnknown") };
        const control = isControl(f);
        const parts = [t("opcode." + f.opcodeName), t("live.bytes", [count(f.length)])];
        if (!f.fin) parts.push("FIN=0");
        if (f.masked) parts.push(t("live.maskedWith", [f.maskKeyHex]));
        // A close shows its code and reason, a ping or pong its bytes, a
        // data frame its text: each as the core decoded it.
        if (f.close) parts.push([String(f.close.code), f.close.reason ? [" ", h("q", null, preview(f.close.reason, 20))] : null]);
        else if (f.complete && f.length > 0 && control) parts.push(h("code", null, spaced(f.payloadHex.slice(0, 16))));
        else if (f.complete && f.length > 0 && f.payloadText != null) parts.push(h("q", null, preview(f.payloadText, 24)));
        return { label: parts.flatMap((p, i) => (i ? [" · ", p] : [p])), control };
      }
    }
    return { label: entry.kind };
  }

  // closedText says how a connection ended. The server's own note on an
  // unclean end is a Go error in English, shown as such (as code).
  function closedText(entry) {
    const why = entry.error ? [" (", h("code", { class: "live-error" }, entry.error), ")"] : null;
    if (!entry.by) return [t("live.closedAbrupt"), why];
    const who = t(entry.by === "client" ? "live.byBrowser" : "live.byServer");
    return [t(entry.clean ? "live.closedClean" : "live.closedUnclean", [who, entry.code || "—"]), why];
  }

  function decodeEntry(entry) {
    entry.decoded ??= wsplay.decode(entry.hex, { from: entry.from });
    return entry.decoded;
  }

  function select(entry) {
    const previous = s.selected;
    s.selected = entry;
    if (previous?.node) fillRow(previous);
    if (entry.node) fillRow(entry);
    showDetail(entry);
  }

  // moveSelection: arrow keys walk the timeline, Home and End jump.
  function moveSelection(e) {
    const buttons = [...seq.querySelectorAll(".live-pick")];
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (to == null) return;
    e.preventDefault();
    const target = buttons[Math.max(0, Math.min(buttons.length - 1, to))];
    target.focus();
    target.click();
  }

  function clear() {
    s.run = null;
    s.entries = [];
    s.selected = null;
    s.connections = new Map();
    replace(seq);
    replace(detail, tx("live.nothingSelected", "p", { class: "hint" }));
  }

  // --- the detail view ----------------------------------------------------------

  function showDetail(entry) {
    if (!entry) {
      replace(detail, tx("live.nothingSelected", "p", { class: "hint" }));
      return;
    }
    switch (entry.kind) {
      case "request":
      case "response":
        return showHandshake(s.connections.get(entry.conn));
      case "frame":
        return showFrame(entry);
      case "closed":
        return replace(detail, h("p", { id: "live-closed-detail" }, closedText(entry)),
          h("p", { class: "hint" }, t("live.closedHint")));
    }
  }

  function showHandshake(info) {
    const req = info?.request;
    const res = info?.response;
    const parts = [h("h4", null, t("live.requestTitle")), tx("live.requestHint", "p", { class: "hint" }),
      h("pre", { id: "live-request", class: "live-http" }, req ? req.text : "…")];
    if (req?.reconstructed) parts.push(tx("live.reconstructed", "p", { class: "hint" }));
    parts.push(h("h4", null, t("live.responseTitle")), h("pre", { id: "live-response", class: "live-http" }, res ? res.text : "…"));
    if (req) {
      const checked = wsplay.checkRequest(req.text);
      const key = checked.upgrade?.key;
      if (key) {
        const accept = wsplay.accept(key).accept;
        const verdict = res ? wsplay.checkResponse(res.text, key) : null;
        parts.push(h("dl", { class: "live-accept" },
          h("dt", null, t("live.keySent")), h("dd", null, h("code", { id: "live-key" }, key)),
          h("dt", null, t("live.acceptComputed")), h("dd", null, h("code", { id: "live-accept" }, accept)),
          h("dt", null, t("live.acceptVerdict")),
          h("dd", { id: "live-accept-verdict", class: "check-line", dataset: { same: String(!!verdict?.ok) } },
            verdict == null ? "…" : verdict.ok ? "✓ " + t("live.acceptOk") : verdict.error ? [...errorLine(verdict.error).childNodes] : "✗")));
        const offered = checked.upgrade.extensions ?? [];
        parts.push(h("p", { class: "hint" }, offered.length ? t("live.extensionsDeclined", [offered.join(", ")]) : t("live.noExtensions")));
      } else if (checked.error) {
        parts.push(errorLine(checked.error));
      }
    }
    replace(detail, parts);
  }

  function showFrame(entry) {
    const from = entry.from === "client" ? "live.fromBrowser" : "live.fromServer";
    const container = h("div", { id: "live-frame-view" });
    const notes = [];
    const f = decodeEntry(entry).frames?.[0];
    if (entry.from === "client" && f?.masked) notes.push(h("p", { class: "hint" }, t("live.clientMasked", [f.maskKeyHex])));
    if (entry.from === "server") notes.push(h("p", { class: "hint" }, t("live.serverUnmasked")));
    if (entry.truncated) notes.push(h("p", { class: "callout live-truncated", id: "live-truncated" }, t("live.truncated", [count(entry.hex.length / 2), count(entry.size)])));
    replace(detail, h("h4", null, t(from)), notes, container);
    renderFrameView(container, decodeEntry(entry), { bytes: entry.hex });
  }

  // --- the page log, the status line, the buttons --------------------------------

  // logLine notes what the page's JavaScript saw; lines keep their key so
  // that they change language with the page.
  function logLine(key, args, cls) {
    const line = { key, args, time: new Date() };
    const li = h("li", { class: cls ?? "" });
    line.node = li;
    fillLog(line);
    s.log.push(line);
    log.append(li);
    while (s.log.length > maxLog) s.log.shift().node.remove();
  }

  // fillLog writes a log line in the page's language. Arguments {q} are
  // payload text and {code} bytes or URLs: data, shown as such.
  function fillLog(line) {
    const args = (line.args ?? []).map((a) => a?.q != null ? h("q", null, a.q) : a?.code != null ? h("code", null, a.code) : a);
    replace(line.node, h("span", { class: "live-when" }, line.time.toLocaleTimeString(language())), " ", tn(line.key, args));
  }

  function say(key, args) {
    status.dataset.key = key;
    status.dataset.args = JSON.stringify(args ?? []);
    status.textContent = t(key, args);
  }

  function setButtons(busy = false) {
    const open = s.ws?.readyState === WebSocket.OPEN;
    connectBtn.disabled = busy || !!s.ws;
    disconnectBtn.disabled = !s.ws;
    for (const b of [sendText, sendBin, send16, send64, closeBtn]) b.disabled = !open;
    // The query string is fixed when the socket opens.
    frag.disabled = greet.input.disabled = !!s.ws;
  }

  function fillOptions() {
    const f = frag.value;
    replace(frag, fragSizes.map((n) => h("option", { value: String(n) }, n === 0 ? t("live.fragNone") : t("live.fragBytes", [n]))));
    frag.value = f || "0";
    const c = code.value;
    replace(code, closeCodes.map((sc) => h("option", { value: String(sc.code) }, has("live.code." + sc.code) ? t("live.code." + sc.code) : `${sc.code} ${sc.name}`)));
    code.value = c || String(closeCodes[0]?.code ?? "");
  }

  function relabel() {
    fillOptions();
    if (status.dataset.key) status.textContent = t(status.dataset.key, JSON.parse(status.dataset.args || "[]"));
    if (s.hello) pingNote.textContent = s.hello.pingInterval > 0 ? t("live.pingEvery", [s.hello.pingInterval / 1000]) : t("live.noPings");
    for (const entry of s.entries) if (entry.node) fillRow(entry);
    for (const line of s.log) fillLog(line);
    showDetail(s.selected);
    for (const node of root.querySelectorAll("[data-i18n-md]")) replace(node, markup(t(node.dataset.i18nMd)));
  }

  fillOptions();
  clear();
  setButtons();
  ctx.onLanguageChange(relabel);
  if (await probe()) say("live.ready");
  else showOffline();
  return { update: relabel };
}

// serverBase is where /ws, /tap and /healthz live: the root's data-server,
// else <meta name="wsplay-server" content="https://…">, else the folder the
// page came from.
function serverBase(root) {
  const meta = document.querySelector('meta[name="wsplay-server"]')?.content;
  const url = new URL(root.dataset.server || meta || ".", location.href);
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

// newTapId makes up 128 random bits as 32 hex digits: the key of our wire
// events. Nobody else can guess it, so nobody else can watch them.
function newTapId() {
  return toHex(crypto.getRandomValues(new Uint8Array(16)));
}

// filler is n bytes of readable ASCII text.
function filler(n) {
  const unit = "wsplay echoes this. ";
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

function preview(text, max = 40) {
  return text.length > max ? text.slice(0, max) + "…" : text;
}

function firstLine(text) {
  return String(text ?? "").split("\r\n")[0];
}

// adoptStyles adds the section's styles once. They live here because the
// section ships with the server; colours come from the page's variables.
function adoptStyles() {
  if (sheet) return;
  sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

const css = `
.live-offline { font-weight: 400; padding: 0.75rem 1rem; margin: 0.75rem 0; }
.live-offline h3 { margin-top: 0; }
.live-offline pre.live-command { font-size: 1.1rem; padding: 0.5rem 0.9rem; background: var(--card); border: 1px solid var(--line); border-radius: 6px; display: inline-block; }
.live-controls .row { margin: 0.35rem 0; }
.live-connect-row { align-items: center; }
.live-status { margin: 0; font-weight: 600; }
.live-send-row > .field { flex: 1 1 16rem; }
/* Timeline beside the detail where there is room for both; stacked on a
   narrow screen and on a projector (large type), where the detail needs
   the whole width. */
#live-root { container-type: inline-size; }
.live-main { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0 1rem; align-items: start; }
.live-main .live-seq { max-height: 20rem; }
@container (min-width: 60rem) {
  .live-main { grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); }
  .live-main .live-seq { max-height: 34rem; }
}
.live-timeline-head { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; }
.live-option { margin: 0.35rem 0; }
.live-lanes { display: flex; justify-content: space-between; gap: 1rem; font-weight: 700; margin: 0.5rem 0 0 5.5rem; }
.live-seq { list-style: none; margin: 0.25rem 0 0; padding: 0; overflow-y: auto; }
.live-row { margin: 0; }
.live-pick { display: grid; grid-template-columns: 5.5rem 1fr; width: 100%; padding: 0; border: 0; border-radius: 0; background: none; color: inherit; text-align: left; font: inherit; cursor: pointer; }
.live-pick:hover:not(:disabled) { background: var(--accent-soft); }
.live-row .live-pick[aria-pressed="true"] { color: var(--fg); background: var(--accent-soft); outline: 2px solid var(--accent); outline-offset: -2px; }
.live-when { font-family: var(--mono); font-size: 0.78rem; color: var(--muted); padding: 0.55rem 0.4rem 0 0; text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.live-lane { position: relative; display: flex; flex-direction: column; justify-content: flex-end; min-height: 3rem; padding: 0.2rem 0.9rem 0.45rem; border-left: 3px solid var(--fg); border-right: 3px solid var(--fg); }
.live-label { font-family: var(--mono); font-size: 0.85rem; overflow-wrap: anywhere; text-align: center; }
.live-arrow { position: relative; display: block; height: 0; border-top: 2px solid var(--accent); margin-top: 0.3rem; }
.live-arrow::after { content: ""; position: absolute; top: -7px; border: 6px solid transparent; }
.live-row.c2s .live-arrow::after { right: -4px; border-left: 10px solid var(--accent); border-right: 0; }
.live-row.s2c .live-arrow { border-top-color: var(--good); }
.live-row.s2c .live-arrow::after { left: -4px; border-right: 10px solid var(--good); border-left: 0; }
.live-row.control .live-arrow { border-top-style: dashed; }
.live-row.note .live-label { color: var(--muted); }
.live-row.conn { padding: 0.6rem 0 0.2rem 5.5rem; }
.live-conn { font-weight: 700; color: var(--muted); font-size: 0.85rem; }
.live-row.dropped { padding: 0.3rem 0 0.3rem 5.5rem; }
.live-row.folded { padding: 0.2rem 0 0.2rem 5.5rem; }
.live-folded { border-color: var(--line); background: var(--card); color: var(--muted); }
.live-note-box { display: block; padding: 0.3rem 0.6rem; border: 2px dashed var(--warn); background: var(--warn-soft); color: var(--warn); border-radius: 6px; font-size: 0.9rem; }
.live-truncated { font-weight: 400; }
.live-http { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.85rem; background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.7rem; margin: 0.3rem 0; }
.live-accept { margin: 0.6rem 0; }
.live-accept dt { font-weight: 600; color: var(--muted); margin-top: 0.4rem; }
.live-accept dd { margin: 0.1rem 0 0; overflow-wrap: anywhere; }
.live-log { list-style: none; margin: 0; padding: 0; max-height: 14rem; overflow-y: auto; font-size: 0.9rem; }
.live-log li { padding: 0.15rem 0; border-bottom: 1px dashed var(--line); overflow-wrap: anywhere; }
.live-log li.sent::before { content: "→ "; color: var(--accent); font-weight: 700; }
.live-log li.received::before { content: "← "; color: var(--good); font-weight: 700; }
.live-log q, .live-label q { font-family: var(--mono); }
.live-error { font-size: 0.85em; }
`;
