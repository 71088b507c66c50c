// verdict.js: what the RFC requires of a server for the bytes on the form,
// next to what this server did. A catalogue experiment brings its
// expectation (built by the server from the core's rules); for bytes the
// learner wrote, the page asks the core: wsplay.checkRequest for the head,
// then wsplay.decode, read as a server reads a client's frames.
import { h, replace } from "../dom.js";
import { t, tn, noteById } from "../i18n.js";
import { errorLine } from "../rules.js";
import { agreementOf } from "../live/compression.js";

// fromCore is the expectation for a head and bytes of the learner's own.
// catalogue (when loaded) gives the server's -max-message and whether it
// agrees to permessage-deflate.
export function fromCore(wsplay, inputs, crlf, catalogue) {
  const req = wsplay.checkRequest(crlf(inputs.request));
  if (!req.ok) {
    const e = req.error ?? {};
    if (req.response?.status === 0) return { rule: e.rule, section: e.section, rfc: "6455", waits: "head", closedBy: "server" };
    return { rule: e.rule, section: e.section, rfc: "6455", status: e.httpStatus || req.response?.status || 400, closedBy: "server" };
  }
  // Whether the server would agree: the core's answer to this request,
  // read as a client reads a 101 (an offer it declines leaves RSV1 a
  // protocol error).
  const deflate = !!catalogue?.deflate && !!agreementOf(wsplay, { request: { text: crlf(inputs.request) }, response: req.response });
  const d = wsplay.decode(inputs.bytes, { from: "client", maxPayload: catalogue?.maxMessage ?? 0, extensions: deflate ? wsplay.extensionsDeflate : 0 });
  if (d.error) return { inputError: d.error };
  const v = d.violations?.[0];
  if (v) return { rule: v.rule, section: v.section, rfc: rfcOf(v.rule), status: 101, closeCode: v.closeCode, closedBy: "server" };
  const close = d.frames?.find((f) => f.close);
  // wsplay.decode reads frames and does not inflate: a compressed
  // message's DEFLATE data (RFC 7692 section 7.2.2) only the server judges.
  const compressed = deflate && d.frames?.some((f) => f.rsv1);
  return {
    inflateUnchecked: compressed,
    rfc: "6455", section: close ? "5.5.1" : "5.2", status: 101, fine: true,
    closeCode: close ? close.close.code || 1005 : 0, // section 7.1.5: no code reads as 1005
    closedBy: close ? "server" : "client",
    waits: d.needMore ? "frame" : "",
  };
}

// rfcOf: the core's permessage-deflate rules are RFC 7692's.
function rfcOf(rule) {
  return /^pmd-/.test(rule) ? "7692" : "6455";
}

// showExpectation writes what the RFC requires into node.
export function showExpectation(node, exp) {
  if (exp.inputError) return replace(node, errorLine(exp.inputError));
  const lines = [h("p", { class: exp.rule ? "lab-rule bad" : "lab-rule good", dataset: { rule: exp.rule ?? "" } },
    exp.rule ? ["✗ ", ruleText(exp.rule), " "] : ["✓ ", t(exp.status === 101 || exp.fine ? "lab.noRule" : "lab.noRuleLimit"), " "],
    rfcLink(exp.rfc, exp.section))];
  lines.push(h("p", { id: "lab-required", class: "lab-required" }, requirement(exp)));
  if (exp.replies?.length) lines.push(h("p", { class: "hint" }, t("lab.expect.replies", [exp.replies.map((r) => t("opcode." + r)).join(", ")])));
  if (exp.answeredBy === "net/http") lines.push(h("p", { class: "hint" }, t("lab.expect.netHttp")));
  if (exp.inflateUnchecked) lines.push(h("p", { id: "lab-no-inflate", class: "hint" }, t("lab.expect.noInflate")));
  replace(node, lines);
}

function ruleText(rule) {
  const s = noteById("rule." + rule);
  return s ? s[0].toUpperCase() + s.slice(1) : rule;
}

// rfcLink links to the section of the RFC that says it.
function rfcLink(rfc, section) {
  if (!section) return null;
  return h("a", { class: "rfc", href: `https://www.rfc-editor.org/rfc/rfc${rfc || "6455"}#section-${section}`, target: "_blank", rel: "noopener" },
    t("lab.rfcSection", [rfc || "6455", section]));
}

// requirement is the reaction in one sentence.
function requirement(exp) {
  if (exp.statusVaries) return t("lab.expect.timeout");
  if (exp.waits === "head") return t("lab.expect.waitHead");
  if (exp.status && exp.status !== 101) return t("lab.expect.refuse", [exp.status]);
  if (exp.rule) return t("lab.expect.close", [exp.closeCode]);
  if (exp.closeCode) return t("lab.expect.answerClose", [exp.closeCode]);
  if (exp.waits === "frame") return t("lab.expect.waitFrame");
  return t("lab.expect.keepOpen");
}

// showVerdict writes what the server did (the summary line) and whether it
// is what the RFC requires.
export function showVerdict(node, exp, sum) {
  const did = [
    sum.status === 101 ? t("lab.did.upgraded") : sum.status ? t("lab.did.refused", [sum.status]) : t("lab.did.noAnswer"),
    // The server's reason is its own words (English), shown as data.
    sum.closeCode ? tn("lab.did.closed", [sum.closeCode, h("q", null, sum.closeReason || "—")]) : null,
    sum.rule ? tn("lab.did.named", [h("code", null, sum.rule)]) : null,
    t("lab.closedBy." + (sum.closedBy || "client")),
  ].filter(Boolean);
  const ok = agrees(exp, sum);
  replace(node,
    h("p", { id: "lab-did", class: "lab-did" }, did.flatMap((part, i) => (i ? [" · ", part] : [part]))),
    h("p", { id: "lab-agree", class: ok ? "lab-agree good" : "lab-agree bad", dataset: { agree: String(ok) } },
      ok ? "✓ " + t("lab.agree") : "✗ " + t("lab.disagree")));
}

// agrees compares the summary with the expectation: the status, the close
// code, the rule named (net/http names none) and who closed.
function agrees(exp, sum) {
  if (exp.inputError) return false;
  const status = exp.statusVaries ? [0, 400].includes(sum.status) : exp.waits === "head" ? sum.status === 0 || sum.status === 400 : sum.status === exp.status;
  const named = exp.answeredBy || exp.waits === "head" || (exp.rule ?? "") === sum.rule;
  const closed = !exp.closedBy || exp.closedBy === sum.closedBy;
  return status && (exp.closeCode ?? 0) === sum.closeCode && named && closed;
}
