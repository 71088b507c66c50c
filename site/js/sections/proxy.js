// Section 7, why masking exists: the cache poisoning attack on transparent
// proxies (Huang, Chen, Barth, Rescorla and Jackson, "Talking to Yourself for
// Fun and Profit", 2011). A script writes a payload that looks like an HTTP
// request; unmasked, a proxy that missed the Upgrade reads it as one; masked
// with a key the script cannot predict, it does not. wsplay.checkRequest
// plays the naive proxy. Also: frame header overhead against an HTTP request.
import { h, replace, spaced, count } from "../dom.js";
import { t, noteById } from "../i18n.js";
import { tx, labelled, button, measure, setValue } from "../ui.js";
import { errorLine, sectionLink, valueText } from "../frameview.js";

const defaults = { payload: "GET /app.js HTTP/1.1\nHost: news.example\n\n", key: "37fa213d", size: 20 };

export default { mount };

function mount(root, { wsplay, state }) {
  const payload = h("textarea", { id: "px-payload", rows: "4", spellcheck: "false" });
  const key = h("input", { id: "px-key", type: "text", spellcheck: "false", autocomplete: "off", size: "12" });
  const random = button("px-key-random", "frame.randomKey", () => {
    key.value = wsplay.randomMask();
    changed();
  });
  const lanes = {
    plain: lane("px-plain", "proxy.plainTitle"),
    masked: lane("px-masked", "proxy.maskedTitle"),
  };
  const size = h("input", { id: "px-size", type: "number", min: "0", max: "100000", step: "1", inputmode: "numeric" });
  const bars = h("div", { id: "px-overhead", class: "bars" });

  replace(root,
    h("div", { class: "prose", "data-i18n-md": "proxy.story" }),
    h("div", { class: "controls" },
      labelled("proxy.payload", payload, "proxy.payloadHint"),
      h("div", { class: "row" }, labelled("frame.key", key, "proxy.keyHint"), random)),
    h("div", { class: "columns" }, lanes.plain.node, lanes.masked.node),
    h("div", { class: "card aside" }, tx("proxy.lessonTitle", "h3"), h("div", { class: "prose", "data-i18n-md": "proxy.lesson" })),
    h("div", { class: "card" }, tx("proxy.overheadTitle", "h3"), h("div", { class: "prose", "data-i18n-md": "proxy.overheadIntro" }),
      labelled("proxy.size", size), bars));

  for (const c of [payload, key, size]) c.addEventListener("input", changed);

  function changed() {
    state.set("proxy.payload", payload.value, defaults.payload);
    state.set("proxy.key", key.value, defaults.key);
    state.set("proxy.size", size.value, String(defaults.size));
    update();
  }

  // The textarea's line breaks go out as CRLF, as HTTP writes them.
  function crafted() {
    return payload.value.replace(/\r?\n/g, "\r\n");
  }

  function update() {
    measure("proxy", render);
  }

  function render() {
    const text = crafted();
    showLane(lanes.plain, wsplay.encode({ payloadText: text, masked: false }), "server");
    showLane(lanes.masked, wsplay.encode({ payloadText: text, masked: true, maskKey: key.value }), "client");
    renderBars();
  }

  // showLane shows the frame's payload as it travels and what a proxy that
  // parses it as HTTP makes of it.
  function showLane(l, encoded, from) {
    if (encoded.error) {
      replace(l.body, errorLine(encoded.error));
      l.node.dataset.parsed = "";
      return;
    }
    const frame = wsplay.decode(encoded.bytes, { from }).frames?.[0];
    const wire = frame?.maskedPayload ?? new Uint8Array();
    const seen = wsplay.checkRequest(wire);
    const parsed = !!seen.parsed;
    l.node.dataset.parsed = String(parsed);
    const verdict = parsed
      ? h("div", { class: "verdict danger" },
        h("p", null, h("strong", null, "⚠ " + t("proxy.parsed"))),
        h("ol", { class: "http-lines" }, (seen.lines ?? []).map((line) => h("li", null, h("code", { class: "http-line" }, line.text)))),
        h("p", null, t("proxy.poisoned")))
      : h("div", { class: "verdict safe" },
        h("p", null, h("strong", null, "✓ " + t("proxy.notParsed"))),
        seen.error?.rule
          ? h("p", { class: "hint", dataset: { rule: seen.error.rule } }, t("proxy.parserSays"), " ", noteById("rule." + seen.error.rule), " ", sectionLink(seen.error.section))
          : h("p", { class: "hint" }, t("proxy.noHead")),
        gaveUp(seen, wire));
    replace(l.body,
      h("p", { class: "wire-line" }, tx("proxy.header", "span", { class: "label" }), " ", h("code", { class: "wire" }, spaced(encoded.hex.slice(0, 2 * encoded.headerSize)))),
      h("p", { class: "wire-line" }, tx("proxy.payloadBytes", "span", { class: "label" }), " ", h("code", { class: "wire" }, spaced(frame?.maskedPayloadHex ?? ""))),
      h("p", { class: "wire-line" }, tx("proxy.asText", "span", { class: "label" }), " ", h("code", { class: "wire as-text" }, printable(wire))),
      tx("proxy.proxySees", "h4"),
      verdict);
  }

  function renderBars() {
    const n = Math.max(0, Math.min(100000, Number.parseInt(size.value, 10) || 0));
    const zeros = new Uint8Array(n);
    const server = wsplay.encode({ payload: zeros, masked: false });
    const client = wsplay.encode({ payload: zeros, masked: true, maskKey: key.value });
    const hs = wsplay.handshake({ host: location.host || "localhost:8080", path: "/chat", origin: location.origin });
    const httpHead = new TextEncoder().encode(hs.request?.text ?? "").length;
    const rows = [
      { id: "server", label: t("proxy.rowServer"), head: server.headerSize, body: n },
      { id: "client", label: t("proxy.rowClient"), head: client.headerSize, body: n },
      { id: "http", label: t("proxy.rowHttp"), head: httpHead, body: n },
    ];
    const max = Math.max(...rows.map((r) => r.head + r.body), 1);
    replace(bars, rows.map((r) => h("div", { class: "bar-row", dataset: { row: r.id, head: String(r.head) } },
      h("div", { class: "bar-label" }, r.label),
      h("div", { class: "bar", role: "img", "aria-label": t("proxy.barLabel", [count(r.head), count(r.body)]) },
        h("span", { class: "bar-head", style: `width:${(100 * r.head) / max}%` }),
        h("span", { class: "bar-body", style: `width:${(100 * r.body) / max}%` })),
      h("div", { class: "bar-numbers" }, t("proxy.barLabel", [count(r.head), count(r.body)])))));
  }

  function restore() {
    setValue(payload, state.get("proxy.payload", defaults.payload));
    setValue(key, state.get("proxy.key", defaults.key));
    setValue(size, String(state.getInt("proxy.size", defaults.size)));
    update();
  }

  restore();
  return { update, restore };
}

