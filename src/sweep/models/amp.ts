/**
 * The AMP sweep (issue #16): Bayes-optimal multi-index GAMP (src/estimators/amp/gamp.ts, the
 * committee-machine AMP of Aubin et al. 2018 as used by Troiani et al. 2024) run on a simulated
 * index model y = g(W*^T x), x ~ N(0, I_d / d), rows of W* ~ N(0, I_p) (orthogonal planted frame),
 * n = alpha d, against its state evolution (SE, src/estimators/amp/stateEvolution.ts).
 *
 * What is measured per instance: the overlap of the AMP estimate W (d x p) with W*, reduced the way
 * the spectral estimators' sweeps reduce theirs, P1's m^2 = ||W^T W*||_F^2 / (d ||W||_F^2)
 * (src/estimators/overlap.ts; cos^2(w, w*) for p = 1), then per planted direction k the part of
 * w*_k that the span of W captures, (M^T S^{-1} M)_kk with M = W^T W* / d and S = W^T W / d.
 * What is predicted: SE's fixed point Q from an uninformed start (Q_0 = 1e-6 I: what AMP from a
 * random start reaches). On the Nishimori line AMP's M and S both equal Q (Aubin et al. 2018,
 * section 3), so m^2 is predicted by ||Q||_F^2 / Tr Q (= Q for p = 1) and direction k by Q_kk.
 * The threshold is alpha_c of the link (`populationConstants`), which equals SE's weak-recovery
 * threshold (weakRecoveryThreshold: the same number by the linear stability of Q = 0; tested for
 * every library link in test/estimators/ampStateEvolution.test.ts).
 *
 * Start: `random` (default; W_0 rows ~ N(0, 1e-2 I), overlap ~ d^{-1/2}) is the start SE's
 * uninformed fixed point describes (Barbier et al. 2019, PNAS 116(12), section 3: AMP "from an
 * uninformative initialization"). `tap` and `lamp` start from the spectral estimate scaled to a
 * self-overlap 0.1, as Troiani et al. 2024 and Defilippis et al. 2025 suggest above alpha_c: for
 * p >= 2 a random start can stay on a plateau where the easy directions are learned unequally
 * (seen for z1 z2 at alpha = 1.5, d = 2000: |M| = 0.30 after 100 iterations), which SE from a
 * diagonal Q_0 does not describe. Damping (Rangan et al. 2019) is 0.3 for p >= 2, where undamped
 * GAMP oscillates with period 2 (src/estimators/amp/gamp.ts), and 0 for p = 1; it changes the path,
 * not the fixed point. The variance floor is 1e-6 (gamp's default 1e-9): at perfect recovery of a
 * noiseless link V -> 0 and g_out ~ (z - omega) / V amplifies rounding; with 1e-9 phase retrieval at
 * alpha = 1.4, d = 1000 reached overlap 0.9997 by iteration 50 and then blew up (|W|^2 / d ~ 3e12 at
 * iteration 100), with 1e-6 it stays at 1.0000 (the floor moves the fixed point by O(1e-6)). A run
 * whose self-overlap still exceeds what a posterior mean can reach (Tr W^T W / d > 1.5 p) raises a
 * ConvergenceError instead of recording a wrong overlap.
 *
 * Cost: per instance `iterations` GAMP steps of O(n d p) (WASM GEMV/GEMM) plus the spectral start's
 * eigensolve; per alpha one SE fixed point (cached per thread): ~0.1-1 s for p = 1 (Gauss-Hermite
 * 128 x 128), seconds to a minute for p = 2 today (tensor Gauss-Hermite [4, 16], at most 200
 * iterations, tolerance 1e-6), hence the few theory-curve points for p >= 2.
 */
import { ConvergenceError } from "../../errors.js";
import { gamp } from "../../estimators/amp/gamp.js";
import { seRule, stateEvolution, type SERule } from "../../estimators/amp/stateEvolution.js";
import { linkAliasKey, type IndexLink } from "../../estimators/links.js";
import { sampleIndexModel } from "../../estimators/model.js";
import { overlap } from "../../estimators/overlap.js";
import { invertSpd } from "../../estimators/amp/small.js";
import type { Measurement, Params } from "../types.js";
import { linkConstants, parseIndexModel } from "./indexModel.js";
import { choiceParam, defaultsOf, integerParam } from "./params.js";
import type { ParamSpec, SweepModel } from "./types.js";

export const AMP_INITS = ["random", "tap", "lamp"] as const;
export type AmpInit = (typeof AMP_INITS)[number];

const PARAMS: readonly ParamSpec[] = [
  { name: "d", flag: "d", kind: "integer", default: 1000, min: 2, metavar: "D", help: "dimension (n = alpha d samples)" },
  { name: "link", flag: "link", kind: "link", default: "z^2", metavar: "G", help: "the link g of y = g(W*^T x); z^2 is noiseless real phase retrieval" },
  {
    name: "init", flag: "init", kind: "choice", default: "random", choices: AMP_INITS, metavar: "START",
    help: "AMP's start: random (what SE's uninformed fixed point describes) or the TAP/LAMP spectral estimate (self-overlap 0.1)",
  },
  { name: "iterations", flag: "iterations", kind: "integer", default: 100, min: 1, metavar: "T", help: "the most AMP iterations per instance" },
];

