// section.js: the lab. The learner picks an experiment of the catalogue or
// writes an upgrade request and any bytes; Run posts them to the wsplay
// server's POST /lab, which writes exactly those bytes to its own /ws on
// loopback, and its answer (NDJSON) becomes a timeline in the live
// section's style: the request as sent, the server's answer, each frame it
// sent back decoded by the core, who closed TCP, then the verdict.
import { replace } from "../dom.js";
import { t } from "../i18n.js";
import { serverBase, probe } from "../live/connection.js";
import { createTimeline, addEntry, clearTimeline, redraw, selectRow, selectedEntry } from "../live/timeline.js";
import { controls, layout, fillExperiments, showOffline, sayStatus, resayStatus } from "./controls.js";
import { loadCatalogue, find, inputsOf, lf, crlf } from "./catalogue.js";
import { agreementOf } from "../live/compression.js";
import { runExperiment, bodyOf } from "./run.js";
import { labRows } from "./rows.js";
import { showLabDetail } from "./detail.js";
import { fromCore, showExpectation, showVerdict } from "./verdict.js";
import { readInputs, writeInputs, saveToLink, inputsFromLink, sameInputs } from "./link-state.js";

export default { mount };

function mount(root, { wsplay, state }) {
  const c = controls();
  const base = serverBase(root);
  const lab = {
    wsplay, state, c, base, catalogue: null, summary: null, running: false,
    // The default head is built by the core for the server's /ws.
    defaultRequest: lf(wsplay.handshake({ host: base.host, path: base.pathname + "ws" }).request.text),
    timeline: createTimeline(c.timeline, labRows(wsplay)),
  };
  layout(root, c);
  wire(lab);
  showLabDetail(c.detail, null, wsplay);
  restore(lab);
  connect(lab);
  return { update: () => relabel(lab), restore: () => restore(lab) };
}

// connect looks for the server and its catalogue; without them the lab
// says it needs the server, and the form still shows the core's verdict.
async function connect(lab) {
  const { c } = lab;
  if (!(await probe({ base: lab.base }))) return offline(lab);
  try {
    lab.catalogue = await loadCatalogue(lab.base);
  } catch {
    return offline(lab);
  }
  c.offline.hidden = true;
  c.run.disabled = false;
  sayStatus(c.status, "lab.ready");
  restore(lab);
}

function offline(lab) {
  lab.c.run.disabled = true;
  sayStatus(lab.c.status, "lab.offline", [], "error");
  showOffline(lab.c, lab.base, () => connect(lab));
}

function wire(lab) {
  const { c } = lab;
  c.run.disabled = true;
  c.exp.addEventListener("change", () => choose(lab, c.exp.value));
  for (const input of [c.request, c.bytes, c.chunk, c.pause]) input.addEventListener("input", () => edited(lab));
  c.trickle.input.addEventListener("change", () => edited(lab));
  c.requestDefault.addEventListener("click", () => {
    c.request.value = lab.defaultRequest;
    edited(lab);
  });
  c.run.addEventListener("click", () => run(lab));
  c.timeline.addEventListener("timeline-select", (e) => showLabDetail(c.detail, e.detail.entry, lab.wsplay));
}

// baseline is what the inputs are when nothing was edited: the chosen
// experiment's, or the defaults.
function baseline(lab) {
  return inputsOf(find(lab.catalogue, lab.c.exp.value), lab.defaultRequest);
}

function choose(lab, id) {
  writeInputs(lab.c, inputsOf(find(lab.catalogue, id), lab.defaultRequest));
  edited(lab);
}

function edited(lab) {
  saveToLink(lab.state, lab.c.exp.value, readInputs(lab.c), baseline(lab));
  expect(lab);
}

// restore sets the form from the link (an experiment the catalogue does
// not have, or not yet, stays in the link until it has loaded).
function restore(lab) {
  const { c, state } = lab;
  fillExperiments(c.exp, lab.catalogue);
  const id = state.get("lab.exp", "");
  c.exp.value = find(lab.catalogue, id) ? id : "";
  writeInputs(c, inputsFromLink(state, baseline(lab)));
  if (lab.catalogue) saveToLink(state, c.exp.value, readInputs(c), baseline(lab));
  expect(lab);
}

// expectation: the catalogue's while its inputs are untouched, else the
// core's reading of the form.
function expectation(lab) {
  const exp = find(lab.catalogue, lab.c.exp.value);
  const inputs = readInputs(lab.c);
  if (exp && sameInputs(inputs, inputsOf(exp, lab.defaultRequest))) return exp.expect;
  return fromCore(lab.wsplay, inputs, crlf, lab.catalogue);
}

function expect(lab) {
  const { c } = lab;
  c.question.textContent = c.exp.value ? t("lab.q." + c.exp.value) : t("lab.ownHint");
  lab.expected = expectation(lab);
  showExpectation(c.expect, lab.expected);
  if (lab.summary) showVerdict(c.verdict, lab.expected, lab.summary);
}

// run posts the form and draws the answer as it streams in.
async function run(lab) {
  const { c, wsplay } = lab;
  if (lab.running) return;
  const bytes = wsplay.bytes(c.bytes.value);
  if (bytes.error) return sayStatus(c.status, "lab.badHex", [bytes.error.message], "error");
  lab.running = true;
  c.run.disabled = true;
  lab.summary = null;
  clearTimeline(lab.timeline);
  showLabDetail(c.detail, null, wsplay);
  replace(c.verdict);
  sayStatus(c.status, "lab.running");
  const body = bodyOf({ ...readInputs(c), bytes: bytes.hex }, crlf);
  let t0 = null;
  let deflate = false;
  let request = null;
  const res = await runExperiment(lab.base, body, (ev) => {
    t0 ??= ev.t;
    if (ev.type === "summary") return finish(lab, ev);
    const entry = { ...ev, kind: ev.type, since: ev.t - t0 };
    if (ev.type === "request") request = ev;
    // What the 101 agreed, as the core reads it (the live section's reading).
    if (ev.type === "response") deflate = !!agreementOf(wsplay, { request, response: ev });
    // On a connection that agreed to permessage-deflate, RSV1 is allowed
    // (RFC 7692 section 6): the core decodes the frame knowing it.
    if (ev.type === "frame" && deflate) entry.decoded = wsplay.decode(ev.hex, { from: ev.from, extensions: wsplay.extensionsDeflate });
    addEntry(lab.timeline, entry);
  });
  lab.running = false;
  c.run.disabled = false;
  if (res.error) sayStatus(c.status, "lab.refused", [res.status, res.error], "error");
}

// finish shows the verdict and selects what the server said last: its
// close frame, or its answer.
function finish(lab, summary) {
  const { c } = lab;
  lab.summary = summary;
  sayStatus(c.status, "lab.done");
  showVerdict(c.verdict, lab.expected, summary);
  const rows = [...c.timeline.querySelectorAll('li[data-kind="frame"], li[data-kind="response"]')];
  if (rows.length && !selectedEntry(c.timeline)) selectRow(c.timeline, rows[rows.length - 1]);
}

function relabel(lab) {
  const { c } = lab;
  fillExperiments(c.exp, lab.catalogue);
  resayStatus(c.status);
  if (!c.offline.hidden) showOffline(c, lab.base, () => connect(lab));
  redraw(lab.timeline);
  showLabDetail(c.detail, selectedEntry(c.timeline), lab.wsplay);
  expect(lab);
}
