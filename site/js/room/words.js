// words.js: the room page's own texts, in i18n/room.<lang>.json (same keys
// in both languages). The live timeline's rows keep their own texts
// (i18n.js); a key this file does not have falls back to them.
import * as i18n from "../i18n.js";

const tables = new Map(); // lang → {ui}

async function load(lang) {
  if (!tables.has(lang)) {
    const res = await fetch(new URL(`../../i18n/room.${lang}.json`, import.meta.url));
    if (!res.ok) throw new Error(`room.${lang}.json: HTTP ${res.status}`);
    tables.set(lang, await res.json());
  }
  return tables.get(lang);
}

// useLanguage loads the page's texts and the room's, then switches.
export async function useLanguage(lang, remember) {
  await Promise.all([load("en"), load(lang.startsWith("zh") ? "zh-CN" : "en")]);
  await i18n.setLanguage(lang, { remember });
}

function text(key) {
  return tables.get(i18n.language())?.ui[key] ?? tables.get("en")?.ui[key];
}

// rt is the text of key with {0}, {1}… filled from args.
export function rt(key, args) {
  const s = text(key);
  return s == null ? i18n.t(key, args) : i18n.fill(s, args);
}

// rtn is rt for text around nodes (a name in <bdi>, a code in <code>): a
// list of strings and nodes to append; nothing is parsed as markup.
export function rtn(key, args) {
  const s = String(text(key) ?? key);
  const out = [];
  let last = 0;
  for (const m of s.matchAll(/\{(\d+)\}/g)) {
    out.push(s.slice(last, m.index), args?.[m[1]] ?? m[0]);
    last = m.index + m[0].length;
  }
  out.push(s.slice(last));
  return out.filter((x) => x !== "");
}

// tx is an element whose text is rt(key, args), kept in the page's
// language by retranslate.
export function tx(tag, key, args, attrs) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) node.setAttribute(k, v);
  setText(node, key, args);
  return node;
}

// setText gives node the text of key (and remembers it for retranslate).
export function setText(node, key, args) {
  node.dataset.roomKey = key;
  node.dataset.roomArgs = JSON.stringify(args ?? []);
  node.textContent = rt(key, args);
}

// retranslate rewrites every tx/setText node under root.
export function retranslate(root) {
  for (const node of root.querySelectorAll("[data-room-key]")) {
    node.textContent = rt(node.dataset.roomKey, JSON.parse(node.dataset.roomArgs || "[]"));
  }
}
