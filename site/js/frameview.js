// frameview.js draws decoded frames: a bit diagram of the first two bytes, an
// annotated hex dump with one colour and one caption per field, and the
// core's explanation of every field. Hovering or focusing any of the three
// highlights the matching parts of the other two.
//
// renderFrameView(container, decodeResult, options) is shared by the frame
// builder, the decoder, the control frames and the live timeline.
//   decodeResult: what wsplay.decode returns ({frames, violations, needMore,
//     openMessage}), optionally with the decoded input as .hex or .bytes.
//   options.bytes:   the decoded input (Uint8Array or hex) when the result
//                    does not carry it.
//   options.bits:    draw the bit diagram (default true).
//   options.fields:  list the fields with their meaning (default true;
//                    "collapsed" puts the list in a closed <details>).
//   options.violations: list rule violations (default true).
//   options.title:   a heading for the whole view.
// The view never computes protocol values: all numbers, bits and sentences
// come from the core; this module only lays them out.
import { h, replace, pairs, toHex, uid, count } from "./dom.js";
import { t, note, noteById } from "./i18n.js";
import { errorLine, sectionLink, violationList } from "./rules.js";

// The sections import these from here too.
export { errorLine, sectionLink, valueText } from "./rules.js";

const previewAll = 128; // payloads up to this many bytes are shown in full
const previewHead = 64; // longer ones show their first…
const previewTail = 16; // …and last bytes, with the count of the rest
const maxFrames = 64; // more frames are summarised in one line

const kinds = {
  fin: "fin", rsv1: "rsv", rsv2: "rsv", rsv3: "rsv", opcode: "opcode", mask: "mask",
  length7: "len", length16: "len", length64: "len", "mask-key": "key",
  payload: "payload", "close-code": "close", "close-reason": "close",
};

export function renderFrameView(container, decodeResult, options = {}) {
  const opts = { bits: true, fields: true, violations: true, ...options };
  const result = decodeResult ?? {};
  const input = hexOf(opts.bytes ?? result.hex ?? result.bytes);
  const view = h("div", { class: "frameview", "data-own-keys": "" });
  if (opts.title) view.append(h("h4", { class: "fv-title" }, opts.title));

  if (result.error) {
    view.append(errorLine(result.error));
    replace(container, view);
    return view;
  }
  const frames = result.frames ?? [];
  const violations = result.violations ?? [];
  if (opts.violations && violations.length) view.append(violationList(violations));
  if (opts.violations && !violations.length && frames.length) {
    view.append(h("p", { class: "fv-ok" }, "✓ " + t("fv.noViolations")));
  }

  frames.slice(0, maxFrames).forEach((frame, i) => view.append(frameBlock(frame, i, frames.length, input, violations, opts)));
  if (frames.length > maxFrames) {
    view.append(h("p", { class: "fv-more" }, t("fv.moreFrames", [count(frames.length - maxFrames)])));
  }
  if (result.needMore > 0) {
    const missing = result.needMore >= Number.MAX_SAFE_INTEGER / 2 ? t("fv.needMoreHuge") : t("fv.needMore", [count(result.needMore)]);
    view.append(h("p", { class: "fv-need" }, "⋯ " + missing));
  }
  if (result.openMessage) view.append(h("p", { class: "fv-need" }, "⋯ " + t("fv.openMessage")));
  if (!frames.length && !result.needMore) view.append(h("p", { class: "fv-empty" }, t("fv.empty")));
  if (frames.length && opts.fields === true) view.append(h("p", { class: "hint fv-keys" }, t("fv.keys")));

  wireHighlight(view);
  wireKeys(view);
  replace(container, view);
  return view;
}

// wireKeys gives each frame one stop in the Tab order: ↑/↓ walk its fields,
// ←/→ its groups of bytes and bits, so the keyboard reaches every part
// without hundreds of Tab presses.
function wireKeys(view) {
  view.addEventListener("keydown", (e) => {
    const frame = e.target.closest?.(".fv-frame");
    if (!frame || e.altKey || e.ctrlKey || e.metaKey || !e.target.matches(".fv-row, .fv-chunk, .fv-bitgroup")) return;
    if (e.key === "Enter" && e.target.matches(".fv-row")) {
      // The row's RFC link is out of the Tab order (one stop per frame).
      e.target.querySelector("a.rfc")?.click();
      return;
    }
    const vertical = { ArrowDown: 1, ArrowUp: -1 }[e.key];
    const horizontal = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (!vertical && !horizontal) return;
    const list = [...frame.querySelectorAll(vertical ? ".fv-row" : ".fv-bitgroup, .fv-chunk")];
    const at = list.indexOf(e.target);
    const next = list[at < 0 ? 0 : Math.max(0, Math.min(list.length - 1, at + (vertical || horizontal)))];
    if (!next) return;
    e.preventDefault();
    e.stopPropagation();
    for (const el of frame.querySelectorAll('[tabindex="0"].fv-row, [tabindex="0"].fv-chunk, [tabindex="0"].fv-bitgroup')) el.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });
}

