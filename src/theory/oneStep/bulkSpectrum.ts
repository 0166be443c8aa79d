/**
 * The deterministic limit of the W0-dependent averages of Result 3.3 (Cui et al. 2024,
 * arXiv 2402.04980). The authors' notebook (SPOC-group/OneStepGD_asymptotics `theory.ipynb`,
 * cells 7-9) draws one W0 at d = p = 2000 and averages over the p eigenpairs (D_j, u_j) of
 * Omega_c = W Pi W^T (W = cW W0, Pi the projection off v):
 *   < f(D) >,  < vartheta f(D) > with vartheta_j = (u_j^T W v)^2,  < chi f(D) > with chi_j = (u_j^T W zeta)^2,
 * |v| = |zeta| = sqrt(d), zeta orthogonal to v. As p, d -> infinity with p/d fixed (rows of W0 uniform
 * on the sphere, or N(0, I/d)):
 *   - D / cW^2 follows Marchenko-Pastur with ratio p/d (the p x p matrix W0 Pi W0^T; an atom 1 - d/p
 *     at 0 when p > d);
 *   - W v = cW W0 v has iid N(0, cW^2) entries independent of W0 Pi (v is orthogonal to the range of
 *     Pi), so < vartheta f(D) > -> cW^2 < f(D) > when the rows keep their component along v (the
 *     notebook's convention), and vartheta = 0 when the rows of W0 are projected off v (the isotropic
 *     model of spikedRandomFeatures and of the Dandi et al. deterministic equivalent);
 *   - W zeta = (W Pi) zeta with zeta isotropic in the range of Pi, so chi_j -> D_j: < chi f(D) > -> < D f(D) >.
 * This file gives the rule for < f(D) >: Gauss-Legendre in the angle of x = (1 + c) + 2 sqrt(c) cos t,
 * where the Marchenko-Pastur density times dx is smooth (even at the hard edge c = 1), plus the atom.
 */
import { gaussLegendre } from "../../numerics/gaussLegendre.js";

/** < f(D) > ~ atom f(0) + sum_j weights_j f(nodes_j). */
export interface BulkSpectrumRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
  /** Mass at D = 0: max(0, 1 - d/p). */
  readonly atom: number;
}

/** The rule for D = scale * lambda, lambda ~ Marchenko-Pastur(ratio c = p/d), with `count` nodes. */
export function bulkSpectrumRule(ratio: number, scale: number, count = 256): BulkSpectrumRule {
  const gl = gaussLegendre(count);
  const c = ratio;
  const sq = Math.sqrt(c);
  const rad = 2 * sq;
  const nodes = new Float64Array(count);
  const weights = new Float64Array(count);
  // density sqrt((b - x)(x - a)) / (2 pi c x) on [a, b]; x = mid + rad cos t, dx = -rad sin t dt
  for (let i = 0; i < count; i++) {
    const t = 0.5 * Math.PI * (1 + gl.nodes[i]!);
    const ch = Math.cos(0.5 * t);
    const x = (1 - sq) * (1 - sq) + 4 * sq * ch * ch; // = mid + rad cos t without cancellation at t ~ pi
    const s = Math.sin(t);
    const jac = 0.5 * Math.PI * gl.weights[i]!;
    // rad^2 sin^2 t / (2 pi c x); at c = 1, x = 2 (1 + cos t) and sin^2 t / x stays finite
    const dens = x > 0 ? (rad * rad * s * s) / (2 * Math.PI * c * x) : 0;
    nodes[i] = scale * x;
    weights[i] = jac * dens;
  }
  return { nodes, weights, atom: Math.max(0, 1 - 1 / c) };
}

/** < f(D) > with the rule. */
export function bulkAverage(rule: BulkSpectrumRule, f: (D: number) => number): number {
  let s = rule.atom > 0 ? rule.atom * f(0) : 0;
  for (let i = 0; i < rule.nodes.length; i++) s += rule.weights[i]! * f(rule.nodes[i]!);
  return s;
}
