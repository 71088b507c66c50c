// handshake.js wires the "Opening handshake" section to wsplay.accept.
import { boot } from "../wasm/boot.js";

const status = document.querySelector("#status");
const input = document.querySelector("#ws-key");
const problem = document.querySelector("#accept-error");
const outputs = {
  key: document.querySelector("#out-key"),
  guid: document.querySelector("#out-guid"),
  concat: document.querySelector("#out-concat"),
  sha1Hex: document.querySelector("#out-sha1"),
  accept: document.querySelector("#out-accept"),
};

function render(wsplay) {
  const trace = wsplay.accept(input.value);
  for (const [field, el] of Object.entries(outputs)) {
    el.value = trace[field] ?? "";
  }
  // The core still derives the value for an invalid key (a lax server would
  // send it), so the trace stays visible next to the explanation.
  const err = trace.error;
  problem.hidden = !err;
  problem.textContent = err ? err.message : "";
  problem.dataset.rule = err?.rule ?? "";
  input.setAttribute("aria-invalid", err ? "true" : "false");
}

try {
  const wsplay = await boot();
  status.textContent = `Ready — protocol core v${wsplay.version}`;
  status.dataset.state = "ready";
  input.addEventListener("input", () => render(wsplay));
  render(wsplay);
} catch (err) {
  status.textContent = `Could not start the protocol core: ${err.message}`;
  status.dataset.state = "error";
  throw err;
}
