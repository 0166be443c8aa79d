/**
 * The label-integral form of the state-evolution expectation (./stateEvolution.ts) for noiseless
 * links whose exact output channel returns log Z_out(y | omega, V):
 *
 *   E[g_out g_out^T] = E_omega sum_y w_y Z_out(y | omega, V) g_out(omega, V, y) g_out(omega, V, y)^T,
 *
 * omega = Q^{1/2} a on the tensor Gauss-Hermite rule of order ka per axis (ka^p nodes), y on a
 * fixed label grid (`labelGrid`) or, for finitely many labels, the labels themselves with unit
 * weights (`discreteLabels`). Integrating the label instead of z given omega avoids a Gauss-Hermite
 * rule in z on the log-singular G(y) of the product links and the indicators of discrete labels.
 * Each omega node's label sum is divided by its mass sum_y w_y Z_out (the grid's truncation; the
 * largest |1 - mass| is reported as the mass error).
 *
 * Symmetry: for an even (g(-z) = g(z)) or odd (g(-z) = -g(z)) link on a label grid symmetric in
 * the sign of y, Z_out(-y | -omega) = Z_out(+-y | omega) and g_out g_out^T is unchanged, so the node
 * mirrored through the origin contributes the same and only one of each pair is computed.
 */
import { gaussHermite } from "../../numerics/gaussHermite.js";
import { gaussLegendre } from "../../numerics/gaussLegendre.js";
import { Rng } from "../../random/rng.js";
import type { IndexLink } from "../links.js";
import type { OutputChannel } from "./gout.js";
import { invertSpd } from "./small.js";

export interface LabelGrid {
  readonly y: Float64Array;
  readonly w: Float64Array;
}

/**
 * |y| = e^s with s on composite 8-point Gauss-Legendre panels of width `width` over [s0, ln 150],
 * both signs. In s the densities' log singularity at y = 0 becomes an e^s decay, so the rule
 * converges geometrically. The p = 2 product family uses width 1 over [-20, ln 150] (368 labels;
 * against width 1/2 over [-25, ln 300] Q_hat agrees to ~1e-8 relative, mass error below 3e-8 at
 * small Q); the p = 3 links width ~3.4 over [-12, ln 150] (80 labels; for z1 z2 z3 the mass error
 * is 3e-4 at small Q, P(|y| < e^{-12}) renormalised away, and the weak-recovery threshold moves by
 * 2e-4 relative against width 3 over [-14, ln 150], which is 4e-5 from criticalAlpha).
 */
export function labelGrid(s0 = -20, width = 1): LabelGrid {
  const { nodes, weights } = gaussLegendre(8);
  const s1 = Math.log(150);
  const panels = Math.ceil((s1 - s0) / width);
  const h = (s1 - s0) / panels;
  const ys: number[] = [], ws: number[] = [];
  for (let q = 0; q < panels; q++) for (let i = 0; i < 8; i++) {
    const e = Math.exp(s0 + (q + 0.5) * h + 0.5 * h * nodes[i]!);
    const w = 0.5 * h * weights[i]! * e;
    ys.push(e, -e);
    ws.push(w, w);
  }
  return { y: Float64Array.from(ys), w: Float64Array.from(ws) };
}

/**
 * For a noiseless link with finitely many labels whose channel returns log P(y | omega, V)
 * (sign(z1 z2)): its label values with unit weights; else null.
 */
export function discreteLabels(channel: OutputChannel): LabelGrid | null {
  const lk = channel.link;
  if (lk.labels !== "discrete" || lk.noiseVariance > 0 || lk.sample || !lk.labelLaw) return null;
  const y = lk.labelLaw().y;
  return returnsLogZ(channel, y[0]!) ? { y: Float64Array.from(y), w: new Float64Array(y.length).fill(1) } : null;
}

/** Whether the channel returns a finite log Z_out at omega = 0, V = I for the label y. */
export function returnsLogZ(channel: OutputChannel, y: number): boolean {
  const p = channel.p;
  const V = new Float64Array(p * p);
  for (let a = 0; a < p; a++) V[a * p + a] = 1;
  return Number.isFinite(channel.posterior(new Float64Array(p), V, y, new Float64Array(p), new Float64Array(p * p)));
}

/** Whether g(-z) = g(z) or g(-z) = -g(z) at 64 seeded points. */
export function isEvenOrOdd(link: IndexLink): boolean {
  const z = new Float64Array(link.p), m = new Float64Array(link.p);
  const pts = new Rng(12345).normal(64 * link.p);
  let even = true, odd = true;
  for (let k = 0; k < 64; k++) {
    for (let a = 0; a < link.p; a++) {
      z[a] = pts[k * link.p + a]!;
      m[a] = -z[a]!;
    }
    const g = link.g(z), gm = link.g(m);
    if (g !== gm) even = false;
    if (g !== -gm) odd = false;
  }
  return even || odd;
}

/** E_omega sum_y w_y Z_out g_out g_out^T at omega = R a (see the file comment); the mass error with it. */
export function labelExpectation(channel: OutputChannel, grid: LabelGrid, ka: number, mirror: boolean, R: Float64Array, Vm: Float64Array): { qHat: Float64Array; massError: number } {
  const p = channel.p;
  const { y: ys, w: wy } = grid;
  const ga = gaussHermite(ka);
  const Vinv = invertSpd(Vm, p, "state evolution: I - Q");
  const out = new Float64Array(p * p);
  const w = new Float64Array(p), mean = new Float64Array(p), cov = new Float64Array(p * p), gv = new Float64Array(p);
  const acc = new Float64Array(p * p), digits = new Int32Array(p);
  let worst = 0;
  const count = ka ** p;
  for (let i = 0; i < count; i++) {
    let mirrored = 0, weight = 1;
    for (let c = 0, ii = i, base = 1; c < p; c++, ii = Math.floor(ii / ka), base *= ka) {
      digits[c] = ii % ka;
      mirrored += (ka - 1 - digits[c]!) * base;
      weight *= ga.weights[digits[c]!]!;
    }
    if (mirror && mirrored < i) continue;
    if (mirror && mirrored !== i) weight *= 2;
    for (let a = 0; a < p; a++) {
      let s = 0;
      for (let b = 0; b < p; b++) s += R[a * p + b]! * ga.nodes[digits[b]!]!;
      w[a] = s;
    }
    acc.fill(0);
    let mass = 0;
    for (let j = 0; j < ys.length; j++) {
      const logZ = channel.posterior(w, Vm, ys[j]!, mean, cov);
      if (logZ === -Infinity) continue;
      const wz = wy[j]! * Math.exp(logZ);
      mass += wz;
      for (let a = 0; a < p; a++) {
        let s = 0;
        for (let b = 0; b < p; b++) s += Vinv[a * p + b]! * (mean[b]! - w[b]!);
        gv[a] = s;
      }
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) acc[a * p + b]! += wz * gv[a]! * gv[b]!;
    }
    worst = Math.max(worst, Math.abs(1 - mass));
    for (let k = 0; k < p * p; k++) out[k]! += (weight * acc[k]!) / mass;
  }
  return { qHat: out, massError: worst };
}
