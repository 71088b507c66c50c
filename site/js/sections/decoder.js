// Section 4, the decoder: paste the hex of one or more frames, say which side
// sent them, and wsplay.decode annotates every field or explains each rule
// the bytes break, with its RFC section and the offending byte.
import { h, replace, count } from "../dom.js";
import { t } from "../i18n.js";
import { labelled, radios, measure, bigInput, setValue, checkbox, tx } from "../ui.js";
import { renderDeflateTrace } from "../deflate-trace.js";

// Examples are built by the core from a description, never typed as bytes;
// opcodes are looked up by name in the core's table.
const op = (w, name) => w.opcodes().find((o) => o.name === name)?.value;
const firstReserved = (w) => w.opcodes().find((o) => o.reserved)?.value;
const presets = [
  { id: "masked-hello", from: "client", make: (w) => w.encode({ masked: true, maskKey: "37fa213d", payloadText: "Hello" }) },
  { id: "unmasked-hello", from: "server", make: (w) => w.encode({ payloadText: "Hello" }) },
  { id: "fragments", from: "server", make: (w) => w.fragment({ text: "Hello" }, { opcode: 1, size: 3 }) },
  { id: "ping", from: "server", make: (w) => w.encode({ opcode: op(w, "ping"), payloadText: "Hello" }) },
  { id: "close", from: "server", make: (w) => w.encode({ opcode: op(w, "close"), payload: w.closePayload(1000, "bye").hex }) },
  { id: "bad-opcode", from: "server", make: (w) => w.encode({ opcode: firstReserved(w) }) },
  { id: "bad-rsv", from: "server", make: (w) => w.encode({ rsv1: true, payloadText: "Hi" }) },
  { id: "bad-unmasked", from: "client", make: (w) => w.encode({ payloadText: "Hello" }) },
  { id: "bad-masked", from: "server", make: (w) => w.encode({ masked: true, maskKey: "37fa213d", payloadText: "Hello" }) },
  { id: "bad-long-ping", from: "server", make: (w) => w.encode({ opcode: op(w, "ping"), payloadText: "x".repeat(126) }) },
  { id: "bad-fragmented-ping", from: "server", make: (w) => w.encode({ fin: false, opcode: op(w, "ping") }) },
  { id: "bad-utf8", from: "server", make: (w) => w.encode({ payload: "c328" }) },
  { id: "bad-continuation", from: "server", make: (w) => w.encode({ opcode: op(w, "continuation"), payloadText: "abc" }) },
  { id: "bad-length", from: "server", make: (w) => w.encode({ lengthForm: 16, payloadText: "Hello" }) },
  // permessage-deflate agreed (pmd): compressed by the core.
  { id: "pmd-hello", from: "server", pmd: true, make: (w) => w.encode({ compressed: true, payloadText: "Hello" }) },
  { id: "bad-pmd-control", from: "server", pmd: true, make: (w) => w.encode({ rsv1: true, opcode: op(w, "ping") }) },
];

export default { mount };

