// dom.js builds DOM nodes without innerHTML: every string becomes a text node
// or an attribute value, so a payload like <img onerror=…> stays text.

const properties = new Set(["value", "checked", "selected", "disabled", "hidden", "indeterminate"]);

// h(tag, attrs, ...children) creates an element. attrs: class, text, dataset,
// on<event> handlers, DOM properties (value, checked…), other attributes.
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false && !properties.has(name)) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    // Through the CSSOM, which a Content-Security-Policy without
    // 'unsafe-inline' allows, unlike a style attribute.
    else if (name === "style") node.style.cssText = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else if (properties.has(name)) node[name] = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

// append adds children (nodes, strings, numbers, nested arrays; null skipped).
export function append(node, children) {
  for (const child of [children].flat(Infinity)) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// replace empties node and fills it with children.
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

// uid returns a document-unique id with the given prefix.
let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

// field builds a labelled control: <div class="field"><label>…</label>control</div>.
export function field(label, control, hint) {
  control.id ||= uid("ctl");
  const parts = [h("label", { for: control.id }, label), control];
  if (hint) {
    const hintNode = h("p", { class: "hint", id: uid("hint") }, hint);
    control.setAttribute("aria-describedby", hintNode.id);
    parts.push(hintNode);
  }
  return h("div", { class: "field" }, parts);
}

// pairs splits a lowercase hex string into two-digit byte strings.
export function pairs(hex, start = 0, end = hex.length / 2) {
  const out = [];
  for (let i = start; i < end; i++) out.push(hex.slice(2 * i, 2 * i + 2));
  return out;
}

// spaced writes hex as "81 85 37 fa": easier to read and to count.
export function spaced(hex) {
  return pairs(hex).join(" ");
}

// toHex formats bytes for display (a Uint8Array, or hex already).
export function toHex(bytes) {
  if (typeof bytes === "string") return bytes;
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

// plural-free number formatting with thin grouping: 1048576 → "1,048,576".
export function count(n) {
  return Number(n).toLocaleString("en-US");
}
