// text.js: how the live section shortens what it quotes.

// preview cuts text to max characters, marking the cut with "…".
export function preview(text, max = 40) {
  return text.length > max ? text.slice(0, max) + "…" : text;
}

// filler is n bytes of readable ASCII text, to send long messages.
export function filler(n) {
  const unit = "wsplay echoes this. ";
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}
