// The browser lab (examples/lab/, #19) built and used the way a consumer would: the lab's sources
// copied into a temporary project, the package installed there from `npm pack` of this checkout
// (test/bundlers/consumer.ts), `vite build` with the lab's own configuration (Vite's defaults plus
// the two documented COOP/COEP header lines, checked below), the static folder served with those
// headers and opened in headless Chromium. Then, as a user would: a slider moves and the plot is
// redrawn for the new value, each model draws, and the throughput page runs with threads on and off.
// Numbers are checked against closed forms, never against the lab's own output: the BBP outlier
// theta + 1/theta of the spiked Wigner model, (1 + theta)(1 + gamma / theta) of the spiked
// covariance model, alpha / alpha_c with alpha_c = pi^2 / 4 for LAMP with the link sign(z1 z2)
// (Maillard et al. 2022); the measured top eigenvalue within a finite-size margin of them; and the
// threads the threaded run reports are its worker count + 1, one worker per further core.
// No console error or warning, page error or failed request is allowed anywhere.
//
// Needs `npm run build` first. Without /usr/bin/chromium the test is skipped with a message,
// except under CI (process.env.CI set), where it fails.
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHROMIUM, ISOLATION_HEADERS, ROOT, closeServer, haveChromium, inCI, installTarball, launchChromium, packInto,
  requireBuiltPackage, serveStatic, serverUrl, watchProblems,
} from "../bundlers/consumer.js";

if (!haveChromium && !inCI) {
  console.warn(`test/lab/lab.test.ts skipped: ${CHROMIUM} not found (apt-get install chromium)`);
}

const LAB_SOURCE = join(ROOT, "examples", "lab");
const LEFT_OUT = new Set(["node_modules", "dist", ".pack"]);

interface PlotState {
  version: number;
  points: number;
  model: string;
  params: Record<string, number>;
  measured: number;
  predicted: number | null;
  bars: number;
  curve: boolean;
}

