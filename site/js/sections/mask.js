// Section 3, masking step by step: byte i of the payload is XORed with key
// byte i mod 4 (RFC 6455 section 5.3). The table rows are wsplay.maskSteps;
// the masked and unmasked lines are wsplay.mask, applied twice.
import { h, replace, spaced, toHex, count } from "../dom.js";
import { t, note } from "../i18n.js";
import { tx, labelled, radios, button, utf8, measure, setValue } from "../ui.js";
import { createStepper } from "../stepper.js";
import { errorLine } from "../frameview.js";

const defaults = { payload: "Hello", mode: "text", key: "37fa213d" };
const tableLimit = 256; // rows; a longer payload shows its first rows and the totals

export default { mount };

function mount(root, { wsplay, state }) {
  const mode = radios("mk-mode", "mask.payloadAs", [{ value: "text", key: "frame.asText" }, { value: "hex", key: "frame.asHex" }], defaults.mode);
  const payload = h("textarea", { id: "mk-payload", rows: "2", spellcheck: "false" });
  const key = h("input", { id: "mk-key", type: "text", spellcheck: "false", autocomplete: "off", size: "12" });
  const random = button("mk-key-random", "frame.randomKey", () => {
    key.value = wsplay.randomMask();
    changed();
  });
  const problem = h("div", { id: "mk-error" });
  const narration = h("p", { id: "mk-narration", class: "narration", "aria-live": "polite" });
  const body = h("tbody");
  const head = h("tr", null, ["i", "j", "original", "key", "result"].map((c) => h("th", { scope: "col", "data-i18n": "mask.col." + c }, t("mask.col." + c))));
  const table = h("table", { id: "mk-table", class: "mask-table", tabindex: "0" },
    h("caption", { "data-i18n": "mask.caption" }, t("mask.caption")), h("thead", null, head), body);
  const more = h("p", { id: "mk-more", class: "hint" });
  const masked = h("code", { id: "mk-masked", class: "wire" });
  const unmasked = h("code", { id: "mk-unmasked", class: "wire" });
  const same = h("p", { id: "mk-same", class: "check-line" });

  let steps = [];
  const stepper = createStepper({
    label: () => t("mask.stepper"),
    onChange: (p) => {
      state.set("mask.step", p, steps.length);
      show();
    },
  });
  stepper.attach(table);

  replace(root,
    h("div", { class: "controls" },
      h("div", { class: "field-group wide" }, mode.node, labelled("mask.payload", payload)),
      h("div", { class: "row" }, labelled("mask.key", key, "mask.keyHint"), random),
      problem),
    h("div", { class: "card" }, stepper.root, narration, h("div", { class: "table-wrap" }, table), more),
    h("div", { class: "card result" },
      h("p", { class: "wire-line" }, tx("mask.maskedLine", "span", { class: "label" }), " ", masked),
      h("p", { class: "wire-line" }, tx("mask.unmaskedLine", "span", { class: "label" }), " ", unmasked),
      same));

  payload.addEventListener("input", changed);
  key.addEventListener("input", changed);
  mode.on(changed);

  function changed() {
    state.set("mask.payload", payload.value, defaults.payload);
    state.set("mask.mode", mode.value, defaults.mode);
    state.set("mask.key", key.value, defaults.key);
    render(Infinity);
  }

  function bytes() {
    return mode.value === "hex" ? payload.value : utf8(payload.value);
  }

  function render(position) {
    measure("mask", () => {
      const input = bytes();
      const trace = wsplay.maskSteps(input, key.value, 0, tableLimit);
      if (trace.error) {
        replace(problem, errorLine(trace.error));
        steps = [];
        replace(body);
        masked.textContent = unmasked.textContent = more.textContent = same.textContent = "";
        stepper.reset(0, 0);
        narration.textContent = "";
        return;
      }
      replace(problem);
      steps = trace.steps;
      replace(body, steps.map((s) => h("tr", { dataset: { i: String(s.i) } },
        h("td", null, String(s.i)),
        h("td", null, String(s.j)),
        h("td", null, byteCell(s.originalHex, s.originalBits)),
        h("td", null, byteCell(s.keyHex, s.keyBits), h("span", { class: "sub" }, ` key[${s.j}]`)),
        h("td", null, byteCell(s.resultHex, s.resultBits)))));
      more.textContent = trace.total > steps.length ? t("mask.more", [count(steps.length), count(trace.total)]) : "";

      const out = wsplay.mask(input, key.value, 0);
      const back = wsplay.mask(out.bytes, key.value, 0);
      masked.textContent = preview(out.hex);
      unmasked.textContent = preview(back.hex);
      // The input as the core read it (hex may hold spaces, colons, 0x):
      // XOR with a key of zeros changes nothing.
      const original = typeof input === "string" ? wsplay.mask(input, "00000000", 0).hex : toHex(input);
      const equal = back.hex === original;
      same.textContent = equal ? "✓ " + t("mask.same") : "✗ " + t("mask.different");
      same.dataset.same = String(equal);
      stepper.reset(steps.length, position === Infinity ? steps.length : position);
      show();
    });
  }

  function show() {
    const p = stepper.position;
    [...body.children].forEach((tr, i) => {
      tr.classList.toggle("pending", i >= p);
      tr.classList.toggle("current", i === p - 1);
      if (i === p - 1) tr.setAttribute("aria-current", "step");
      else tr.removeAttribute("aria-current");
    });
    const current = steps[p - 1];
    narration.textContent = current ? note(current.note) : t("mask.narrationStart");
    if (current && p < steps.length) body.children[p - 1]?.scrollIntoView({ block: "nearest" });
  }

  function restore() {
    mode.value = state.get("mask.mode", defaults.mode);
    setValue(payload, state.get("mask.payload", defaults.payload));
    setValue(key, state.get("mask.key", defaults.key));
    render(state.getInt("mask.step", Infinity));
  }

  restore();
  return { update: () => render(stepper.position), restore };
}

function byteCell(hex, bits) {
  return [h("code", { class: "hex" }, hex), " ", h("code", { class: "bits" }, bits)];
}

function preview(hex) {
  const n = hex.length / 2;
  if (n <= 256) return spaced(hex);
  return spaced(hex.slice(0, 128)) + " … " + t("fv.elided", [count(n - 80)]) + " … " + spaced(hex.slice(-32));
}
