// send.js: "Send these bytes to the server", for the frame builder and the
// decoder: the bytes go to the lab's form, with the defaults around them,
// and the page scrolls there.
import { button } from "../ui.js";
import { linkBytes } from "./link-state.js";

// sendToLab is the button, or null where the page has no lab (an embed of
// another section). hexOf returns the bytes as hex, or nothing.
export function sendToLab(id, hexOf, { state, goto, embedded }) {
  if (embedded || !document.getElementById("lab")) return null;
  return button(id, "lab.sendHere", () => {
    const hex = hexOf();
    if (!hex) return;
    linkBytes(state, hex);
    goto("lab");
  });
}
