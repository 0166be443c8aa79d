// The lab's Vite configuration: Vite's defaults plus the two headers that make the page
// cross-origin isolated (SharedArrayBuffer, hence spikelab's worker threads), for the dev server
// and for `vite preview`. A static host of dist/ must send the same two headers for threads;
// without them the lab still runs, on one thread. Nothing here is about spikelab's WASM or its
// worker: Vite finds both through the package's `new URL(..., import.meta.url)`.
import { defineConfig } from "vite";

const crossOriginIsolation = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
});
