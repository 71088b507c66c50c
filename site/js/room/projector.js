// projector.js: the teacher's view, made for a projector. The join code, the
// link and its QR code; how many students are in; a timeline of every
// student's frames with their masking keys; the broadcast box (one frame,
// its bytes shown once, and how many students it went to); mute, remove
// and end. Everything comes over one WebSocket (/ws?room=&secret=), whose
// messages are JSON (README "Rooms").
import { h, count } from "../dom.js";
import { tx, setText, rt } from "./words.js";
import { socketURL, qrURL, joinURL } from "./api.js";
import { timelineList, createTimeline, addEntry, redraw, selectedEntry } from "../live/timeline.js";
import { showFrame } from "../live/detail.js";
import { projectorRows, closeText, hexBlock, frameFacts } from "./projrows.js";
import { rosterList, addStudent, removeStudent, setMuted, enable } from "./roster.js";

export function projector(root, { wsplay, code, secret, status }) {
  const v = layout(root, wsplay, code);
  const p = { wsplay, code, v, names: new Map(), first: null, socket: null, status };
  v.timeline = createTimeline(v.list, projectorRows(wsplay, (id) => p.names.get(id)), 2000);
  v.roster.replaceWith((v.roster = rosterList((kind, id, on) => command(p, { type: kind, student: id, muted: on }))));
  wire(p);
  showRow(p, null);
  connect(p, secret);
  return {
    heading: "room.projector",
    update() {
      redraw(v.timeline);
      v.qr.alt = rt("room.qrAlt");
      showRow(p, selectedEntry(v.list));
    },
  };
}

function layout(root, wsplay, code) {
  const v = {
    count: h("output", { id: "room-count", class: "room-count", "aria-live": "polite" }, "0"),
    text: h("input", { id: "room-broadcast-text", type: "text", maxlength: "900", autocomplete: "off" }),
    send: tx("button", "room.broadcast", null, { type: "submit", id: "room-broadcast-send" }),
    muteAll: tx("button", "room.muteAll", null, { type: "button", id: "room-mute-all", "aria-pressed": "false" }),
    end: tx("button", "room.end", null, { type: "button", id: "room-end", class: "danger" }),
    sent: h("div", { id: "room-sent", class: "room-sent", "aria-live": "polite" }),
    list: timelineList("room-timeline", "room-timeline-title"),
    roster: h("ul"),
    conn: h("p", { id: "room-conn", class: "room-conn", role: "status" }),
    detail: h("div", { id: "room-detail", class: "room-detail" }),
  };
  const link = joinURL(code).href;
  const form = h("form", { class: "room-broadcast" }, h("label", { for: "room-broadcast-text" }, tx("span", "room.broadcastLabel")), h("div", { class: "row" }, v.text, v.send));
  v.form = form;
  const joinCard = h("section", { class: "card room-join", "aria-labelledby": "room-code-title" },
    h("div", { class: "room-join-text" },
      tx("h2", "room.codeTitle", null, { id: "room-code-title" }),
      h("p", { id: "room-code-big", class: "room-code-big" }, code.slice(0, 3) + " " + code.slice(3)),
      h("p", { class: "room-link" }, h("a", { href: link, id: "room-link" }, link)),
      h("p", { class: "room-count-line" }, v.count, " ", tx("span", "room.students"))),
    qrBox(code));
  const controls = h("section", { class: "card room-controls", "aria-labelledby": "room-controls-title" },
    tx("h2", "room.controlsTitle", null, { id: "room-controls-title", class: "visually-hidden" }),
    v.conn, form, v.sent, h("div", { class: "row" }, v.muteAll, v.end), tx("h3", "room.rosterTitle"), v.roster);
  const live = h("section", { class: "card room-live", "aria-labelledby": "room-timeline-title" },
    tx("h2", "room.timelineTitle", null, { id: "room-timeline-title" }), tx("p", "room.timelineIntro", null, { class: "hint" }),
    h("div", { class: "live-lanes", "aria-hidden": "true" }, tx("span", "room.lanes.students"), tx("span", "room.lanes.server")), v.list,
    tx("h3", "room.detailTitle"), v.detail);
  root.replaceChildren(h("div", { class: "room-projector" }, h("div", { class: "room-side" }, joinCard, controls), h("div", { class: "room-main" }, live)));
  v.qr = root.querySelector(".room-qr");
  v.qr.alt = rt("room.qrAlt");
  setControls(v, false);
  return v;
}

// qrBox is the QR code and a button that fills the screen with it (Esc or
// the button again shrinks it), for the back of the room.
function qrBox(code) {
  const img = h("img", { class: "room-qr", src: qrURL(code).href, width: "320", height: "320", alt: "" });
  const grow = tx("button", "room.qrBig", null, { type: "button", id: "room-qr-big", "aria-pressed": "false" });
  const box = h("div", { class: "room-qr-box" }, img, grow);
  const toggle = (on) => {
    box.classList.toggle("big", on);
    grow.setAttribute("aria-pressed", String(on));
    setText(grow, on ? "room.qrSmall" : "room.qrBig");
  };
  grow.addEventListener("click", () => toggle(!box.classList.contains("big")));
  document.addEventListener("keydown", (e) => e.key === "Escape" && toggle(false));
  return box;
}