/** The parameters, checked (d against the link's p, the start, the iteration count). */
function parse(fixed: Params): { d: number; text: string; link: IndexLink; init: AmpInit; iterations: number } {
  const { d, text, link } = parseIndexModel(PARAMS, fixed);
  return { d, text, link, init: choiceParam<AmpInit>(PARAMS, fixed, "init"), iterations: integerParam(PARAMS, fixed, "iterations") };
}

/** SE's quadrature rule per link and its uninformed fixed points per alpha: once per thread. */
const rules = new Map<string, SERule>();
const fixedPoints = new Map<string, Float64Array>();

/** SE's fixed point from the uninformed start at alpha (p x p), cached. */
export function uninformedFixedPoint(text: string, link: IndexLink, alpha: number): Float64Array {
  const key = `${linkAliasKey(text)}|${alpha}`;
  let Q = fixedPoints.get(key);
  if (!Q) {
    let rule = rules.get(linkAliasKey(text));
    if (!rule) {
      // p >= 3: the seeded Monte Carlo rule for the curve (the quadrature rule of the p = 3 library
      // channels costs ~1.5 s per SE step at high overlap, and a curve point runs up to 200 steps)
      rule = link.p === 1 ? seRule(link) : link.p === 2 ? seRule(link, { order: [4, 16] }) : seRule(link, { monteCarlo: true });
      rules.set(linkAliasKey(text), rule);
    }
    Q = stateEvolution(rule, link.p === 1 ? { alpha } : { alpha, iterations: 200, tol: 1e-6 }).Q;
    fixedPoints.set(key, Q);
  }
  return Q;
}

/** [m^2, then per direction k the captured part]: of a p x p overlap pair (M, S) as the file comment says. */
function reducedOverlaps(M: Float64Array, S: Float64Array, p: number): number[] {
  let trace = 0;
  for (let a = 0; a < p; a++) trace += S[a * p + a]!;
  if (!(trace > 1e-300)) return new Array<number>(p + 1).fill(0);
  let frob = 0;
  for (const v of M) frob += v * v;
  // S^{-1} with a relative ridge: a direction W has not grown (S nearly singular) captures nothing
  const ridged = S.slice();
  for (let a = 0; a < p; a++) ridged[a * p + a]! += 1e-12 * trace;
  const Sinv = invertSpd(ridged, p, "the AMP estimate's self-overlap");
  const perDirection = Array.from({ length: p }, (_, k) => {
    let s = 0;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += M[a * p + k]! * Sinv[a * p + b]! * M[b * p + k]!;
    return s;
  });
  return [frob / trace, ...perDirection];
}

export const ampModel: SweepModel = {
  name: "amp",
  command: "amp",
  description:
    "index model y = g(W*^T x), x ~ N(0, I_d / d), n = alpha d; Bayes-optimal multi-index AMP (GAMP, Gaussian prior) on the data " +
    "against its state evolution from an uninformed start: the overlap becomes non-zero at alpha_c (weak recovery)",
  label: (fixed) => `AMP, link ${fixed["link"]}`,
  overlapLabel: "m² = ‖Ŵᵀ W*‖²_F / (d ‖Ŵ‖²_F): AMP estimate Ŵ, planted W*",
  parameter: "alpha",
  grid: "0.2:2:0.1",
  lowest: { value: 0, strict: true },
  gridHelp: "sample ratio alpha = n / d",
  sizeParameter: "d",
  params: PARAMS,
  defaults: defaultsOf(PARAMS),
  validate(fixed) {
    parse(fixed);
  },
  curvePointsFor(fixed) {
    // an SE fixed point per point: cheap for p = 1, seconds for p = 2 (see the file comment)
    return parse(fixed).link.p === 1 ? 41 : 7;
  },
  measure(alpha, fixed, seed): Measurement {
    const { d, link, init, iterations } = parse(fixed);
    const p = link.p;
    const sample = sampleIndexModel(link, { d, alpha, seed, planted: "orthogonal" });
    const r = gamp(sample, { init, iterations, seed: seed + 1, damping: p >= 2 ? 0.3 : 0, varianceFloor: 1e-6 });
    const M = r.overlaps.at(-1)!, S = r.selfOverlaps.at(-1)!;
    let self = 0;
    for (let a = 0; a < p; a++) self += S[a * p + a]!;
    if (!(self <= 1.5 * p)) {
      throw new ConvergenceError(
        `amp: AMP diverged at alpha = ${alpha} (seed ${seed}): Tr W^T W / d = ${self.toPrecision(3)} after ${r.iterations} iterations, ` +
          `more than a posterior mean can reach (${p}); try --init tap or fewer --iterations`, r.iterations, self);
    }
    let norm = 0;
    for (const v of r.estimate.data) norm += v * v;
    const reduced = reducedOverlaps(M, S, p);
    // m^2 by the spectral sweeps' own function, so that the quantities are the same
    if (norm > 0) reduced[0] = overlap(r.estimate, sample.W);
    return { top: [], overlaps: reduced, edge: NaN, seconds: 0, applications: r.iterations };
  },
  predict(alpha, fixed) {
    const { text, link } = parse(fixed);
    const Q = uninformedFixedPoint(text, link, alpha);
    const p = link.p;
    return {
      outliers: [],
      overlaps: reducedOverlaps(Q, Q, p),
      edge: NaN,
      threshold: linkConstants(text).alphaC,
      edgeScale: NaN,
    };
  },
};
