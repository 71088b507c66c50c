// Section 1, the opening handshake: the upgrade request and the 101 answer
// with every header explained, the derivation of Sec-WebSocket-Accept step
// by step, and the 426 a server sends for an unknown version. Every line and
// value comes from wsplay.handshake and wsplay.accept.
import { h, replace } from "../dom.js";
import { t, note } from "../i18n.js";
import { tx, labelled, button, setValue } from "../ui.js";
import { createStepper } from "../stepper.js";
import { errorLine } from "../frameview.js";

const defaultKey = "w4v7O6xFTi36lq3RNcgctw=="; // the key of the tutorials' example

export default { mount };

function mount(root, { wsplay, state }) {
  const input = h("input", { id: "ws-key", name: "ws-key", type: "text", spellcheck: "false", autocomplete: "off", autocapitalize: "off" });
  const random = button("ws-key-random", "handshake.random", () => {
    input.value = wsplay.randomKey();
    changed();
  });
  const problem = h("p", { id: "accept-error", class: "error", role: "alert", hidden: true });
  const request = h("ol", { id: "hs-request", class: "http-lines" });
  const response = h("ol", { id: "hs-response", class: "http-lines" });
  const refusal = h("ol", { id: "hs-426", class: "http-lines" });

  const outs = {
    key: h("output", { id: "out-key", for: "ws-key" }),
    guid: h("output", { id: "out-guid" }),
    concat: h("output", { id: "out-concat", for: "ws-key" }),
    sha1Hex: h("output", { id: "out-sha1", for: "ws-key" }),
    accept: h("output", { id: "out-accept", for: "ws-key", class: "result" }),
  };
  const groups = h("tbody");
  const groupTable = h("table", { id: "accept-groups", class: "groups" },
    h("caption", { "data-i18n": "handshake.groups.caption" }, t("handshake.groups.caption")),
    h("thead", null, h("tr", null, ["n", "bytes", "bits", "sixes", "indices", "chars"].map((c) => h("th", { scope: "col", "data-i18n": "handshake.groups." + c }, t("handshake.groups." + c))))),
    groups);
  const rows = {
    key: traceRow("handshake.trace.key", outs.key),
    guid: traceRow("handshake.trace.guid", outs.guid),
    concat: traceRow("handshake.trace.concat", outs.concat),
    sha1: traceRow("handshake.trace.sha1", outs.sha1Hex),
    groups: traceRow("handshake.trace.base64", h("div", { class: "table-wrap" }, groupTable), "wide"),
    result: traceRow("handshake.trace.accept", outs.accept),
  };
  const narration = h("p", { id: "accept-narration", class: "narration", "aria-live": "polite" });
  let steps = [];
  const stepper = createStepper({
    label: () => t("handshake.stepper"),
    onChange: (p) => {
      state.set("handshake.step", p, steps.length);
      show();
    },
  });
  const trace = h("div", { class: "trace", id: "accept-trace", tabindex: "0", role: "group", "data-i18n-attr": "aria-label:handshake.stepper" }, Object.values(rows));
  stepper.attach(trace);

  replace(root,
    h("div", { class: "controls" },
      h("div", { class: "row" }, labelled("handshake.key", input, "handshake.keyHint"), random),
      problem),
    h("div", { class: "columns" },
      h("div", { class: "card" }, tx("handshake.request", "h3"), tx("handshake.requestIntro", "p", { class: "hint" }), request),
      h("div", { class: "card" }, tx("handshake.response", "h3"), tx("handshake.responseIntro", "p", { class: "hint" }), response)),
    h("div", { class: "card" }, tx("handshake.derivation", "h3"), tx("handshake.derivationIntro", "p", { class: "hint" }), stepper.root, narration, trace),
    h("div", { class: "card" }, tx("handshake.mismatch", "h3"), h("div", { class: "prose", "data-i18n-md": "handshake.mismatchIntro" }), refusal),
    h("div", { class: "card aside" }, tx("handshake.protects", "h3"), h("div", { class: "prose", "data-i18n-md": "handshake.protectsText" })));

  input.addEventListener("input", changed);

  function changed() {
    state.set("handshake.key", input.value, defaultKey);
    render(steps.length === stepper.position ? Infinity : stepper.position);
  }

  function restore() {
    setValue(input, state.get("handshake.key", defaultKey));
    render(state.getInt("handshake.step", Infinity));
  }

  // render asks the core for the handshake and the accept trace of the key.
  function render(position) {
    const key = input.value;
    const trace = wsplay.accept(key);
    for (const [name, el] of Object.entries(outs)) el.value = trace[name] ?? "";
    // The core still derives a value for an invalid key (a careless server
    // would send it), so the trace stays next to the explanation.
    const err = trace.error;
    problem.hidden = !err;
    replace(problem, err ? errorText(err) : "");
    problem.dataset.rule = err?.rule ?? "";
    input.setAttribute("aria-invalid", err ? "true" : "false");

    replace(groups, (trace.groups ?? []).map((g, i) => h("tr", { dataset: { group: String(i) } },
      h("td", null, String(i + 1)),
      h("td", null, h("code", null, g.bytesHex.match(/../g).join(" "))),
      h("td", null, h("code", { class: "bits" }, bitsOfHex(g.bytesHex))),
      h("td", null, h("code", { class: "bits" }, g.indices.map((n) => n.toString(2).padStart(6, "0")).join(" "))),
      h("td", null, h("code", null, g.indices.join(" "))),
      h("td", null, h("code", { class: "chars" }, g.chars)))));

    steps = narrate(trace.notes ?? []);
    stepper.reset(steps.length, position === Infinity ? steps.length : position);

    const hs = wsplay.handshake({ host: location.host || "localhost:8080", path: "/chat", key, origin: originOf() });
    if (hs.error) {
      replace(request, h("li", null, errorLine(hs.error)));
      replace(response);
      replace(refusal);
    } else {
      lines(request, hs.request.lines);
      lines(response, hs.response.lines);
      lines(refusal, hs.refusal426.lines, hs.refusal426.body);
    }
    show();
  }

  // show reveals the steps up to the stepper's position.
  function show() {
    const p = stepper.position;
    const current = steps[p - 1];
    narration.replaceChildren(...(current ? current.notes.map((n) => h("span", { class: "note" }, note(n), " ")) : [t("handshake.narrationStart")]));
    const revealed = new Set(steps.slice(0, p).map((s) => s.row));
    for (const [name, row] of Object.entries(rows)) {
      row.classList.toggle("pending", !revealed.has(name));
      row.classList.toggle("current", current?.row === name);
      if (current?.row === name) row.setAttribute("aria-current", "step");
      else row.removeAttribute("aria-current");
    }
    const groupsShown = steps.slice(0, p).filter((s) => s.row === "groups").length;
    [...groups.children].forEach((tr, i) => {
      tr.classList.toggle("pending", i >= groupsShown);
      tr.classList.toggle("current", current?.row === "groups" && current.group === i);
    });
  }

  function errorText(err) {
    return [...errorLine(err).childNodes];
  }

  restore();
  return { update: () => render(stepper.position), restore };
}

