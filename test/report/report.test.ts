// The report's marks and words (issue #19) and its "overlap against alpha" panel (issue #16), as
// HTML-string checks on reports rendered from hand-made inputs: every mark has a legend entry, the
// measured LAMP outlier is drawn over the predicted marker, the overlap is named, the version and
// date are in the page, the finite-size note is said, and the histogram resolves a narrow peak.
import { describe, expect, it } from "vitest";
import { histogramBins } from "../../src/report/bins.js";
import { FINITE_SIZE_NOTE, renderReport, spikelabVersion, type ReportInput } from "../../src/report/html.js";
import type { OverlapPanel, PointSummary, TransitionSummary } from "../../src/report/types.js";
import { InvalidArgumentError } from "../../src/errors.js";
import { readFileSync } from "node:fs";

/** The plotly figures the page carries, parsed back from its script. */
function figuresOf(html: string): { id: string; data: Record<string, unknown>[]; layout: Record<string, unknown> }[] {
  const m = html.match(/const figures = (.*);\nwindow\.spikelabRendered/);
  if (!m) throw new Error("no figures in the page");
  return JSON.parse(m[1]!);
}

const point = (value: number, top: number, overlap: number): PointSummary => ({
  value, seeds: 3, topMean: top, topStd: 0.01, overlapMean: overlap, overlapStd: 0.02, edgeMean: 2, separated: top > 2.1, overlapDetected: overlap > 0.1,
  prediction: { outliers: [], overlaps: [overlap], edge: 2, threshold: 1, edgeScale: 0.01 },
});

const summary: TransitionSummary = {
  model: "spiked-wigner", parameter: "theta", points: [point(0.5, 2, 0), point(1.5, 2.17, 0.5), point(2, 2.5, 0.75)], predictedThreshold: 1,
  eigenvalueThreshold: { estimate: 1.2, uncertainty: 0.1, bracketed: true }, overlapThreshold: { estimate: 1, uncertainty: 0.5, bracketed: true }, rule: "separation",
};
const curve = { values: [0.5, 2], top: [2, 2.5], edge: [2, 2], overlap: [0, 0.75] };

const base: ReportInput = {
  title: "t", sweeps: [{ summary, curve, label: "spiked Wigner" }], version: "9.8.7", date: "2026-12-07T22:00:00Z",
  spectra: [{ title: "s", eigenvalues: [-2, -1, 0, 1, 2, 3.4], density: { x: [-2, 0, 2], y: [0, 0.3, 0] }, edges: [-2, 2], outliers: [3.4] }],
  complexSpectra: [{ title: "c", re: [0.1, -0.3, 2.2], im: [0.2, -0.1, 0], radius: 1.3, outliers: [2.2] }],
};

describe("report marks and words (issue #19)", () => {
  const html = renderReport(base);
  const figs = figuresOf(html);
  const byId = (id: string) => figs.find((f) => f.id === id)!;
  const shapes = (id: string) => byId(id).layout["shapes"] as Record<string, unknown>[];

  it("every mark has a legend entry: threshold line and band, edges, outliers, the predicted disk", () => {
    for (const id of ["top-0", "overlap-0"]) {
      const named = shapes(id).filter((s) => s["showlegend"] === true).map((s) => s["name"]);
      expect(named).toEqual(["predicted threshold theta = 1.000", "measured threshold (outlier separates): 1.200 ± 0.100"]);
    }
    const lines = shapes("spectrum-0");
    expect(lines.map((s) => s["name"])).toEqual(["predicted support edges", "predicted support edges", "predicted outliers"]);
    // one legend entry per kind
    expect(lines.map((s) => s["showlegend"])).toEqual([true, false, true]);
    expect(shapes("complex-0")[0]).toMatchObject({ type: "circle", showlegend: true, name: "predicted bulk disk, radius 1.300" });
  });

  it("the measured outlier is drawn over the predicted marker, which is an open ring", () => {
    const data = byId("complex-0").data;
    expect(data.map((t) => t["name"])).toEqual(["predicted outliers", "measured eigenvalues"]);
    expect((data[0]!["marker"] as Record<string, unknown>)["symbol"]).toBe("circle-open");
  });

  it("names the overlap it plots (m² for the index models)", () => {
    expect((byId("overlap-0").layout["yaxis"] as { title: { text: string } }).title.text).toBe("|<u₁, v>|²");
    const m2 = figuresOf(renderReport({ ...base, sweeps: [{ summary, curve, label: "LAMP", overlapLabel: "m² = ‖Ŵᵀ W*‖²_F / (d ‖Ŵ‖²_F)" }] }));
    const overlapFig = m2.find((f) => f.id === "overlap-0")!;
    expect((overlapFig.layout["yaxis"] as { title: { text: string } }).title.text).toBe("m² = ‖Ŵᵀ W*‖²_F / (d ‖Ŵ‖²_F)");
    expect(overlapFig.data.map((t) => t["name"])).toEqual(["theory: m²", "measured m² (mean ± sd)"]);
  });

  it("carries the spikelab version and the date; by default the package's version", () => {
    expect(html).toContain("made by spikelab 9.8.7 on 2026-12-07T22:00:00Z");
    expect(html).toContain('<meta name="generator" content="spikelab 9.8.7">');
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(spikelabVersion()).toBe(pkg.version);
    const now = renderReport({ title: "t", sweeps: [] });
    expect(now).toMatch(new RegExp(`made by spikelab ${pkg.version.replace(/\./g, "\\.")} on \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ`));
    expect(() => renderReport({ ...base, version: 3 as never })).toThrow(InvalidArgumentError);
    // SOURCE_DATE_EPOCH (seconds since 1970) fixes the default date, so that two runs give one page
    process.env.SOURCE_DATE_EPOCH = "1796601600";
    try {
      expect(renderReport({ title: "t", sweeps: [] })).toContain(" on 2026-12-07T00:00:00Z");
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
    }
  });

  it("says that a measured threshold above the prediction is the expected finite-size effect", () => {
    expect(FINITE_SIZE_NOTE).toMatch(/measured threshold above the predicted one is the expected finite-size effect/);
    expect(html).toContain(FINITE_SIZE_NOTE);
    // nothing to say without a threshold
    expect(renderReport({ title: "t", sweeps: [] })).not.toContain(FINITE_SIZE_NOTE);
  });

  it("the histogram takes explicit bins", () => {
    const h = byId("spectrum-0").data[0]!;
    expect(h["nbinsx"]).toBeUndefined();
    expect(h["xbins"]).toMatchObject({ start: -2 });
  });
});

