// chrome.js wires the page's toolbar: language, theme, copy link and the
// list of sections.
import { h, replace } from "./dom.js";
import * as i18n from "./i18n.js";
import * as state from "./state.js";
import { t } from "./i18n.js";

const themeKey = "wsplay.theme";

export function setupChrome(sections) {
  setupLanguage();
  setupTheme();
  setupCopyLink();
  setupContents(sections);
}

function setupLanguage() {
  const select = document.querySelector("#lang-select");
  if (!select) return;
  replace(select, i18n.languages.map((l) => h("option", { value: l.code, lang: l.code }, l.name)));
  select.value = i18n.language();
  select.addEventListener("change", async () => {
    await i18n.setLanguage(select.value);
    if (state.get("lang")) state.set("lang", select.value, null);
  });
  i18n.onLanguageChange((lang) => {
    select.value = lang;
  });
}

// Themes: "auto" follows the system; light and dark are remembered.
export function setupTheme() {
  const select = document.querySelector("#theme-select");
  const media = matchMedia("(prefers-color-scheme: dark)");
  const stored = () => {
    try {
      return localStorage.getItem(themeKey);
    } catch {
      return null;
    }
  };
  let choice = state.get("theme", "") || stored() || "auto";
  const apply = () => {
    const dark = choice === "dark" || (choice === "auto" && media.matches);
    document.documentElement.dataset.theme = dark ? "dark" : "light";
  };
  media.addEventListener("change", apply);
  apply();
  if (!select) return;
  select.value = choice;
  select.addEventListener("change", () => {
    choice = select.value;
    try {
      localStorage.setItem(themeKey, choice);
    } catch {
      // storage disabled: the choice lasts for this visit
    }
    if (state.get("theme")) state.set("theme", choice, null);
    apply();
  });
}

// The link is shown as well as copied: the clipboard may be unavailable
// (plain http, denied permission), and people like to see what they share.
function setupCopyLink() {
  const button = document.querySelector("#copy-link");
  const box = document.querySelector("#share");
  const field = document.querySelector("#share-url");
  const note = document.querySelector("#share-note");
  if (!button || !field) return;
  button.addEventListener("click", async () => {
    state.flush();
    field.value = state.link();
    box.hidden = false;
    const left = state.omitted();
    let message = t("share.shown");
    try {
      await navigator.clipboard.writeText(field.value);
      message = t("share.copied");
    } catch {
      field.select();
    }
    if (left.length) message += " " + t("share.omitted", [left.join(", ")]);
    note.textContent = message;
  });
}

// The contents list links every section; in presentation mode it becomes the
// slide picker.
function setupContents(sections) {
  const list = document.querySelector("#toc ol");
  if (!list) return;
  replace(list, sections.map((s) => {
    const key = s.querySelector("h2")?.dataset.i18n;
    const link = h("a", { href: `#section=${s.id}`, dataset: { goto: s.id } }, h("span", { "data-i18n": key }, t(key)));
    return h("li", null, link);
  }));
  list.addEventListener("click", (e) => {
    const link = e.target.closest("a[data-goto]");
    if (!link) return;
    e.preventDefault();
    document.dispatchEvent(new CustomEvent("wsplay-goto", { detail: link.dataset.goto }));
  });
}
