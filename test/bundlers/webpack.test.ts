// The packed package under webpack 5 (#19), next to the Vite and esbuild cases of bundlers.test.ts:
// a consumer's page (the public entry only) bundled by webpack's Node API with a minimal
// configuration (mode, entry, output path: nothing about WASM or workers), then opened in headless
// Chromium with and without COOP/COEP. webpack must find the four kernels through the package's
// `new URL("../../build/....wasm", import.meta.url)` (asset modules) and the kernel worker through
// `new Worker(new URL("./worker.js", import.meta.url))`, with no warning (the computed
// `ready({ source })` URL carries webpackIgnore, so webpack does not take it for a context request).
// The page computes eigvalsh of tridiag(-1, 2, -1), checked against its closed form.
//
// Needs `npm run build` first. Without /usr/bin/chromium the test is skipped with a message,
// except under CI (process.env.CI set), where it fails.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHROMIUM, SECOND_DIFFERENCE_BOUND, SECOND_DIFFERENCE_PAGE_JS, closeServer, haveChromium, inCI, installTarball, launchChromium,
  openResultPage, packInto, requireBuiltPackage, secondDifferenceError, serveStatic, serverUrl,
} from "./consumer.js";

if (!haveChromium && !inCI) {
  console.warn(`test/bundlers/webpack.test.ts skipped: ${CHROMIUM} not found (apt-get install chromium)`);
}

interface WebpackOutcome {
  errors: string[];
  warnings: string[];
}

/** webpack 5 through its Node API: production mode, the page's main.js, output in `out`. */
async function bundleWithWebpack(app: string, out: string): Promise<WebpackOutcome> {
  const { default: webpack } = await import("webpack");
  const compiler = webpack({ mode: "production", context: app, entry: "./main.js", output: { path: out, clean: true } });
  try {
    const stats = await new Promise<import("webpack").Stats>((ok, fail) => compiler.run((err, s) => (err || !s ? fail(err) : ok(s))));
    const json = stats.toJson({ all: false, errors: true, warnings: true });
    const text = (list: typeof json.errors) => (list ?? []).map((e) => `${e.moduleName ?? ""} ${e.message}`);
    return { errors: text(json.errors), warnings: text(json.warnings) };
  } finally {
    await new Promise<void>((done) => compiler.close(() => done()));
  }
}

describe.skipIf(!haveChromium && !inCI)("the packed package under webpack 5, in headless Chromium", () => {
  let work = "";
  let out = "";
  let outcome: WebpackOutcome = { errors: [], warnings: [] };
  let browser: Browser | undefined;
  const servers: Server[] = [];

  beforeAll(async () => {
    requireBuiltPackage();
    work = mkdtempSync(join(tmpdir(), "spikelab-webpack-"));
    const app = join(work, "app");
    installTarball(packInto(work), app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { spikelab: "*" } }));
    // at #source the page names its kernel itself: ready({ source }) with a relative string
    const main = SECOND_DIFFERENCE_PAGE_JS.replace("await ready();",
      'await ready(...(location.hash === "#source" ? [{ source: "kernels/spikelab.simd.wasm", build: "simd", shared: false }] : []));');
    expect(main).not.toBe(SECOND_DIFFERENCE_PAGE_JS);
    writeFileSync(join(app, "main.js"), main);
    out = join(work, "dist");
    outcome = await bundleWithWebpack(app, out);
    mkdirSync(join(out, "kernels"));
    cpSync(join(app, "node_modules", "spikelab", "build", "spikelab.simd.wasm"), join(out, "kernels", "spikelab.simd.wasm"));
    writeFileSync(join(out, "index.html"),
      '<!doctype html>\n<meta charset="utf-8">\n<title>spikelab under webpack</title>\n<link rel="icon" href="data:,">\n<script src="main.js"></script>\n');
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map(closeServer));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function open(isolated: boolean, hash = "") {
    const server = await serveStatic(out, isolated);
    servers.push(server);
    return openResultPage(browser!, serverUrl(server) + hash);
  }

  it("webpack bundles the page with no error or warning, the kernels and the worker emitted beside it", () => {
    expect(outcome.errors).toEqual([]);
    expect(outcome.warnings).toEqual([]);
    const files = readdirSync(out).filter((f) => f !== "kernels");
    // four kernel builds as asset modules (hashed names), the main bundle and at least one more
    // script: the worker
    expect(files.filter((f) => f.endsWith(".wasm")), files.join(", ")).toHaveLength(4);
    expect(files.filter((f) => f.endsWith(".js")).length, files.join(", ")).toBeGreaterThanOrEqual(2);
  });

  it("the webpack bundle computes eigvalsh on a plain page: one thread, no console error", async () => {
    const { result, problems } = await open(false);
    expect(result.error, problems.join("\n")).toBeUndefined();
    expect(problems).toEqual([]);
    expect(result.isolated).toBe(false);
    expect(result.threads).toBe(1);
    expect(result.workers).toBe(0);
    expect(secondDifferenceError(result.values ?? [])).toBeLessThan(SECOND_DIFFERENCE_BOUND);
    expect(result.batchSame).toBe(true);
  }, 60_000);

  it("the webpack bundle on a COOP/COEP page: its threads are its workers + 1, and the workers ran jobs", async () => {
    const { result, problems } = await open(true);
    expect(result.error, problems.join("\n")).toBeUndefined();
    expect(problems).toEqual([]);
    expect(result.isolated).toBe(true);
    expect(result.workers).toBe(result.cores! - 1);
    expect(result.threads).toBe(1 + result.workers!);
    if (result.cores! > 1) expect(result.workerJobs).toBeGreaterThan(0);
    expect(secondDifferenceError(result.values ?? [])).toBeLessThan(SECOND_DIFFERENCE_BOUND);
    expect(result.batchSame).toBe(true);
  }, 60_000);

  it("ready({ source }) with a relative string loads that file in the webpack bundle (resolved against the page)", async () => {
    const { result, problems } = await open(false, "#source");
    expect(result.error, problems.join("\n")).toBeUndefined();
    expect(problems).toEqual([]);
    expect(result.threads).toBe(1);
    expect(secondDifferenceError(result.values ?? [])).toBeLessThan(SECOND_DIFFERENCE_BOUND);
  }, 60_000);
});
