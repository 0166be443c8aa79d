import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, oneStepRidge, targetByName } from "../../src/index.js";
import { generalizationSweep, type GeneralizationSweepOptions } from "../../src/sweep/generalization.js";
import { parseGeneralizationRecord } from "../../src/sweep/generalizationRecords.js";
import { taskSeed } from "../../src/sweep/seeds.js";
import { oneStepParameters } from "../../src/theory/oneStep/parameters.js";
import { activation } from "../../src/features/activations.js";

const small: GeneralizationSweepOptions = {
  activation: "tanh", target: "sin(z)", alpha0: 4, eta: 2, ridge: 0.1, alphas: [0.5, 2], etas: [0, 2], etaAlpha: 1,
  d: 150, seeds: 3, seed: 5, testSamples: 800, theoryPoints: 5,
};

describe("generalizationSweep", () => {
  const run = generalizationSweep(small);

  it("runs one task per seed of the alpha curve and per (eta, seed) of the eta curve, each from taskSeed", () => {
    expect(run.records).toHaveLength(3 + 2 * 3);
    // the alpha curve's seed-1 task is oneStepRidge at taskSeed(5, 0, 1): order and thread count play no part
    const rec = run.records.find((r) => r.curve === "alpha" && r.seedIndex === 1)!;
    expect(rec.seed).toBe(taskSeed(5, 0, 1));
    const direct = oneStepRidge({
      activation: "tanh", target: { activation: targetByName("sin(z)"), noise: 0 }, d: 150, alpha0: 4, eta: 2, ridge: 0.1, alpha: [0.5, 2],
      testSamples: 800, model: "gradient-step", widthRatio: 1, seed: taskSeed(5, 0, 1),
    });
    expect(rec.points).toEqual(direct.points);
    const etaRec = run.records.find((r) => r.curve === "eta" && r.pointIndex === 2 && r.seedIndex === 0)!;
    expect(etaRec.eta).toBe(2);
    expect(etaRec.points.map((q) => q.alpha)).toEqual([1]);
  });

  it("summarizes each grid value by the mean and standard error over seeds", () => {
    const a = run.summary.alpha;
    expect(a.points.map((q) => q.value)).toEqual([0.5, 2]);
    const xs = run.records.filter((r) => r.curve === "alpha").map((r) => r.points[1]!.testError);
    const mean = (xs[0]! + xs[1]! + xs[2]!) / 3;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / 2);
    expect(a.points[1]!.testMean).toBeCloseTo(mean, 14);
    expect(a.points[1]!.testStandardError).toBeCloseTo(sd / Math.sqrt(3), 14);
    expect(a.points[1]!.seeds).toBe(3);
    expect(run.summary.eta!.points.map((q) => q.value)).toEqual([0, 2]);
    expect(run.summary.eta!.fixed).toBe(1);
  });

  it("theory curves span the grid and contain its values; the eta = 0 point of the eta curve is the random-features baseline", () => {
    const t = run.summary.alpha.theory!;
    expect(t.values[0]).toBe(0.5);
    expect(t.values.at(-1)).toBe(2);
    expect(t.values).toContain(2);
    t.test.forEach((x) => expect(x).toBeGreaterThan(0));
    const rf = run.summary.alpha.randomFeatures!;
    // features after a step predict better than random features at the same alpha
    expect(t.test.at(-1)!).toBeLessThan(rf.test.at(-1)!);
    // RF baseline at alpha = 1 (linear interpolation is not needed: run it on the eta grid's alpha)
    const etaTheory = run.summary.eta!.theory!;
    const rfAt1 = generalizationSweep({ ...small, alphas: [1], etas: undefined, seeds: 1, d: 20, testSamples: 10, theoryPoints: 1 }).summary.alpha.randomFeatures!;
    expect(etaTheory.test[0]).toBeCloseTo(rfAt1.test[0]!, 10);
    // without a step the simulation is random features at every eta: the eta = 0 points are the RF ones
    expect(run.summary.eta!.points[0]!.testMean).toBeGreaterThan(run.summary.eta!.points[1]!.testMean);
  });

  it("says where the spike is too weak for the size (r sqrt(p) < 3): the p -> infinity prediction is not reached there", () => {
    // tanh/sin, alpha0 = 4: r = eta mu1 sqrt(E y^2 / 4 + mu1*^2) = 0.4 eta, so r sqrt(150) = 4.9 eta
    const r = generalizationSweep({ ...small, etas: [0, 0.1], seeds: 1, d: 150, testSamples: 10, theoryPoints: 1 });
    expect(r.notes.filter((n) => /weak at this size/.test(n))).toEqual([expect.stringMatching(/^at eta = 0.1 the spike is weak/)]);
  });

  it("the spiked model samples the theory's r, cW and gamma", () => {
    const r = generalizationSweep({ ...small, model: "spiked", etas: undefined, seeds: 1, d: 60, testSamples: 50 });
    const p = oneStepParameters({ activation: activation("tanh"), target: activation(targetByName("sin(z)")), alpha0: 4, eta: 2 });
    expect(r.records[0]!.spike).toEqual({ r: p.r, cW: p.cW, gamma: p.gamma });
  });

  it("appends its records to a JSONL file and resumes from it, skipping foreign lines and other configurations", () => {
    const dir = mkdtempSync(join(tmpdir(), "spikelab-gen-"));
    const file = join(dir, "g.jsonl");
    const opts = { ...small, etas: undefined, seeds: 2, d: 60, testSamples: 100, jsonl: file };
    const first = generalizationSweep(opts);
    expect(first.resumed).toBe(0);
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(parseGeneralizationRecord(lines[0]!)).toEqual(first.records[0]);
    appendFileSync(file, "not json\n{\"kind\":\"generalization\"}\n");
    const again = generalizationSweep(opts);
    expect(again.resumed).toBe(2);
    expect(again.records).toEqual(first.records);
    expect(again.notes.join(" ")).toMatch(/2 line\(s\)/);
    // another ridge: another configuration, nothing reused
    const other = generalizationSweep({ ...opts, ridge: 0.2 });
    expect(other.resumed).toBe(0);
    // a cut last line gets its newline before the next record
    writeFileSync(file, readFileSync(file, "utf8") + "{\"cut");
    generalizationSweep({ ...opts, ridge: 0.3 });
    const tail = readFileSync(file, "utf8").trim().split("\n").slice(-3);
    expect(tail[0]).toBe("{\"cut");
    expect(parseGeneralizationRecord(tail[1]!)).not.toBeNull();
  });

  it("rejects bad options before any work", () => {
    const bad: Partial<GeneralizationSweepOptions>[] = [
      { alphas: [] }, { alphas: [0] }, { etas: [] }, { target: "exp(z)" }, { activation: "nope" }, { d: 1 }, { seeds: 0 }, { ridge: -1 },
      { model: "other" as never }, { alpha0: -1 },
    ];
    for (const b of bad) expect(() => generalizationSweep({ ...small, ...b }), JSON.stringify(b)).toThrow(InvalidArgumentError);
  });
});
