// The finite-size panel draws the fit that finiteSizeScaling made (issue #15): on the log scale the
// fitted curve is theta_c exp((a / theta_c) n^(-1/3)), not a straight line, and it must pass through
// thresholds that follow that law exactly.
import { describe, expect, it } from "vitest";
import { extrapolateThreshold } from "../../src/compare/finiteSizeScaling.js";
import { scalingFigure } from "../../src/report/lawFigures.js";
import type { FiniteSizePanel, ScalingFitSummary } from "../../src/report/types.js";

function panelWith(fit: ScalingFitSummary): FiniteSizePanel {
  return {
    label: "test",
    summary: { model: "spiked-covariance", predictedThreshold: 0.5, perSize: [], eigenvalue: fit, overlap: null, notes: [] } as unknown as FiniteSizePanel["summary"],
    collapse: [],
  };
}

describe("the finite-size figure's fitted curve", () => {
  for (const scale of ["log", "linear"] as const) {
    it(`${scale} scale: the dashed curve passes through thresholds that follow the fitted law exactly`, () => {
      const law = (n: number) => (scale === "log" ? 0.5 * Math.exp(1.9 * n ** (-1 / 3)) : 0.5 + 0.95 * n ** (-1 / 3));
      const points = [200, 400, 800, 1600].map((size) => ({ size, threshold: law(size), standardError: 0.01 }));
      const f = extrapolateThreshold(points, { scale });
      expect(f.limit).toBeCloseTo(0.5, 12);
      const fit: ScalingFitSummary = { ...f, scale };
      const fig = scalingFigure(0, panelWith(fit)) as unknown as { data: { x: number[]; y: number[]; name: string; mode: string }[] };
      const curve = fig.data.find((d) => d.mode === "lines" && d.name.startsWith("WLS fit"))!;
      expect(curve).toBeDefined();
      // interpolate the drawn polyline at each point's x = n^(-1/3): within the chord error of 41 points
      for (const p of points) {
        const x = p.size ** (-1 / 3);
        const i = curve.x.findIndex((t) => t >= x);
        const t = (x - curve.x[i - 1]!) / (curve.x[i]! - curve.x[i - 1]!);
        const y = curve.y[i - 1]! + t * (curve.y[i]! - curve.y[i - 1]!);
        expect(Math.abs(y - p.threshold)).toBeLessThan(2e-4);
      }
      expect(curve.y[0]).toBeCloseTo(0.5, 12);
    });
  }
});

describe("the CLI's finite-size line names the fitted form", () => {
  it("theta_c exp(a n^(-1/3) / theta_c) for the log scale, theta_c + a n^(-1/3) for the linear one", async () => {
    const { finiteSizeLine } = await import("../../src/cli/summaryText.js");
    const points = [200, 400, 800].map((size) => ({ size, threshold: 0.5 + size ** (-1 / 3), standardError: 0.01 }));
    for (const scale of ["log", "linear"] as const) {
      const fit: ScalingFitSummary = { ...extrapolateThreshold(points, { scale }), scale };
      const summary = { model: "spiked-covariance", parameter: "theta", sizeParameter: "n", predictedThreshold: 0.5, eigenvalue: fit, overlap: null,
        perSize: points.map((p) => ({ size: { name: "n", value: p.size } })) } as unknown as Parameters<typeof finiteSizeLine>[0];
      const line = finiteSizeLine(summary);
      expect(line).toContain(scale === "log" ? "extrapolated (theta_c exp(a n^(-1/3) / theta_c))" : "extrapolated (theta_c + a n^(-1/3))");
      expect(line).toContain(`theta_c = ${fit.limit.toFixed(3)} ± ${fit.standardError.toFixed(3)}`);
    }
  });
});
