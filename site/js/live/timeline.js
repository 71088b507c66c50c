// timeline.js: a sequence diagram of events between the browser and the
// server, one row per event, oldest first. It knows nothing of where events
// come from (the tap today; a lab or a room later): the caller gives each
// entry a kind and a describe function that says how its row looks.
//
// State lives in the DOM: the rows are the <ol>'s items, the selected one
// has aria-pressed="true" on its button, and each row's entry is found with
// entryOf(row). Selecting a row fires "timeline-select" on the list.
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";

const entries = new WeakMap(); // row → its entry
const directionKeys = { c2s: "live.dirC2S", s2c: "live.dirS2C", note: "live.dirNote" };

// timelineList is the empty list, wired once for clicks and the keyboard.
export function timelineList(id, labelledBy) {
  const list = h("ol", { id, class: "live-seq", "aria-labelledby": labelledBy });
  list.addEventListener("click", pickClicked);
  list.addEventListener("keydown", moveSelection);
  return list;
}

// createTimeline pairs a list with the function that describes its entries:
// describe(entry) is {banner} for a row that cannot be selected (a heading, a
// count), else {dir: "c2s"|"s2c"|"note", label, when, control}. directions
// names, for screen readers, who sends each way.
export function createTimeline(list, describe, maxRows = 1000, directions = directionKeys) {
  return { list, describe, maxRows, directions };
}

// addEntry draws entry as the last row and drops the oldest rows beyond
// maxRows. It returns the row.
export function addEntry(timeline, entry) {
  const { list } = timeline;
  const row = h("li", { dataset: { kind: entry.kind, from: entry.from ?? "", conn: String(entry.conn ?? "") } });
  if (entry.hex != null) row.dataset.hex = entry.hex; // the raw bytes, for tests
  entries.set(row, entry);
  drawRow(timeline, row);
  list.append(row);
  while (list.children.length > timeline.maxRows) list.firstElementChild.remove();
  if (!list.querySelector('.live-pick[tabindex="0"]')) keepOneTabStop(list);
  return row;
}

// drawRow (re)writes a row in the page's language. A selectable row keeps
// its button, so that the keyboard focus stays where it is.
export function drawRow(timeline, row) {
  const look = timeline.describe(entries.get(row));
  const kind = row.dataset.kind;
  if (look.banner) {
    row.className = "live-row " + kind;
    replace(row, look.banner);
    return;
  }
  const selected = row.classList.contains("selected");
  row.className = `live-row ${kind} ${look.dir}${look.control ? " control" : ""}${selected ? " selected" : ""}`;
  const pick = row.querySelector(".live-pick") ?? h("button", { type: "button", class: "live-pick", tabindex: "-1", "aria-pressed": "false" });
  replace(pick,
    h("span", { class: "live-when" }, look.when ?? ""),
    h("span", { class: "live-lane" },
      h("span", { class: "live-label" }, look.label),
      look.dir === "note" ? null : h("span", { class: "live-arrow", "aria-hidden": "true" })),
    h("span", { class: "visually-hidden" }, " — " + t(timeline.directions[look.dir])));
  if (pick.parentNode !== row) replace(row, pick);
}

// redraw rewrites every row (after a language change).
export function redraw(timeline) {
  for (const row of timeline.list.children) drawRow(timeline, row);
}

// clearTimeline removes every row.
export function clearTimeline(timeline) {
  replace(timeline.list);
}

// entryOf is the entry a row draws.
export function entryOf(row) {
  return row ? entries.get(row) : undefined;
}

// selectedEntry is the entry of the selected row, if one is.
export function selectedEntry(list) {
  return entryOf(list.querySelector("li.selected"));
}

// selectRow marks row as the selection and tells the list's listeners.
export function selectRow(list, row) {
  for (const old of list.querySelectorAll("li.selected")) {
    old.classList.remove("selected");
    old.querySelector(".live-pick")?.setAttribute("aria-pressed", "false");
  }
  row.classList.add("selected");
  row.querySelector(".live-pick")?.setAttribute("aria-pressed", "true");
  keepOneTabStop(list);
  list.dispatchEvent(new CustomEvent("timeline-select", { detail: { entry: entries.get(row) } }));
}

function pickClicked(e) {
  const pick = e.target.closest(".live-pick");
  if (pick) selectRow(e.currentTarget, pick.closest("li"));
}

// moveSelection: the arrow keys walk the timeline, Home and End jump. The
// timeline is one Tab stop (its selected row), however long it grows.
function moveSelection(e) {
  const picks = [...e.currentTarget.querySelectorAll(".live-pick")];
  const at = picks.indexOf(document.activeElement);
  const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: picks.length - 1 }[e.key];
  if (at < 0 || to == null) return;
  e.preventDefault();
  const target = picks[Math.max(0, Math.min(picks.length - 1, to))];
  selectRow(e.currentTarget, target.closest("li"));
  target.focus();
}

// keepOneTabStop leaves exactly one row button in the Tab order: the
// selected one, else the first.
function keepOneTabStop(list) {
  const picks = list.querySelectorAll(".live-pick");
  const stop = list.querySelector("li.selected .live-pick") ?? picks[0];
  for (const pick of picks) pick.tabIndex = pick === stop ? 0 : -1;
}
