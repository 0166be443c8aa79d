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
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHROMIUM, ISOLATION_HEADERS, SECOND_DIFFERENCE_BOUND, SECOND_DIFFERENCE_N, SECOND_DIFFERENCE_PAGE_JS, closeServer, haveChromium, inCI,
  installTarball, launchChromium, openResultPage, packInto, requireBuiltPackage, secondDifferenceError, serveStatic, serverUrl,
  type PageResult,
} from "./consumer.js";

if (!haveChromium && !inCI) {
  console.warn(`test/bundlers/bundlers.test.ts skipped: ${CHROMIUM} not found (apt-get install chromium)`);
}

const INDEX_HTML = (script: string) => `<!doctype html>
<meta charset="utf-8">
<title>spikelab bundled</title>
<link rel="icon" href="data:,">
<script type="module" src="${script}"></script>
`;

describe.skipIf(!haveChromium && !inCI)("the packed package under Vite and esbuild, in headless Chromium", () => {
  let work = "";
  let browser: Browser | undefined;
  const servers: Server[] = [];
  const viteWarnings: string[] = [];
  let viteOut = "";
  let esbuildOut = "";

  beforeAll(async () => {
    requireBuiltPackage();
    work = mkdtempSync(join(tmpdir(), "spikelab-bundlers-"));
    const app = join(work, "app");
    const pkg = installTarball(packInto(work), app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { spikelab: "*" } }));
    writeFileSync(join(app, "index.html"), INDEX_HTML("./main.js"));
    writeFileSync(join(app, "main.js"), SECOND_DIFFERENCE_PAGE_JS);

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

    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map(closeServer));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function open(dir: string, isolated: boolean, hide?: string): Promise<{ result: PageResult; problems: string[] }> {
    const server = await serveStatic(dir, isolated, hide);
    servers.push(server);
    return openResultPage(browser!, serverUrl(server));
  }

  /** The eigenvalues against 2 - 2 cos(k pi / (n + 1)), ascending, to a backward-stable bound. */
  function expectSecondDifferenceSpectrum(values: number[] | undefined): void {
    expect(values).toHaveLength(SECOND_DIFFERENCE_N);
    expect(secondDifferenceError(values!)).toBeLessThan(SECOND_DIFFERENCE_BOUND);
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
    const dev = await vite.createServer({
      root: join(work, "app"), configFile: false, logLevel: "warn", customLogger: logger,
      server: { host: "127.0.0.1", port: 0, headers: { ...ISOLATION_HEADERS } },
    });
    try {
      await dev.listen();
      const { result, problems } = await openResultPage(browser!, dev.resolvedUrls!.local[0]!);
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
