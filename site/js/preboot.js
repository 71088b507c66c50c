// preboot.js starts the WebAssembly core as soon as the page parses, without
// waiting for main.js and its sections to load; main.js then shares the same
// start (boot() returns one promise).
import { boot } from "../wasm/boot.js";

boot().catch(() => {}); // main.js reports a failure, with the page's words