function mount(root, { wsplay, state, renderFrameView }) {
  const input = h("textarea", { id: "dc-hex", rows: "3", spellcheck: "false", autocomplete: "off" });
  const from = radios("dc-from", "decoder.from", [{ value: "client", key: "decoder.fromClient" }, { value: "server", key: "decoder.fromServer" }], "client");
  const preset = h("select", { id: "dc-preset" });
  const summary = h("p", { id: "dc-summary", class: "summary", "aria-live": "polite" });
  const view = h("div", { id: "dc-view" });
  // permessage-deflate agreed: the sender's window and takeover.
  const pmd = checkbox("dc-pmd", "decoder.pmd");
  const pmdBits = h("select", { id: "dc-pmd-bits" }, [15, 14, 13, 12, 11, 10, 9, 8].map((n) => h("option", { value: String(n) }, String(n))));
  const pmdTakeover = checkbox("dc-pmd-takeover", "decoder.pmdTakeover");
  const inflatedView = h("div", { id: "dc-inflated" });
  const fallbackHex = () => presets[0].make(wsplay).hex;

  replace(root,
    h("div", { class: "controls" },
      labelled("decoder.input", input, "decoder.inputHint"),
      h("div", { class: "row" }, from.node, labelled("decoder.preset", preset)),
      h("div", { class: "row" }, pmd.node, labelled("decoder.pmdBits", pmdBits), pmdTakeover.node)),
    h("div", { class: "card result" }, summary),
    view,
    inflatedView);

  let timer = 0;
  input.addEventListener("input", () => {
    preset.value = ""; // the bytes are no longer the example's
    clearTimeout(timer);
    if (input.value.length > bigInput) timer = setTimeout(changed, 150);
    else changed();
  });
  from.on(changed);
  for (const c of [pmd.input, pmdTakeover.input, pmdBits]) c.addEventListener("change", changed);
  preset.addEventListener("change", () => {
    const p = presets.find((x) => x.id === preset.value);
    if (!p) return;
    input.value = p.make(wsplay).hex;
    from.value = p.from;
    pmd.input.checked = Boolean(p.pmd);
    // The example stays selected, so that the arrow keys walk the list (a
    // closed select changes at each key press).
    changed();
  });

  function fillPresets() {
    const chosen = preset.value;
    replace(preset,
      h("option", { value: "" }, t("decoder.preset.choose")),
      h("optgroup", { label: t("decoder.preset.valid") }, presets.filter((p) => !p.id.startsWith("bad-")).map(option)),
      h("optgroup", { label: t("decoder.preset.invalid") }, presets.filter((p) => p.id.startsWith("bad-")).map(option)));
    preset.value = chosen;
  }

  function option(p) {
    return h("option", { value: p.id }, t("decoder.preset." + p.id));
  }

  function changed() {
    state.set("decoder.hex", input.value, null);
    state.set("decoder.from", from.value, "client");
    state.set("decoder.pmd", pmd.input.checked, false);
    state.set("decoder.pmdBits", pmdBits.value, "15");
    state.set("decoder.pmdTakeover", pmdTakeover.input.checked, true);
    update();
  }

  function update() {
    measure("decoder", () => {
      pmdBits.disabled = pmdTakeover.input.disabled = !pmd.input.checked;
      const deflate = pmd.input.checked && { windowBits: Number(pmdBits.value), takeover: pmdTakeover.input.checked };
      const result = wsplay.decode(input.value, { from: from.value, deflate });
      renderInflated(result);
      if (result.error) {
        summary.textContent = "";
        renderFrameView(view, result);
        return;
      }
      const frames = result.frames?.length ?? 0;
      const violations = result.violations?.length ?? 0;
      summary.textContent = t("decoder.summary", [frames, count(result.consumed ?? 0), violations]);
      summary.dataset.violations = String(violations);
      summary.parentElement.classList.toggle("bad", violations > 0);
      renderFrameView(view, result, { bytes: wsplay.bytes(input.value).hex }); // the bytes as the core read them
    });
  }

  // renderInflated shows each compressed message the decoder inflated, with
  // the trace of its bits.
  function renderInflated(result) {
    const done = (result.frames ?? []).filter((f) => f.inflated);
    replace(inflatedView, done.length ? h("div", { class: "card" }, tx("decoder.inflatedTitle", "h3"), done.map((f, i) => {
      const trace = h("div");
      renderDeflateTrace(trace, f.inflated.trace, { id: "dc-trace-" + i, input: f.inflated.compressedHex, output: f.inflated.hex, earlier: f.inflated.earlierHex });
      return h("div", { class: "dc-inflated", dataset: { offset: String(f.offset) } },
        h("h4", null, t("decoder.inflatedAt", [count(f.offset), count(f.inflated.length)])),
        f.inflated.text != null ? h("p", { class: "dc-inflated-text" }, h("q", null, f.inflated.text)) : null,
        trace);
    })) : null);
  }

  function restore() {
    fillPresets();
    preset.value = "";
    setValue(input, state.get("decoder.hex", "") || fallbackHex());
    from.value = state.get("decoder.from", "client") === "server" ? "server" : "client";
    pmd.input.checked = state.getBool("decoder.pmd", false);
    const bits = state.get("decoder.pmdBits", "15");
    pmdBits.value = /^(8|9|1[0-5])$/.test(bits) ? bits : "15";
    pmdTakeover.input.checked = state.getBool("decoder.pmdTakeover", true);
    update();
  }

  restore();
  return {
    update() {
      fillPresets();
      update();
    },
    restore,
  };
}
