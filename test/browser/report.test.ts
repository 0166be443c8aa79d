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
import { finiteSizePanel, finiteSizeScaling } from "../../src/sweep/finiteSize.js";
import { edgeStatisticPanel } from "../../src/sweep/largestRoot.js";
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
    // the finite-size laws (#15): a detection-rate panel with the power curve, a Tracy-Widom panel, a finite-size panel
    const sized = await sweep({ model: "spiked-wigner", values: [0.2, 0.6, 1.2, 2], sizes: [60, 120], seeds: 3, workers: 1 });
    const fs = finiteSizeScaling(sized);
    const wigner = getModel("spiked-wigner");
    const powerOf = (n: number) => ({ values: [0.2, 0.6, 1.2, 2], power: [0.2, 0.6, 1.2, 2].map((x) => wigner.detectionPower!(x, { n }, 0.05)), level: 0.05 });
    const panel = finiteSizePanel(fs, "spiked Wigner");
    // the overlap-against-alpha panel of an AMP sweep (#16) with LAMP's predicted curve
    const ampFixed = { d: 100, link: "z^2" };
    const ampRecords = await sweep({ model: "amp", values: [0.3, 1.5], fixed: ampFixed, seeds: 2, workers: 1 });
    const ampSummary = summarizeTransition(ampRecords);
    const alphas = [0.3, 0.6, 0.9, 1.2, 1.5];
    const overlapPanels = [{
      title: "AMP, link z^2: overlap against alpha", parameter: "alpha", overlapLabel: "m²", threshold: ampSummary.predictedThreshold,
      curves: [
        { method: "amp", name: "AMP: state evolution", values: alphas, overlap: curve("amp", ampFixed, alphas).overlap },
        { method: "lamp", name: "LAMP: predicted", values: alphas, overlap: curve("lamp", ampFixed, alphas).overlap },
      ],
      points: [{ method: "amp", name: "AMP on data", values: ampSummary.points.map((p) => p.value), mean: ampSummary.points.map((p) => p.overlapMean), sd: ampSummary.points.map((p) => p.overlapStd) }],
    }];
    panel.powers = [powerOf(60), powerOf(120)];
    const html = renderReport({
      title: "report test <b>escaped</b>",
      subtitle: "spikelab test",
      spectra: [getModel("spiked-covariance").spectrum!(2, { ...getModel("spiked-covariance").defaults, ...fixedCov }, 1)],
      complexSpectra: [lampModel.complexSpectrum!(4, { ...lampModel.defaults, ...fixedLamp }, 1)],
      sweeps: [
        { summary: summarizeTransition(cov), curve: curve("spiked-covariance", fixedCov, [0.3, 1, 2]), label: "spiked covariance" },
        { summary: summarizeTransition(lamp), curve: curve("lamp", fixedLamp, [1, 4]), label: "LAMP" },
        { summary: fs.perSize[1]!, curve: curve("spiked-wigner", { n: 120 }, [0.2, 0.6, 1.2, 2]), label: "spiked Wigner", power: powerOf(120) },
      ],
      edgeStatistics: [edgeStatisticPanel(sized.filter((r) => r.fixed["n"] === 120), "spiked Wigner")!],
      finiteSize: [panel],
      overlapPanels,
      notes: ["lamp: no Tracy-Widom theory; the separation rule"],
      facts: [["k", "v"]],
    });
    const dir = mkdtempSync(join(tmpdir(), "spikelab-report-"));
    const file = join(dir, "report.html");
    writeFileSync(file, html);
    const figures = (html.match(/class="fig"/g) ?? []).length;
    // overlap panel, spectrum, top + overlap per sweep, detection rates (covariance, Wigner), Tracy-Widom, finite-size (3), complex plane
    expect(figures).toBe(1 + 1 + 3 * 2 + 2 + 1 + 3 + 1);
    expect(html).toContain('id="overlap-panel-0"');
    for (const id of ["detection-0", "detection-2", "tracy-widom-0", "sizes-detection-0", "scaling-0", "collapse-0"]) expect(html).toContain(`id="${id}"`);
    expect(html).toContain("extrapolated to ∞");

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
      // every mark has a legend entry (#19): shapes with showlegend render as legend items too
      const legendItems = await page.locator("#complex-0 .legend .traces").count();
      expect(legendItems).toBe(3); // predicted outliers, measured eigenvalues, predicted bulk disk
    } finally {
      await browser.close();
    }
  });
});
