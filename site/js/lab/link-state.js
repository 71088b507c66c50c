// link-state.js: the experiment in the page's link, so that a teacher can
// share one: #lab.exp=<id> for a catalogue entry as it is, plus each input
// that differs from it (or from the defaults, with no entry chosen).
const keys = { request: "lab.request", bytes: "lab.bytes", chunk: "lab.chunk", pause: "lab.pause", trickle: "lab.trickle" };

// readInputs are the form's values.
export function readInputs(c) {
  return { request: c.request.value, bytes: c.bytes.value, chunk: c.chunk.value, pause: c.pause.value, trickle: c.trickle.input.checked };
}

// writeInputs sets the form.
export function writeInputs(c, v) {
  c.request.value = v.request;
  c.bytes.value = v.bytes;
  c.chunk.value = v.chunk;
  c.pause.value = v.pause;
  c.trickle.input.checked = v.trickle;
}

// saveToLink writes the chosen experiment and every input that differs
// from baseline (the experiment's, or the defaults).
export function saveToLink(state, id, inputs, baseline) {
  state.set("lab.exp", id, "");
  for (const [name, key] of Object.entries(keys)) state.set(key, inputs[name], baseline[name]);
}

// inputsFromLink are the link's inputs over baseline.
export function inputsFromLink(state, baseline) {
  return {
    request: state.get(keys.request, baseline.request),
    bytes: state.get(keys.bytes, baseline.bytes),
    chunk: state.get(keys.chunk, baseline.chunk),
    pause: state.get(keys.pause, baseline.pause),
    trickle: state.getBool(keys.trickle, baseline.trickle),
  };
}

// sameInputs: a catalogue entry's expectation holds only for its inputs.
export function sameInputs(a, b) {
  return Object.keys(keys).every((k) => String(a[k]).trim() === String(b[k]).trim());
}

// linkBytes leaves the lab out of the link but for bytes: what the frame
// builder and the decoder send here.
export function linkBytes(state, hex) {
  for (const key of ["lab.exp", ...Object.values(keys)]) state.set(key, "", "");
  state.set(keys.bytes, hex, "");
}
