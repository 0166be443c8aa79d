/**
 * The scaling of the tridiagonal eigensolvers (tridiagonal.ts; issue #13): d and e multiplied by
 * eigh.ts scaleFor(max |d_i|, |e_i|) before any solver runs, as LAPACK dstev / dstevd do, and
 * the eigenvalues divided by it after, with NonFiniteError for one beyond the double range.
 */
import { ConvergenceError, NonFiniteError } from "../errors.js";
import { scaleFor } from "./eigh.js";
import type { Request, TridiagonalEigen } from "./tridiagonal.js";

/** max |x_i|, 0 for an empty array. */
export function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}

/**
 * The request with d, e, the interval and the tolerance multiplied by scaleFor(max |d_i|, |e_i|)
 * (new arrays: the caller's are not touched). An interval that the factor would collapse
 * (both bounds underflowing to one value) is left unscaled, with the whole request.
 */
export function scaled(r: Request): Request {
  const sigma = scaleFor(Math.max(maxAbs(r.d), maxAbs(r.e)));
  if (sigma === 1) return r;
  const interval = r.interval ? { lower: r.interval.lower * sigma, upper: r.interval.upper * sigma } : null;
  if (interval && !(interval.lower < interval.upper)) return r;
  const d = r.d.map((x) => x * sigma);
  const e = r.e.map((x) => x * sigma);
  return { ...r, d, e, interval, tolerance: r.tolerance * sigma, sigma };
}

/** values / sigma in place; NonFiniteError when an eigenvalue is beyond the double range. */
function unscale(r: Request, values: Float64Array, firstIndex: number): void {
  if (r.sigma === 1) return;
  for (let i = 0; i < values.length; i++) {
    const w = values[i]! / r.sigma;
    if (!Number.isFinite(w)) {
      // only when sigma < 1, i.e. max(|d_i|, |e_i|) > 6.7e145
      throw new NonFiniteError(
        `${r.fn}: eigenvalue ${firstIndex + i} overflowed: it is about ${values[i]!.toPrecision(3)} / ${r.sigma.toPrecision(3)}, ` +
          `beyond the largest double (1.8e308); scale d and e down`,
        "the eigenvalues", i, w,
      );
    }
    values[i] = w;
  }
}

/**
 * `solve` on the scaled request r, with the results (and the partial values of a
 * ConvergenceError) divided by r.sigma, the caller's units again.
 */
export function inCallerUnits(r: Request, solve: (r: Request) => TridiagonalEigen): TridiagonalEigen {
  let out: TridiagonalEigen;
  try {
    out = solve(r);
  } catch (err) {
    if (!(err instanceof ConvergenceError) || r.sigma === 1) throw err;
    // the partial values and the residual back in the caller's units
    const partial = err.partial as { values?: unknown } | undefined;
    if (partial?.values instanceof Float64Array) partial.values.forEach((v, i, a) => { a[i] = v / r.sigma; });
    throw new ConvergenceError(err.message, err.iterations, err.residual / r.sigma, err.partial);
  }
  const first = r.range?.lo ?? 0;
  unscale(r, out.values, first);
  return out;
}