describe.skipIf(!haveChromium && !inCI)("the browser lab, built from the packed package, in headless Chromium", () => {
  let work = "";
  let lab = "";
  let browser: Browser | undefined;
  let isolated: Server | undefined;
  let plain: Server | undefined;
  const viteWarnings: string[] = [];
  let labConfig: unknown;

  beforeAll(async () => {
    requireBuiltPackage();
    work = mkdtempSync(join(tmpdir(), "spikelab-lab-"));
    lab = join(work, "lab");
    cpSync(LAB_SOURCE, lab, { recursive: true, filter: (src) => !LEFT_OUT.has(basename(src)) });
    installTarball(packInto(work), lab);
    // the lab's one devDependency, Vite, as its install would have it (the same version as here)
    symlinkSync(join(ROOT, "node_modules", "vite"), join(lab, "node_modules", "vite"), "dir");
    labConfig = (await import(pathToFileURL(join(lab, "vite.config.js")).href)).default;
    const vite = await import("vite");
    const logger = vite.createLogger("warn");
    const warn = logger.warn.bind(logger);
    logger.warn = (msg, options) => { viteWarnings.push(msg); warn(msg, options); };
    // root = the lab: Vite reads its vite.config.js there, as `vite build` in that folder does
    await vite.build({ root: lab, logLevel: "warn", customLogger: logger });
    isolated = await serveStatic(join(lab, "dist"), true);
    plain = await serveStatic(join(lab, "dist"), false);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of [isolated, plain]) if (s) await closeServer(s);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function openLab(server: Server, hash = ""): Promise<{ context: BrowserContext; tab: Page; problems: string[] }> {
    const context = await browser!.newContext();
    const tab = await context.newPage();
    const problems = watchProblems(tab);
    await tab.goto(serverUrl(server) + hash);
    return { context, tab, problems };
  }

  /** Waits for drawing number `version` of the spectrum plot and reads what it shows. */
  async function plotAfter(tab: Page, version: number): Promise<PlotState> {
    await tab.waitForFunction((v) => Number(document.getElementById("spectrum-plot")!.dataset.version ?? 0) >= v, version, { timeout: 45_000 });
    return tab.evaluate(() => {
      const svg = document.getElementById("spectrum-plot")!;
      const d = svg.dataset;
      return {
        version: Number(d.version), points: Number(d.points), model: d.model!, params: JSON.parse(d.params!) as Record<string, number>,
        measured: Number(d.measured), predicted: d.predicted === "null" ? null : Number(d.predicted),
        bars: svg.querySelectorAll(".histogram rect, .eigenvalues circle").length, curve: svg.querySelector(".density, .disk") !== null,
      };
    });
  }

  /** Moves a range slider as a user's drag ends: sets its value and fires `input`. */
  async function moveSlider(tab: Page, name: string, value: number): Promise<void> {
    await tab.evaluate(([n, v]) => {
      const input = document.getElementById(`slider-${n}`) as HTMLInputElement;
      input.value = String(v);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }, [name, value] as const);
  }

  it("Vite builds the lab with its defaults plus only the COOP/COEP header lines, without a warning", () => {
    const lower = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
    const config = labConfig as { server?: { headers?: Record<string, string> }; preview?: { headers?: Record<string, string> } };
    expect(Object.keys(config).sort()).toEqual(["preview", "server"]);
    expect(Object.keys(config.server!)).toEqual(["headers"]);
    expect(Object.keys(config.preview!)).toEqual(["headers"]);
    expect(lower(config.server!.headers!)).toEqual(ISOLATION_HEADERS);
    expect(lower(config.preview!.headers!)).toEqual(ISOLATION_HEADERS);
    expect(viteWarnings).toEqual([]);
    const assets = readdirSync(join(lab, "dist", "assets"));
    expect(assets.filter((f) => f.endsWith(".wasm")), assets.join(", ")).toHaveLength(4);
    expect(assets.some((f) => /^lab\.worker.*\.js$/.test(f)), assets.join(", ")).toBe(true);
  });

  it("the spiked Wigner spectrum is drawn, and moving theta redraws it at the new BBP outlier", async () => {
    const { context, tab, problems } = await openLab(isolated!);
    try {
      const first = await plotAfter(tab, 1);
      expect(first.model).toBe("spiked-wigner");
      expect(first.points).toBe(first.params["n"]);
      expect(first.bars).toBeGreaterThan(10);
      expect(first.curve).toBe(true);
      const theta0 = first.params["theta"]!;
      expect(first.predicted).toBeCloseTo(theta0 + 1 / theta0, 12);
      // the top eigenvalue of one n = 600 draw: fluctuations O(n^{-1/2}) around theta + 1/theta
      expect(Math.abs(first.measured - first.predicted!)).toBeLessThan(0.25);

      await moveSlider(tab, "theta", 3);
      const moved = await plotAfter(tab, first.version + 1);
      expect(moved.params["theta"]).toBe(3);
      expect(moved.predicted).toBeCloseTo(3 + 1 / 3, 12);
      expect(Math.abs(moved.measured - (3 + 1 / 3))).toBeLessThan(0.25);

      // below the threshold theta = 1 nothing leaves the bulk: the top eigenvalue sticks to the edge 2
      await moveSlider(tab, "theta", 0.5);
      const below = await plotAfter(tab, moved.version + 1);
      expect(below.predicted).toBeNull();
      expect(Math.abs(below.measured - 2)).toBeLessThan(0.25);
      expect(await tab.textContent("#spectrum-table")).toContain("none (below threshold)");

      // a new n: the histogram holds the n eigenvalues of the new draw
      await moveSlider(tab, "n", 300);
      const smaller = await plotAfter(tab, below.version + 1);
      expect(smaller.points).toBe(300);
      expect(await tab.textContent("#status")).toMatch(/\d+ threads? \(cross-origin isolated\)/);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("the other three models draw against their theory: spiked covariance, spiked random features, LAMP", async () => {
    const { context, tab, problems } = await openLab(isolated!);
    try {
      let state = await plotAfter(tab, 1);
      await tab.selectOption("#model", "spiked-covariance");
      state = await plotAfter(tab, state.version + 1);
      expect(state.model).toBe("spiked-covariance");
      const { theta, gamma, n } = state.params as { theta: number; gamma: number; n: number };
      const d = Math.round(gamma * n);
      expect(state.points).toBe(d);
      const g = d / n;
      expect(state.predicted).toBeCloseTo((1 + theta) * (1 + g / theta), 12);
      expect(Math.abs(state.measured - state.predicted!)).toBeLessThan(0.3);

      await tab.selectOption("#model", "spiked-rf");
      state = await plotAfter(tab, state.version + 1);
      expect(state.model).toBe("spiked-rf");
      expect(state.bars).toBeGreaterThan(10);
      expect(state.curve).toBe(true);
      // the order-p spike against the deterministic equivalent's prediction
      expect(state.predicted).not.toBeNull();
      expect(Math.abs(state.measured / state.predicted! - 1)).toBeLessThan(0.05);

      // the page stays responsive while the worker computes: right after a slider moves to a
      // size that takes seconds, the page answers at once, with the old plot and "computing..."
      await moveSlider(tab, "n", 1600);
      const during = await tab.evaluate(() => ({
        version: Number(document.getElementById("spectrum-plot")!.dataset.version), status: document.getElementById("status")!.textContent,
      }));
      expect(during).toEqual({ version: state.version, status: "computing..." });
      state = await plotAfter(tab, state.version + 1);
      // p = n / 2 = 800 features: the bulk is the 799 eigenvalues below the order-p spike
      expect(state.params["n"]).toBe(1600);
      expect(state.points).toBe(799);

      await tab.selectOption("#model", "lamp");
      state = await plotAfter(tab, state.version + 1);
      expect(state.model).toBe("lamp");
      const alpha = state.params["alpha"]!;
      // alpha_c = pi^2 / 4 for sign(z1 z2); above it the outlier sits at alpha / alpha_c
      expect(alpha).toBeGreaterThan(Math.PI ** 2 / 4);
      expect(state.predicted).toBeCloseTo(alpha / (Math.PI ** 2 / 4), 6);
      expect(state.points).toBe(2 * Math.round(alpha * state.params["d"]!));
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("the throughput page: the threaded run uses the worker count it reports, the single-threaded run one thread", async () => {
    const { context, tab, problems } = await openLab(isolated!, "#throughput");
    try {
      const run = async (button: string) => {
        await tab.click(button);
        await tab.waitForFunction(() => document.getElementById("throughput-info")!.dataset.done === "true", null, { timeout: 90_000 });
        const info = await tab.evaluate(() => ({ ...document.getElementById("throughput-info")!.dataset }));
        const rows = await tab.evaluate(() => Array.from(document.querySelectorAll("#throughput-table tr")).slice(1)
          .map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent ?? "")));
        await tab.evaluate(() => { document.getElementById("throughput-info")!.dataset.done = "false"; });
        return { threads: Number(info["threads"]), workers: Number(info["workers"]), jobs: Number(info["workerJobs"]), rows };
      };
      const cores = await tab.evaluate(() => navigator.hardwareConcurrency);
      expect(await tab.evaluate(() => self.crossOriginIsolated)).toBe(true);

      const threaded = await run("#run-threads");
      expect(threaded.workers).toBe(cores - 1);
      expect(threaded.threads).toBe(threaded.workers + 1);
      if (cores > 1) expect(threaded.jobs).toBeGreaterThan(0);
      // four routines at three sizes, each with a positive time and the thread count that ran it
      expect(threaded.rows.map((r) => r[0])).toEqual(Array.from({ length: 3 }, () => ["matmul", "eigh", "eigvalsh", "eigsh"]).flat());
      for (const r of threaded.rows) {
        expect(Number(r[2])).toBeGreaterThan(0);
        expect(Number(r[4])).toBe(threaded.threads);
      }

      const single = await run("#run-single");
      expect(single.threads).toBe(1);
      expect(single.workers).toBe(0);
      expect(single.jobs).toBe(0);
      expect(single.rows).toHaveLength(12);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it("served without COOP/COEP the lab still computes, on one thread, and says so", async () => {
    const { context, tab, problems } = await openLab(plain!);
    try {
      const state = await plotAfter(tab, 1);
      expect(state.points).toBe(state.params["n"]);
      expect(await tab.textContent("#status")).toMatch(/1 thread \(not cross-origin isolated/);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
