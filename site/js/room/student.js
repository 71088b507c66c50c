// student.js: a student's page. Pick a name (at most 24 characters, shown
// as text only), join, and watch your own wire (the tap of your own
// connection, drawn as the live section draws it) plus the teacher's
// broadcasts. Made for a 360-pixel phone as much as for a laptop.
import { h } from "../dom.js";
import { tx, setText, rtn } from "./words.js";
import { socketURL, tapURL, newTapId, roomStatus } from "./api.js";
import { timelineList, createTimeline, redraw } from "../live/timeline.js";
import { newFeed, takeTapEvent, tapKinds } from "../live/tapfeed.js";
import { tapRows } from "../live/rows.js";
import { closeText } from "./projrows.js";

const maxName = 24;

export function studentPage(root, { wsplay, code }) {
  const v = layout(root, code);
  const s = { wsplay, code, v, socket: null, tap: null, feed: newFeed() };
  v.timeline = createTimeline(v.wire, tapRows(wsplay), 500);
  v.joinForm.addEventListener("submit", (e) => {
    e.preventDefault();
    join(s, v.name.value.trim());
  });
  v.sayForm.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!v.text.value || s.socket?.readyState !== WebSocket.OPEN) return;
    s.socket.send(JSON.stringify({ type: "say", text: v.text.value }));
    v.text.value = "";
  });
  v.leave.addEventListener("click", () => s.socket?.close(1000, "left the class"));
  explain(s); // a room that cannot be joined says so before a name is typed
  return {
    heading: "room.studentHeading",
    update() {
      redraw(v.timeline);
      if (s.welcome) v.you.replaceChildren(...youAre(s.welcome));
      if (s.closedWith) setText(v.closed, "room.closed", [closeText(wsplay, ...s.closedWith)]);
    },
  };
}

function layout(root, code) {
  const v = {
    name: h("input", { id: "room-name", type: "text", autocomplete: "nickname", maxlength: String(2 * maxName), required: true }),
    problem: h("p", { id: "room-problem", class: "error", role: "alert" }),
    text: h("input", { id: "room-say-text", type: "text", maxlength: "900", autocomplete: "off" }),
    leave: tx("button", "room.leave", null, { type: "button", id: "room-leave" }),
    you: h("p", { id: "room-you", class: "room-you" }),
    closed: h("p", { id: "room-closed", class: "room-closed", role: "alert", hidden: true }),
    notices: h("ul", { id: "room-notices", class: "room-notices", "aria-live": "polite" }),
    broadcasts: h("ol", { id: "room-broadcasts", class: "room-broadcasts", "aria-live": "polite" }),
    wire: timelineList("room-wire", "room-wire-title"),
  };
  v.joinForm = h("form", { class: "card room-card room-name-form" },
    h("p", null, tx("span", "room.joiningCode"), " ", h("code", { class: "room-code-small" }, code)),
    h("label", { for: "room-name" }, tx("span", "room.nameLabel")), v.name, tx("p", "room.nameHint", [maxName], { class: "hint" }),
    tx("button", "room.join", null, { type: "submit", id: "room-join", class: "primary" }), v.problem);
  v.sayForm = h("form", { class: "room-say" }, h("label", { for: "room-say-text" }, tx("span", "room.sayLabel")),
    h("div", { class: "row" }, v.text, tx("button", "room.send", null, { type: "submit", id: "room-say-send" }), v.leave));
  v.inRoom = h("div", { class: "room-in", hidden: true },
    h("section", { class: "card" }, v.you, v.closed, v.sayForm, v.notices),
    h("section", { class: "card", "aria-labelledby": "room-bc-title" }, tx("h2", "room.broadcastsTitle", null, { id: "room-bc-title" }), v.broadcasts),
    h("section", { class: "card room-live", "aria-labelledby": "room-wire-title" }, tx("h2", "room.wireTitle", null, { id: "room-wire-title" }),
      tx("p", "room.wireIntro", null, { class: "hint" }),
      h("div", { class: "live-lanes", "aria-hidden": "true" }, tx("span", "room.lanes.you"), tx("span", "room.lanes.server")), v.wire));
  root.replaceChildren(v.joinForm, v.inRoom);
  return v;
}

// join opens the student's own tap first (so that no byte of the socket is
// missed), then the socket.
async function join(s, name) {
  const { v } = s;
  if ([...name].length < 1 || [...name].length > maxName) return setText(v.problem, "room.nameHint", [maxName]);
  setText(v.problem, "room.connecting");
  const tapId = newTapId();
  await openTap(s, tapId).catch(() => setText(v.problem, "room.noWire"));
  const socket = new WebSocket(socketURL(s.code, { name }, s.tap ? tapId : null));
  s.socket = socket;
  let welcomed = false;
  socket.addEventListener("message", (ev) => {
    const e = JSON.parse(ev.data);
    if (e.type === "welcome") welcomed = true;
    take(s, e);
  });
  socket.addEventListener("close", (ev) => {
    v.text.disabled = v.leave.disabled = true;
    if (!welcomed) return explain(s, true);
    v.closed.hidden = false;
    v.closed.dataset.code = String(ev.code);
    s.closedWith = [ev.code, ev.reason];
    setText(v.closed, "room.closed", [closeText(s.wsplay, ev.code, ev.reason)]);
    setTimeout(() => s.tap?.close(), 2000); // let the tap show the close frames
  });
}

// explain asks the server whether the room can be joined and shows why
// not (the browser's WebSocket API hides the refusal's status and body).
async function explain(s, refused) {
  const st = await roomStatus(s.code);
  if (st.ok) {
    if (refused) setText(s.v.problem, "room.refusedStudent");
    return;
  }
  const known = ["no-room", "ended", "room-full", "too-many-misses", "bad-code"].includes(st.error);
  setText(s.v.problem, known ? "room.refusal." + st.error : "room.refusedStudent");
  s.v.problem.dataset.error = st.error ?? "";
}

// openTap subscribes to this page's own wire; it resolves on the hello.
function openTap(s, tapId) {
  const tap = new EventSource(tapURL(s.code, tapId));
  for (const kind of tapKinds) tap.addEventListener(kind, (ev) => takeTapEvent(s.feed, s.v.timeline, s.wsplay, kind, JSON.parse(ev.data)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { tap.close(); reject(new Error("timeout")); }, 5000);
    tap.addEventListener("hello", () => { clearTimeout(timer); s.tap = tap; resolve(); });
    tap.addEventListener("error", () => {
      if (s.tap) return;
      clearTimeout(timer);
      tap.close();
      reject(new Error("refused"));
    });
  });
}

function take(s, e) {
  const { v } = s;
  switch (e.type) {
    case "welcome":
      v.joinForm.hidden = true;
      v.inRoom.hidden = false;
      s.welcome = e;
      if (!s.tap) v.notices.prepend(tx("li", "room.noWire")); // the join form that said so is gone
      v.you.replaceChildren(...youAre(e));
      v.text.focus();
      break;
    case "broadcast":
      v.broadcasts.prepend(h("li", { dataset: { seq: String(e.seq) } }, e.text));
      break;
    case "notice":
    case "error":
      v.notices.prepend(h("li", { class: e.type }, tx("span", "room.notice." + (e.notice ?? e.error)), " — ", h("span", { class: "room-why" }, e.why)));
      break;
  }
}

// youAre says who and where the student is; the name is a text node.
function youAre(e) {
  return rtn("room.youAre", [h("bdi", { class: "room-name" }, e.name), h("code", null, e.room)]);
}
