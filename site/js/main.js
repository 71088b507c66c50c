// main.js starts the page: text first (so the chrome is readable while the
// WebAssembly core loads), then the core, then every section found in the
// document. The same module runs index.html and embed.html.
import { boot } from "../wasm/boot.js";
import * as i18n from "./i18n.js";
import * as state from "./state.js";
import { renderFrameView } from "./frameview.js";
import { setupChrome } from "./chrome.js";
import { setupPresentation } from "./present.js";
import handshake from "./sections/handshake.js";
import frame from "./sections/frame.js";
import mask from "./sections/mask.js";
import decoder from "./sections/decoder.js";
import fragment from "./sections/fragment.js";
import control from "./sections/control.js";
import proxy from "./sections/proxy.js";
import compression from "./sections/compression.js";
import lab from "./lab/section.js";
import capture from "./capture/section.js";

const modules = { handshake, frame, mask, decoder, lab, fragment, control, compression, proxy, capture };
const embedded = document.documentElement.dataset.mode === "embed";
const status = document.querySelector("#status");

// say shows the core's state in the status line, and keeps it in the
// current language.
let said = null;
function say(key, args, stateName) {
  said = { key, args, stateName };
  if (!status) return;
  status.textContent = i18n.t(key, args);
  status.dataset.state = stateName;
}
i18n.onLanguageChange(() => said && say(said.key, said.args, said.stateName));

async function start() {
  const text = i18n.setLanguage(i18n.preferredLanguage(state.get("lang")), { remember: false });
  const core = boot();
  await text;
  say("status.loading", null, "loading");
  const wsplay = await core;
  i18n.useEnglishNotes(wsplay.notes?.() ?? {});

  let sections = [...document.querySelectorAll("section[data-section]")];
  if (embedded) sections = keepOnly(sections, state.get("section", "frame"));

  const app = {
    wsplay,
    embedded,
    state,
    renderFrameView,
    // goto lets one section send the reader to another with new inputs.
    goto(id, values) {
      for (const [k, v] of Object.entries(values ?? {})) state.set(k, v, null);
      mounted.get(id)?.restore();
      document.getElementById(id)?.scrollIntoView({ behavior: "smooth", block: "start" });
    },
  };
  const mounted = new Map();
  for (const section of sections) {
    const mod = modules[section.id];
    if (!mod) continue;
    // Let the browser paint the first section (what a reader sees first)
    // before drawing the others.
    if (mounted.size === 1) await new Promise((resolve) => setTimeout(resolve, 0));
    const body = section.querySelector(".section-body");
    const start = performance.now();
    mounted.set(section.id, mod.mount(body, app));
    performance.measure("wsplay-mount:" + section.id, { start, end: performance.now() });
    i18n.translate(section);
  }
  mountLive(sections, app, mounted);

  i18n.onLanguageChange(() => {
    for (const m of mounted.values()) m.update();
  });
  state.onExternalChange(() => {
    for (const m of mounted.values()) m.restore();
  });
  if (!embedded) {
    setupChrome(sections);
    setupPresentation(sections);
  } else {
    setupEmbed();
  }
  say("status.ready", [wsplay.version], "ready");
  performance.mark("wsplay-page-ready"); // make bench-page: every section drawn
  document.documentElement.dataset.page = "ready";
}

// keepOnly removes every section but the requested one (embed mode).
function keepOnly(sections, id) {
  const keep = sections.find((s) => s.id === id) ?? sections[0];
  for (const s of sections) if (s !== keep) s.remove();
  return [keep];
}

// mountLive loads the live section (site/js/live/) only where the page
// shows it: it is the one section that talks to a server. It then follows
// the same contract as the others. Should the module fail to load, the
// section says it needs the server.
function mountLive(sections, app, mounted) {
  const root = document.getElementById("live-root");
  if (!root || !sections.some((s) => s.contains(root))) return;
  import("./live/section.js")
    .then((m) => mounted.set("live", m.default.mount(root, app)))
    .catch((err) => {
      console.error(err);
      root.replaceChildren();
      const p = document.createElement("p");
      p.className = "hint";
      p.dataset.i18n = "live.unavailable";
      p.textContent = i18n.t("live.unavailable");
      root.append(p);
    });
}

// setupEmbed: the theme and language come from the link; a footer links to
// the full playground with the same inputs.
function setupEmbed() {
  const theme = state.get("theme", "");
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
  const full = document.querySelector("#embed-full");
  if (full) {
    const refresh = () => {
      state.flush();
      full.href = "index.html" + location.hash;
    };
    full.addEventListener("focus", refresh);
    full.addEventListener("pointerenter", refresh);
    refresh();
  }
}

start().catch((err) => {
  say("status.failed", [err?.message ?? String(err)], "error");
  console.error(err);
});
