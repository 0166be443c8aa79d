// The package as a consumer's bundler sees it (#19): `npm pack` of this checkout, unpacked into
// node_modules/spikelab of a temporary project (ml-matrix, its one browser dependency, linked
// from this repository's node_modules: offline, no registry), then
// - a page built by Vite with its default configuration (no config file at all), served with and
//   without COOP/COEP and opened in headless Chromium (playwright-core, /usr/bin/chromium), and
//   the same page from Vite's dev server (its dependency optimizer included);
// - the same page bundled by esbuild (platform browser), served the way esbuild leaves the
//   kernels' and the worker's `new URL(..., import.meta.url)`: build/ and worker.js at the same
//   relative places as in the package.
// Each page computes eigvalsh of the second-difference matrix tridiag(-1, 2, -1), whose
// eigenvalues are 2 - 2 cos(k pi / (n + 1)) (closed form), with no console error, no failed
// request, and on the isolated page the threads it reports, its workers and the jobs they ran.
//
// Needs `npm run build` first. Without /usr/bin/chromium the test is skipped with a message,
// except under CI (process.env.CI set), where it fails.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenOnLoopback } from "../helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const haveChromium = existsSync(CHROMIUM);
const inCI = Boolean(process.env.CI);
const N = 96;

if (!haveChromium && !inCI) {
  console.warn(`test/bundlers/bundlers.test.ts skipped: ${CHROMIUM} not found (apt-get install chromium)`);
}

// The consumer's code: only the package's public entry, as an app would write it
const MAIN_JS = `
import { ready, eigvalsh, eigvalshBatch, Matrix, getThreads, liveWorkers, workerJobs } from "spikelab";
try {
  await ready();
  const n = ${N};
  const t = new Matrix(n, n, new Float64Array(n * n));
  for (let i = 0; i < n; i++) {
    t.data[i * n + i] = 2;
    if (i > 0) t.data[i * n + i - 1] = t.data[(i - 1) * n + i] = -1;
  }
  const values = Array.from(eigvalsh(t));
  // batches of independent jobs: on the threads build the workers take some (the caller may take
  // a whole small batch before a worker wakes on a loaded machine, hence a few tries)
  let batch = [];
  for (let i = 0; i < 10 && (i === 0 || (getThreads() > 1 && workerJobs() === 0)); i++) {
    batch = eigvalshBatch(Array.from({ length: 16 }, () => t), { threads: getThreads() });
  }
  window.__result = {
    ok: true, values, batchSame: batch.every((b) => b.every((v, i) => v === values[i])),
    threads: getThreads(), workers: liveWorkers(), workerJobs: workerJobs(), isolated: self.crossOriginIsolated,
    cores: navigator.hardwareConcurrency,
  };
} catch (err) {
  window.__result = { ok: false, error: String((err && err.stack) || err) };
}
`;

const INDEX_HTML = (script: string) => `<!doctype html>
<meta charset="utf-8">
<title>spikelab bundled</title>
<link rel="icon" href="data:,">
<script type="module" src="${script}"></script>
`;

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm",
  ".map": "application/json", ".json": "application/json",
};

/** Serves the files under `dir`; with `isolated`, with COOP/COEP (SharedArrayBuffer available). */
function serve(dir: string, isolated: boolean, hide?: string): Promise<Server> {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(dir, path));
    const head = isolated ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" } : {};
    let body: Buffer | null = null;
    try {
      if (file.startsWith(dir + sep) && path !== hide) body = readFileSync(file);
    } catch { /* 404 below */ }
    res.writeHead(body ? 200 : 404, { "content-type": MIME[extname(file)] ?? "application/octet-stream", ...head });
    res.end(body ?? `not found: ${path}`);
  });
  return listenOnLoopback(server);
}

interface PageResult {
  ok: boolean;
  error?: string;
  values?: number[];
  batchSame?: boolean;
  threads?: number;
  workers?: number;
  workerJobs?: number;
  isolated?: boolean;
  cores?: number;
}

