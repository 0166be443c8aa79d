// The HTML report in a real browser: a report made from a small real sweep (spectrum panel, two
// sweeps, a complex-plane panel) is opened from a file in headless Chromium (Debian's, driven by
// playwright-core); the page must log no console errors, every plotly figure must render, and a
// screenshot is taken. Skipped without /usr/bin/chromium unless CI is set (.ci/run installs it).
import { existsSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { renderReport } from "../../src/report/html.js";
import { getModel } from "../../src/sweep/models/index.js";
import { sweep } from "../../src/sweep/sweep.js";
import { summarizeTransition } from "../../src/sweep/transition.js";

const CHROMIUM = "/usr/bin/chromium";
const run = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;

run("HTML report in headless Chromium", () => {
  it("loads without console errors, renders every figure, and can be screenshotted", async () => {
    const fixedCov = { n: 300, gamma: 0.5 };
    const cov = await sweep({ model: "spiked-covariance", values: [0.3, 1, 2], fixed: fixedCov, seeds: 2, workers: 1 });
    const fixedLamp = { d: 60, link: "sign(z1*z2)" };
    const lamp = await sweep({ model: "lamp", values: [1, 4], fixed: fixedLamp, seeds: 1, workers: 1 });
    const curve = (model: string, fixed: Record<string, number | string>, values: number[]) => {
      const m = getModel(model);
      const preds = values.map((x) => m.predict(x, { ...m.defaults, ...fixed }));
      return { values, top: preds.map((p) => p.outliers[0] ?? p.edge), edge: preds.map((p) => p.edge), overlap: preds.map((p) => p.overlaps[0] ?? 0) };
    };
    const lampModel = getModel("lamp");
    const html = renderReport({
      title: "report test <b>escaped</b>",
      subtitle: "spikelab test",
      spectra: [getModel("spiked-covariance").spectrum!(2, { ...getModel("spiked-covariance").defaults, ...fixedCov }, 1)],
      complexSpectra: [lampModel.complexSpectrum!(4, { ...lampModel.defaults, ...fixedLamp }, 1)],
      sweeps: [
        { summary: summarizeTransition(cov), curve: curve("spiked-covariance", fixedCov, [0.3, 1, 2]), label: "spiked covariance" },
        { summary: summarizeTransition(lamp), curve: curve("lamp", fixedLamp, [1, 4]), label: "LAMP" },
      ],
      facts: [["k", "v"]],
    });
    const dir = mkdtempSync(join(tmpdir(), "spikelab-report-"));
    const file = join(dir, "report.html");
    writeFileSync(file, html);
    const figures = (html.match(/class="fig"/g) ?? []).length;
    expect(figures).toBe(1 + 2 * 2 + 1);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`file://${file}`);
      await page.waitForFunction((n) => (window as unknown as { spikelabRendered: number }).spikelabRendered === n, figures, { timeout: 30_000 });
      // each figure div holds a rendered plotly SVG
      expect(await page.locator(".fig .main-svg").count()).toBeGreaterThanOrEqual(figures);
      expect(await page.title()).toBe("report test <b>escaped</b>");
      expect(await page.locator("h1 b").count()).toBe(0);
      const shot = join(dir, "report.png");
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(20_000);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
