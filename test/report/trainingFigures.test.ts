import { describe, expect, it } from "vitest";
import "../../src/index.js";
import { InvalidArgumentError } from "../../src/errors.js";
import { escapeScalingFigure, overlapTimeFigure, singularValueFigure, trainingFigures } from "../../src/report/trainingFigures.js";
import { train } from "../../src/dynamics/trainer.js";
import { sgdOde } from "../../src/dynamics/ode/solve.js";
import { Matrix } from "../../src/matrix.js";

type Trace = { x: number[]; y: number[]; name: string; text?: string[] };

describe("training figures (report/trainingFigures.ts)", () => {
  it("draws train's and sgdOde's results as they are: overlaps per direction against t > 0, with the ODE", () => {
    const common = { d: 200, p: 1, target: "z1*z2", activation: "relu" as const, lr: 0.5, steps: 400, record: [0, 50, 100, 200, 400] };
    const sim = train({ ...common, seed: 1, testSize: 0, spectrum: true });
    const ode = sgdOde({ ...common, M0: sim.M[0]!, Q0: sim.Q[0]! });
    const figs = trainingFigures({ label: "test", simulation: sim, ode, threshold: 0.5, noSignalLevel: 0.1, spectra: sim.spectrum!.slice(-1) });
    expect(figs.map((f) => f.id)).toEqual(["training-overlaps-0", "training-spectrum-0"]);
    const traces = figs[0]!.data as Trace[];
    expect(traces).toHaveLength(4); // 2 directions x (simulation, ODE)
    expect(traces[0]!.x).toEqual([0.25, 0.5, 1, 2]); // t = 0 left out of the log axis
    expect(traces[0]!.y).toEqual([1, 2, 3, 4].map((n) => sim.overlap[n]![0]));
    expect(traces[3]!.y).toEqual([1, 2, 3, 4].map((n) => ode.overlap[n]![1]));
    expect((figs[0]!.layout.shapes as unknown[]).length).toBe(2);
  });

  it("marks exactly the singular values above the bulk edge, with their overlaps", () => {
    const overlaps = new Matrix(3, 1, Float64Array.of(0.9, 0.2, 0.1));
    const fig = singularValueFigure(0, { step: 10, singular: Float64Array.of(1.8, 1.3, 1.05), bulkEdge: 1.2, overlaps }, "x", { x: [0.9, 1.1], y: [1, 2] });
    const marks = (fig.data as Trace[]).find((t) => t.name.startsWith("outliers"))!;
    expect(marks.x).toEqual([1.8, 1.3]);
    expect(marks.text).toEqual(["overlaps with W*: 0.90", "overlaps with W*: 0.20"]);
    const none = singularValueFigure(1, { step: 0, singular: [1.0, 1.1], bulkEdge: 1.2 }, "x");
    expect((none.data as Trace[]).some((t) => t.name.startsWith("outliers"))).toBe(false);
  });

  it("draws the predicted slope through the centre of the measured points on log-log axes", () => {
    const d = [250, 500, 1000, 2000];
    const steps = d.map((x) => 3 * x * Math.log(x));
    const fig = escapeScalingFigure(0, { d, steps, slope: 1.16, predictedSlope: 1.154, informationExponent: 2 }, "x");
    const predicted = (fig.data as Trace[])[2]!;
    const slope = Math.log(predicted.y[1]! / predicted.y[0]!) / Math.log(predicted.x[1]! / predicted.x[0]!);
    expect(slope).toBeCloseTo(1.154, 12);
    // through the centre: the mean of log y on the line at the mean of log d equals that of the points
    const meanLog = (v: number[]) => v.reduce((s, x) => s + Math.log(x), 0) / v.length;
    const at = Math.log(predicted.y[0]!) + slope * (meanLog(d) - Math.log(predicted.x[0]!));
    expect(at).toBeCloseTo(meanLog(steps), 12);
    expect(fig.layout.xaxis).toMatchObject({ type: "log" });
  });

  it("refuses malformed input with InvalidArgumentError", () => {
    expect(() => trainingFigures(null as never)).toThrow(InvalidArgumentError);
    expect(() => overlapTimeFigure(0, { label: "x", simulation: { time: [0, 1], overlap: [[0]] } })).toThrow(InvalidArgumentError);
    expect(() => singularValueFigure(0, { step: 0, singular: [1], bulkEdge: NaN }, "x")).toThrow(InvalidArgumentError);
    expect(() => escapeScalingFigure(0, { d: [1], steps: [1], slope: 1, predictedSlope: 1, informationExponent: 1 }, "x")).toThrow(InvalidArgumentError);
  });
});
