// Compression, permessage-deflate (RFC 7692): the offer a browser sends and
// the answer wsplay's server gives, parameter by parameter; a message typed
// by the reader compressed by the core and shown bit by bit; the same two
// messages with and without context takeover; the RFC's own examples.
import { h, replace, spaced, count, toHex } from "../dom.js";
import { t, note } from "../i18n.js";
import { tx, labelled, radios, button, measure, setValue, utf8, bigInput } from "../ui.js";
import { errorLine } from "../frameview.js";
import { renderDeflateTrace } from "../deflate-trace.js";

// Offers as browsers send them (Chrome, Firefox) and two a server meets
// less often; the text is what the reader may edit.
const offers = [
  { id: "chrome", text: "permessage-deflate; client_max_window_bits" },
  { id: "firefox", text: "permessage-deflate" },
  { id: "no-takeover", text: "permessage-deflate; server_no_context_takeover; client_no_context_takeover" },
  { id: "small-window", text: "permessage-deflate; server_max_window_bits=10; client_max_window_bits=10" },
  { id: "invalid", text: "permessage-deflate; server_max_window_bits=16, permessage-deflate; client_max_window_bits" },
];
const defaults = {
  offer: offers[0].text, text: "hello hello hello, permessage-deflate!", codes: "auto", bits: "15",
  first: "The quick brown fox jumps over the lazy dog.", second: "The quick brown fox jumps over the lazy dog.", example: "",
};

export default { mount };

