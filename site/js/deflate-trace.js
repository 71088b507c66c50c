// deflate-trace.js draws a DEFLATE trace (RFC 1951 under RFC 7692), as
// wsplay.inflate, wsplay.compress and decode's `inflated` return it: the
// compressed bytes as the bit stream the inflater read, each bit coloured
// by the field or symbol it belongs to; every item with its bits, its code
// and the core's caption; the bytes that came out; the code tables of
// dynamic blocks. Focusing or hovering an item (or one of its bits) lights
// up its bits, the bytes it produced and, for a back-reference, the bytes
// it copies, in an earlier message too when the window was kept.
//
// renderDeflateTrace(container, trace, options) is shared by the
// Compression section, the frame builder, the decoder and the live detail.
//   trace:            {blocks, items, tail, inputBits, truncated}
//   options.input:    hex of the compressed payload (without the tail)
//   options.output:   hex of the inflated bytes (the message)
//   options.earlier:  hex of the bytes before it in the window (earlier
//                     messages), so that copies reaching back show their source
//   options.title:    a heading
//   options.id:       an id prefix for the parts (tests, links)
// Nothing here computes DEFLATE: bits, codes, values and sentences come
// from the core; this module lays them out.
import { h, append, replace, pairs, count } from "./dom.js";
import { t, note } from "./i18n.js";

const maxBytesShown = 512; // the bit grid stops here, the list goes on
const maxItemsShown = 1500;
const silentKinds = new Set(["info", "copy"]); // items that own no bits of their own

export function renderDeflateTrace(container, trace, options = {}) {
  const view = deflateTraceView(trace, options);
  replace(container, view);
  return view;
}

export function deflateTraceView(trace, options = {}) {
  const items = trace?.items ?? [];
  const inputBits = Number(trace?.inputBits ?? 0);
  const tailBytes = trace?.tail?.bytes ?? 0;
  const output = pairs(options.output ?? "");
  const earlier = pairs(options.earlier ?? "");
  const groups = matchGroups(items);
  const view = h("div", { class: "dtrace", id: options.id || null });
  if (options.title) view.append(h("h4", { class: "dt-title" }, options.title));
  view.append(h("p", { class: "dt-summary" }, summary(trace, items, inputBits / 8 - tailBytes, tailBytes)));

  const owner = bitOwners(items, inputBits);
  append(view, [h("p", { class: "hint dt-order" }, t("dtrace.order")),
    bitGrid(owner, items, pairs((options.input ?? "") + (trace?.tail?.hex ?? "")), tailBytes),
    earlier.length ? byteLine("dt-earlier", "dtrace.earlier", earlier, "e") : null,
    byteLine("dt-output", "dtrace.output", output, "o")]);
  const list = itemList(items);
  view.append(list);
  if (items.length > maxItemsShown) view.append(h("p", { class: "hint" }, t("dtrace.moreItems", [count(items.length - maxItemsShown)])));
  if (trace?.truncated) view.append(h("p", { class: "hint" }, t("dtrace.truncated")));
  (trace?.blocks ?? []).forEach((b, i) => b.type === "dynamic" && view.append(codeTables(b, i)));

  wireHighlight(view, items, groups, earlier.length);
  wireKeys(list);
  return view;
}

// summary counts blocks, literals and back-references.
function summary(trace, items, bytes, tailBytes) {
  const n = (kind) => items.filter((it) => it.kind === kind).length;
  const parts = [
    t("dtrace.blocks", [count(trace?.blocks?.length ?? 0)]),
    t("dtrace.literals", [count(n("literal"))]),
    t("dtrace.copies", [count(n("copy"))]),
    t("dtrace.bytes", [count(Math.max(0, bytes))]),
  ];
  if (tailBytes) parts.push(t("dtrace.tail", [tailBytes]));
  return parts.join(" · ");
}