function frameBlock(frame, index, total, input, violations, opts) {
  const key = (id) => `f${index}.${id}`;
  const start = frame.offset ?? 0;
  const end = start + (frame.headerSize ?? 0) + Number(frame.length ?? 0);
  const bad = new Map();
  for (const v of violations) if (v.offset >= start && v.offset < Math.max(end, start + 1)) bad.set(v.offset, v);

  const label = t("fv.frame", [index + 1, total]);
  const block = h("article", { class: "fv-frame", "aria-label": label });
  block.append(h("header", { class: "fv-head" },
    h("h5", null, label),
    h("span", { class: "fv-range" }, input && end > input.length / 2
      ? t("fv.rangeOpen", [start, count(frame.length)])
      : t("fv.range", [start, end - 1, count(end - start)])),
    frame.header ? h("code", { class: "fv-summary" }, frame.header) : null));

  const fields = frame.fields ?? [];
  const rowIds = new Map(fields.map((f) => [f.id, uid("fv-row")]));
  if (opts.bits) block.append(bitDiagram(fields, start, key, rowIds));
  block.append(hexDump(frame, fields, input, key, bad, rowIds));
  block.append(...payloadLines(frame));
  if (opts.fields && fields.length) {
    const table = fieldTable(fields, key, rowIds);
    block.append(opts.fields === "collapsed"
      ? h("details", { class: "fv-more-fields" }, h("summary", null, t("fv.allFields", [fields.length])), table)
      : table);
  }
  return block;
}

// bitDiagram draws bits 0-15, grouped by field as in RFC 6455 section 5.2.
function bitDiagram(fields, start, key, rowIds) {
  const bitFields = fields.filter((f) => f.offset === start && f.bits < 8 || f.offset === start + 1 && f.bits < 8);
  if (!bitFields.length) return null;
  const grid = h("div", { class: "fv-bits", role: "group", "aria-label": t("fv.bitDiagram") });
  for (let bit = 0; bit < 16; bit++) {
    grid.append(h("span", { class: "fv-bitno", "aria-hidden": "true", style: `grid-column:${bit + 1}` }, String(bit)));
  }
  for (const f of bitFields) {
    const col = (f.offset - start) * 8 + f.bit + 1;
    const name = noteById("field." + f.id);
    grid.append(h("span", {
      class: "fv-bitgroup",
      tabindex: "-1",
      style: `grid-column:${col} / span ${f.bits}`,
      dataset: { fv: key(f.id), kind: kinds[f.id] ?? "other", field: f.id },
      "aria-describedby": rowIds.get(f.id),
      "aria-label": `${name} = ${f.raw}`,
    },
    h("span", { class: "fv-bitname" }, shortName(f)),
    h("span", { class: "fv-bitvals", "aria-hidden": "true" }, [...f.raw].map((b) => h("span", { class: "fv-bit" }, b)))));
  }
  return grid;
}

function shortName(f) {
  return f.id === "length7" ? t("fv.short.length7") : noteById("field." + f.id);
}

