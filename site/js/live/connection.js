// connection.js: the two channels to the wsplay server. The page opens a
// WebSocket to the echo endpoint (/ws) and, before it, subscribes to the
// wire tap (/tap, Server-Sent Events), on which the server reports the
// bytes of this very connection as they crossed the wire. Both carry the
// same random tap id, so that only this page sees its events.
//
// A server is {base, tapId, tap, hello, socket}: where it is, our id, the
// EventSource, its settings (the tap's first event) and the WebSocket.
import { toHex } from "../dom.js";
import { t } from "../i18n.js";
import { tapKinds } from "./tapfeed.js";

const tapTimeout = 5000; // ms to wait for the tap's hello

// serverFor is the server the page names, with nothing open yet.
export function serverFor(root) {
  return { base: serverBase(root), tapId: newTapId(), tap: null, hello: null, socket: null };
}

// serverBase is where /ws, /tap and /healthz live: the root's data-server,
// else <meta name="wsplay-server" content="https://…">, else the folder the
// page came from.
export function serverBase(root) {
  const meta = document.querySelector('meta[name="wsplay-server"]')?.content;
  const url = new URL(root.dataset.server || meta || ".", location.href);
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

// newTapId makes up 128 random bits as 32 hex digits: the key of our wire
// events. Nobody else can guess it, so nobody else can watch them.
export function newTapId() {
  return toHex(crypto.getRandomValues(new Uint8Array(16)));
}

// probe asks the server's /healthz whether it is there.
export async function probe(server) {
  try {
    const res = await fetch(new URL("healthz", server.base), { cache: "no-store" });
    return res.ok && (await res.text()).trim() === "ok";
  } catch {
    return false;
  }
}

// openTap subscribes to our events and resolves once the server has
// confirmed (the hello event), so that no event of the socket is missed. A
// refused id (409: taken, e.g. by another tab) is replaced once.
// on: {event(kind, data), hello(settings), bye()}; a failure rejects with
// the reason in the page's language.
export function openTap(server, on, retried = false) {
  if (server.tap && server.hello && server.tap.readyState === EventSource.OPEN) return Promise.resolve();
  server.tap?.close();
  const tap = new EventSource(new URL("tap?tap=" + server.tapId, server.base));
  server.tap = tap;
  server.hello = null;
  for (const kind of tapKinds) tap.addEventListener(kind, (ev) => on.event(kind, JSON.parse(ev.data)));
  tap.addEventListener("bye", () => on.bye());
  return new Promise((resolve, reject) => {
    const fail = (key) => {
      clearTimeout(timer);
      tap.close();
      if (server.tap === tap) server.tap = null;
      reject(new Error(t(key)));
    };
    const timer = setTimeout(() => fail("live.tapTimeout"), tapTimeout);
    tap.addEventListener("hello", (ev) => {
      clearTimeout(timer);
      server.hello = JSON.parse(ev.data);
      on.hello(server.hello);
      resolve();
    });
    tap.addEventListener("error", () => {
      if (server.hello) return; // EventSource reconnects on its own
      if (retried || tap.readyState !== EventSource.CLOSED) return fail("live.tapFailed");
      clearTimeout(timer);
      tap.close();
      server.tapId = newTapId();
      openTap(server, on, true).then(resolve, reject);
    });
  });
}

// socketURL is the server's echo endpoint, with the options that the
// query string fixes for the connection's life: deflate (false asks
// deflate=0: the server then declines the browser's compression offer),
// greet (the server speaks first) and frag (the server's frame size).
export function socketURL(server, { deflate, greet, frag }) {
  const url = new URL("ws", server.base);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("tap", server.tapId);
  if (!deflate) url.searchParams.set("deflate", "0");
  if (greet) url.searchParams.set("greet", "world");
  if (Number(frag) > 0) url.searchParams.set("frag", String(frag));
  return url;
}

// hideTapId writes a URL as the page shows it: without the tap id.
export function hideTapId(server, text) {
  return String(text).replace(server.tapId, "…");
}
