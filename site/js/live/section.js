// section.js: section 8, the live section. The page talks to the wsplay
// server's echo endpoint and watches, on the server's wire tap, the bytes of
// that very connection: the upgrade request as it arrived, the 101 as it
// was sent, every frame both ways. The timeline draws them as a sequence
// diagram; selecting an entry decodes its bytes with the protocol core.
//
// main.js loads this module only where the page shows the section (and the
// core is ready). A page on another host names the server with
// <meta name="wsplay-server" content="https://ws.example.org"> (or a
// data-server attribute on the root).
import { controls, layout, fillOptions, setButtons, say, resay } from "./controls.js";
import { serverFor, probe } from "./connection.js";
import { createTimeline, clearTimeline, redraw, selectRow, selectedEntry } from "./timeline.js";
import { newFeed, forget, takeTapEvent } from "./tapfeed.js";
import { tapRows } from "./rows.js";
import { showDetail } from "./detail.js";
import { logLine, relabelLog } from "./pagelog.js";
import { connect, send, sendBinary, closeWith, goOffline, offlineCallout } from "./session.js";
import { filler } from "./text.js";
import { keepInLink, restoreFromLink } from "./link-state.js";
import { mountSave } from "./save.js";

// Message sizes that need each length form (RFC 6455 section 5.2): up to
// 125 bytes fit the 7-bit field, 126-65535 need the 16-bit extension, more
// need the 64-bit one.
const size16 = 300;
const size64 = 70000;

export default { mount };

function mount(root, { wsplay, state }) {
  // A page may close with 1000 or a code from 3000 to 4999: the browser's
  // WebSocket API refuses the others. The codes and names are the core's.
  const closeCodes = wsplay.statusCodes().filter((sc) => sc.onWire && (sc.code === 1000 || sc.code >= 3000 && sc.code <= 4999));
  const c = controls();
  const live = { wsplay, c, server: serverFor(root), timeline: createTimeline(c.timeline, tapRows(wsplay)), feed: newFeed() };
  layout(root, c);
  live.save = mountSave(live);
  fillOptions(c, closeCodes);
  wire(live);
  keepInLink(c, state);
  restoreFromLink(c, state);
  clear(live);
  setButtons(c, live.server.socket);
  probe(live.server).then((up) => (up ? say(c.status, "live.ready") : goOffline(live)));
  return {
    update: () => relabel(live, closeCodes),
    restore: () => restoreFromLink(c, state),
  };
}

// wire connects every control once.
function wire(live) {
  const { c } = live;
  const tap = {
    event: (kind, ev) => {
      live.save.record(kind, ev);
      tapEvent(live, kind, ev);
    },
    hello: (settings) => sayPings(c.pingNote, settings),
    bye: () => logLine(c.log, "live.log.serverStopping"),
  };
  c.connect.addEventListener("click", () => connect(live, tap));
  c.disconnect.addEventListener("click", () => live.server.socket?.close());
  c.sendText.addEventListener("click", () => send(live, c.text.value));
  c.text.addEventListener("keydown", (e) => e.key === "Enter" && send(live, c.text.value));
  c.sendBinary.addEventListener("click", () => sendBinary(live));
  c.send16.addEventListener("click", () => send(live, filler(size16)));
  c.send64.addEventListener("click", () => send(live, filler(size64)));
  c.close.addEventListener("click", () => closeWith(live));
  c.clear.addEventListener("click", () => clear(live));
  c.timeline.addEventListener("timeline-select", (e) => showDetail(c.detail, e.detail.entry, live.wsplay));
}

// tapEvent draws one tap event. The upgrade request is selected as soon as
// it arrives, so its detail opens before the 101 does: when the 101 (or
// the request) of the handshake on show arrives, the detail is redrawn.
function tapEvent(live, kind, ev) {
  const entry = takeTapEvent(live.feed, live.timeline, live.wsplay, kind, ev);
  if (!entry?.handshake) return;
  const list = live.timeline.list;
  const shown = selectedEntry(list);
  if (!shown && kind === "request") selectRow(list, list.lastElementChild);
  else if (shown?.handshake === entry.handshake) showDetail(live.c.detail, shown, live.wsplay);
}

function sayPings(node, settings) {
  if (settings.pingInterval > 0) say(node, "live.pingEvery", [settings.pingInterval / 1000]);
  else say(node, "live.noPings");
}

function clear(live) {
  forget(live.feed);
  clearTimeline(live.timeline);
  showDetail(live.c.detail, null, live.wsplay);
}

// relabel writes everything the section drew itself in the new language
// (main.js translates the [data-i18n] labels).
function relabel(live, closeCodes) {
  const { c } = live;
  fillOptions(c, closeCodes);
  resay(c.status);
  resay(c.pingNote);
  redraw(live.timeline);
  relabelLog(c.log);
  showDetail(c.detail, selectedEntry(c.timeline), live.wsplay);
  if (!c.offline.hidden) offlineCallout(live, c.offline.dataset.why || null);
}
