/**
 * The report's panel "overlap against alpha" for an AMP sweep (issue #16): AMP's state-evolution
 * curve and its simulated points, the spectral estimators' predicted overlaps for the same link
 * (LAMP, TAP and Mondelli-Montanari, each where its theory applies to the link: the models' own
 * `predict`, src/sweep/models/), and their simulated points where those sweeps ran in the same
 * invocation with the same link (`spikelab amp --compare lamp,tap,mm`). All four measure and predict
 * the same overlap, P1's m^2 (src/estimators/overlap.ts).
 */
import { SpikelabError } from "../errors.js";
import { linkAliasKey } from "../estimators/links.js";
import type { OverlapCurve, OverlapPanel, OverlapPoints, TheoryCurve, TransitionSummary } from "../report/types.js";
import { commandModels, getModel, INDEX_MODEL_OVERLAP, modelLabel } from "../sweep/models/index.js";
import type { Params } from "../sweep/types.js";
import type { Done } from "./runSweeps.js";

/** Points of the spectral estimators' predicted curves over the grid's range. */
const CURVE_POINTS = 101;

function pointsOf(method: string, name: string, summary: TransitionSummary): OverlapPoints {
  return {
    method, name,
    values: summary.points.map((p) => p.value),
    mean: summary.points.map((p) => p.overlapMean),
    sd: summary.points.map((p) => p.overlapStd),
  };
}

/**
 * For p >= 2: per planted direction k, SE's Q_kk (the model's prediction.overlaps[k], cached from
 * the SE curve) and the measured part of w*_k captured by AMP's estimate (measurement.overlaps[k]),
 * so that a hierarchical link's staircase (z1 + z1 z2: z1 first, then z2) shows direction by direction.
 */
function directionSeries(amp: Done, values: number[], fixed: Params, curves: OverlapCurve[], points: OverlapPoints[]): void {
  const model = getModel(amp.command.model);
  const size = amp.summary.size;
  const records = amp.records.filter((r) => !size || Number(r.fixed[size.parameter]) === size.value);
  const p = (records[0]?.measurement.overlaps.length ?? 1) - 1;
  if (p < 2) return;
  const predictions = values.map((a) => model.predict(a, fixed).overlaps);
  const grid = [...new Set(records.map((r) => r.value))].sort((a, b) => a - b);
  for (let k = 1; k <= p; k++) {
    curves.push({ method: `direction-${k}`, name: `AMP: state evolution, direction ${k} (Q_${k}${k})`, values, overlap: predictions.map((o) => o[k] ?? 0) });
    const at = grid.map((v) => records.filter((r) => r.value === v).map((r) => r.measurement.overlaps[k]!));
    const mean = at.map((xs) => xs.reduce((s, x) => s + x, 0) / xs.length);
    const sd = at.map((xs, i) => (xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean[i]!) ** 2, 0) / (xs.length - 1)) : 0));
    points.push({ method: `direction-${k}`, name: `AMP on data, direction ${k} (part of w*_${k} in the span of the estimate)`, values: grid, mean, sd });
  }
}

/** The panel of one AMP sweep (`amp`), with its SE curve, beside the other finished sweeps of the run. */
export function overlapPanel(amp: Done, seCurve: TheoryCurve, done: readonly Done[]): OverlapPanel {
  const model = getModel(amp.command.model);
  const { summary } = amp;
  const fixed: Params = { ...model.defaults, ...amp.command.fixed, ...(summary.size ? { [summary.size.parameter]: summary.size.value } : {}) };
  const link = String(fixed["link"]);
  const d = Number(fixed["d"]);
  const seeds = summary.points[0]?.seeds ?? 0;
  const values = amp.command.values;
  const lo = Math.min(...values), hi = Math.max(...values);
  const grid = [...new Set([...Array.from({ length: CURVE_POINTS }, (_, i) => lo + ((hi - lo) * i) / (CURVE_POINTS - 1)), ...values])].sort((a, b) => a - b);
  const curves: OverlapCurve[] = [{ method: "amp", name: "AMP: state evolution from an uninformed start", values: seCurve.values, overlap: seCurve.overlap }];
  const points: OverlapPoints[] = [pointsOf("amp", `AMP on data (d = ${d}, ${fixed["init"]} start; mean ± sd over ${seeds} seeds)`, summary)];
  const notes: string[] = [];
  directionSeries(amp, seCurve.values, fixed, curves, points);
  for (const m of commandModels("lamp")) {
    const mf: Params = { ...m.defaults, d, link };
    const name = modelLabel(m, mf).split(",")[0]!;
    try {
      m.validate(mf);
      curves.push({ method: m.name, name: `${name}: predicted`, values: grid, overlap: grid.map((a) => m.predict(a, mf).overlaps[0] ?? 0) });
    } catch (err) {
      if (!(err instanceof SpikelabError)) throw err;
      notes.push(`overlap panel: no ${name} curve for link ${link}: ${err.message}`);
    }
  }
  for (const other of done) {
    const m = getModel(other.command.model);
    if (m.command !== "lamp" || linkAliasKey(String(other.command.fixed["link"])) !== linkAliasKey(link)) continue;
    const at = other.summary.size ? other.summary.size.value : Number(other.command.fixed["d"]);
    points.push(pointsOf(m.name, `${modelLabel(m, other.command.fixed).split(",")[0]} on data (d = ${at}; mean ± sd over ${other.summary.points[0]?.seeds ?? 0} seeds)`, other.summary));
  }
  if (summary.predictedThreshold === 0) {
    notes.push(`overlap panel: link ${link} has a trivial direction (alpha_c = 0): AMP learns it from any alpha > 0, and no spectral estimator has a transition to mark`);
  }
  return {
    title: `${modelLabel(model, fixed)}: overlap against ${model.parameter}, AMP beside the spectral estimators`,
    parameter: model.parameter,
    overlapLabel: INDEX_MODEL_OVERLAP,
    threshold: summary.predictedThreshold,
    curves,
    points,
    notes,
  };
}
