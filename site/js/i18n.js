// i18n.js: the page speaks English and Simplified Chinese.
//
// Page text ("ui") lives in i18n/<lang>.json, plus i18n/<name>.<lang>.json
// for each section of sectionFiles that ships one. Explanations come from
// the protocol core as notes {id, args, text}: English uses the core's own
// sentence, Chinese the template under notes[id] in zh-CN.json, filled with
// args as {0}, {1}…
import { h, append } from "./dom.js";

export const languages = [
  { code: "en", name: "English" },
  { code: "zh-CN", name: "简体中文" },
];

const storageKey = "wsplay.lang";
const tables = new Map(); // lang → {ui, notes}
const listeners = new Set();
let current = "en";
let englishNotes = {};

// preferredLanguage: an explicit choice (link or stored), else the browser's.
export function preferredLanguage(fromLink) {
  const stored = safeStorage(() => localStorage.getItem(storageKey));
  const wanted = fromLink || stored || navigator.language || "en";
  return normalize(wanted);
}

function normalize(code) {
  return String(code).toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

export function language() {
  return current;
}

// useEnglishNotes takes wsplay.notes(): every note id with its English template.
export function useEnglishNotes(templates) {
  englishNotes = templates ?? {};
}

const loading = new Map(); // lang → promise, so a file is fetched once
// Sections that bring their texts in i18n/<name>.<lang>.json, each optional.
let sectionFiles = ["live", "lab", "capture"];

// useSectionFiles names the section files another page loads instead (the
// room page: the live timeline's texts and its own); call it before the
// first setLanguage.
export function useSectionFiles(names) {
  sectionFiles = [...names];
  loading.clear();
  tables.clear();
}

function load(lang) {
  if (!loading.has(lang)) {
    const base = new URL("../i18n/", import.meta.url);
    loading.set(lang, Promise.all([
      fetchJSON(new URL(`${lang}.json`, base), true),
      ...sectionFiles.map((name) => fetchJSON(new URL(`${name}.${lang}.json`, base), false)),
    ]).then(([main, ...own]) => {
      const table = { ui: Object.assign({}, main.ui, ...own.map((f) => f?.ui)), notes: main.notes ?? {} };
      tables.set(lang, table);
      return table;
    }, (err) => {
      loading.delete(lang); // let a later switch try again
      throw err;
    }));
  }
  return loading.get(lang);
}

// fetchJSON reads a JSON file; an optional one may be missing (404).
async function fetchJSON(url, required) {
  try {
    const res = await fetch(url);
    if (!res.ok) {
      if (required) throw new Error(`${url.pathname}: HTTP ${res.status}`);
      return null;
    }
    return await res.json();
  } catch (err) {
    if (required) throw err;
    return null;
  }
}

// setLanguage loads lang (English too, as the fallback), translates the
// document and tells every listener.
export async function setLanguage(lang, { remember = true } = {}) {
  lang = normalize(lang);
  await Promise.all([load("en"), load(lang)]);
  current = lang;
  if (remember) safeStorage(() => localStorage.setItem(storageKey, lang));
  document.documentElement.lang = lang;
  translate(document);
  for (const fn of listeners) fn(lang);
}

export function onLanguageChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// fill replaces {0}, {1}… with args.
export function fill(template, args) {
  return String(template).replace(/\{(\d+)\}/g, (m, i) => (args && args[i] != null ? String(args[i]) : m));
}

// t returns the page text for key in the current language.
export function t(key, args) {
  const text = tables.get(current)?.ui[key] ?? tables.get("en")?.ui[key];
  return text == null ? key : fill(text, args);
}

// has reports whether key has page text in the current language or English.
export function has(key) {
  return (tables.get(current)?.ui[key] ?? tables.get("en")?.ui[key]) != null;
}

// tn is t for text that holds other nodes: args may be DOM nodes (a payload
// in a <q>, a value in <code>), and the result is a list of strings and nodes
// to append.
export function tn(key, args) {
  const text = String(tables.get(current)?.ui[key] ?? tables.get("en")?.ui[key] ?? key);
  const out = [];
  let last = 0;
  for (const m of text.matchAll(/\{(\d+)\}/g)) {
    out.push(text.slice(last, m.index), args?.[m[1]] ?? m[0]);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out.filter((x) => x !== "");
}

// note renders a core note {id, args, text} in the current language.
export function note(n) {
  if (!n) return "";
  if (current !== "en") {
    const template = tables.get(current)?.notes[n.id];
    if (template != null) return fill(template, n.args);
  }
  if (n.text != null) return n.text;
  const english = englishNotes[n.id];
  return english == null ? n.id : fill(english, n.args);
}

// noteById renders a note from its id and args alone (e.g. "field.opcode").
export function noteById(id, args) {
  return note({ id, args: args ?? [] });
}

// translate fills [data-i18n] (text), [data-i18n-md] (small markup) and
// [data-i18n-attr="attr:key;attr:key"] under root.
export function translate(root) {
  for (const node of root.querySelectorAll("[data-i18n]")) {
    node.textContent = t(node.dataset.i18n);
  }
  for (const node of root.querySelectorAll("[data-i18n-md]")) {
    node.replaceChildren(...markup(t(node.dataset.i18nMd)));
  }
  for (const node of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of node.dataset.i18nAttr.split(";")) {
      const [attr, key] = pair.split(":");
      if (attr && key) node.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}

// markup turns a translated string with `code`, **strong** and
// [text](https://…) into nodes, never through innerHTML. Blank lines start
// a new paragraph when there is more than one.
export function markup(text) {
  const paragraphs = String(text).split(/\n\s*\n/);
  const inline = (s) => {
    const out = [];
    const re = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(((?:https?:\/\/|#)[^)\s]+)\)/g;
    let last = 0;
    for (let m; (m = re.exec(s)); last = re.lastIndex) {
      out.push(s.slice(last, m.index));
      if (m[1] != null) out.push(h("code", null, m[1]));
      else if (m[2] != null) out.push(h("strong", null, m[2]));
      else out.push(h("a", { href: m[4], rel: "noopener", target: m[4].startsWith("#") ? null : "_blank" }, m[3]));
    }
    out.push(s.slice(last));
    return out.filter((x) => x !== "");
  };
  if (paragraphs.length === 1) return inline(paragraphs[0]);
  return paragraphs.map((p) => append(h("p"), inline(p)));
}

function safeStorage(fn) {
  try {
    return fn();
  } catch {
    return null; // storage disabled (private mode, sandboxed iframe)
  }
}
