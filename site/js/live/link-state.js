// link-state.js: the section's inputs in the page's link (#live.frag=4&…),
// as every other section keeps its own, so that a shared link opens the
// same options. Values equal to their default stay out of the link.
import { setValue } from "../ui.js";

const fields = [
  { key: "live.deflate", control: (c) => c.deflate.input, fallback: true },
  { key: "live.greet", control: (c) => c.greet.input, fallback: false },
  { key: "live.frag", control: (c) => c.frag, fallback: "0" },
  { key: "live.text", control: (c) => c.text, fallback: "hello" },
  { key: "live.binary", control: (c) => c.binary, fallback: "01 02 fe ff" },
  { key: "live.code", control: (c) => c.code, fallback: "1000" },
  { key: "live.reason", control: (c) => c.reason, fallback: "bye" },
];

// keepInLink writes each input to the link when the reader changes it.
export function keepInLink(c, state) {
  for (const f of fields) {
    const control = f.control(c);
    const write = () => state.set(f.key, typeof f.fallback === "boolean" ? control.checked : control.value, f.fallback);
    control.addEventListener(control.type === "text" ? "input" : "change", write);
  }
}

// restoreFromLink sets each input from the link (its default when absent).
export function restoreFromLink(c, state) {
  for (const f of fields) {
    const control = f.control(c);
    if (typeof f.fallback === "boolean") control.checked = state.getBool(f.key, f.fallback);
    else setControl(control, state.get(f.key, f.fallback), f.fallback);
  }
}

// setControl sets a text box, or a list to one of its options (else its
// default): a link cannot choose a close code the list does not offer.
function setControl(control, value, fallback) {
  if (control.type === "text") setValue(control, value);
  else control.value = [...control.options].some((o) => o.value === value) ? value : fallback;
}
