// present.js: presentation mode for a classroom projector. Large type, high
// contrast, one section at a time; PageDown/PageUp, → / ← (outside inputs),
// Home/End and the digits move between sections (1-9, then 0 for the
// tenth), Esc leaves.
import * as state from "./state.js";
import { t, onLanguageChange } from "./i18n.js";

export function setupPresentation(sections) {
  const root = document.documentElement;
  const toggle = document.querySelector("#present-toggle");
  const bar = document.querySelector("#present-bar");
  const prev = document.querySelector("#present-prev");
  const next = document.querySelector("#present-next");
  const where = document.querySelector("#present-where");
  const ids = sections.map((s) => s.id);
  let index = Math.max(0, ids.indexOf(state.get("section", ids[0])));

  function show(i, { focus = true } = {}) {
    index = Math.max(0, Math.min(ids.length - 1, i));
    state.set("section", ids[index], null);
    sections.forEach((s, j) => {
      s.classList.toggle("current", j === index);
    });
    if (root.classList.contains("presenting")) {
      label();
      if (focus) sections[index].querySelector("h2")?.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    } else {
      sections[index].scrollIntoView({ block: "start" });
      if (focus) sections[index].querySelector("h2")?.focus({ preventScroll: true });
    }
  }

  function label() {
    const heading = sections[index].querySelector("h2")?.textContent ?? "";
    where.textContent = t("present.where", [index + 1, ids.length, heading]);
    prev.disabled = index === 0;
    next.disabled = index === ids.length - 1;
  }

  function set(on) {
    root.classList.toggle("presenting", on);
    toggle.setAttribute("aria-pressed", String(on));
    bar.hidden = !on;
    state.set("present", on, false);
    if (on) show(index);
  }

  for (const s of sections) s.querySelector("h2")?.setAttribute("tabindex", "-1");
  toggle.addEventListener("click", () => set(!root.classList.contains("presenting")));
  prev.addEventListener("click", () => show(index - 1, { focus: false }));
  next.addEventListener("click", () => show(index + 1, { focus: false }));
  document.addEventListener("wsplay-goto", (e) => {
    const i = ids.indexOf(e.detail);
    if (i >= 0) show(i);
  });
  document.querySelector("#present-exit")?.addEventListener("click", () => {
    set(false);
    toggle.focus();
  });
  onLanguageChange(() => root.classList.contains("presenting") && label());

  document.addEventListener("keydown", (e) => {
    if (!root.classList.contains("presenting") || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "Escape") {
      set(false);
      toggle.focus();
      return;
    }
    if (ownsKeys(e.target)) return;
    const moves = { PageDown: 1, ArrowRight: 1, PageUp: -1, ArrowLeft: -1 };
    if (e.key in moves) show(index + moves[e.key]);
    else if (e.key === "Home") show(0);
    else if (e.key === "End") show(ids.length - 1);
    else if (/^[0-9]$/.test(e.key) && slideOfDigit(e.key) < ids.length) show(slideOfDigit(e.key));
    else return;
    e.preventDefault();
  });

  if (state.getBool("present", false)) set(true);
  else if (state.get("section")) show(index, { focus: false });
}

// ownsKeys: typing in a field, picking in a list or stepping a stepper keeps
// its keys.
function ownsKeys(target) {
  return target instanceof Element &&
    !!target.closest("input, textarea, select, [contenteditable], [data-own-keys]");
}

// slideOfDigit is the index a digit key shows: 1 the first, 0 the tenth.
function slideOfDigit(key) {
  return key === "0" ? 9 : Number(key) - 1;
}
