// The built package (dist/ + build/*.wasm) in a real browser: headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core) loads a page that imports dist/index.js as an ES
// module, which fetches the kernels next to itself, runs matmul, and reports the product and the
// build it chose. The numbers are checked here against the triple-loop reference.
//
// The page is served from this repository on 127.0.0.1 (a random port) by a small static server
// that exposes only dist/, build/ and node_modules/ml-matrix/. ml-matrix has no browser-ready
// ES module: its "module" entry (src/index.js) uses extensionless specifiers and bare imports of
// other packages, and matrix.mjs re-exports the CommonJS matrix.js. So the page loads the UMD
// bundle (matrix.umd.js, which sets globalThis.mlMatrix) and an import map points the bare
// specifier "ml-matrix" at a generated ES module that re-exports those globals.
//
// Needs `npm run build` first (npm test does it). Without /usr/bin/chromium the test is skipped
// with a message, except under CI (process.env.CI set), where it fails: .ci/run installs it.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenOnLoopback, productErrorRatio, randomMatrix, refMatmul } from "../helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const SERVED = ["dist", "build", join("node_modules", "ml-matrix")];
const ML_MATRIX_SHIM = "/__spikelab/ml-matrix.js";
const haveChromium = existsSync(CHROMIUM);
const inCI = Boolean(process.env.CI);

if (!haveChromium && !inCI) {
  console.warn(`test/browser/chromium.test.ts skipped: ${CHROMIUM} not found (apt-get install chromium)`);
}

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".map": "application/json",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

// The products the page computes: a tiny one and one whose sizes are not multiples of the 4 x 4
// micro-kernel; operands are made here (seeded) and sent to the page as JSON.
const PRODUCTS = [
  { a: randomMatrix(3, 4, 1), b: randomMatrix(4, 2, 2) },
  { a: randomMatrix(37, 29, 3), b: randomMatrix(29, 41, 4) },
];

function mlMatrixShim(): string {
  // the export names of the CommonJS build, re-exported from the UMD global of the same version
  const names = Object.keys(createRequire(import.meta.url)("ml-matrix") as object).filter((n) => n !== "default");
  return [
    "const m = globalThis.mlMatrix;",
    'if (!m) throw new Error("ml-matrix UMD bundle not loaded before the import map shim");',
    ...names.map((n) => `export const ${n} = m.${n};`),
    "export default m.default ?? m.Matrix;",
  ].join("\n");
}

function page(): string {
  const inputs = PRODUCTS.map(({ a, b }) => ({ a: a.toArray(), b: b.toArray() }));
  return `<!doctype html>
<meta charset="utf-8">
<title>spikelab in Chromium</title>
<link rel="icon" href="data:,">
<script src="/node_modules/ml-matrix/matrix.umd.js"></script>
<script type="importmap">${JSON.stringify({ imports: { "ml-matrix": ML_MATRIX_SHIM } })}</script>
<script type="module">
  const inputs = ${JSON.stringify(inputs)};
  try {
    const spikelab = await import("/dist/index.js");
    const { Matrix: MlMatrix } = await import("ml-matrix");
    const products = inputs.map(({ a, b }) => {
      const c = spikelab.matmul(spikelab.Matrix.from(a), spikelab.Matrix.from(b));
      // the same product with the left operand as an ml-matrix Matrix (interop in the browser)
      const viaMl = spikelab.matmul(new MlMatrix(a), b);
      return { rows: c.rows, cols: c.cols, data: Array.from(c.data), viaMl: Array.from(viaMl.data) };
    });
    window.__result = { ok: true, build: spikelab.activeBuild(), relaxed: spikelab.relaxedSimdSupported(), products, threads: spikelab.getThreads(), isolated: self.crossOriginIsolated };
  } catch (err) {
    window.__result = { ok: false, error: String((err && err.stack) || err) };
  }
</script>
`;
}

/** The threads page: getThreads(), and a product large enough to run on workers, both ways. */
function threadsPage(): string {
  return `<!doctype html>
<meta charset="utf-8">
<title>spikelab threads in Chromium</title>
<link rel="icon" href="data:,">
<script src="/node_modules/ml-matrix/matrix.umd.js"></script>
<script type="importmap">${JSON.stringify({ imports: { "ml-matrix": ML_MATRIX_SHIM } })}</script>
<script type="module">
  try {
    const spikelab = await import("/dist/index.js");
    const pool = await import("/dist/threads/pool.js");
    const n = 300;
    const a = new spikelab.Matrix(n, n, Float64Array.from({ length: n * n }, (_, i) => Math.sin(i)));
    const one = spikelab.matmul(a, a, { threads: 1 });
    const many = spikelab.matmul(a, a, { threads: 2 });
    let same = true;
    for (let i = 0; i < one.data.length; i++) if (one.data[i] !== many.data[i]) same = false;
    const sym = spikelab.matmul(a, a, { transA: true });
    const batch = spikelab.eigvalshBatch([sym, sym], { threads: 2 });
    const single = spikelab.eigvalsh(sym, { threads: 1 });
    window.__result = {
      ok: true, isolated: self.crossOriginIsolated, threads: spikelab.getThreads(),
      cores: navigator.hardwareConcurrency, same, workers: pool.liveWorkers(), workerJobs: pool.workerJobs(), c0: one.data[12345], batchSame: batch[1].every((v, i) => v === single[i]),
    };
  } catch (err) {
    window.__result = { ok: false, error: String((err && err.stack) || err) };
  }
</script>
`;
}