function setControls(v, on) {
  for (const b of [v.send, v.muteAll, v.end, v.text]) b.disabled = !on;
}

function wire(p) {
  const { v } = p;
  v.form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!v.text.value) return;
    command(p, { type: "broadcast", text: v.text.value });
    v.text.value = "";
  });
  v.muteAll.addEventListener("click", () => command(p, { type: "mute", muted: v.muteAll.getAttribute("aria-pressed") !== "true" }));
  v.end.addEventListener("click", () => endTwice(p));
  v.list.addEventListener("timeline-select", (e) => showRow(p, e.detail.entry));
}

// showRow draws the selected row's frame with the shared frame view, as
// the core decodes it (RSV1 allowed: permessage-deflate may be agreed).
function showRow(p, entry) {
  if (!entry?.hex) return p.v.detail.replaceChildren(tx("p", "room.detailNone", null, { class: "hint" }));
  const frame = { kind: "frame", hex: entry.hex, from: entry.from };
  frame.decoded = p.wsplay.decode(entry.hex, { from: entry.from, extensions: p.wsplay.extensionsDeflate });
  showFrame(p.v.detail, frame, p.wsplay);
}

// endTwice ends the class on a second press within 5 s: one stray key
// must not send a whole class away.
function endTwice(p) {
  const b = p.v.end;
  if (b.dataset.armed !== "true") {
    b.dataset.armed = "true";
    setText(b, "room.endReally");
    setTimeout(() => {
      b.dataset.armed = "false";
      setText(b, "room.end");
    }, 5000);
    return;
  }
  command(p, { type: "end" });
}

function command(p, msg) {
  if (p.socket?.readyState === WebSocket.OPEN) p.socket.send(JSON.stringify(msg));
}

function connect(p, secret) {
  setText(p.v.conn, "room.connecting");
  const socket = new WebSocket(socketURL(p.code, { secret }));
  p.socket = socket;
  let welcomed = false;
  socket.addEventListener("message", (ev) => {
    const e = JSON.parse(ev.data);
    if (e.type === "welcome") welcomed = true;
    take(p, e);
  });
  socket.addEventListener("close", (ev) => {
    setControls(p.v, false);
    enable(p.v.roster, false);
    p.v.conn.dataset.code = String(ev.code);
    if (!welcomed) return setText(p.v.conn, "room.refusedTeacher");
    setText(p.v.conn, "room.closed", [closeText(p.wsplay, ev.code, ev.reason)]);
  });
}

// take acts on one server message.
function take(p, e) {
  const { v } = p;
  p.first ??= e.at ?? Date.now();
  switch (e.type) {
    case "welcome":
      setText(v.conn, "room.connected");
      setControls(v, true);
      v.count.value = String(e.students?.length ?? 0); // omitted when nobody is in
      for (const s of e.students ?? []) {
        p.names.set(s.student, s.name);
        addStudent(v.roster, s, true);
      }
      setMuteAll(v, e.muted);
      return;
    case "joined":
      p.names.set(e.student, e.name);
      addStudent(v.roster, e, true);
      v.count.value = String(e.count);
      break;
    case "left":
      removeStudent(v.roster, e.student);
      v.count.value = String(e.count);
      break;
    case "muted":
      setMuted(v.roster, e.student, e.muted);
      if (!e.student) setMuteAll(v, e.muted);
      break;
    case "sent":
      showSent(p, e);
      break;
    case "error":
    case "notice":
      setText(v.conn, "room.serverSays", [e.why]);
      return;
  }
  const entry = { ...e, kind: e.type, from: e.type === "sent" ? "server" : "client", conn: e.student, since: e.at != null ? e.at - p.first : null };
  entry.hex = e.frames?.[0] ?? e.frame;
  addEntry(v.timeline, entry);
  v.list.scrollTop = v.list.scrollHeight; // the newest row in view, without moving the page
}

function setMuteAll(v, on) {
  v.muteAll.setAttribute("aria-pressed", String(on));
  setText(v.muteAll, on ? "room.unmuteAll" : "room.muteAll");
}

// showSent: the broadcast's one frame, its bytes once, and the count.
function showSent(p, e) {
  const f = p.wsplay.decode(e.frame, { from: "server" }).frames?.[0];
  p.v.sent.replaceChildren(
    h("p", null, tx("strong", "room.sentTitle", [count(e.count), count(e.bytes)])),
    h("p", { class: "room-facts" }, f ? frameFacts(p.wsplay, e.frame, "server") : null, " · ", tx("span", "room.serverNoMask")),
    hexBlock(e.frame));
  p.v.sent.dataset.count = String(e.count);
  p.v.sent.dataset.hex = e.frame;
}