function traceRow(key, value, cls = "") {
  return h("div", { class: "trace-row " + cls }, h("div", { class: "trace-label", "data-i18n": key }, t(key)), h("div", { class: "trace-value" }, value));
}

// narrate groups the core's notes into steps: one per row of the trace, one
// per base64 group; padding and the key's validity join their step.
function narrate(notes) {
  const steps = [];
  const rowOf = { "accept.key": "key", "accept.guid": "guid", "accept.concat": "concat", "accept.sha1": "sha1", "accept.result": "result" };
  let pending = [];
  let group = 0;
  for (const n of notes) {
    if (rowOf[n.id]) {
      steps.push({ row: rowOf[n.id], notes: [n] });
    } else if (n.id === "accept.base64") {
      pending.push(n);
    } else if (n.id === "accept.group") {
      steps.push({ row: "groups", group: group++, notes: [...pending, n] });
      pending = [];
    } else if (steps.length) {
      steps[steps.length - 1].notes.push(n);
    }
  }
  return steps;
}

// lines shows HTTP lines, each with the core's explanation (the captures
// section shows a captured handshake with it too).
export function lines(list, items, body) {
  replace(list, (items ?? []).map((l) => h("li", null,
    h("code", { class: "http-line" }, l.text),
    l.note ? h("span", { class: "line-note" }, note(l.note)) : null)));
  list.append(h("li", { class: "blank" }, h("code", { class: "http-line" }, "⏎"), h("span", { class: "line-note" }, t("handshake.blankLine"))));
  if (body) list.append(h("li", { class: "body" }, h("code", { class: "http-line" }, body.trim()), h("span", { class: "line-note" }, t("handshake.body"))));
}

// bitsOfHex writes bytes as 8-bit groups, to show 3×8 bits regrouped as 4×6.
function bitsOfHex(hex) {
  return hex.match(/../g).map((b) => Number.parseInt(b, 16).toString(2).padStart(8, "0")).join(" ");
}

function originOf() {
  return location.origin && location.origin !== "null" ? location.origin : "http://localhost:8080";
}
