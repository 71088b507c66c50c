// pagelog.js: the page's own log, narrated: what this page's JavaScript saw
// of its WebSocket (open, each message sent and received, the close). Each
// line keeps its key, arguments and time in its dataset, so that it can be
// written again in another language.
import { h, replace } from "../dom.js";
import { tn, language } from "../i18n.js";

const maxLines = 200;

// pageLog is the empty log, read out politely as lines arrive.
export function pageLog(id) {
  return h("ol", { id, class: "live-log", "aria-live": "polite" });
}

// logLine adds a line: key is its text, args fill its {0}, {1}… (an arg
// {q} is payload text, {code} bytes or a URL: data, shown as such); cls
// marks it "sent" or "received".
export function logLine(log, key, args = [], cls = "") {
  const line = h("li", { class: cls, dataset: { key, args: JSON.stringify(args), time: String(Date.now()) } });
  writeLine(line);
  log.append(line);
  while (log.children.length > maxLines) log.firstElementChild.remove();
}

// relabelLog writes every line again in the page's language.
export function relabelLog(log) {
  for (const line of log.children) writeLine(line);
}

function writeLine(line) {
  const args = JSON.parse(line.dataset.args).map((a) => a?.q != null ? h("q", null, a.q) : a?.code != null ? h("code", null, a.code) : a);
  const time = new Date(Number(line.dataset.time)).toLocaleTimeString(language());
  replace(line, h("span", { class: "live-when" }, time), " ", tn(line.dataset.key, args));
}
