// rules.js: how a broken rule of RFC 6455 reads on the page, as the core
// reports it (a rule id, its section, the offending byte and value): one
// error line, or the list of a frame's violations, with links to the RFC.
import { h } from "./dom.js";
import { t, note, noteById, language, has } from "./i18n.js";

// errorLine shows an error object {message, rule?, section?}: a broken rule
// in the reader's language, with its RFC section.
export function errorLine(error) {
  const parts = ["✗ ", error.rule ? sentence(noteById("rule." + error.rule)) : inputProblem(error)];
  if (error.section) parts.push(" ", sectionLink(error.section));
  const p = h("p", { class: "error", role: "alert" }, parts);
  if (error.rule) p.dataset.rule = error.rule;
  if (error.message && language() === "en") p.title = error.message; // the core's own words
  return p;
}

// inputProblem explains an input the core refused before any rule applied
// (a 3-byte key, odd hex). The core says it in English and names the
// argument first ("wsplay.encode: maskKey must be…"); another language
// explains that argument in its own words.
function inputProblem(error) {
  if (language() === "en" || !error.message) return error.message;
  const arg = /^wsplay\.\w+: (\w+)/.exec(error.message)?.[1];
  return t(arg && has("apiError." + arg) ? "apiError." + arg : "apiError.other");
}

// valueText is a violation's offending value as the page shows it: data
// ("0x3", "RSV=100", "1005", a quoted header), the same in any language.
export function valueText(value) {
  return value || "";
}

// sentence starts a rule's text with a capital, as the list shows it alone.
function sentence(s) {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

// sectionLink links to a section of RFC 6455: "RFC 6455 section 5.2", or
// "§5.2" where space is short.
export function sectionLink(section, { short = false, tabbable = true } = {}) {
  return h("a", {
    tabindex: tabbable ? null : "-1",
    class: "rfc",
    href: `https://www.rfc-editor.org/rfc/rfc6455#section-${section}`,
    target: "_blank",
    rel: "noopener",
    "aria-label": short ? t("fv.rfcSection", [section]) : null,
  }, short ? "§" + section : t("fv.rfcSection", [section]));
}

// violationList lists every rule a frame breaks: the rule in the reader's
// language, its RFC section, the offending byte and value, the close code.
export function violationList(violations) {
  return h("ol", { class: "fv-violations", "aria-label": t("fv.violations") },
    violations.map((v) => {
      const where = v.offset >= 0 ? t("fv.atByte", [v.offset]) : t("fv.wholeFrame");
      const item = h("li", {
        class: "fv-violation",
        tabindex: "0",
        dataset: { rule: v.rule, offset: String(v.offset), fv: v.offset >= 0 ? "@" + v.offset : "" },
      },
      h("span", { class: "fv-badge", "aria-hidden": "true" }, "✗"),
      h("strong", null, sentence(note(v.note)) || v.message),
      " ",
      h("span", { class: "fv-meta" },
        sectionLink(v.section), " · ", where,
        valueText(v.value) ? [" · ", t("fv.found", [valueText(v.value)])] : null,
        v.closeCode ? [" · ", t("fv.closeWith", [v.closeCode])] : null,
        " · ", h("code", { class: "fv-rule" }, v.rule)));
      return item;
    }));
}
