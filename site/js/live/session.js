// session.js: what the buttons do with the server. connect subscribes to
// the tap first, then opens the WebSocket; send and closeWith use the
// browser's WebSocket API, and the page log narrates what it reports.
//
// live is the section's parts: {wsplay, server, c (controls), timeline, feed}.
import { spaced, count, toHex } from "../dom.js";
import { t } from "../i18n.js";
import { openTap, probe, socketURL, hideTapId } from "./connection.js";
import { logLine } from "./pagelog.js";
import { setButtons, say } from "./controls.js";
import { preview } from "./text.js";
import { showOffline } from "./offline.js";

const previewBytes = 32; // bytes of a binary message quoted in the log

// connect opens the tap, then the socket, unless a socket is open already.
export async function connect(live, tapHandlers) {
  const { server, c } = live;
  if (server.socket) return;
  c.closeError.hidden = true;
  say(c.status, "live.connecting");
  setButtons(c, server.socket, true);
  try {
    await openTap(server, tapHandlers);
  } catch (err) {
    if (!(await probe(server))) goOffline(live, err.message);
    else say(c.status, "live.tapProblem", [err.message]);
    setButtons(c, server.socket);
    return;
  }
  openSocket(live, socketURL(server, { deflate: c.deflate.input.checked, greet: c.greet.input.checked, frag: c.frag.value }));
}

function openSocket(live, url) {
  const { server, c } = live;
  const socket = new WebSocket(url);
  socket.binaryType = "arraybuffer";
  server.socket = socket;
  let opened = false;
  socket.addEventListener("open", () => {
    opened = true;
    say(c.status, "live.connected", [hideTapId(server, url.pathname + url.search)]);
    logLine(c.log, "live.log.open", [{ code: hideTapId(server, url.href) }]);
    setButtons(c, server.socket);
  });
  socket.addEventListener("message", (ev) => logReceived(c.log, ev.data));
  socket.addEventListener("close", async (ev) => {
    if (server.socket === socket) server.socket = null;
    logLine(c.log, ev.wasClean ? "live.log.closeClean" : "live.log.closeDirty", [ev.code, ev.reason ? { q: ev.reason } : "—"]);
    say(c.status, "live.closed", [ev.code]);
    setButtons(c, server.socket);
    if (!opened && !(await probe(server))) goOffline(live);
  });
  setButtons(c, server.socket);
}

function logReceived(log, data) {
  if (typeof data === "string") return logLine(log, "live.log.text", [count(data.length), { q: preview(data) }], "received");
  const bytes = new Uint8Array(data);
  const more = bytes.length > previewBytes ? " …" : "";
  logLine(log, "live.log.binary", [count(bytes.length), { code: spaced(toHex(bytes.subarray(0, previewBytes))) + more }], "received");
}

// send sends text or bytes on the open socket and logs it.
export function send(live, data) {
  const { server, c } = live;
  if (server.socket?.readyState !== WebSocket.OPEN) return;
  server.socket.send(data);
  const text = typeof data === "string";
  logLine(c.log, text ? "live.log.sentText" : "live.log.sentBinary",
    [count(data.length), text ? { q: preview(data) } : { code: spaced(toHex(data.subarray(0, previewBytes))) }], "sent");
}

// sendBinary reads the hex box with the core's hex reader, as everywhere
// else on the page, and sends the bytes (or says how to write them).
export function sendBinary(live) {
  const { c, wsplay } = live;
  const read = wsplay.bytes(c.binary.value);
  const bytes = read.error ? null : read.bytes;
  c.binaryError.hidden = bytes != null;
  c.binaryError.textContent = bytes == null ? t("live.binaryError") : "";
  if (bytes) send(live, bytes);
}

// closeWith starts the closing handshake with the chosen code and reason.
export function closeWith(live) {
  const { server, c } = live;
  if (!server.socket) return;
  c.closeError.hidden = true;
  try {
    server.socket.close(Number(c.code.value), c.reason.value);
  } catch (err) {
    // The browser refuses codes a page may not send, and long reasons.
    c.closeError.textContent = t("live.closeRefused", [err.name]);
    c.closeError.hidden = false;
  }
}

// lookAgain asks whether the server answers now; the status says so.
export async function lookAgain(live) {
  const up = await probe(live.server);
  if (up) say(live.c.status, "live.ready");
  return up;
}

// goOffline shows how to start a server, and says none answers.
export function goOffline(live, why) {
  const { server, c } = live;
  offlineCallout(live, why);
  say(c.status, "live.unreachable");
  setButtons(c, server.socket);
}

// offlineCallout (re)writes the explanation, with a button to look again.
export function offlineCallout(live, why) {
  showOffline(live.c.offline, live.server.base, why, () => lookAgain(live));
}
