// What the bundler and lab tests share: the package as a consumer installs it (`npm pack` of this
// checkout unpacked into node_modules/spikelab of a temporary project, ml-matrix, its one browser
// dependency, linked from this repository's node_modules: offline, no registry), a static server
// with or without COOP/COEP, headless Chromium (playwright-core driving Debian's /usr/bin/chromium,
// no downloaded browser), and a page watcher that keeps every console error or warning, page error
// and failed request.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { listenOnLoopback } from "../helpers.js";

export const CHROMIUM = "/usr/bin/chromium";
export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const haveChromium = existsSync(CHROMIUM);
export const inCI = Boolean(process.env.CI);

/** The headers that make a page cross-origin isolated (SharedArrayBuffer, hence threads). */
export const ISOLATION_HEADERS = { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" } as const;

/** Throws unless Chromium and the built package (dist/, build/*.wasm) are there. */
export function requireBuiltPackage(): void {
  if (!haveChromium) throw new Error(`${CHROMIUM} is missing; CI needs it (.ci/run installs it with apt-get install chromium)`);
  if (!existsSync(join(ROOT, "dist", "browser.js")) || !existsSync(join(ROOT, "build", "spikelab.simd.wasm"))) {
    throw new Error("dist/browser.js or build/*.wasm is missing: run `npm run build` first (npm test does)");
  }
}

/** `npm pack` of this checkout into `dir` (scripts off: the checkout is already built); the tarball's path. */
export function packInto(dir: string): string {
  const packed = JSON.parse(execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
    cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"],
  })) as Array<{ filename: string }>;
  return join(dir, packed[0]!.filename);
}

/**
 * Installs the tarball into `app`/node_modules/spikelab the way npm lays it out, with ml-matrix
 * linked from this repository (the package's only dependency that a browser bundle pulls in).
 */
export function installTarball(tarball: string, app: string): string {
  const pkg = join(app, "node_modules", "spikelab");
  mkdirSync(pkg, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", pkg, "--strip-components=1"]);
  symlinkSync(join(ROOT, "node_modules", "ml-matrix"), join(app, "node_modules", "ml-matrix"), "dir");
  return pkg;
}

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm",
  ".map": "application/json", ".json": "application/json", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml",
};

/** Serves the files under `dir` on 127.0.0.1; with `isolated`, with COOP/COEP. `hide` answers 404. */
export function serveStatic(dir: string, isolated: boolean, hide?: string): Promise<Server> {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(dir, path));
    let body: Buffer | null = null;
    try {
      if (file.startsWith(dir + sep) && path !== hide) body = readFileSync(file);
    } catch { /* 404 below */ }
    res.writeHead(body ? 200 : 404, { "content-type": MIME[extname(file)] ?? "application/octet-stream", ...(isolated ? ISOLATION_HEADERS : {}) });
    res.end(body ?? `not found: ${path}`);
  });
  return listenOnLoopback(server);
}

export function serverUrl(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((done) => server.close(() => done()));
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Collects the page's errors, console errors and warnings, and responses with status >= 400. */
export function watchProblems(tab: Page): string[] {
  const problems: string[] = [];
  tab.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  tab.on("console", (msg) => { if (msg.type() === "error" || msg.type() === "warning") problems.push(`console ${msg.type()}: ${msg.text()}`); });
  tab.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
  return problems;
}

/** The size of the second-difference matrix the pages below diagonalize. */
export const SECOND_DIFFERENCE_N = 96;

/**
 * A consumer's page script: only the package's public entry. It computes eigvalsh of the
 * second-difference matrix tridiag(-1, 2, -1) of size SECOND_DIFFERENCE_N and batches of it, and
 * leaves the values, the threads reported, the live workers and the jobs they ran in window.__result.
 */
export const SECOND_DIFFERENCE_PAGE_JS = `
import { ready, eigvalsh, eigvalshBatch, Matrix, getThreads, liveWorkers, workerJobs } from "spikelab";
try {
  await ready();
  const n = ${SECOND_DIFFERENCE_N};
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

export interface PageResult {
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

/** Opens `url` in a fresh context and waits for window.__result (SECOND_DIFFERENCE_PAGE_JS). */
export async function openResultPage(browser: Browser, url: string): Promise<{ result: PageResult; problems: string[] }> {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const problems = watchProblems(tab);
    await tab.goto(url);
    await tab.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, { timeout: 30_000 });
    const result = (await tab.evaluate(() => (window as unknown as { __result: unknown }).__result)) as PageResult;
    return { result, problems };
  } finally {
    await context.close();
  }
}

/** The eigenvalues against 2 - 2 cos(k pi / (n + 1)) (closed form), ascending: the largest error. */
export function secondDifferenceError(values: number[]): number {
  const n = SECOND_DIFFERENCE_N;
  if (values.length !== n) return Infinity;
  return Math.max(...values.map((v, i) => Math.abs(v - (2 - 2 * Math.cos(((i + 1) * Math.PI) / (n + 1))))));
}

/** A backward-stable eigensolver is within a few n eps ||T|| of each eigenvalue (||T||_2 < 4). */
export const SECOND_DIFFERENCE_BOUND = SECOND_DIFFERENCE_N * 4 * Number.EPSILON * 10;
