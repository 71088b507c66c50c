// Section 5, fragmentation: a message cut into frames by wsplay.fragment (the
// first frame carries the opcode, the rest are continuations, only the last
// has FIN), and put back together by wsplay.decode. A preset replays the
// tutorials' example frame by frame, as they list it.
import { h, replace, spaced, count } from "../dom.js";
import { t } from "../i18n.js";
import { tx, labelled, radios, checkbox, button, measure, setValue } from "../ui.js";
import { errorLine } from "../frameview.js";

const defaults = { mode: "size", text: "Happy new year!", size: 5, op: "1", mask: false, key: "37fa213d" };

// The tutorials' example (after MDN): the client sends "hello" in one frame,
// then one message in three. FIN and opcode are as the tutorial lists them
// (opcodes by name; their values come from the core's table).
const tutorial = [
  { fin: true, op: "text", text: "hello" },
  { fin: false, op: "text", text: "and a" },
  { fin: false, op: "continuation", text: "happy new" },
  { fin: true, op: "continuation", text: "year!" },
];

export default { mount };

function mount(root, { wsplay, state, renderFrameView }) {
  const opcodes = wsplay.opcodes();
  const mode = radios("fr-mode", "fragment.mode", [{ value: "size", key: "fragment.bySize" }, { value: "tutorial", key: "fragment.tutorial" }], defaults.mode);
  const text = h("textarea", { id: "fr-text", rows: "2", spellcheck: "false" });
  const size = h("input", { id: "fr-size", type: "number", min: "0", step: "1", inputmode: "numeric" });
  // A message starts with a data opcode the RFC defines (text or binary);
  // the core's table says which those are.
  const starters = opcodes.filter((o) => o.data && !o.reserved && o.name !== "continuation");
  const opcode = h("select", { id: "fr-opcode" });
  const masked = checkbox("fr-mask", "fragment.masked");
  const key = h("input", { id: "fr-key", type: "text", spellcheck: "false", autocomplete: "off", size: "12" });
  const random = button("fr-key-random", "frame.randomKey", () => {
    key.value = wsplay.randomMask();
    changed();
  });
  const bySize = h("div", { class: "by-size" },
    labelled("fragment.message", text),
    h("div", { class: "row" }, labelled("fragment.size", size, "fragment.sizeHint"), labelled("fragment.opcode", opcode)));
  const byTutorial = h("div", { class: "by-tutorial prose", "data-i18n-md": "fragment.tutorialIntro" });

  const problem = h("div", { id: "fr-error" });
  const frames = h("tbody");
  const table = h("table", { id: "fr-frames", class: "frames-table" },
    h("caption", { "data-i18n": "fragment.framesCaption" }, t("fragment.framesCaption")),
    h("thead", null, h("tr", null, ["n", "fin", "opcode", "payload", "bytes"].map((c) => h("th", { scope: "col", "data-i18n": "fragment.col." + c }, t("fragment.col." + c))))),
    frames);
  const messages = h("ol", { id: "fr-messages", class: "messages" });
  const view = h("div", { id: "fr-view" });

  replace(root,
    h("div", { class: "controls" }, mode.node, bySize, byTutorial,
      h("div", { class: "row" }, masked.node, labelled("frame.key", key), random), problem),
    h("div", { class: "card" }, h("div", { class: "table-wrap" }, table)),
    h("div", { class: "card result" }, tx("fragment.reassembly", "h3"), tx("fragment.reassemblyIntro", "p", { class: "hint" }), messages),
    h("details", { class: "card" }, h("summary", { "data-i18n": "fragment.annotated" }, t("fragment.annotated")), view));

  for (const c of [text, size, key]) c.addEventListener("input", changed);
  for (const c of [opcode, masked.input]) c.addEventListener("change", changed);
  mode.on(changed);

  function changed() {
    state.set("fragment.mode", mode.value, defaults.mode);
    state.set("fragment.text", text.value, defaults.text);
    state.set("fragment.size", size.value, String(defaults.size));
    state.set("fragment.op", opcode.value, defaults.op);
    state.set("fragment.mask", masked.input.checked, defaults.mask);
    state.set("fragment.key", key.value, defaults.key);
    update();
  }

  // build returns the frames as encode results, and all their bytes.
  function build() {
    const options = masked.input.checked ? { masked: true, maskKey: key.value } : { masked: false };
    if (mode.value === "tutorial") {
      const opcode = (name) => opcodes.find((o) => o.name === name)?.value;
      const list = tutorial.map((f) => wsplay.encode({ fin: f.fin, opcode: opcode(f.op), payloadText: f.text, ...options }));
      const error = list.find((r) => r.error)?.error;
      return error ? { error } : { frames: list, hex: list.map((r) => r.hex).join("") };
    }
    const n = Number.parseInt(size.value, 10);
    return wsplay.fragment({ text: text.value }, { opcode: Number(opcode.value), ...(n > 0 ? { size: n } : {}), ...options });
  }

  function update() {
    measure("fragment", render);
  }

  function render() {
    const tutorialMode = mode.value === "tutorial";
    bySize.hidden = tutorialMode;
    byTutorial.hidden = !tutorialMode;
    key.disabled = random.disabled = !masked.input.checked;
    const r = build();
    if (r.error) {
      replace(problem, errorLine(r.error));
      replace(frames);
      replace(messages);
      replace(view);
      return;
    }
    replace(problem);
    const from = masked.input.checked ? "client" : "server";
    const decoded = wsplay.decode(r.hex, { from });
    replace(frames, (decoded.frames ?? []).map((f, i) => h("tr", { dataset: { fin: String(f.fin), opcode: String(f.opcode) } },
      h("td", null, String(i + 1)),
      h("td", null, f.fin ? t("fragment.fin1") : t("fragment.fin0")),
      h("td", null, h("code", null, opcodes[f.opcode]?.hex ?? String(f.opcode)), " ", opName(f.opcode)),
      h("td", null, f.payloadText != null ? h("q", { class: "fv-text" }, f.payloadText) : h("code", null, spaced(f.payloadHex ?? ""))),
      h("td", null, h("code", { class: "wire frame-hex" }, spaced(r.frames[i]?.hex ?? ""))))));
    const done = (decoded.frames ?? []).filter((f) => f.message && !opcodes[f.message.opcode]?.control);
    replace(messages, done.map((f) => h("li", null,
      t("fragment.messageDone", [f.message.frames, count(f.message.length)]), " ",
      f.message.text != null ? h("q", { class: "message-text" }, f.message.text) : t("fragment.binaryMessage"))));
    if (decoded.openMessage) messages.append(h("li", { class: "fv-need" }, t("fv.openMessage")));
    for (const v of decoded.violations ?? []) messages.append(h("li", null, errorLine(v)));
    decoded.hex = r.hex;
    renderFrameView(view, decoded, { bits: false });
  }

  function fillOpcodes() {
    const value = opcode.value;
    replace(opcode, starters.map((o) => h("option", { value: String(o.value) }, `${o.hex} · ${opName(o.value)}`)));
    if (value) opcode.value = value;
  }

  function opName(op) {
    const o = opcodes[op];
    return !o ? "" : o.reserved ? t("opcode.reserved") : t("opcode." + o.name);
  }

  function restore() {
    mode.value = state.get("fragment.mode", defaults.mode) === "tutorial" ? "tutorial" : "size";
    setValue(text, state.get("fragment.text", defaults.text));
    setValue(size, String(state.getInt("fragment.size", defaults.size)));
    fillOpcodes();
    const op = state.get("fragment.op", defaults.op);
    opcode.value = starters.some((o) => String(o.value) === op) ? op : defaults.op;
    masked.input.checked = state.getBool("fragment.mask", defaults.mask);
    setValue(key, state.get("fragment.key", defaults.key));
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
