// rows.js: how each line of a lab answer reads on the timeline. Requests,
// responses and frames read as in the live section (site/js/live/rows.js:
// the core's decode of each frame, a close with its code and reason); the
// lab adds its writes and its own words for the end of TCP.
import { h, spaced, count } from "../dom.js";
import { t } from "../i18n.js";
import { tapRows, since } from "../live/rows.js";
import { preview } from "../live/text.js";

const hexPreview = 12; // bytes of a write shown on its row

// labRows is the describe function of the lab's timeline.
export function labRows(wsplay) {
  const tap = tapRows(wsplay);
  return (entry) => {
    switch (entry.kind) {
      case "write":
        return { dir: "c2s", label: writeLabel(entry), when: since(entry) };
      case "closed":
        return { dir: "note", label: ["■ ", closedText(entry)], when: since(entry) };
      case "frame":
        return withInflated(tap(entry), entry);
      default:
        return tap(entry);
    }
  };
}

// writeLabel: which part, where in it, how many bytes, and the first ones.
function writeLabel(entry) {
  const shown = spaced(entry.hex.slice(0, 2 * hexPreview)) + (entry.size > hexPreview ? " …" : "");
  return [t("lab.write." + entry.part, [count(entry.offset), count(entry.size)]), " · ", h("code", null, shown)];
}

// withInflated adds the text the lab inflated to a compressed frame's row
// (RFC 7692: the core's decode of the frame alone shows DEFLATE bytes).
function withInflated(row, entry) {
  if (!entry.compressed) return row;
  const text = entry.text ? [" · ", h("q", null, preview(entry.text, 24))] : null;
  return { ...row, label: [row.label, " · ", t("lab.compressed"), text] };
}

// closedText says who closed TCP: the server, the lab (it hangs up a
// second after its last write when the server says nothing more), or the
// experiment's time limit, with the lab's reason.
export function closedText(entry) {
  // The lab's reason is a Go message in English, shown as such (as code).
  const why = entry.error ? [" (", h("code", { class: "live-error" }, entry.error), ")"] : null;
  return [t("lab.closedBy." + (entry.by || "client")), why];
}

