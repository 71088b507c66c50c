// words.js: the room page's texts, through the page's one loader (i18n.js),
// which reads i18n/room.<lang>.json beside the live timeline's texts; and
// nodes that keep their key and arguments to be translated again.
import * as i18n from "../i18n.js";

i18n.useSectionFiles(["live", "room"]);

// useLanguage loads the page's texts (i18n/room.<lang>.json among them),
// then switches.
export function useLanguage(lang, remember) {
  return i18n.setLanguage(lang, { remember });
}

// rt is the text of key with {0}, {1}… filled from args.
export const rt = i18n.t;

// rtn is rt for text around nodes (a name in <bdi>, a code in <code>): a
// list of strings and nodes to append; nothing is parsed as markup.
export const rtn = i18n.tn;

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