/**
 * Static files under SERVED only, plus the pages and the ml-matrix shim; anything else is 404.
 * With `isolated`, every response carries COOP/COEP, which makes the page cross-origin isolated
 * (SharedArrayBuffer, and so spikelab's threads build, available).
 */
function startServer(isolated = false): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, {
        "content-type": type, "cache-control": "no-store",
        ...(isolated ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" } : {}),
      });
      res.end(body);
    };
    if (path === "/" || path === "/index.html") return send(200, MIME[".html"]!, page());
    if (path === "/threads.html") return send(200, MIME[".html"]!, threadsPage());
    if (path === ML_MATRIX_SHIM) return send(200, MIME[".js"]!, mlMatrixShim());
    const file = normalize(join(ROOT, path));
    const allowed = SERVED.some((dir) => file.startsWith(join(ROOT, dir) + sep));
    if (!allowed) return send(404, "text/plain", `not served: ${path}`);
    readFile(file).then(
      (body) => send(200, MIME[extname(file)] ?? "application/octet-stream", body),
      () => send(404, "text/plain", `not found: ${path}`),
    );
  });
  return listenOnLoopback(server);
}

interface PageResult {
  ok: boolean;
  error?: string;
  build?: string | null;
  relaxed?: boolean;
  products?: Array<{ rows: number; cols: number; data: number[]; viaMl: number[] }>;
  threads?: number;
  isolated?: boolean;
}

interface ThreadsResult {
  ok: boolean;
  error?: string;
  isolated?: boolean;
  threads?: number;
  cores?: number;
  same?: boolean;
  batchSame?: boolean;
  c0?: number;
  workers?: number;
  workerJobs?: number;
}

describe.skipIf(!haveChromium && !inCI)("headless Chromium", () => {
  let server: Server | undefined;
  let isolatedServer: Server | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is missing; CI needs it (.ci/run installs it with apt-get install chromium)`);
    if (!existsSync(join(ROOT, "dist", "index.js")) || !existsSync(join(ROOT, "build", "spikelab.simd.wasm"))) {
      throw new Error("dist/index.js or build/*.wasm is missing: run `npm run build` first (npm test does)");
    }
    server = await startServer();
    isolatedServer = await startServer(true);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    await new Promise<void>((done) => (isolatedServer ? isolatedServer.close(() => done()) : done()));
  });

  async function load<T>(srv: Server, path: string): Promise<{ result: T; problems: string[] }> {
    const context = await browser!.newContext();
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
    tab.on("console", (msg) => { if (msg.type() === "error") problems.push(`console: ${msg.text()}`); });
    tab.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
    const { port } = srv.address() as AddressInfo;
    await tab.goto(`http://127.0.0.1:${port}${path}`);
    await tab.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, { timeout: 30_000 });
    const result = (await tab.evaluate(() => (window as unknown as { __result: unknown }).__result)) as T;
    await context.close();
    return { result, problems };
  }

  it("on a page that is not cross-origin isolated: the single-threaded build, one thread, silently", async () => {
    const { result, problems } = await load<PageResult>(server!, "/");
    expect(result.error, problems.join("\n")).toBeUndefined();
    expect(result.isolated).toBe(false);
    expect(result.threads).toBe(1);
    expect(problems).toEqual([]);
  }, 60_000);

  it("on a cross-origin-isolated page: the threads build with Web Workers, same products as one thread", async () => {
    const { result, problems } = await load<ThreadsResult>(isolatedServer!, "/threads.html");
    expect(result.error, problems.join("\n")).toBeUndefined();
    expect(result.isolated).toBe(true);
    expect(result.threads).toBe(result.cores);
    // the workers started by ready() took part (cores - 1 of them; this machine has 2 cores)
    expect(result.workers).toBe(result.cores! - 1);
    if (result.cores! > 1) expect(result.workerJobs).toBeGreaterThan(0);
    expect(result.same).toBe(true);
    expect(result.batchSame).toBe(true);
    expect(Number.isFinite(result.c0)).toBe(true);
    expect(problems).toEqual([]);
  }, 60_000);

  it("imports dist/index.js, loads the kernels and computes matmul to within the product error bound", async () => {
    const { result, problems } = await load<PageResult>(server!, "/");

    expect(result.error, problems.join("\n")).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(problems).toEqual([]);
    // the loader picks relaxed SIMD exactly when the engine validates it; Chromium has it from 114
    expect(result.build).toBe(result.relaxed ? "relaxed" : "simd");
    const major = Number(browser!.version().split(".")[0]);
    if (major >= 114) expect(result.build).toBe("relaxed");

    expect(result.products).toHaveLength(PRODUCTS.length);
    PRODUCTS.forEach(({ a, b }, i) => {
      const got = result.products![i]!;
      const { c: want, absC } = refMatmul(a, b);
      expect([got.rows, got.cols]).toEqual([want.rows, want.cols]);
      const k = a.cols;
      expect(productErrorRatio(Float64Array.from(got.data), want.data, absC.data, k), `product ${i}`).toBeLessThan(1);
      // same operands through ml-matrix input: the same kernel on the same numbers, bit for bit
      expect(got.viaMl, `product ${i} via ml-matrix`).toEqual(got.data);
    });
  }, 60_000);
});
