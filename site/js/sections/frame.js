// Section 2, the frame builder: every header bit, the masking key and the
// payload are controls; wsplay.encode lays the frame out and wsplay.decode
// annotates it, and the shared frame view draws both.
import { h, replace, spaced, count } from "../dom.js";
import { t, note } from "../i18n.js";
import { tx, labelled, checkbox, radios, button, measure, bigInput, setValue } from "../ui.js";
import { errorLine } from "../frameview.js";
import { renderDeflateTrace } from "../deflate-trace.js";

const defaults = { fin: true, rsv1: false, rsv2: false, rsv3: false, op: 1, mask: true, key: "37fa213d", mode: "text", payload: "Hello", len: "0", pmd: false };
const hexPreviewBytes = 256; // the whole-frame hex line shows at most this many bytes in full

export default { mount };

function mount(root, { wsplay, state, renderFrameView, goto, embedded }) {
  const fin = checkbox("fb-fin", "frame.fin");
  const rsv = [1, 2, 3].map((n) => checkbox(`fb-rsv${n}`, `frame.rsv${n}`));
  const opcodes = wsplay.opcodes();
  const opcode = h("select", { id: "fb-opcode" });
  const opNote = h("p", { id: "fb-opcode-note", class: "hint" });
  const masked = checkbox("fb-mask", "frame.mask");
  // permessage-deflate: the core compresses the payload and sets RSV1.
  const pmd = checkbox("fb-pmd", "frame.pmd");
  const pmdView = h("div", { id: "fb-pmd-view" });
  const key = h("input", { id: "fb-key", type: "text", spellcheck: "false", autocomplete: "off", maxlength: "20", size: "12" });
  const keyRandom = button("fb-key-random", "frame.randomKey", () => {
    key.value = wsplay.randomMask();
    changed();
  });
  const mode = radios("fb-mode", "frame.payloadAs", [{ value: "text", key: "frame.asText" }, { value: "hex", key: "frame.asHex" }], defaults.mode);
  const payload = h("textarea", { id: "fb-payload", rows: "3", spellcheck: "false" });
  const lengthForm = h("select", { id: "fb-lenform" },
    [["0", "frame.len.minimal"], ["16", "frame.len.16"], ["64", "frame.len.64"]].map(([v, k]) => h("option", { value: v, "data-i18n": k }, t(k))));

  const summary = h("p", { id: "fb-summary", class: "summary", "aria-live": "polite" });
  const hex = h("code", { id: "fb-hex", class: "wire" });
  const ladder = h("ol", { id: "fb-ladder", class: "ladder" });
  const view = h("div", { id: "fb-view" });
  const toDecoder = button("fb-to-decoder", "frame.toDecoder", () => {
    const r = encode();
    if (!r.error) goto("decoder", { "decoder.hex": r.hex, "decoder.from": masked.input.checked ? "client" : "server", "decoder.pmd": pmd.input.checked });
  });

  replace(root,
    h("div", { class: "controls builder" },
      h("fieldset", { class: "flags" }, h("legend", { "data-i18n": "frame.flags" }, t("frame.flags")), fin.node, rsv.map((r) => r.node), masked.node, pmd.node),
      h("div", { class: "field-group" }, labelled("frame.opcode", opcode), opNote),
      h("div", { class: "row" }, labelled("frame.key", key, "frame.keyHint"), keyRandom),
      h("div", { class: "field-group wide" }, mode.node, labelled("frame.payload", payload, "frame.payloadHint")),
      labelled("frame.lengthForm", lengthForm, "frame.lengthFormHint")),
    // An embed shows one section: there is no decoder to open.
    h("div", { class: "card result" }, summary, h("p", { class: "wire-line" }, tx("frame.wire", "span", { class: "label" }), " ", hex), embedded ? null : toDecoder),
    h("div", { class: "card" }, tx("frame.lengthTitle", "h3"), ladder),
    pmdView,
    view);

  for (const c of [fin, ...rsv, masked, pmd]) c.input.addEventListener("change", changed);
  for (const c of [opcode, lengthForm]) c.addEventListener("change", changed);
  key.addEventListener("input", changed);
  mode.on(changed);

  // Large payloads wait for a pause in typing; small ones update at once.
  let timer = 0;
  payload.addEventListener("input", () => {
    clearTimeout(timer);
    if (payload.value.length > bigInput) timer = setTimeout(changed, 150);
    else changed();
  });

  function fillOpcodes() {
    const value = opcode.value || String(defaults.op);
    replace(opcode, opcodes.map((o) => h("option", { value: String(o.value), dataset: { reserved: String(o.reserved) } }, opcodeLabel(o))));
    opcode.value = value;
  }

  function encode() {
    const params = {
      fin: fin.input.checked,
      rsv1: rsv[0].input.checked,
      rsv2: rsv[1].input.checked,
      rsv3: rsv[2].input.checked,
      opcode: Number(opcode.value),
      masked: masked.input.checked,
      lengthForm: Number(lengthForm.value),
      stepLimit: 0,
    };
    if (params.masked) params.maskKey = key.value;
    if (pmd.input.checked) params.compressed = true;
    if (mode.value === "hex") params.payload = payload.value;
    else params.payloadText = payload.value;
    return wsplay.encode(params);
  }

  function changed() {
    save();
    update();
  }

  function save() {
    state.set("frame.fin", fin.input.checked, defaults.fin);
    rsv.forEach((r, i) => state.set(`frame.rsv${i + 1}`, r.input.checked, false));
    state.set("frame.op", opcode.value, defaults.op);
    state.set("frame.mask", masked.input.checked, defaults.mask);
    state.set("frame.key", key.value, defaults.key);
    state.set("frame.mode", mode.value, defaults.mode);
    state.set("frame.payload", payload.value, defaults.payload);
    state.set("frame.len", lengthForm.value, defaults.len);
    state.set("frame.pmd", pmd.input.checked, defaults.pmd);
  }

  function update() {
    measure("frame", render);
  }

  function render() {
    key.disabled = keyRandom.disabled = !masked.input.checked;
    rsv[0].input.disabled = pmd.input.checked; // permessage-deflate owns RSV1
    const op = opcodes[Number(opcode.value)];
    opNote.textContent = op ? note(op.note) : "";
    const r = encode();
    if (r.error) {
      replace(summary, errorLine(r.error));
      hex.textContent = "";
      replace(ladder);
      replace(view);
      replace(pmdView);
      return;
    }
    summary.textContent = t("frame.summary", [count(r.bytes.length), r.headerSize, count(r.payloadLength)]);
    hex.textContent = wireHex(r.hex);
    const decoded = wsplay.decode(r.bytes, { from: masked.input.checked ? "client" : "server", deflate: pmd.input.checked });
    renderCompressed(r, decoded.frames?.[0]?.inflated);
    decoded.hex = r.hex;
    renderLadder(decoded.frames?.[0]?.fields ?? []);
    renderFrameView(view, decoded);
  }

  // renderCompressed shows what the core compressed, read back by its inflater.
  function renderCompressed(r, inflated) {
    if (!r.compressed) {
      replace(pmdView);
      return;
    }
    const trace = h("div");
    if (inflated) renderDeflateTrace(trace, inflated.trace, { id: "fb-pmd-trace", input: r.compressed.hex, output: inflated.hex });
    replace(pmdView, h("div", { class: "card" }, tx("frame.pmdTitle", "h3"),
      h("p", { id: "fb-pmd-summary", class: "summary" }, t("frame.pmdSummary", [count(r.compressed.inputLength), count(r.compressed.length)])),
      h("p", { class: "hint" }, t("frame.pmdHint")),
      h("details", null, h("summary", null, t("frame.pmdTrace")), trace)));
  }

  // The current step is the length field the core found in the frame.
  function renderLadder(fields) {
    const has = (id) => fields.some((f) => f.id === id);
    const form = has("length64") ? "64" : has("length16") ? "16" : "7";
    replace(ladder, ["7", "16", "64"].map((f) => h("li", { class: f === form ? "current" : "", dataset: { form: f }, "aria-current": f === form ? "true" : null },
      h("span", { class: "ladder-text" }, t("frame.ladder." + f)),
      f === form ? h("strong", { class: "ladder-mark" }, " ◀ " + t("frame.ladder.this")) : null)));
  }

  function restore() {
    fin.input.checked = state.getBool("frame.fin", defaults.fin);
    rsv.forEach((r, i) => (r.input.checked = state.getBool(`frame.rsv${i + 1}`, false)));
    fillOpcodes();
    const op = state.getInt("frame.op", defaults.op);
    opcode.value = String(opcodes[op] ? op : defaults.op); // a link may hold anything
    masked.input.checked = state.getBool("frame.mask", defaults.mask);
    setValue(key, state.get("frame.key", defaults.key));
    mode.value = state.get("frame.mode", defaults.mode);
    setValue(payload, state.get("frame.payload", defaults.payload));
    pmd.input.checked = state.getBool("frame.pmd", defaults.pmd);
    lengthForm.value = ["0", "16", "64"].includes(state.get("frame.len")) ? state.get("frame.len") : defaults.len;
    update();
  }

  restore();
  return {
    update() {
      fillOpcodes();
      update();
    },
    restore,
  };
}

// opcodeLabel names an opcode in words as well as in hex, and says when it
// is a control opcode or reserved, so the list does not rely on colour.
export function opcodeLabel(o) {
  const name = o.reserved ? t("opcode.reserved") : t("opcode." + o.name);
  const kind = o.control ? t("opcode.kind.control") : t("opcode.kind.data");
  return `${o.hex} · ${name} · ${kind}`;
}

// wireHex spaces the bytes; very long frames show their start and end.
function wireHex(hex) {
  const n = hex.length / 2;
  if (n <= hexPreviewBytes) return spaced(hex);
  return spaced(hex.slice(0, 2 * 64)) + " … " + t("fv.elided", [count(n - 80)]) + " … " + spaced(hex.slice(-32));
}
