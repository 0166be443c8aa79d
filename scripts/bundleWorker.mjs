// Rewrites dist/threads/worker.js (tsc's output, which imports ./protocol.js and more) as one
// self-contained ES module bundled by esbuild from src/threads/worker.ts. A kernel worker is
// started by URL, and bundlers handle that URL in different ways: Vite and webpack 5 rebuild it
// as a worker, Vite may inline a small file as a data: URL, esbuild leaves it for the page to
// serve beside the bundle. Only a file with no imports runs in every case (#19). The source map
// embeds its sources, since src/ is not shipped.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: ["src/threads/worker.ts"],
  outfile: "dist/threads/worker.js",
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  sourcemap: true,
  sourcesContent: true,
  allowOverwrite: true,
  logLevel: "warning",
});
