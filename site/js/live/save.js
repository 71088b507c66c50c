// save.js: "Save .pcapng" for the live section. It keeps every tap event the
// page received since the timeline was last cleared, in the tap's own
// shape, and turns them into a pcapng file with the core
// (wsplay.writeCapture): the real bytes of each connection in TCP segments
// between two loopback endpoints, at the tap's times, which Wireshark
// dissects as WebSocket with no settings changed. The lab and the rooms can
// save their events with saveCapture.
import { h, count } from "../dom.js";
import { t } from "../i18n.js";

const maxEvents = 100_000; // a long session keeps its first events; the button says when it stopped

// mountSave puts the button under the timeline and returns the recorder the
// section feeds: record(kind, ev) for every tap event.
export function mountSave(live) {
  const { c, wsplay } = live;
  const events = [];
  const note = h("p", { id: "live-save-note", class: "hint", role: "status" });
  const save = h("button", { type: "button", id: "live-save", "data-i18n": "capture.save", disabled: true }, t("capture.save"));
  save.addEventListener("click", () => sayResult(note, saveCapture(wsplay, events, fileName("wsplay-live"))));
  c.timeline.after(h("div", { class: "row live-save" }, save, note));
  c.clear.addEventListener("click", () => {
    events.length = 0;
    save.disabled = true;
    note.textContent = "";
  });
  return {
    record(kind, ev) {
      if (kind === "hello" || kind === "bye") return;
      if (events.length < maxEvents) events.push({ kind, ...ev });
      save.disabled = false;
    },
  };
}

// saveCapture writes events ({kind, ...tap event}) as a .pcapng file and
// offers it for download; it returns {name, size, connections} or {error}.
export function saveCapture(wsplay, events, name) {
  if (!events.length) return { error: { message: t("capture.saveNothing") } };
  const res = wsplay.writeCapture(events);
  if (res.error) return res;
  const url = URL.createObjectURL(new Blob([res.bytes], { type: "application/x-pcapng" }));
  const a = h("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { name, size: res.bytes.length, connections: res.connections };
}

function sayResult(note, res) {
  note.textContent = res.error ? t("capture.saveFailed", [res.error.message]) : t("capture.saved", [res.name, count(res.size), res.connections]);
  note.dataset.saved = res.error ? "" : String(res.size);
}

// fileName is prefix-YYYYMMDD-HHMMSS.pcapng in the reader's local time.
export function fileName(prefix) {
  const d = new Date();
  const two = (n) => String(n).padStart(2, "0");
  return `${prefix}-${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}.pcapng`;
}
