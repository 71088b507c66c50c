// main.js starts the room page: its texts, the protocol core, then one of
// three views chosen by the link: the landing (start or join a class), a
// student's page (?room=CODE) or the teacher's projector (?room=CODE and
// #secret=…, after # so that the secret never reaches a server log).
import { boot } from "../../wasm/boot.js";
import * as i18n from "../i18n.js";
import { useLanguage, rt, retranslate, setText } from "./words.js";
import { landing } from "./landing.js";
import { projector } from "./projector.js";
import { studentPage } from "./student.js";

const root = document.querySelector("#room-root");
const status = document.querySelector("#status");
const langSelect = document.querySelector("#lang-select");

async function start() {
  const hash = new URLSearchParams(location.hash.slice(1));
  await useLanguage(i18n.preferredLanguage(hash.get("lang")), false);
  langSelect.value = i18n.language();
  setText(status, "room.loading");
  const wsplay = await boot();
  i18n.useEnglishNotes(wsplay.notes?.() ?? {});
  setText(status, "room.ready");

  const code = new URLSearchParams(location.search).get("room");
  const secret = hash.get("secret");
  const app = { wsplay, status };
  let view;
  if (code && secret != null) view = projector(root, { ...app, code, secret });
  else if (code) view = studentPage(root, { ...app, code });
  else view = landing(root, app);
  setText(document.querySelector("#room-heading"), view.heading);
  document.title = "wsplay — " + rt(view.heading);

  langSelect.addEventListener("change", async () => {
    await useLanguage(langSelect.value, true);
    retranslate(document);
    document.title = "wsplay — " + rt(view.heading);
    view.update();
  });
  document.documentElement.dataset.roomReady = view.heading;
}

start().catch((err) => {
  status.textContent = String(err?.message ?? err);
  status.dataset.state = "error";
});