describe.skipIf(!haveChromium && !inCI)("the packed package under Vite and esbuild, in headless Chromium", () => {
  let work = "";
  let browser: Browser | undefined;
  const servers: Server[] = [];
  const viteWarnings: string[] = [];
  let viteOut = "";
  let esbuildOut = "";

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is missing; CI needs it (.ci/run installs it with apt-get install chromium)`);
    if (!existsSync(join(ROOT, "dist", "browser.js")) || !existsSync(join(ROOT, "build", "spikelab.simd.wasm"))) {
      throw new Error("dist/browser.js or build/*.wasm is missing: run `npm run build` first (npm test does)");
    }
    work = mkdtempSync(join(tmpdir(), "spikelab-bundlers-"));
    // The tarball a consumer installs (scripts off: the checkout is already built)
    const packed = JSON.parse(execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], {
      cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"],
    })) as Array<{ filename: string }>;
    const app = join(work, "app");
    const pkg = join(app, "node_modules", "spikelab");
    mkdirSync(pkg, { recursive: true });
    execFileSync("tar", ["-xzf", join(work, packed[0]!.filename), "-C", pkg, "--strip-components=1"]);
    symlinkSync(join(ROOT, "node_modules", "ml-matrix"), join(app, "node_modules", "ml-matrix"), "dir");
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { spikelab: "*" } }));
    writeFileSync(join(app, "index.html"), INDEX_HTML("./main.js"));
    writeFileSync(join(app, "main.js"), MAIN_JS);

    // Vite: its defaults, no config file; every warning it logs is kept
    const vite = await import("vite");
    const logger = vite.createLogger("warn");
    const warn = logger.warn.bind(logger);
    logger.warn = (msg, options) => { viteWarnings.push(msg); warn(msg, options); };
    viteOut = join(app, "dist");
    await vite.build({ root: app, configFile: false, logLevel: "warn", customLogger: logger });

    // esbuild: one bundle at /assets/main.js; its new URL("../../build/x.wasm") then means /build/
    // and new URL("./worker.js") /assets/worker.js, so both are copied there from the package
    const esbuild = await import("esbuild");
    esbuildOut = join(work, "esbuild-dist");
    await esbuild.build({
      absWorkingDir: app, entryPoints: ["main.js"], bundle: true, format: "esm", platform: "browser",
      target: "es2022", outfile: join(esbuildOut, "assets", "main.js"), logLevel: "warning",
    });
    cpSync(join(pkg, "build"), join(esbuildOut, "build"), { recursive: true });
    cpSync(join(pkg, "dist", "threads", "worker.js"), join(esbuildOut, "assets", "worker.js"));
    writeFileSync(join(esbuildOut, "index.html"), INDEX_HTML("/assets/main.js"));

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => new Promise<void>((done) => s.close(() => done()))));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function open(dir: string, isolated: boolean, hide?: string): Promise<{ result: PageResult; problems: string[] }> {
    const server = await serve(dir, isolated, hide);
    servers.push(server);
    return openUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  }

  async function openUrl(url: string): Promise<{ result: PageResult; problems: string[] }> {
    const context = await browser!.newContext();
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
    tab.on("console", (msg) => { if (msg.type() === "error" || msg.type() === "warning") problems.push(`console ${msg.type()}: ${msg.text()}`); });
    tab.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
    await tab.goto(url);
    await tab.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, { timeout: 30_000 });
    const result = (await tab.evaluate(() => (window as unknown as { __result: unknown }).__result)) as PageResult;
    await context.close();
    return { result, problems };
  }

  /** The eigenvalues against 2 - 2 cos(k pi / (n + 1)), ascending, to a backward-stable bound. */
  function expectSecondDifferenceSpectrum(values: number[] | undefined): void {
    expect(values).toHaveLength(N);
    const want = Array.from({ length: N }, (_, i) => 2 - 2 * Math.cos(((i + 1) * Math.PI) / (N + 1)));
    // ||T||_2 < 4: a backward-stable eigensolver is within a few n eps ||T|| of each eigenvalue
    const worst = Math.max(...values!.map((v, i) => Math.abs(v - want[i]!)));
    expect(worst).toBeLessThan(N * 4 * Number.EPSILON * 10);
  }

  it("Vite (default configuration) builds the page without a node: externalization or other warning", () => {
    expect(viteWarnings.join("\n")).not.toMatch(/externalized for browser compatibility|node:/);
    expect(viteWarnings).toEqual([]);
    // the kernels were emitted as assets and the worker as its own chunk
    const assets = readdirSync(join(viteOut, "assets"));
    expect(assets.some((f) => /^spikelab\.(simd|relaxed).*\.wasm$/.test(f)), assets.join(", ")).toBe(true);
    expect(assets.some((f) => /^worker.*\.js$/.test(f)), assets.join(", ")).toBe(true);
  });

  it("the Vite build computes eigvalsh on a plain page: one thread, no console error", async () => {
    const { result, problems } = await open(viteOut, false);
    expect(result.error, problems.join("\n")).toBeUndefined();
    expect(problems).toEqual([]);
    expect(result.isolated).toBe(false);
    expect(result.threads).toBe(1);
    expect(result.workers).toBe(0);
    expectSecondDifferenceSpectrum(result.values);
    expect(result.batchSame).toBe(true);
  }, 60_000);

  it("the Vite build on a COOP/COEP page: the threads it reports are its workers + 1, and they ran jobs", async () => {
    const { result, problems } = await open(viteOut, true);
    expect(result.error, problems.join("\n")).toBeUndefined();
    expect(problems).toEqual([]);
    expect(result.isolated).toBe(true);
    // ready() starts one worker per further core, and getThreads() counts those that run
    expect(result.workers).toBe(result.cores! - 1);
    expect(result.threads).toBe(1 + result.workers!);
    if (result.cores! > 1) expect(result.workerJobs).toBeGreaterThan(0);
    expectSecondDifferenceSpectrum(result.values);
    expect(result.batchSame).toBe(true);
  }, 60_000);

  it("the Vite dev server (default configuration, COOP/COEP headers) serves the page: it computes on its workers", async () => {
    const vite = await import("vite");
    const logger = vite.createLogger("warn");
    const warnings: string[] = [];
    logger.warn = (msg) => { warnings.push(msg); };
    const isolation = { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" };
    const dev = await vite.createServer({
      root: join(work, "app"), configFile: false, logLevel: "warn", customLogger: logger,
      server: { host: "127.0.0.1", port: 0, headers: isolation },
    });
    try {
      await dev.listen();
      const { result, problems } = await openUrl(dev.resolvedUrls!.local[0]!);
      expect(result.error, problems.join("\n")).toBeUndefined();
      expect(problems).toEqual([]);
      expect(warnings).toEqual([]);
      expect(result.isolated).toBe(true);
      expect(result.workers).toBe(result.cores! - 1);
      expect(result.threads).toBe(1 + result.workers!);
      if (result.cores! > 1) expect(result.workerJobs).toBeGreaterThan(0);
      expectSecondDifferenceSpectrum(result.values);
    } finally {
      await dev.close();
    }
  }, 60_000);

  it("the esbuild bundle computes eigvalsh, and on a COOP/COEP page runs its worker", async () => {
    const plain = await open(esbuildOut, false);
    expect(plain.result.error, plain.problems.join("\n")).toBeUndefined();
    expect(plain.problems).toEqual([]);
    expectSecondDifferenceSpectrum(plain.result.values);
    const isolated = await open(esbuildOut, true);
    expect(isolated.result.error, isolated.problems.join("\n")).toBeUndefined();
    expect(isolated.problems).toEqual([]);
    expect(isolated.result.workers).toBe(isolated.result.cores! - 1);
    expect(isolated.result.threads).toBe(1 + isolated.result.workers!);
    if (isolated.result.cores! > 1) expect(isolated.result.workerJobs).toBeGreaterThan(0);
    expectSecondDifferenceSpectrum(isolated.result.values);
  }, 60_000);

  it("a worker whose script does not load: one warning, getThreads() says 1, and the page still computes", async () => {
    const { result, problems } = await open(esbuildOut, true, "/assets/worker.js");
    expect(result.error, problems.join("\n")).toBeUndefined();
    expect(result.isolated).toBe(true);
    if (result.cores! > 1) {
      expect(problems.filter((p) => p.startsWith("HTTP 404") && p.endsWith("/assets/worker.js")).length).toBeGreaterThan(0);
      const warnings = problems.filter((p) => p.startsWith("console warning:"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/spikelab: kernel worker \d+ did not start/);
    }
    expect(result.workers).toBe(0);
    expect(result.threads).toBe(1);
    expectSecondDifferenceSpectrum(result.values);
  }, 60_000);
});
