/**
 * The largest-root test of a sweep's instances (Johnstone 2001; Ma 2012 for the real Wishart
 * centering): under "no spike" the top eigenvalue of the models with a Tracy-Widom edge law
 * (spiked Wigner, spiked covariance) is center + scale TW1 at finite size; the p-value of a measured
 * top eigenvalue is P(TW1 > (lambda_1 - center) / scale) (theory/largestRootTest.ts). Records made
 * before the test existed are tested here from their top eigenvalue, so old JSONL files still
 * summarize by the new rule.
 */
import type { EdgeStatisticPanel } from "../report/types.js";
import { InvalidArgumentError } from "../errors.js";
import { largestRootPValue } from "../theory/largestRootTest.js";
import { tracyWidom } from "../theory/tracyWidom/index.js";
import { getModel, type SweepModel } from "./models/index.js";
import type { LargestRootRecord, Params, TaskRecord } from "./types.js";

/** The test of one top eigenvalue, or undefined for a model without an edge law. */
export function largestRootTest(model: SweepModel, fixed: Params, top: number): LargestRootRecord | undefined {
  if (!model.edgeLaw || !Number.isFinite(top)) return undefined;
  const law = model.edgeLaw({ ...model.defaults, ...fixed });
  return { statistic: (top - law.center) / law.scale, pValue: largestRootPValue(top, law) };
}

/** The record's test: the recorded one, else computed from its top eigenvalue (undefined without an edge law). */
export function recordTest(record: TaskRecord): LargestRootRecord | undefined {
  if (typeof record !== "object" || record === null || typeof record.model !== "string" || !Array.isArray(record.measurement?.top)) {
    throw new InvalidArgumentError(`recordTest: record must be a task record (model, fixed, measurement.top), got ${record}`);
  }
  return record.test ?? largestRootTest(getModel(record.model), record.fixed, record.measurement.top[0]!);
}

/**
 * The report's panel of scaled top eigenvalues (lambda_1 - center) / scale of the instances well
 * below the threshold, value < theta_c (1 - 2 n^(-1/3)) (outside the critical window, where the spike
 * no longer moves the top eigenvalue at this size), beside the Tracy-Widom density of the edge law.
 * Records of several sizes may be mixed: each is scaled by its own size's law. Null for a model
 * without an edge law or with no such instance.
 */
export function edgeStatisticPanel(records: TaskRecord[], label: string): EdgeStatisticPanel | null {
  if (!Array.isArray(records)) throw new InvalidArgumentError(`edgeStatisticPanel: records must be an array of task records, got ${records}`);
  if (typeof label !== "string") throw new InvalidArgumentError(`edgeStatisticPanel: label must be a string, got ${label}`);
  records.forEach((r, i) => {
    if (typeof r !== "object" || r === null || typeof r.model !== "string" || typeof r.value !== "number" || typeof r.fixed !== "object" ||
      r.fixed === null || typeof r.prediction !== "object" || r.prediction === null || !Array.isArray(r.measurement?.top)) {
      throw new InvalidArgumentError(`edgeStatisticPanel: records[${i}] is not a task record`);
    }
  });
  if (records.length === 0) return null;
  const model = getModel(records[0]!.model);
  if (!model.edgeLaw) return null;
  let below = records.filter((r) => {
    const size = Number(r.fixed[model.sizeParameter ?? "n"]);
    return r.value < r.prediction.threshold * (1 - 2 * size ** (-1 / 3));
  });
  // with common noise a seed's instances below the threshold share one top eigenvalue up to the
  // spike's small effect: one instance per seed (its smallest value) keeps the histogram's draws independent
  if (below.some((r) => r.noise === "common")) {
    const first = new Map<string, TaskRecord>();
    for (const r of below) {
      const key = `${JSON.stringify(r.fixed)}|${r.seed}`;
      const kept = first.get(key);
      if (!kept || r.value < kept.value) first.set(key, r);
    }
    below = [...first.values()];
  }
  const scaled = below.map((r) => recordTest(r)!.statistic).filter(Number.isFinite);
  if (scaled.length === 0) return null;
  const law = tracyWidom(model.edgeLaw({ ...model.defaults, ...records[0]!.fixed }).beta);
  const x = Array.from({ length: 181 }, (_, i) => -5 + (9 * i) / 180);
  const values = [...new Set(below.map((r) => r.value))].sort((a, b) => a - b);
  const sizes = [...new Set(below.map((r) => r.fixed[model.sizeParameter ?? "n"]))].join(", ");
  return {
    title: `${label}: (λ₁ - center) / scale, ${scaled.length} instances below the threshold ` +
      `(${model.parameter} = ${values[0]}..${values[values.length - 1]}, ${model.sizeParameter ?? "n"} = ${sizes}) vs Tracy-Widom β = ${law.beta}`,
    scaled,
    density: { x, y: x.map((s) => law.density(s)) },
  };
}
