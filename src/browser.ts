/**
 * spikelab for browsers and bundlers (the "browser" condition of the package's "." export): the
 * same API as the main entry, without top-level await and without any `node:` import.
 *
 * Why no top-level await: the Node entry awaits `ready()` at import, which bundlers reject for
 * their default browser targets (Vite: "Top-level await is not available in the configured
 * target environment") or handle only behind options. Here the page loads the kernels itself,
 * once, before the first computation:
 *
 *     import { ready, eigvalsh, Matrix } from "spikelab";
 *     await ready();              // fetches build/*.wasm next to the package, starts the workers
 *     eigvalsh(Matrix.from(rows));
 *
 * A call before `ready()` has resolved throws NotReadyError saying so. The kernels are located
 * with `new URL("../../build/....wasm", import.meta.url)` (Vite, webpack 5 and Rollup copy them
 * as assets; with esbuild serve build/ at that relative place or pass `ready({ source })`), and
 * threads run wherever SharedArrayBuffer does (a cross-origin-isolated page: COOP/COEP headers).
 */
export * from "./lazy.js";
