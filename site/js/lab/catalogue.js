// catalogue.js: the lab's ready experiments. The server builds them with
// the protocol core (GET /lab/experiments, server/lab/catalogue.go) for the
// host the page reached and for its own settings (-max-message,
// permessage-deflate), so the page and the server's tests read one table.
// Each experiment's question is the page's, keyed by its id.

// loadCatalogue fetches the catalogue from the server at base.
export async function loadCatalogue(base) {
  const res = await fetch(new URL("lab/experiments", base), { cache: "no-store" });
  if (!res.ok) throw new Error("GET /lab/experiments: HTTP " + res.status);
  return res.json();
}

// groups are the catalogue's headings, in the order the list shows them.
export const groups = ["frames", "fine", "handshake", "deflate"];

// groupOf sorts an experiment under a heading from what it expects.
export function groupOf(exp) {
  const e = exp.expect;
  if (e.deflate) return "deflate";
  if (e.status !== 101) return "handshake";
  return e.rule ? "frames" : "fine";
}

// find is the experiment of that id, if the catalogue has it.
export function find(catalogue, id) {
  return catalogue?.experiments.find((e) => e.id === id);
}

// inputsOf are the form's values for an experiment: the request head as a
// textarea shows it (LF line ends), and whether the request trickles too.
export function inputsOf(exp, defaultRequest) {
  const chunk = exp?.chunk ?? 0;
  return {
    request: lf(exp?.request || defaultRequest),
    bytes: exp?.bytes ?? "",
    chunk: String(chunk),
    pause: String(exp?.pauseMs ?? 0),
    trickle: exp?.requestChunk == null ? chunk > 0 : exp.requestChunk > 0,
  };
}

// lf writes a head with LF line ends, as a textarea holds it.
export function lf(text) {
  return String(text).replace(/\r\n/g, "\n");
}

// crlf writes the line ends HTTP wants (RFC 9112 section 2.1).
export function crlf(text) {
  return lf(text).replace(/\n/g, "\r\n");
}
