// read.js: a capture file read by the core. The read runs in the page's
// thread (the core is one WebAssembly instance), so the status says
// "reading…" and the browser paints it before the read starts; the core's
// limits (packets, frames, inflated bytes) bound how long it takes.
import { count } from "../dom.js";

// maxFileBytes is the largest file the page reads: the core keeps a copy of
// each connection's bytes next to the file, all in the tab's memory.
export const maxFileBytes = 256 << 20;

// readFile reads file and returns wsplay.readCapture's result, or null when
// it could not be read; say(key, args) reports progress and failures.
export async function readFile(wsplay, file, say) {
  if (file.size > maxFileBytes) {
    say("capture.tooBig", [file.name, count(file.size), count(maxFileBytes)]);
    return null;
  }
  say("capture.reading", [file.name, count(file.size)]);
  let bytes;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (err) {
    say("capture.failedRead", [err?.message ?? String(err)]);
    return null;
  }
  await painted();
  const start = performance.now();
  // The frames come later, a slice at a time (wsplay.captureFrames), and
  // each one's fields when it is shown.
  const result = wsplay.readCapture(bytes, { fields: false, frames: false });
  performance.clearMeasures("wsplay-capture:read");
  performance.measure("wsplay-capture:read", { start, end: performance.now() });
  if (!result.connections) { // the call itself was refused
    say("capture.failedRead", [result.error?.message ?? ""]);
    return null;
  }
  result.name = file.name;
  result.size = file.size;
  say(result.error ? "capture.stopped" : "capture.read", [file.name, result.format ?? "—", count(result.packets), count(result.connections.length)]);
  return result;
}

// painted resolves after the browser has drawn the current state.
function painted() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
