/**
 * From the posterior second moment E[z z^T | y] (n p x p blocks) to the LAMP denoiser
 * G = E[z z^T | y] - I and the TAP preprocessing T = G (gamma I + G)^{-1} (reference
 * spectral-estimators.md, sections 2 and 3.5).
 */
import { InvalidArgumentError } from "../errors.js";
import { choleskyFactor, choleskyInverse } from "../numerics/cholesky.js";
import { jacobiEigh } from "../numerics/jacobi.js";
import { assertOptions } from "../validate.js";
import type { TOptions } from "./denoiserTypes.js";

/** Checks `second` as n blocks of p x p (E[z z^T | y] per label) and returns n. */
function blockCount(second: unknown, p: unknown, fn: string): number {
  if (typeof p !== "number" || !Number.isInteger(p) || p < 1) throw new InvalidArgumentError(`${fn}: p must be a positive integer, got ${String(p)}`);
  if (!(second instanceof Float64Array)) throw new InvalidArgumentError(`${fn}: second must be a Float64Array of p x p blocks, got ${second === null ? "null" : typeof second}`);
  if (second.length % (p * p) !== 0) throw new InvalidArgumentError(`${fn}: second has ${second.length} entries, not a whole number of ${p} x ${p} blocks`);
  return second.length / (p * p);
}

/** G = E[z z^T | y] - I per block. */
export function secondToG(second: Float64Array, p: number): Float64Array {
  blockCount(second, p, "secondToG");
  const G = second.slice();
  const n = second.length / (p * p);
  for (let i = 0; i < n; i++) for (let a = 0; a < p; a++) G[i * p * p + a * p + a]! -= 1;
  return G;
}

/**
 * T_gamma = G (gamma I + G)^{-1} = I - gamma (E + (gamma - 1) I)^{-1} per block, E = E[z z^T | y]
 * (gamma = 1: the TAP preprocessing T = I - E^{-1}; reference section 3.5 for gamma != 1):
 * Cholesky of S = E + (gamma - 1) I with a pivot test (a pivot below 1e-13 trace(S) means S is
 * numerically singular), then S^{-1} = L^{-T} L^{-1}. With `floor`, through the eigendecomposition
 * of E with its eigenvalues raised to the floor (Jacobi, p x p).
 */
export function secondToT(second: Float64Array, p: number, y: Float64Array, linkName: string, options: TOptions = {}, gamma = 1): Float64Array {
  const n = blockCount(second, p, "secondToT");
  if (y === null || typeof y !== "object" || y.length !== n) {
    throw new InvalidArgumentError(`secondToT: y must hold the ${n} labels of the blocks, got ${y === null ? "null" : typeof y === "object" ? `${y.length} entries` : typeof y}`);
  }
  assertOptions(options, "secondToT");
  const T = new Float64Array(n * p * p);
  const floor = options.floor;
  if (floor !== undefined && (!(floor > 0) || !Number.isFinite(floor))) throw new InvalidArgumentError(`T floor must be a finite number > 0, got ${floor}`);
  if (!(gamma > 0) || !Number.isFinite(gamma)) throw new InvalidArgumentError(`gamma must be a finite number > 0, got ${gamma}`);
  const Lc = new Float64Array(p * p);
  const inv = new Float64Array(p * p);
  const S = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    const E0 = second.subarray(i * p * p, (i + 1) * p * p);
    const out = T.subarray(i * p * p, (i + 1) * p * p);
    if (floor !== undefined) {
      const { values, vectors: { data: vectors } } = jacobiEigh(E0, p);
      out.fill(0);
      for (let l = 0; l < p; l++) {
        const tl = 1 - gamma / (Math.max(values[l]!, floor) + gamma - 1);
        for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) out[a * p + b]! += tl * vectors[a * p + l]! * vectors[b * p + l]!;
      }
      continue;
    }
    S.set(E0);
    for (let a = 0; a < p; a++) S[a * p + a]! += gamma - 1;
    const E = S;
    let trace = 0;
    for (let a = 0; a < p; a++) trace += Math.abs(E[a * p + a]!);
    // E = L L^T with a relative pivot test (a pivot below 1e-13 trace(E): singular to working
    // precision), then T = I - gamma E^{-1}
    if (choleskyFactor(E, p, Lc, 1e-13 * trace) >= 0) {
      throw new InvalidArgumentError(
        `${gamma === 1 ? "E[z z^T | y]" : `gamma I + G(y) (gamma = ${gamma})`} is singular at label ${i} (y = ${y[i]}) for the link '${linkName}', so T(y) = ${gamma === 1 ? "I - E[z z^T | y]^{-1}" : "G (gamma I + G)^{-1}"} is undefined; ` +
          "use the asymmetric LAMP estimator (it needs only G) or pass a floor for the eigenvalues",
      );
    }
    choleskyInverse(Lc, p, out, inv);
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) out[a * p + b] = (a === b ? 1 : 0) - gamma * out[a * p + b]!;
    }
  }
  return T;
}
