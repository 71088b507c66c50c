// state.js keeps every input in the URL hash (#key=value&…), so a copied link
// reproduces the exact view. Values equal to their default are left out to
// keep links short; values too long for a link are left out too, and the
// page says so.
const maxValue = 2000; // characters; browsers and chat apps cut long URLs
const writeDelay = 200; // ms; batches keystrokes into one history entry update

let params = new URLSearchParams(location.hash.slice(1));
let written = location.hash;
let timer = 0;
const tooLong = new Set();
const listeners = new Set();

export function get(key, fallback = "") {
  return params.has(key) ? params.get(key) : fallback;
}

export function getBool(key, fallback) {
  if (!params.has(key)) return fallback;
  return params.get(key) === "1";
}

export function getInt(key, fallback) {
  const n = Number.parseInt(params.get(key) ?? "", 10);
  return Number.isFinite(n) ? n : fallback;
}

// set stores value under key, or removes it when it equals fallback.
export function set(key, value, fallback) {
  const s = typeof value === "boolean" ? (value ? "1" : "0") : String(value);
  const def = typeof fallback === "boolean" ? (fallback ? "1" : "0") : fallback == null ? null : String(fallback);
  tooLong.delete(key);
  if (s === def) {
    params.delete(key);
  } else if (s.length > maxValue) {
    params.delete(key);
    tooLong.add(key);
  } else {
    params.set(key, s);
  }
  schedule();
}

// omitted lists the keys whose values were too long for a link.
export function omitted() {
  return [...tooLong];
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(flush, writeDelay);
}

// flush writes the hash now (replaceState: typing must not fill history).
export function flush() {
  clearTimeout(timer);
  // Someone else changed the hash (a pasted link, a test) and its
  // hashchange event has not run yet: that change wins, and the event
  // brings its values in; writing ours now would undo it.
  if (location.hash !== written && !(written === "" && location.hash === "#")) return;
  const hash = params.toString();
  written = hash ? "#" + hash : "";
  if (written !== location.hash && !(written === "" && location.hash === "#")) {
    history.replaceState(history.state, "", location.pathname + location.search + written);
  }
}

// link is the shareable URL of the current view.
export function link() {
  const hash = params.toString();
  return location.origin + location.pathname + location.search + (hash ? "#" + hash : "");
}

// onExternalChange runs fn when someone else changes the hash (the user
// edits it, or follows a link to this page with another hash).
export function onExternalChange(fn) {
  listeners.add(fn);
}

window.addEventListener("hashchange", () => {
  if (location.hash === written) return;
  params = new URLSearchParams(location.hash.slice(1));
  written = location.hash;
  tooLong.clear();
  for (const fn of listeners) fn();
});
