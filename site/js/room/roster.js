// roster.js: the projector's list of students, each with its mute and
// remove buttons. State lives in the DOM: one <li data-student=id> each.
import { h } from "../dom.js";
import { tx, setText } from "./words.js";

// rosterList is the empty list; act(kind, id, on) runs a button's command.
export function rosterList(act) {
  const list = h("ul", { id: "room-roster", class: "room-roster" });
  list.addEventListener("click", (e) => {
    const button = e.target.closest("button[data-act]");
    if (!button) return;
    const id = Number(button.closest("li").dataset.student);
    if (button.dataset.act === "mute") act("mute", id, button.getAttribute("aria-pressed") !== "true");
    else act("remove", id);
  });
  return list;
}

// addStudent draws a student (the name as text, never markup).
export function addStudent(list, s, enabled) {
  const mute = tx("button", "room.mute", null, { type: "button", "data-act": "mute", "aria-pressed": String(!!s.muted) });
  const remove = tx("button", "room.remove", null, { type: "button", "data-act": "remove" });
  mute.disabled = remove.disabled = !enabled;
  const name = h("bdi", { class: "room-name" }, s.name);
  mute.setAttribute("aria-describedby", (name.id = "room-name-" + s.student));
  remove.setAttribute("aria-describedby", name.id);
  list.append(h("li", { dataset: { student: String(s.student) } }, name, " ", mute, " ", remove));
}

export function removeStudent(list, id) {
  list.querySelector(`li[data-student="${id}"]`)?.remove();
}

// setMuted shows who is muted; id 0 is everyone.
export function setMuted(list, id, on) {
  const rows = id ? [list.querySelector(`li[data-student="${id}"]`)] : [...list.children];
  for (const row of rows) {
    const b = row?.querySelector('button[data-act="mute"]');
    if (!b) continue;
    b.setAttribute("aria-pressed", String(on));
    setText(b, on ? "room.unmute" : "room.mute");
  }
}

// enable turns every button on or off (off until the server's welcome,
// and after the connection ends: a page without the room's secret can do
// nothing).
export function enable(list, on) {
  for (const b of list.querySelectorAll("button")) b.disabled = !on;
}
