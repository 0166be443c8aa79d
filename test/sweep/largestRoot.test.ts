/**
 * The largest-root test in sweep records (issue #15): records carry the test, old records (before
 * the test existed) are tested from their top eigenvalue, sweeps over several sizes keep one-size
 * seeds for a single size, and summaries refuse mixed sizes and a rule a model has no theory for.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { finiteSizeScaling } from "../../src/sweep/finiteSize.js";
import { edgeStatisticPanel, recordTest } from "../../src/sweep/largestRoot.js";
import { getModel, sweptParameterOf } from "../../src/sweep/models/index.js";
import { parseRecord } from "../../src/sweep/records.js";
import { commonTaskSeed, taskSeed } from "../../src/sweep/seeds.js";
import { sweep } from "../../src/sweep/sweep.js";
import { summarizeTransition } from "../../src/sweep/transition.js";
import { covarianceEdgeLaw } from "../../src/theory/edgeLaws.js";
import { tracyWidom } from "../../src/theory/tracyWidom/index.js";

describe("largest-root test in sweep records", () => {
  it("records carry the statistic and p-value of their edge law; an old record without them is tested the same way", async () => {
    const records = await sweep({ model: "spiked-covariance", values: [0.2, 2], fixed: { n: 200, gamma: 0.5 }, seeds: 2, seed: 1, workers: 1 });
    const law = covarianceEdgeLaw(200, 100);
    for (const r of records) {
      expect(r.test!.statistic).toBeCloseTo((r.measurement.top[0]! - law.center) / law.scale, 12);
      expect(r.test!.pValue).toBeCloseTo(1 - tracyWidom(1).cdf(r.test!.statistic), 9);
      // a JSONL line written before issue #15: no test field; it parses and is tested from its top eigenvalue
      const { test, ...old } = r;
      const parsed = parseRecord(JSON.stringify(old), sweptParameterOf)!;
      expect(parsed.test).toBeUndefined();
      expect(recordTest(parsed)).toEqual(test);
      expect(parseRecord(JSON.stringify(r), sweptParameterOf)!.test).toEqual(test);
    }
    // theta = 2: outlier (1 + 2)(1 + 0.25) = 3.75, far above the edge 2.91: p-values vanish
    expect(records.filter((r) => r.value === 2).every((r) => r.test!.pValue < 1e-6)).toBe(true);
    const s = summarizeTransition(records.map(({ test: _t, ...old }) => old));
    expect(s.rule).toBe("largest-root");
    expect(s.points[1]!.detection).toMatchObject({ detected: 2, trials: 2, rate: 1 });
    expect(s.points[1]!.detection!.predictedPower).toBeGreaterThan(0.99);
    // a malformed test field makes the line malformed
    expect(parseRecord(JSON.stringify({ ...records[0], test: { statistic: "x", pValue: 0.1 } }), sweptParameterOf)).toBeNull();
  });

  it("models without a Tracy-Widom law record no test and keep the separation rule", async () => {
    const records = await sweep({ model: "general-population", values: [2], fixed: { n: 200 }, seeds: 1, workers: 1 });
    expect(records[0]!.test).toBeUndefined();
    expect(summarizeTransition(records).rule).toBe("separation");
    expect(() => summarizeTransition(records, { rule: "largest-root" })).toThrow(/needs a Tracy-Widom edge law; model general-population has none/);
    expect(getModel("lamp").edgeLaw).toBeUndefined();
  });

  it("a sweep over sizes: tasks are size x value x seed, one size keeps the one-size seeds, resumes per size", async () => {
    const base = { model: "spiked-wigner", values: [0.5, 3], seeds: 2, seed: 4, workers: 1, noise: "independent" as const };
    const one = await sweep({ ...base, fixed: { n: 60 } });
    const sized = await sweep({ ...base, sizes: [60] });
    expect(sized.map((r) => r.seed)).toEqual(one.map((r) => r.seed));
    const out = join(mkdtempSync(join(tmpdir(), "spikelab-sizes-")), "r.jsonl");
    const two = await sweep({ ...base, sizes: [80, 60], out });
    let reused = 0;
    const again = await sweep({ ...base, sizes: [60], out, onProgress: (_d, _t, _r, wasReused) => { if (wasReused) reused++; } });
    expect(reused).toBe(4);
    expect(again.map((r) => r.seed)).toEqual(one.map((r) => r.seed));
    expect(two.map((r) => r.fixed["n"])).toEqual([60, 60, 60, 60, 80, 80, 80, 80]);
    // size index 1 (n = 80), grid index 1, seed 0: point index 1 * 2 + 1
    expect(two.find((r) => r.fixed["n"] === 80 && r.value === 3 && r.seedIndex === 0)!.seed).toBe(taskSeed(4, 3, 0));
    expect(() => summarizeTransition(two)).toThrow(/records mix sizes n = 60, 80/);
    const fs = finiteSizeScaling(two);
    expect(fs.perSize.map((s) => s.size)).toEqual([{ parameter: "n", value: 60 }, { parameter: "n", value: 80 }]);
    // common noise: one seed per (size, seed index), shared by every grid value, distinct across sizes
    const common = await sweep({ ...base, noise: "common", sizes: [80, 60] });
    expect(common.every((r) => r.noise === "common")).toBe(true);
    for (const n of [60, 80]) {
      for (const s of [0, 1]) {
        const seeds = new Set(common.filter((r) => r.fixed["n"] === n && r.seedIndex === s).map((r) => r.seed));
        expect([...seeds]).toEqual([commonTaskSeed(4, n, s)]);
      }
    }
    expect(new Set(common.map((r) => r.seed)).size).toBe(4);
    await expect(sweep({ ...base, model: "srf", values: [0], sizes: [100, 200] })).rejects.toThrow(/model srf has no size parameter/);
    await expect(sweep({ ...base, sizes: [60, 60] })).rejects.toThrow(/lists a size twice/);
    await expect(sweep({ ...base, sizes: [60, 1] })).rejects.toThrow(/parameter n must be an integer >= 2/);
  });

  it("the Tracy-Widom panel scales the instances well below the threshold", async () => {
    const records = await sweep({ model: "spiked-wigner", values: [0.2, 0.5, 1.5], fixed: { n: 100 }, seeds: 3, workers: 1, noise: "independent" });
    const panel = edgeStatisticPanel(records, "spiked Wigner")!;
    // with common noise a seed's instances below the threshold are one draw: one per seed, its smallest value
    const commonRecords = await sweep({ model: "spiked-wigner", values: [0.2, 0.5, 1.5], fixed: { n: 100 }, seeds: 3, workers: 1 });
    const commonPanel = edgeStatisticPanel(commonRecords, "spiked Wigner")!;
    expect(commonPanel.scaled).toEqual(commonRecords.filter((r) => r.value === 0.2).map((r) => expect.closeTo((r.measurement.top[0]! - 2) * 100 ** (2 / 3), 10)));
    // theta < 1 - 2 n^(-1/3) = 0.57: the values 0.2 and 0.5
    expect(panel.scaled.length).toBe(6);
    expect(panel.scaled).toEqual(records.filter((r) => r.value < 1).map((r) => (r.measurement.top[0]! - 2) * 100 ** (2 / 3)).map((x) => expect.closeTo(x, 10)));
    const mass = panel.density.y.reduce((s, y) => s + y, 0) * (panel.density.x[1]! - panel.density.x[0]!);
    expect(mass).toBeGreaterThan(0.99);
    expect(edgeStatisticPanel(await sweep({ model: "lamp", values: [1], fixed: { d: 40 }, seeds: 1, workers: 1 }), "lamp")).toBeNull();
  });
});
