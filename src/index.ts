/**
 * spikelab: random-matrix spectral analysis with WebAssembly SIMD kernels.
 *
 * This entry loads the kernels at import (top-level await), so every function is usable right
 * away: `import { matmul } from "spikelab"`. Use "spikelab/lazy" to load them yourself.
 * Browsers and bundlers resolve "spikelab" to src/browser.ts instead (package.json "exports",
 * condition "browser"): the same API without top-level await, so there `await ready()` first.
 */
import { ready } from "./wasm/loader.js";

export * from "./lazy.js";

await ready();
