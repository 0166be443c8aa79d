/**
 * The sweep-model registry and the sweep/report API's argument checks (issues #13 and #14): every
 * declared minimum is honest (a model runs at it and refuses one below), the record reader keeps
 * well-formed records only and repairs a cut last line, and bad arguments raise typed errors that
 * name the argument.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ConvergenceError, InvalidArgumentError, SpikelabError } from "../../src/errors.js";
import { linkAliases, linkByName } from "../../src/estimators/links.js";
import { escapeHtml, renderReport } from "../../src/report/html.js";
import { commandModels, getModel, measuresEigenvalues, ParameterError, sweepModels, sweptParameterOf } from "../../src/sweep/models/index.js";
import { parseRecord, readRecordFile } from "../../src/sweep/records.js";
import { taskSeed } from "../../src/sweep/seeds.js";
import { taskFailure, taskResult } from "../../src/sweep/task.js";
import { sweep } from "../../src/sweep/sweep.js";
import { estimateThreshold, summarizeTransition } from "../../src/sweep/transition.js";
import { ready } from "../../src/wasm/loader.js";

// small sizes for the parameters not under test, so that each instance costs milliseconds
const SMALL: Record<string, number> = { n: 24, p: 12, d: 12 };

describe("the registry", () => {
  beforeAll(async () => {
    await ready();
  });

  it("names each model once, and each CLI command's models sweep one parameter each", () => {
    const names = sweepModels().map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect(commandModels("bbp").map((m) => m.name)).toEqual(["spiked-covariance", "spiked-wigner", "general-population", "ck-spike", "srf"]);
    expect(commandModels("lamp").map((m) => m.name)).toEqual(["lamp", "tap", "mm"]);
    for (const m of sweepModels()) {
      expect(sweptParameterOf(m.name)).toBe(m.parameter);
      // the defaults are the declarations' and pass the model's own parser
      expect(Object.keys(m.defaults)).toEqual(m.params.map((s) => s.name));
      expect(() => m.validate(m.defaults)).not.toThrow();
    }
    expect(sweptParameterOf("nope")).toBeUndefined();
  });

  const minimums = sweepModels()
    .filter((m) => m.name !== "srf") // srf's deterministic equivalent needs sizes far above its minimums
    .flatMap((m) => m.params.filter((s) => s.kind === "integer").map((s) => [m.name, s.name, s.min ?? 1] as const));
  it.each(minimums)("%s runs at its minimum %s = %i and refuses one below", (name, param, min) => {
    const m = getModel(name);
    const fixed = { ...m.defaults, ...Object.fromEntries(m.params.filter((s) => s.kind === "integer").map((s) => [s.name, SMALL[s.name] ?? 24])), [param]: min };
    const value = Number(m.grid.split(/[:,]/).at(-2) ?? 1) || 2;
    const r = m.measure(value, fixed, 3);
    if (measuresEigenvalues(name)) {
      expect(r.top.length).toBeGreaterThan(0);
      expect(Number.isFinite(r.top[0]!) && Number.isFinite(r.edge)).toBe(true);
    } else {
      // amp: an overlap, no eigenvalue
      expect(r.top).toEqual([]);
      expect(Number.isFinite(r.overlaps[0]!)).toBe(true);
    }
    const below = () => m.validate({ ...fixed, [param]: min - 1 });
    expect(below).toThrow(ParameterError);
    expect(below).toThrow(new RegExp(`parameter ${param} must be an integer >= ${min}`));
  });

  it("index models need d >= the link's number of directions", () => {
    const lamp = getModel("lamp");
    expect(() => lamp.validate({ d: 2, link: "z1*z2*z3" })).toThrow(/parameter d must be an integer >= 3 for link z1\*z2\*z3/);
    expect(() => lamp.validate({ d: 3, link: "z1*z2*z3" })).not.toThrow();
    expect(() => getModel("mm").validate({ d: 50, link: "z1*z2" })).toThrow(/single-index/);
  });

  it("link aliases are the links' own names without spaces and '*'", () => {
    for (const alias of linkAliases()) expect(linkByName(alias).name.replace(/[\s*]/g, "")).toBe(alias);
    expect(linkByName("sign(z1 * z2)").name).toBe("sign(z1 z2)");
    expect(() => linkByName("z7")).toThrow(InvalidArgumentError);
    expect(() => linkByName(5 as never)).toThrow(InvalidArgumentError);
  });
});

const good = {
  model: "spiked-wigner", parameter: "theta", value: 2, pointIndex: 1, seedIndex: 0, seed: 12, fixed: { n: 100 },
  measurement: { top: [2.5, 2.0], overlaps: [0.7], edge: 2.0, seconds: 0.01, applications: 40 },
  prediction: { outliers: [2.5], overlaps: [0.75], edge: 2, threshold: 1, edgeScale: 0.05 },
};

describe("record files", () => {
  it("reads well-formed records only; JSON's null stands for NaN in numeric fields", () => {
    expect(parseRecord(JSON.stringify(good), sweptParameterOf)).toEqual(good);
    const nan = parseRecord(JSON.stringify({ ...good, prediction: { ...good.prediction, threshold: NaN } }), sweptParameterOf)!;
    expect(nan.prediction.threshold).toBeNaN();
    for (const bad of ["null", "3", "[]", "{", JSON.stringify({ ...good, model: "nope" }), JSON.stringify({ ...good, parameter: "alpha" }),
      JSON.stringify({ ...good, value: "2" }), JSON.stringify({ ...good, seedIndex: 0.5 }), JSON.stringify({ ...good, measurement: { ...good.measurement, top: [] } }),
      JSON.stringify({ ...good, prediction: null }), JSON.stringify({ ...good, fixed: { n: [1] } })]) {
      expect(parseRecord(bad, sweptParameterOf), bad).toBeNull();
    }
  });

  it("completes a whole last record that lacks its newline, and removes a cut one", () => {
    const dir = mkdtempSync(join(tmpdir(), "spikelab-records-"));
    const whole = join(dir, "whole.jsonl");
    writeFileSync(whole, `${JSON.stringify(good)}\n${JSON.stringify({ ...good, seedIndex: 1 })}`);
    const a = readRecordFile(whole, sweptParameterOf);
    expect(a).toMatchObject({ malformed: [], repaired: true });
    expect(a.records.length).toBe(2);
    expect(readFileSync(whole, "utf8").endsWith("}\n")).toBe(true);
    const cut = join(dir, "cut.jsonl");
    const line = JSON.stringify(good);
    writeFileSync(cut, `${line}\n\n${line.slice(0, 30)}`);
    const b = readRecordFile(cut, sweptParameterOf);
    expect(b).toMatchObject({ malformed: [3], repaired: true });
    expect(readFileSync(cut, "utf8")).toBe(`${line}\n\n`);
    expect(readRecordFile(join(dir, "none.jsonl"), sweptParameterOf)).toEqual({ records: [], malformed: [], repaired: false });
  });
});

describe("typed errors of the sweep and report API", () => {
  it.each([
    ["summarizeTransition([])", () => summarizeTransition([]), /summarizeTransition: records is empty/],
    ["summarizeTransition(null)", () => summarizeTransition(null as never), /summarizeTransition: records must be an array/],
    ["summarizeTransition([{}])", () => summarizeTransition([{}] as never), /records\[0\] is not a task record/],
    ["summarizeTransition(two models)", () => summarizeTransition([good, { ...good, model: "srf" }] as never), /records mix models/],
    ["estimateThreshold([1], [])", () => estimateThreshold([1], []), /estimateThreshold: values and seen/],
    ["renderReport({})", () => renderReport({} as never), /renderReport: input\.title/],
    ["renderReport({ title, sweeps: 3 })", () => renderReport({ title: "t", sweeps: 3 } as never), /input\.sweeps must be an array/],
    ["renderReport(bad fact)", () => renderReport({ title: "t", sweeps: [], facts: [["k"]] } as never), /input\.facts\[0\]/],
    ["escapeHtml(5)", () => escapeHtml(5 as never), /escapeHtml: the text must be a string/],
    ["taskSeed(-1, 0, 0)", () => taskSeed(-1, 0, 0), /taskSeed: baseSeed must be an integer >= 0/],
    ["taskSeed(0, 1.5, 0)", () => taskSeed(0, 1.5, 0), /taskSeed: pointIndex/],
  ])("%s", (_label, call, message) => {
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(message);
  });

  it.each([
    ["workers: 1.5", { workers: 1.5 }, /options\.workers must be an integer >= 1, got 1\.5/],
    ["seeds: 0", { seeds: 0 }, /options\.seeds must be an integer >= 1/],
    ["seed: -2", { seed: -2 }, /options\.seed must be an integer >= 0/],
    ["values: 'x'", { values: "x" }, /options\.values must be an array/],
    ["values: []", { values: [] }, /options\.values \(the grid of theta\) is empty/],
    ["values: [NaN]", { values: [NaN] }, /options\.values must be finite numbers/],
    ["model: 5", { model: 5 }, /options\.model must be a model name/],
    ["model: 'bbp'", { model: "bbp" }, /unknown model 'bbp'/],
    ["out in a missing folder", { out: "/missing-dir/r.jsonl" }, /options\.out \/missing-dir\/r\.jsonl: the folder \/missing-dir does not exist/],
    ["out a folder", { out: tmpdir() }, /options\.out .* exists and is not a plain file/],
    ["onProgress: 3", { onProgress: 3 }, /options\.onProgress must be a function/],
    ["fixed: { n: 1 }", { fixed: { n: 1 } }, /parameter n must be an integer >= 2/],
  ])("sweep({ %s }) is refused before any task", async (_label, bad, message) => {
    const t0 = performance.now();
    const call = sweep({ model: "spiked-wigner", values: [1], workers: 1, ...bad } as never);
    await expect(call).rejects.toThrow(InvalidArgumentError);
    await expect(call).rejects.toThrow(message);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("a swept value outside the model's range is refused up front", async () => {
    await expect(sweep({ model: "lamp", values: [1, 0], workers: 1 })).rejects.toThrow(/alpha values must be > 0 for model lamp, got 0/);
    await expect(sweep({ model: "srf", values: [-0.5], workers: 1 })).rejects.toThrow(/theta values must be >= 0 for model srf/);
  });
});

describe("errors thrown on a sweep's worker threads", () => {
  it("stay typed across the thread boundary (structured clone drops the class), and a bug stays a plain Error", () => {
    // what piscina does to a worker's result: a structured clone
    const typed = structuredClone(taskFailure(new ConvergenceError("spiked-RF equivalent: no convergence", 10, 1e-3)));
    expect(() => taskResult(typed)).toThrow(SpikelabError);
    expect(() => taskResult(typed)).toThrow("spiked-RF equivalent: no convergence");
    try {
      taskResult(typed);
    } catch (err) {
      expect((err as Error).name).toBe("ConvergenceError");
    }
    const bug = structuredClone(taskFailure(new TypeError("x is undefined")));
    let thrown: unknown;
    try {
      taskResult(bug);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(SpikelabError);
    expect((thrown as Error).stack).toContain("TypeError: x is undefined");
    expect(taskResult(structuredClone(good) as never)).toEqual(good);
  });
});
