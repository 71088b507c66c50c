// ui.js: small translated building blocks shared by the sections. Labels
// carry data-i18n so a language switch retranslates them in place.
import { h, uid } from "./dom.js";
import { t } from "./i18n.js";

// tx is a translated text span.
export function tx(key, tag = "span", attrs = {}) {
  return h(tag, { ...attrs, "data-i18n": key }, t(key));
}

// labelled wraps a control with its <label> (and an optional hint).
export function labelled(key, control, hintKey) {
  control.id ||= uid("ctl");
  const parts = [h("label", { for: control.id, "data-i18n": key }, t(key)), control];
  if (hintKey) {
    const hint = h("p", { class: "hint", id: uid("hint"), "data-i18n": hintKey }, t(hintKey));
    control.setAttribute("aria-describedby", hint.id);
    parts.push(hint);
  }
  return h("div", { class: "field" }, parts);
}

// checkbox is an <input type=checkbox> inside its label.
export function checkbox(id, key, checked) {
  const input = h("input", { type: "checkbox", id, checked });
  return { input, node: h("label", { class: "check", for: id }, input, " ", tx(key)) };
}

// radios is a fieldset of radio buttons; options: [{value, key}].
export function radios(name, legendKey, options, value) {
  const inputs = options.map((o) => h("input", { type: "radio", name, id: `${name}-${o.value}`, value: o.value, checked: o.value === value }));
  const node = h("fieldset", { class: "radios" },
    h("legend", { "data-i18n": legendKey }, t(legendKey)),
    options.map((o, i) => h("label", { class: "check", for: inputs[i].id }, inputs[i], " ", tx(o.key))));
  return {
    node,
    get value() {
      return inputs.find((i) => i.checked)?.value ?? options[0].value;
    },
    set value(v) {
      for (const i of inputs) i.checked = i.value === v;
    },
    on(fn) {
      for (const i of inputs) i.addEventListener("change", fn);
    },
  };
}

// button is a translated <button type=button>.
export function button(id, key, onclick, attrs = {}) {
  return h("button", { type: "button", id, onclick, "data-i18n": key, ...attrs }, t(key));
}

// output is a live region where results appear.
export function output(id, cls) {
  return h("div", { id, class: cls ?? "out" });
}

// measure runs fn and records how long it took as a performance measure
// named "wsplay-update:<name>" (make bench-page reads these).
export function measure(name, fn) {
  const start = performance.now();
  try {
    return fn();
  } finally {
    // Only the latest measure is kept: a long session must not pile them up.
    performance.clearMeasures("wsplay-update:" + name);
    performance.measure("wsplay-update:" + name, { start, end: performance.now() });
  }
}

// utf8 encodes text as bytes (the browser's TextEncoder, not protocol logic).
const encoder = new TextEncoder();
export function utf8(text) {
  return encoder.encode(text);
}

// big marks inputs so large that updates wait for a pause in typing.
export const bigInput = 64 * 1024;

// setValue fills a text control from the page state. It sets the default
// value too, so the control stays "clean" (a form reset, or a test that
// clears the attribute, starts from what the link said).
export function setValue(control, value) {
  control.defaultValue = value;
  if (control.value !== value) control.value = value;
}
