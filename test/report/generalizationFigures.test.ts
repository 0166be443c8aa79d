import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/errors.js";
import { generalizationFigures, type GeneralizationSummary } from "../../src/report/generalizationFigures.js";
import { renderReport } from "../../src/report/html.js";

const summary: GeneralizationSummary = {
  label: "tanh <student>",
  alpha: {
    parameter: "alpha", fixed: 3,
    points: [{ value: 1, testMean: 0.05, testStandardError: 0.002, trainMean: 0.02, trainStandardError: NaN, seeds: 3 }],
    theory: { values: [0.5, 1], test: [0.06, 0.048], train: [0.01, 0.021] },
    randomFeatures: { values: [0.5, 1], test: [0.4, 0.3], train: [0.2, 0.1] },
  },
  eta: { parameter: "eta", fixed: 1, points: [{ value: 0, testMean: 0.3, testStandardError: 0.01, trainMean: 0.1, trainStandardError: 0.01, seeds: 3 }], theory: null, randomFeatures: null },
};

describe("generalizationFigures", () => {
  it("draws theory, training theory, RF baseline and the simulated points with their standard errors", () => {
    const [a, e] = generalizationFigures(summary);
    expect(a!.id).toBe("generalization-alpha-0");
    const names = a!.data.map((t) => (t as { name: string }).name);
    expect(names).toEqual([
      "theory: test error (Cui et al. 2024, Result 3.3)", "theory: training error", "random features (eta = 0): test error",
      "simulated test error (mean ± se over seeds)", "simulated training error",
    ]);
    const sim = a!.data[3] as { x: number[]; y: number[]; error_y: { array: number[] } };
    expect(sim.x).toEqual([1]);
    expect(sim.y).toEqual([0.05]);
    expect(sim.error_y.array).toEqual([0.002]);
    expect((a!.data[4] as { error_y: { array: number[] } }).error_y.array).toEqual([0]); // NaN se (one seed) drawn as no bar
    expect(e!.id).toBe("generalization-eta-0");
    expect(e!.data).toHaveLength(2); // no theory: only the simulated points
    expect(JSON.stringify(e!.layout)).toContain("alpha = 1");
  });

  it("renderReport draws them, with the ids and the label escaped", () => {
    const html = renderReport({ title: "t", sweeps: [], figures: generalizationFigures(summary) });
    expect(html).toContain('<div class="fig" id="generalization-alpha-0"></div>');
    expect(html).not.toContain("<student>");
    expect(() => renderReport({ title: "t", sweeps: [], figures: [{ id: 3 } as never] })).toThrow(InvalidArgumentError);
  });

  it("rejects a malformed summary", () => {
    expect(() => generalizationFigures(null as never)).toThrow(InvalidArgumentError);
    expect(() => generalizationFigures({ label: "x", alpha: {} } as never)).toThrow(InvalidArgumentError);
  });
});