// hexDump shows the frame's bytes in chunks, one per field, each with a
// caption, so the colour is never the only clue.
function hexDump(frame, fields, input, key, bad, rowIds) {
  const start = frame.offset ?? 0;
  const headerSize = frame.headerSize ?? 0;
  const dump = h("div", { class: "fv-dump", role: "group", "aria-label": t("fv.hexDump") });
  const headerHex = frame.headerHex ?? (input ? input.slice(2 * start, 2 * (start + headerSize)) : "");
  const byId = new Map(fields.map((f) => [f.id, f]));

  // chunk draws the bytes of ids (the last id names the colour, unless the
  // chunk splits its background between several fields).
  const chunk = (ids, from, hex, caption, style) => {
    const present = ids.filter((id) => byId.has(id));
    const el = h("span", {
      class: "fv-chunk",
      tabindex: "-1",
      style,
      dataset: { fv: present.map(key).join(" "), kind: style ? "mixed" : kinds[present[present.length - 1]] ?? "mixed" },
      "aria-describedby": present.map((id) => rowIds.get(id)).join(" "),
    }, h("span", { class: "fv-caption" }, caption));
    const bytes = h("span", { class: "fv-bytes" });
    appendBytes(bytes, hex, from, present.map(key), bad);
    el.append(bytes);
    return el;
  };

  // Bytes 0 and 1 hold several fields each: the chunk's background is split
  // by the bit ranges the core gives them.
  for (const rel of [0, 1]) {
    const parts = fields.filter((f) => f.offset === start + rel && f.size === 1 && f.bits < 8);
    if (!parts.length || headerHex.length < 2 * (rel + 1)) continue;
    const split = parts.map((f) => `var(--t-${kinds[f.id]}, var(--card)) ${(100 * f.bit) / 8}% ${(100 * (f.bit + f.bits)) / 8}%`);
    dump.append(chunk(parts.map((f) => f.id), start + rel, headerHex.slice(2 * rel, 2 * rel + 2), t(["fv.chunk.byte0", "fv.chunk.byte1"][rel]),
      "--split: " + split.join(", ")));
  }
  for (const id of ["length16", "length64", "mask-key"]) {
    const f = byId.get(id);
    if (!f) continue;
    const rel = f.offset - start;
    dump.append(chunk([id], f.offset, headerHex.slice(2 * rel, 2 * (rel + f.size)), t("fv.chunk." + id)));
  }

  // The payload as it travelled (masked when MASK is 1).
  const payloadFrom = start + headerSize;
  let payloadHex = frame.maskedPayloadHex ?? "";
  if (!payloadHex && input) payloadHex = input.slice(2 * payloadFrom, 2 * (payloadFrom + Number(frame.length ?? 0)));
  const length = Number(frame.length ?? 0);
  if (length > 0) {
    const closeCode = byId.get("close-code");
    if (closeCode && payloadHex.length >= 4) {
      dump.append(chunk(["payload", "close-code"], payloadFrom, payloadHex.slice(0, 4), t("fv.chunk.close-code")));
      if (payloadHex.length > 4) {
        dump.append(chunk(["payload", "close-reason"], payloadFrom + 2, payloadHex.slice(4), t("fv.chunk.close-reason", [count(length - 2)])));
      }
    } else {
      const el = chunk(["payload"], payloadFrom, payloadHex, t(frame.masked ? "fv.chunk.payloadMasked" : "fv.chunk.payload", [count(length)]));
      const have = payloadHex.length / 2;
      if (have < length) el.append(h("span", { class: "fv-missing" }, t("fv.missingBytes", [count(length - have)])));
      dump.append(el);
    }
  }
  return dump;
}

// appendBytes writes one span per byte, or for long runs the first and last
// bytes around a count of the rest, so a 1 MiB payload stays instant.
function appendBytes(parent, hex, from, keys, bad) {
  const n = hex.length / 2;
  const one = (i) => {
    const offset = from + i;
    const v = bad.get(offset);
    const span = h("span", {
      class: v ? "fv-byte bad" : "fv-byte",
      dataset: { offset: String(offset), fv: [...keys, "@" + offset].join(" ") },
      title: t("fv.byteTitle", [offset]) + (v ? " — " + note(v.note) : ""),
    }, hex.slice(2 * i, 2 * i + 2));
    if (v) span.append(h("span", { class: "fv-bad-mark", "aria-label": t("fv.badByte") }, "!"));
    parent.append(span, " ");
  };
  if (n <= previewAll) {
    for (let i = 0; i < n; i++) one(i);
    return;
  }
  for (let i = 0; i < previewHead; i++) one(i);
  parent.append(h("span", { class: "fv-elided" }, t("fv.elided", [count(n - previewHead - previewTail)])), " ");
  for (let i = n - previewTail; i < n; i++) one(i);
}

// payloadLines: the unmasked payload, its text, the message it completes
// and a close frame's code and reason, as the core decoded them.
function payloadLines(frame) {
  const out = [];
  const length = Number(frame.length ?? 0);
  if (frame.masked && frame.payloadHex) {
    out.push(h("p", { class: "fv-line" }, h("span", { class: "fv-label" }, t("fv.unmasked") + " "), h("code", null, previewHex(frame.payloadHex))));
  }
  if (length > 0 && frame.payloadText != null && frame.payloadText !== "") {
    out.push(h("p", { class: "fv-line" }, h("span", { class: "fv-label" }, t("fv.asText") + " "), h("q", { class: "fv-text" }, previewText(frame.payloadText))));
  }
  if (frame.close) {
    out.push(h("p", { class: "fv-line" }, h("span", { class: "fv-label" }, t("fv.close") + " "), note(frame.close.note),
      frame.close.reason ? [" ", h("q", { class: "fv-text" }, frame.close.reason)] : null));
  }
  const m = frame.message;
  if (m && !isControl(frame)) {
    out.push(h("p", { class: "fv-line fv-message" }, "✓ ", t("fv.message", [m.frames, count(m.length)]),
      m.text != null ? [" ", h("q", { class: "fv-text" }, previewText(m.text))] : null));
  }
  return out;
}

