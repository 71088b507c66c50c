// boot.js starts the wsplay protocol core. It loads Go's wasm_exec.js (copied
// from the Go toolchain at build time, so it always matches the compiler),
// streams wsplay.wasm, runs the Go program and resolves with globalThis.wsplay
// once the program fires "wsplay-ready" on document.

let booting;

// boot returns one shared promise, so any number of scripts may call it.
export function boot() {
  booting ??= start();
  return booting;
}

async function start() {
  await import(new URL("./wasm_exec.js", import.meta.url)); // defines globalThis.Go
  const go = new globalThis.Go();

  const response = await fetch(new URL("./wsplay.wasm", import.meta.url));
  if (!response.ok) {
    throw new Error(`wsplay.wasm: HTTP ${response.status} (run "make build")`);
  }
  const { instance } = await WebAssembly.instantiateStreaming(response, go.importObject);
  performance.mark("wsplay-compiled"); // make bench-page: fetched and compiled; Go has not run yet

  // Listen before go.run: the Go main fires the event synchronously inside it.
  const ready = new Promise((resolve) => {
    document.addEventListener("wsplay-ready", resolve, { once: true });
  });
  const exited = go.run(instance).then(() => {
    throw new Error("wsplay.wasm exited before it was ready");
  });
  await Promise.race([ready, exited]);

  // make bench-page reads this mark: navigation start to a usable core.
  performance.mark("wsplay-ready");
  document.documentElement.dataset.wsplay = "ready";
  return globalThis.wsplay;
}