describe("histogram bins near a spectral peak", () => {
  const grid = Array.from({ length: 401 }, (_, i) => -2 + (4 * i) / 400);
  const semicircle = { x: grid, y: grid.map((x) => Math.sqrt(Math.max(0, 4 - x * x)) / (2 * Math.PI)) };
  // a narrow peak of half-width ~0.05 on a wide flat bulk [-2, 2]
  const peaked = { x: grid, y: grid.map((x) => (Math.abs(x) <= 2 ? 0.1 : 0) + 3 * Math.exp(-((x - 1) ** 2) / (2 * 0.03 ** 2))) };
  const many = Array.from({ length: 4000 }, (_, i) => -2 + (4 * (i + 0.5)) / 4000);

  it("a flat bulk gets 60 bins over its width; a narrow peak gets about 8 bins across its half-maximum width", () => {
    // the support is where the density is > 0: the grid points inside (-2, 2), 3.98 wide
    expect(histogramBins(many, semicircle)!.size).toBeCloseTo(3.98 / 60, 10);
    const fine = histogramBins(many, peaked)!;
    // full width at half maximum of the Gaussian peak: 2 sqrt(2 ln 2) 0.03 = 0.0706 (on a 0.01 grid)
    expect(fine.size).toBeGreaterThan(0.05 / 8); // the grid points above half maximum span 0.06
    expect(fine.size).toBeLessThan(0.09 / 8);
    expect(fine.size).toBeLessThan(4 / 60 / 5);
  });

  it("never below about five eigenvalues per bin on average; bins cover every eigenvalue, outliers included", () => {
    const few = Array.from({ length: 300 }, (_, i) => -2 + (4 * i) / 299);
    expect(histogramBins(few, peaked)!.size).toBeCloseTo(4 / 60, 10);
    const b = histogramBins([...many, 3.5], semicircle)!;
    expect(b.start).toBeCloseTo(-2 + 0.5 / 1000, 12);
    expect(b.end).toBeGreaterThan(3.5);
    expect(histogramBins([], semicircle)).toBeNull();
    expect(histogramBins([1, 1], semicircle)).toBeNull();
  });
});

describe("the overlap-against-alpha panel (issue #16)", () => {
  const panel: OverlapPanel = {
    title: "AMP, link z^2: overlap against alpha", parameter: "alpha", overlapLabel: "m² = ‖Ŵᵀ W*‖²_F / (d ‖Ŵ‖²_F)", threshold: 0.5,
    curves: [
      { method: "amp", name: "AMP: state evolution from an uninformed start", values: [0.3, 1.5], overlap: [0, 1] },
      { method: "lamp", name: "LAMP: predicted", values: [0.3, 1.5], overlap: [0, 0.3] },
    ],
    points: [
      { method: "amp", name: "AMP on data", values: [0.3, 1.5], mean: [0.001, 0.99], sd: [0.001, 0.01] },
      { method: "lamp", name: "LAMP on data", values: [0.3, 1.5], mean: [0.002, 0.28], sd: [0.001, 0.05] },
    ],
    notes: ["overlap panel: no TAP curve for link z^2: why"],
  };

  it("draws each method's curve and points in one colour, alpha_c with its legend entry, the panel's notes", () => {
    const html = renderReport({ title: "t", sweeps: [], overlapPanels: [panel] });
    const fig = figuresOf(html).find((f) => f.id === "overlap-panel-0")!;
    expect(fig.data.map((t) => t["name"])).toEqual(["AMP: state evolution from an uninformed start", "LAMP: predicted", "AMP on data", "LAMP on data"]);
    const color = (i: number) => ((fig.data[i]!["line"] ?? fig.data[i]!["marker"]) as { color: string }).color;
    expect(color(0)).toBe(color(2));
    expect(color(1)).toBe(color(3));
    expect(color(0)).not.toBe(color(1));
    expect(fig.data[2]!["error_y"]).toMatchObject({ array: [0.001, 0.01] });
    expect((fig.layout["shapes"] as Record<string, unknown>[])[0]).toMatchObject({ x0: 0.5, showlegend: true, name: expect.stringContaining("alpha_c = 0.5000") });
    expect((fig.layout["yaxis"] as { title: { text: string } }).title.text).toBe(panel.overlapLabel);
    expect(html).toContain("overlap panel: no TAP curve for link z^2: why");
    // alpha_c = 0 (a trivial direction): no line
    const trivial = figuresOf(renderReport({ title: "t", sweeps: [], overlapPanels: [{ ...panel, threshold: 0 }] }))[0]!;
    expect(trivial.layout["shapes"]).toEqual([]);
    expect(() => renderReport({ title: "t", sweeps: [], overlapPanels: [{ title: "x" } as never] })).toThrow(/overlapPanels\[0\]/);
  });
});