// isControl asks the core whether the frame's opcode is a control opcode:
// a ping or a close completes no message.
let opcodeTable;
function isControl(frame) {
  opcodeTable ??= globalThis.wsplay?.opcodes?.() ?? [];
  return !!opcodeTable[frame.opcode]?.control;
}

function previewHex(hex) {
  const n = hex.length / 2;
  if (n <= previewAll) return pairs(hex).join(" ");
  return pairs(hex, 0, previewHead).join(" ") + " … " + t("fv.elided", [count(n - previewHead - previewTail)]) + " … " + pairs(hex, n - previewTail, n).join(" ");
}

function previewText(text) {
  if (text.length <= 400) return text;
  return text.slice(0, 300) + " … " + t("fv.elidedChars", [count(text.length - 380)]) + " … " + text.slice(-80);
}

function fieldTable(fields, key, rowIds) {
  const head = h("tr", null, ["field", "where", "bits", "value", "meaning", "rfc"].map((c) => h("th", { scope: "col", class: "fv-col-" + c }, t("fv.col." + c))));
  const rows = fields.map((f, i) => h("tr", {
    id: rowIds.get(f.id),
    tabindex: i === 0 ? "0" : "-1",
    class: "fv-row",
    dataset: { fv: key(f.id), kind: kinds[f.id] ?? "other", field: f.id },
  },
  h("th", { scope: "row" }, h("span", { class: "fv-swatch", "aria-hidden": "true" }), noteById("field." + f.id)),
  h("td", { class: "fv-where fv-col-where" }, where(f)),
  h("td", { class: "fv-col-bits" }, code("fv-raw", groupBits(f))),
  h("td", null, code("fv-value", f.id === "close-reason" ? JSON.stringify(f.value) : f.value)),
  h("td", { class: "fv-note" }, note(f.note)),
  h("td", null, f.section ? sectionLink(f.section, { short: true, tabbable: false }) : "")));
  return h("div", { class: "fv-table-wrap" },
    h("table", { class: "fv-fields" }, h("caption", { class: "visually-hidden" }, t("fv.fieldsCaption")), h("thead", null, head), h("tbody", null, rows)));
}

// code keeps short values on one line and lets long ones wrap.
function code(cls, text) {
  const s = String(text ?? "");
  return h("code", { class: s.length > 20 ? cls + " long" : cls }, s);
}

function where(f) {
  if (f.bits < 8 && f.size === 1) {
    return f.bits === 1 ? t("fv.where.bit", [f.offset, f.bit]) : t("fv.where.bits", [f.offset, f.bit, f.bit + f.bits - 1]);
  }
  return f.size === 1 ? t("fv.where.byte", [f.offset]) : t("fv.where.bytes", [f.offset, f.offset + f.size - 1]);
}

// groupBits spaces long bit strings by byte so 64 bits stay readable.
function groupBits(f) {
  const raw = String(f.raw ?? "");
  if (!/^[01]+$/.test(raw) || raw.length <= 8) return raw;
  return raw.match(/.{1,8}/g).join(" ");
}

// wireHighlight links every element that shares a data-fv key: bit groups,
// byte chunks, bytes, field rows and violations.
function wireHighlight(view) {
  let lit = [];
  const clear = () => {
    for (const el of lit) el.classList.remove("hl");
    lit = [];
  };
  const light = (target) => {
    clear();
    const el = target.closest?.("[data-fv]");
    if (!el || !el.dataset.fv) return;
    for (const k of el.dataset.fv.split(" ")) {
      if (!k) continue;
      for (const other of view.querySelectorAll(`[data-fv~="${CSS.escape(k)}"]`)) {
        other.classList.add("hl");
        lit.push(other);
      }
    }
  };
  view.addEventListener("mouseover", (e) => light(e.target));
  view.addEventListener("focusin", (e) => light(e.target));
  view.addEventListener("mouseleave", clear);
  view.addEventListener("focusout", (e) => {
    if (!view.contains(e.relatedTarget)) clear();
  });
}

// hexOf is the input's hex: callers pass bytes or hex as the core gave them.
function hexOf(bytes) {
  return bytes == null ? "" : toHex(bytes);
}