function mount(root, { wsplay, state, renderFrameView }) {
  const examples = wsplay.deflateExamples();

  const offer = h("input", { id: "cp-offer", type: "text", spellcheck: "false", autocomplete: "off" });
  const offerButtons = offers.map((o) => button("cp-offer-" + o.id, "compression.offer." + o.id, () => {
    offer.value = o.text;
    changed(renderNegotiation);
  }));
  const offerView = h("div", { id: "cp-offers" });
  const answerView = h("div", { id: "cp-answer" });

  const text = h("textarea", { id: "cp-text", rows: "2", spellcheck: "false" });
  const codes = radios("cp-codes", "compression.codes", ["auto", "fixed", "dynamic"].map((v) => ({ value: v, key: "compression.codes." + v })), defaults.codes);
  const bits = h("select", { id: "cp-bits" }, [15, 14, 13, 12, 11, 10, 9, 8].map((n) => h("option", { value: String(n) }, t("compression.window", [n, count(2 ** n)]))));
  const msgSummary = h("p", { id: "cp-summary", class: "summary", "aria-live": "polite" });
  const msgHex = h("code", { id: "cp-hex", class: "wire" });
  // Struck out: the core strips the tail before sending (RFC 7692 section 7.2.1).
  const stripped = h("code", { class: "wire cp-stripped", title: t("compression.stripped") });
  const msgChoice = h("p", { id: "cp-choice", class: "hint" });
  const msgTrace = h("div", { id: "cp-trace-box" });

  const first = h("input", { id: "cp-first", type: "text", spellcheck: "false", autocomplete: "off" });
  const second = h("input", { id: "cp-second", type: "text", spellcheck: "false", autocomplete: "off" });
  const sideWith = h("div", { id: "cp-with" });
  const sideWithout = h("div", { id: "cp-without" });
  const saving = h("p", { id: "cp-saving", class: "summary", "aria-live": "polite" });
  const takeoverTrace = h("div", { id: "cp-takeover-trace" });

  const exampleButtons = examples.map((ex) => button("cp-ex-" + ex.id.replaceAll(".", "-"), "compression.ex." + ex.id, () => {
    const again = state.get("cp.example", "") === ex.id;
    state.set("cp.example", again ? "" : ex.id, defaults.example);
    renderExample();
  }, { "aria-pressed": "false", dataset: { example: ex.id } }));
  const exampleView = h("div", { id: "cp-example", "aria-live": "polite" });

  replace(root,
    h("div", { class: "card" }, tx("compression.offerTitle", "h3"), h("div", { class: "prose", "data-i18n-md": "compression.offerIntro" }),
      h("div", { class: "row cp-examples", role: "group", "aria-label": t("compression.offerPresets") }, offerButtons),
      labelled("compression.offerInput", offer, "compression.offerHint"),
      tx("compression.clientOffers", "h4"), offerView,
      tx("compression.serverAnswers", "h4"), answerView),
    h("div", { class: "card" }, tx("compression.messageTitle", "h3"), h("div", { class: "prose", "data-i18n-md": "compression.messageIntro" }),
      labelled("compression.message", text, "compression.messageHint"),
      h("div", { class: "row" }, codes.node, labelled("compression.windowBits", bits)),
      h("div", { class: "card result" }, msgSummary,
        h("p", { class: "wire-line" }, tx("compression.payload", "span", { class: "label" }), " ", msgHex, " ",
          stripped, " ", tx("compression.strippedShort", "span", { class: "hint" })),
        msgChoice),
      msgTrace),
    h("div", { class: "card" }, tx("compression.takeoverTitle", "h3"), h("div", { class: "prose", "data-i18n-md": "compression.takeoverIntro" }),
      h("div", { class: "row" }, labelled("compression.first", first), labelled("compression.second", second)),
      h("div", { class: "cp-side" }, sideWith, sideWithout), saving, takeoverTrace),
    h("div", { class: "card aside" }, tx("compression.examplesTitle", "h3"), h("div", { class: "prose", "data-i18n-md": "compression.examplesIntro" }),
      h("div", { class: "cp-examples", role: "group", "aria-label": t("compression.examplesTitle") }, exampleButtons),
      exampleView));

  // Each input redraws only the card it feeds; the window feeds two.
  offer.addEventListener("input", () => changed(renderNegotiation));
  for (const c of [first, second]) c.addEventListener("input", () => changed(renderTakeover));
  codes.on(() => changed(renderMessage));
  bits.addEventListener("change", () => changed(renderMessage, renderTakeover));
  let timer = 0;
  text.addEventListener("input", () => {
    clearTimeout(timer);
    if (text.value.length > bigInput) timer = setTimeout(() => changed(renderMessage), 150);
    else changed(renderMessage);
  });

  function changed(...parts) {
    state.set("cp.offer", offer.value, defaults.offer);
    state.set("cp.text", text.value, defaults.text);
    state.set("cp.codes", codes.value, defaults.codes);
    state.set("cp.bits", bits.value, defaults.bits);
    state.set("cp.first", first.value, defaults.first);
    state.set("cp.second", second.value, defaults.second);
    measure("compression", () => parts.forEach((render) => render()));
  }

  function update() {
    measure("compression", () => {
      renderNegotiation();
      renderMessage();
      renderTakeover();
      renderExample();
    });
  }

  function renderNegotiation() {
    const r = wsplay.negotiate(offer.value);
    if (r.error) {
      replace(offerView, errorLine(r.error));
      replace(answerView);
      return;
    }
    replace(offerView, r.offers.length ? r.offers.map((o, i) => extension(o, i === r.offer)) : h("p", { class: "hint" }, t("compression.noOffer")));
    if (!r.accepted) {
      replace(answerView, h("p", { id: "cp-declined", class: "cp-outcome", dataset: { ok: "false" } }, t("compression.declined")));
      return;
    }
    const p = r.params;
    const takeover = (none) => t(none ? "compression.takeoverOff" : "compression.takeoverOn");
    replace(answerView,
      h("p", { class: "wire-line" }, h("code", { id: "cp-answer-header", class: "wire" }, "Sec-WebSocket-Extensions: " + r.header)),
      params(r.answer),
      h("p", { id: "cp-agreed", class: "cp-outcome", dataset: { ok: "true" } },
        t("compression.agreed", [p.serverMaxWindowBits, count(2 ** p.serverMaxWindowBits), takeover(p.serverNoContextTakeover),
          p.clientMaxWindowBits, count(2 ** p.clientMaxWindowBits), takeover(p.clientNoContextTakeover)])));
  }

  function extension(o, accepted) {
    return h("div", { class: "cp-offer", dataset: { accepted: String(accepted) } },
      h("code", { class: "wire" }, o.text),
      params(o),
      o.outcome ? h("p", { class: "cp-outcome", dataset: { ok: String(accepted) } }, note(o.outcome)) : null);
  }

  function params(ext) {
    if (!ext.params.length) return h("p", { class: "hint" }, t("compression.noParams"));
    return h("ul", { class: "cp-params" }, ext.params.map((p) => h("li", { dataset: { param: p.name } },
      h("code", null, p.hasValue ? `${p.name}=${p.value}` : p.name), " — ", note(p.note))));
  }

  function options() {
    return { windowBits: Number(bits.value), codes: codes.value };
  }

  function renderMessage() {
    const r = wsplay.compress(text.value, options());
    if (r.error) {
      replace(msgSummary, errorLine(r.error));
      replace(msgTrace);
      return;
    }
    const n = utf8(text.value).length;
    msgSummary.textContent = t("compression.sizes", [count(n), count(r.length), n ? Math.round((100 * r.length) / n) : 0]);
    msgHex.textContent = spaced(r.hex);
    stripped.textContent = spaced(r.trace.tail.hex); // the tail the core stripped, which a receiver puts back
    msgChoice.textContent = t("compression.block." + r.blockType) + " " + t("compression.costs", [count(r.bits.stored), count(r.bits.fixed), count(r.bits.dynamic)]);
    renderDeflateTrace(msgTrace, r.trace, { id: "cp-trace", input: r.hex, output: toHex(utf8(text.value)), title: t("compression.traceTitle") });
  }

  function renderTakeover() {
    const base = { windowBits: Number(bits.value) };
    // The first message compresses alike either way: nothing comes before it.
    const with1 = wsplay.compress(first.value, base);
    const with2 = wsplay.compress(second.value, { ...base, history: [first.value] });
    const without1 = with1;
    const without2 = wsplay.compress(second.value, { ...base, takeover: false });
    const bad = [with1, with2, without1, without2].find((r) => r.error);
    if (bad) {
      replace(sideWith, errorLine(bad.error));
      replace(sideWithout);
      return;
    }
    side(sideWith, "compression.with", with1, with2);
    side(sideWithout, "compression.without", without1, without2);
    saving.textContent = t("compression.saving", [count(without2.length - with2.length), count(without2.length), count(with2.length)]);
    renderDeflateTrace(takeoverTrace, with2.trace, {
      id: "cp-takeover-dtrace", input: with2.hex, output: toHex(utf8(second.value)), earlier: toHex(utf8(first.value)),
      title: t("compression.takeoverTrace"),
    });
  }

  function side(box, titleKey, a, b) {
    replace(box, h("h4", null, t(titleKey)),
      h("p", null, t("compression.firstSize", [count(a.length)])),
      h("p", { class: "cp-size", dataset: { bytes: String(b.length) } }, t("compression.secondSize", [count(b.length)])),
      h("p", { class: "wire-line" }, h("code", { class: "wire" }, spaced(b.hex))),
      h("p", { class: "hint" }, t("compression.copied", [count(b.earlierBytes)])));
  }

  function renderExample() {
    const id = state.get("cp.example", "");
    for (const b of exampleButtons) b.setAttribute("aria-pressed", String(b.dataset.example === id));
    const ex = examples.find((e) => e.id === id);
    if (!ex) {
      replace(exampleView, h("p", { class: "hint" }, t("compression.exampleNone")));
      return;
    }
    const head = [
      h("h4", null, t("compression.ex." + ex.id), " ", rfcLink(ex.section)),
      h("p", null, t("compression.exWhat." + ex.id)),
    ];
    if (ex.frames.length) {
      const decoded = wsplay.decode(ex.frames.join(""), { from: ex.from, deflate: true });
      const view = h("div", { id: "cp-example-frames" });
      decoded.hex = ex.frames.join("");
      renderFrameView(view, decoded, { fields: "collapsed" });
      const last = decoded.frames?.[decoded.frames.length - 1];
      const trace = h("div");
      if (last?.inflated) renderDeflateTrace(trace, last.inflated.trace, { id: "cp-example-trace", input: last.inflated.compressedHex, output: last.inflated.hex });
      replace(exampleView, head, h("p", { class: "wire-line" }, h("code", { class: "wire" }, ex.frames.map(spaced).join(" | "))), view, trace);
      return;
    }
    const earlier = ex.previous ? toHex(utf8(ex.previous)) : ""; // the first message as it inflated: the window
    const r = wsplay.inflate(ex.hex, { window: earlier });
    const trace = h("div");
    renderDeflateTrace(trace, r.trace, { id: "cp-example-trace", input: ex.hex, output: r.hex, earlier });
    replace(exampleView, head,
      h("p", { class: "wire-line" }, tx("compression.payload", "span", { class: "label" }), " ", h("code", { id: "cp-example-hex", class: "wire" }, spaced(ex.hex))),
      r.error ? errorLine(r.error) : h("p", { class: "summary" }, t("compression.inflatesTo", [r.text ?? r.hex])),
      trace);
  }

  function restore() {
    setValue(offer, state.get("cp.offer", defaults.offer));
    setValue(text, state.get("cp.text", defaults.text));
    codes.value = ["auto", "fixed", "dynamic"].includes(state.get("cp.codes")) ? state.get("cp.codes") : defaults.codes;
    const b = state.get("cp.bits", defaults.bits);
    bits.value = /^(8|9|1[0-5])$/.test(b) ? b : defaults.bits;
    setValue(first, state.get("cp.first", defaults.first));
    setValue(second, state.get("cp.second", defaults.second));
    update();
  }

  function refill() {
    const value = bits.value;
    for (const o of bits.options) o.textContent = t("compression.window", [o.value, count(2 ** Number(o.value))]);
    bits.value = value;
  }

  restore();
  return {
    update() {
      refill();
      update();
    },
    restore,
  };
}

// rfcLink links to a section of RFC 7692.
function rfcLink(section) {
  return h("a", { class: "rfc", href: `https://www.rfc-editor.org/rfc/rfc7692#section-${section}`, target: "_blank", rel: "noopener" },
    t("compression.rfcSection", [section]));
}
