// Section 6, control frames: the sixteen opcodes as the core classifies
// them, a ping with the pong that answers it, and close frames with a status
// code and a reason, including the codes that never appear on the wire.
import { h, replace } from "../dom.js";
import { t, note } from "../i18n.js";
import { tx, labelled, radios, button, measure, setValue } from "../ui.js";
import { errorLine } from "../frameview.js";

const defaults = { ping: "are you there?", from: "client", key: "37fa213d", code: 1000, reason: "bye" };

export default { mount };

function mount(root, { wsplay, state, renderFrameView }) {
  const opcodes = wsplay.opcodes();
  const codes = wsplay.statusCodes();
  const named = (name) => opcodes.find((o) => o.name === name);

  const watch = h("p", { id: "cf-watch", class: "callout" });
  const opTable = h("tbody");
  const ping = h("input", { id: "cf-ping", type: "text", spellcheck: "false", autocomplete: "off" });
  const from = radios("cf-from", "control.from", [{ value: "client", key: "control.fromClient" }, { value: "server", key: "control.fromServer" }], defaults.from);
  const key = h("input", { id: "cf-key", type: "text", spellcheck: "false", autocomplete: "off", size: "12" });
  const random = button("cf-key-random", "frame.randomKey", () => {
    key.value = wsplay.randomMask();
    changed();
  });
  const pingTitle = h("h4", { id: "cf-ping-title" });
  const pongTitle = h("h4", { id: "cf-pong-title" });
  const pingView = h("div", { id: "cf-ping-view" });
  const pongView = h("div", { id: "cf-pong-view" });

  const codeSelect = h("select", { id: "cf-code" });
  const codeNumber = h("input", { id: "cf-code-number", type: "number", min: "0", max: "65535", step: "1", inputmode: "numeric" });
  const reason = h("input", { id: "cf-reason", type: "text", spellcheck: "false", autocomplete: "off" });
  const codeNote = h("p", { id: "cf-code-note", class: "hint" });
  const closeError = h("div", { id: "cf-close-error" });
  const closeView = h("div", { id: "cf-close-view" });
  const local = h("ul", { id: "cf-local", class: "local-codes" });

  replace(root,
    h("div", { class: "card" }, tx("control.opcodes", "h3"), watch,
      h("div", { class: "table-wrap" }, h("table", { id: "cf-opcodes", class: "opcodes" },
        h("caption", { "data-i18n": "control.opcodesCaption" }, t("control.opcodesCaption")),
        h("thead", null, h("tr", null, ["value", "name", "kind", "meaning"].map((c) => h("th", { scope: "col", "data-i18n": "control.col." + c }, t("control.col." + c))))),
        opTable))),
    h("div", { class: "controls" }, from.node, h("div", { class: "row" }, labelled("frame.key", key), random)),
    h("div", { class: "card" }, tx("control.pingPong", "h3"), h("div", { class: "prose", "data-i18n-md": "control.pingIntro" }),
      labelled("control.pingPayload", ping, "control.pingHint"),
      pingTitle, pingView, pongTitle, pongView),
    h("div", { class: "card" }, tx("control.close", "h3"), h("div", { class: "prose", "data-i18n-md": "control.closeIntro" }),
      h("div", { class: "row" }, labelled("control.code", codeSelect), labelled("control.codeNumber", codeNumber), labelled("control.reason", reason, "control.reasonHint")),
      codeNote, closeError, closeView),
    h("div", { class: "card aside" }, tx("control.neverTitle", "h3"), h("div", { class: "prose", "data-i18n-md": "control.neverText" }), local));

  ping.addEventListener("input", changed);
  key.addEventListener("input", changed);
  from.on(changed);
  reason.addEventListener("input", changed);
  codeSelect.addEventListener("change", () => {
    if (codeSelect.value) codeNumber.value = codeSelect.value;
    changed();
  });
  codeNumber.addEventListener("input", () => {
    codeSelect.value = codes.some((c) => String(c.code) === codeNumber.value) ? codeNumber.value : "";
    changed();
  });

  function changed() {
    state.set("control.ping", ping.value, defaults.ping);
    state.set("control.from", from.value, defaults.from);
    state.set("control.key", key.value, defaults.key);
    state.set("control.code", codeNumber.value, String(defaults.code));
    state.set("control.reason", reason.value, defaults.reason);
    update();
  }

  function fillLists() {
    const names = Object.fromEntries(["close", "ping", "pong"].map((n) => [n, named(n)?.hex ?? "?"]));
    watch.textContent = "⚠ " + t("control.watchOut", [names.close, names.ping, names.pong]);
    replace(opTable, opcodes.map((o) => h("tr", { class: o.control && !o.reserved ? "defined-control" : o.reserved ? "reserved" : "" },
      h("td", null, h("code", null, o.hex)),
      h("td", null, o.reserved ? t("opcode.reserved") : t("opcode." + o.name)),
      h("td", null, (o.control ? t("opcode.kind.control") : t("opcode.kind.data")) + (o.reserved ? " · " + t("opcode.notInUse") : "")),
      h("td", null, note(o.note)))));
    const value = codeSelect.value;
    replace(codeSelect, h("option", { value: "" }, t("control.otherCode")), codes.map((c) => h("option", { value: String(c.code) }, codeLabel(c))));
    codeSelect.value = value;
    replace(local, codes.filter((c) => c.neverOnWire).map((c) => h("li", { dataset: { code: String(c.code) } }, note(c.note))));
  }

  function codeLabel(c) {
    let label = `${c.code} ${c.name}`;
    if (c.neverOnWire) label += " — " + t("control.neverSent");
    else if (c.reserved) label += " — " + t("control.reservedCode");
    return label;
  }

  function sender() {
    return from.value === "client" ? { masked: true, maskKey: key.value } : { masked: false };
  }

  function update() {
    measure("control", render);
  }

  function render() {
    const client = from.value === "client";
    const other = client ? "server" : "client";
    // The peer answers with a pong carrying the same payload (section 5.5.3);
    // the answer travels the other way, so its masking is the other side's.
    const pingFrame = wsplay.encode({ opcode: named("ping").value, payloadText: ping.value, ...sender() });
    const pongFrame = wsplay.encode({ opcode: named("pong").value, payloadText: ping.value, ...(client ? { masked: false } : { masked: true, maskKey: key.value }) });
    pingTitle.textContent = t("control.pingTitle", [t("control.side." + from.value), t("control.side." + other)]);
    pongTitle.textContent = t("control.pongTitle", [t("control.side." + other), t("control.side." + from.value)]);
    show(pingView, pingFrame, from.value);
    show(pongView, pongFrame, other);

    const code = Number.parseInt(codeNumber.value, 10);
    const entry = codes.find((c) => c.code === code);
    codeNote.textContent = entry ? note(entry.note) : "";
    const body = wsplay.closePayload(Number.isFinite(code) ? code : 0, reason.value);
    replace(closeError, body.error ? errorLine(body.error) : "");
    const closeFrame = body.bytes ? wsplay.encode({ opcode: named("close").value, payload: body.hex, ...sender() }) : body;
    show(closeView, closeFrame, from.value);
  }

  function show(container, encoded, side) {
    if (encoded.error) {
      replace(container, errorLine(encoded.error));
      return;
    }
    const decoded = wsplay.decode(encoded.bytes, { from: side });
    decoded.hex = encoded.hex;
    renderFrameView(container, decoded, { fields: "collapsed" });
  }

  function restore() {
    setValue(ping, state.get("control.ping", defaults.ping));
    from.value = state.get("control.from", defaults.from) === "server" ? "server" : "client";
    setValue(key, state.get("control.key", defaults.key));
    setValue(codeNumber, String(state.getInt("control.code", defaults.code)));
    setValue(reason, state.get("control.reason", defaults.reason));
    fillLists();
    codeSelect.value = codes.some((c) => String(c.code) === codeNumber.value) ? codeNumber.value : "";
    update();
  }

  restore();
  return {
    update() {
      fillLists();
      update();
    },
    restore,
  };
}

