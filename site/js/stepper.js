// stepper.js: Back / Step / Play / All controls for a sequence of steps, with
// arrow keys while focus is inside it. Position p means steps 0…p-1 are
// revealed and step p-1 is the current one; p = count shows everything.
import { h } from "./dom.js";
import { t } from "./i18n.js";

const playDelay = 900; // ms per step: slow enough to read aloud in class

export function createStepper({ onChange, label }) {
  let count = 0;
  let position = 0;
  let timer = 0;

  const status = h("span", { class: "stepper-status", "aria-live": "polite" });
  const buttons = {
    first: h("button", { type: "button", class: "stepper-first", onclick: () => go(0) }),
    back: h("button", { type: "button", class: "stepper-back", onclick: () => go(position - 1) }),
    play: h("button", { type: "button", class: "stepper-play", "aria-pressed": "false", onclick: () => toggle() }),
    step: h("button", { type: "button", class: "stepper-step", onclick: () => go(position + 1) }),
    all: h("button", { type: "button", class: "stepper-all", onclick: () => go(count) }),
  };
  const root = h("div", { class: "stepper", role: "group", "data-own-keys": "" }, Object.values(buttons), status);

  // Arrow keys step while focus is anywhere inside the stepper's region
  // (the caller adds the table or list it drives with attach()).
  function onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    if (e.key in moves) go(position + moves[e.key]);
    else if (e.key === "Home") go(0);
    else if (e.key === "End") go(count);
    else return;
    e.preventDefault();
    e.stopPropagation();
  }
  root.addEventListener("keydown", onKey);

  function attach(region) {
    region.setAttribute("data-own-keys", "");
    region.addEventListener("keydown", onKey);
  }

  function go(p, { fromPlay = false } = {}) {
    if (!fromPlay) stop();
    position = Math.max(0, Math.min(count, p));
    render();
    onChange(position);
  }

  function toggle() {
    if (timer) return stop();
    if (position >= count) go(0);
    buttons.play.setAttribute("aria-pressed", "true");
    timer = setInterval(() => {
      if (position >= count) return stop();
      go(position + 1, { fromPlay: true });
    }, playDelay);
    render();
  }

  function stop() {
    clearInterval(timer);
    timer = 0;
    buttons.play.setAttribute("aria-pressed", "false");
    render();
  }

  function render() {
    root.setAttribute("aria-label", label());
    buttons.first.textContent = "« " + t("stepper.first");
    buttons.back.textContent = "‹ " + t("stepper.back");
    buttons.play.textContent = timer ? "❚❚ " + t("stepper.pause") : "▶ " + t("stepper.play");
    buttons.step.textContent = t("stepper.step") + " ›";
    buttons.all.textContent = t("stepper.all") + " »";
    buttons.first.disabled = buttons.back.disabled = position <= 0;
    buttons.step.disabled = buttons.all.disabled = position >= count;
    status.textContent = t("stepper.status", [position, count]);
  }

  return {
    root,
    attach,
    render,
    get position() {
      return position;
    },
    // reset sets the number of steps and the position without notifying.
    reset(n, p) {
      count = n;
      position = Math.max(0, Math.min(n, p));
      if (timer && position >= count) stop();
      render();
    },
    stop,
  };
}
