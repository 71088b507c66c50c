// landing.js: room.html without a room: start a class (the teacher) or
// join one by its code (a student).
import { h } from "../dom.js";
import { tx, setText } from "./words.js";
import { createRoom, normalizeCode, joinURL } from "./api.js";

export function landing(root, { status }) {
  const start = h("button", { type: "button", id: "room-start", class: "primary" });
  setText(start, "room.start");
  const code = h("input", { id: "room-code", type: "text", autocomplete: "off", autocapitalize: "characters", spellcheck: "false", maxlength: "9", class: "room-code-input" });
  const join = h("button", { type: "submit", id: "room-join" });
  setText(join, "room.join");
  const problem = h("p", { class: "error", role: "alert" });

  start.addEventListener("click", async () => {
    start.disabled = true;
    setText(status, "room.creating");
    try {
      const room = await createRoom();
      location.assign(room.teacher); // the secret stays after #
    } catch (err) {
      start.disabled = false;
      setText(status, "room.createFailed", [err.message]);
    }
  });
  const form = h("form", { class: "room-join-form" },
    h("label", { for: "room-code" }, tx("span", "room.codeLabel")), code, join, problem);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const c = normalizeCode(code.value);
    if (!c) return setText(problem, "room.badCode");
    location.assign(joinURL(c));
  });

  root.replaceChildren(
    h("section", { class: "card room-card", "aria-labelledby": "room-teach-title" },
      tx("h2", "room.teachTitle", null, { id: "room-teach-title" }), tx("p", "room.teachIntro"), start),
    h("section", { class: "card room-card", "aria-labelledby": "room-learn-title" },
      tx("h2", "room.learnTitle", null, { id: "room-learn-title" }), tx("p", "room.learnIntro"), form));
  return { heading: "room.heading", update() {} };
}