// matchGroups maps each length, distance and extra-bits item to the copy
// item that sums up its match (the copy comes after them).
function matchGroups(items) {
  const group = new Map();
  let pending = [];
  items.forEach((it, i) => {
    if (/^(length|distance)/.test(it.kind)) pending.push(i);
    else if (it.kind === "copy") {
      for (const p of [...pending, i]) group.set(p, i);
      pending = [];
    } else if (it.kind !== "info") pending = [];
  });
  return group;
}

// bitOwners gives every input bit the index of the item that read it.
function bitOwners(items, inputBits) {
  const limit = Math.min(inputBits, maxBytesShown * 8);
  const owner = new Int32Array(limit).fill(-1);
  items.forEach((it, i) => {
    if (silentKinds.has(it.kind) || !(it.bits > 0)) return;
    for (let b = it.bit; b < Math.min(it.bit + it.bits, limit); b++) owner[b] = i;
  });
  return owner;
}

// bitGrid draws each byte with its 8 bits in the order DEFLATE reads them
// (least significant first), each bit in its item's colour; a border marks
// where one item ends and the next begins.
function bitGrid(owner, items, input, tailBytes) {
  const bytes = input.length;
  const firstTail = bytes - tailBytes;
  const grid = h("div", { class: "dt-grid", role: "group", "aria-label": t("dtrace.gridLabel") });
  for (let byte = 0; byte < Math.min(bytes, maxBytesShown); byte++) {
    const cells = [];
    const value = Number.parseInt(input[byte], 16);
    for (let k = 0; k < 8; k++) {
      const b = byte * 8 + k;
      const i = owner[b] ?? -1;
      const it = items[i];
      const bit = bitValue(it, b, value >> k & 1);
      const edge = k === 0 || owner[b - 1] !== i;
      cells.push(h("span", {
        class: "dt-bit" + (edge ? " edge" : "") + (i < 0 ? " unread" : ""),
        dataset: i >= 0 ? { item: String(i), dkind: it.kind } : {},
      }, bit));
    }
    grid.append(h("span", { class: "dt-byte" + (byte >= firstTail ? " tail" : ""), dataset: { byte: String(byte) } },
      h("span", { class: "dt-byte-hex" }, (byte >= firstTail ? "+" : "") + input[byte]), h("span", { class: "dt-byte-bits" }, cells)));
  }
  if (bytes > maxBytesShown) grid.append(h("span", { class: "dt-more" }, t("dtrace.moreBytes", [count(bytes - maxBytesShown)])));
  return grid;
}

// bitValue is bit b as the item spelled it (its code, in the order read),
// or as the byte holds it when the item is too long to spell.
function bitValue(it, b, fromByte) {
  return it?.code?.[b - it.bit] ?? String(fromByte);
}

// byteLine shows bytes as characters where printable, with their index.
function byteLine(cls, labelKey, bytes, mark) {
  const cells = bytes.slice(0, maxBytesShown * 4).map((x, i) => {
    const n = Number.parseInt(x, 16);
    const printable = n >= 0x21 && n < 0x7f;
    return h("span", { class: "dt-out-byte" + (printable ? "" : " hex"), dataset: { [mark]: String(i) }, title: x }, printable ? String.fromCharCode(n) : n === 0x20 ? "␠" : x);
  });
  return h("div", { class: "dt-line " + cls },
    h("span", { class: "label" }, t(labelKey, [count(bytes.length)])), " ",
    h("span", { class: "dt-out-bytes" }, cells));
}

// itemList lists every item with where it sits, its bits and its meaning.
// One Tab stop: ↑/↓, Home and End walk the items.
function itemList(items) {
  const list = h("ol", { class: "dt-items", "aria-label": t("dtrace.itemsLabel") });
  items.slice(0, maxItemsShown).forEach((it, i) => {
    list.append(h("li", { class: "dt-item", tabindex: list.children.length === 0 ? "0" : "-1", dataset: { item: String(i), dkind: it.kind } },
      h("span", { class: "dt-pos" }, position(it)),
      it.code && it.kind !== "copy" ? h("code", { class: "dt-code" }, it.code) : null, // a copy sums up the codes above it
      h("span", { class: "dt-note" }, noteWithData(it))));
  });
  return list;
}