// gaveUp says where the naive proxy's parser stopped. A head without the
// empty line that ends it is not an error to a server yet (response status
// 0: it would wait for more bytes), so that case gets its own words.
function gaveUp(seen, wire) {
  const err = seen.error;
  if (!err) return null;
  if (seen.response?.status === 0) return h("p", { class: "hint" }, t("proxy.unfinished", [count(wire.length)]));
  if (!(err.offset >= 0)) return null;
  const value = valueText(err.value);
  return h("p", { class: "hint" }, value ? t("proxy.where", [err.offset, value]) : t("proxy.whereByte", [err.offset]));
}

function lane(id, titleKey) {
  const body = h("div", { class: "lane-body" });
  return { body, node: h("div", { id, class: "card lane" }, tx(titleKey, "h3"), body) };
}

// printable shows bytes as characters where they are printable ASCII, CR
// and LF as \r and \n, and "·" elsewhere: enough to see "GET /" appear or
// vanish.
function printable(bytes) {
  const out = [];
  let run = "";
  for (const b of bytes.subarray(0, 512)) {
    if (b === 0x0d || b === 0x0a) {
      out.push(run, h("span", { class: "esc" }, b === 0x0d ? "\\r" : "\\n"));
      run = b === 0x0a ? "\n" : "";
    } else {
      run += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : "·";
    }
  }
  out.push(run, bytes.length > 512 ? " …" : "");
  return out;
}