// noteWithData is the item's caption with the message bytes it quotes (a
// literal's character, what a copy took) set apart as data: they are the
// reader's own bytes, in no language.
function noteWithData(it) {
  const text = note(it);
  for (const a of it.args ?? []) {
    const quoted = `"${a}"`;
    const at = a ? text.indexOf(quoted) : -1;
    if (at >= 0) return [text.slice(0, at), h("code", { class: "dt-data" }, quoted), text.slice(at + quoted.length)];
  }
  return text;
}

function position(it) {
  if (!(it.bits > 0)) return t("dtrace.at", [it.bit]);
  if (it.bits === 1) return t("dtrace.bit", [it.bit]);
  return t("dtrace.bitRange", [it.bit, it.bit + it.bits - 1]);
}

// codeTables shows a dynamic block's three codes (RFC 1951 section 3.2.7).
function codeTables(block, index) {
  const table = (key, codes) => h("div", { class: "table-wrap" }, h("table", { class: "dt-codes" },
    h("caption", null, t(key, [count(codes.length)])),
    h("thead", null, h("tr", null, ["symbol", "length", "code"].map((c) => h("th", { scope: "col" }, t("dtrace.col." + c))))),
    h("tbody", null, codes.map((c) => h("tr", null, h("td", null, String(c.symbol)), h("td", null, String(c.length)), h("td", null, h("code", null, c.code)))))));
  return h("details", { class: "dt-tables" },
    h("summary", null, t("dtrace.tables", [index + 1])),
    table("dtrace.literalCodes", block.literalCodes ?? []),
    table("dtrace.distanceCodes", block.distanceCodes ?? []),
    table("dtrace.clCodes", block.codeLengthCodes ?? []));
}

// wireHighlight lights up, for the item under the pointer or the focus,
// its bits, the bytes it produced and the bytes its match copies.
function wireHighlight(view, items, groups, earlierLength) {
  let lit = [];
  const clear = () => {
    for (const n of lit) n.classList.remove("on", "grp", "made", "src");
    lit = [];
  };
  const mark = (selector, cls) => {
    for (const n of view.querySelectorAll(selector)) {
      n.classList.add(cls);
      lit.push(n);
    }
  };
  const range = (attr, from, n, cls) => {
    for (let k = from; k < from + n; k++) if (k >= 0) mark(`[data-${attr}="${k}"]`, cls);
  };
  const show = (i) => {
    clear();
    const it = items[i];
    if (!it) return;
    const c = groups.get(i);
    if (c != null) for (const [j, g] of groups) if (g === c && j !== i) mark(`[data-item="${j}"]`, "grp");
    mark(`[data-item="${i}"]`, "on");
    range("o", it.out, it.outLength, "made");
    const copy = items[c ?? -1];
    if (copy && copy.length) {
      range("o", copy.out, copy.length, "made");
      range("o", copy.from, copy.length, "src");
      if (copy.from < 0) range("e", earlierLength + copy.from, Math.min(copy.length, -copy.from), "src");
    }
  };
  const target = (e) => e.target.closest?.("[data-item]");
  view.addEventListener("pointerover", (e) => {
    const node = target(e);
    if (node) show(Number(node.dataset.item));
  });
  view.addEventListener("pointerleave", clear);
  view.addEventListener("focusin", (e) => {
    const node = target(e);
    if (node) show(Number(node.dataset.item));
  });
  view.addEventListener("focusout", (e) => {
    if (!view.contains(e.relatedTarget)) clear();
  });
}

function wireKeys(list) {
  list.addEventListener("keydown", (e) => {
    const rows = [...list.children];
    const at = rows.indexOf(e.target);
    if (at < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1 }[e.key];
    if (next == null || next < 0 || next >= rows.length) return;
    e.preventDefault();
    rows[at].tabIndex = -1;
    rows[next].tabIndex = 0;
    rows[next].focus();
  });
}
