/**
 * Eigenproblems of real symmetric tridiagonal matrices T = tridiag(e, d, e) (d: n diagonal
 * entries, e: n - 1 off-diagonal entries T[i, i+1] = T[i+1, i] = e[i]): `eighTridiagonal`
 * (eigenvalues and eigenvectors) and `eigvalshTridiagonal` (values only), in the roles of
 * scipy.linalg.eigh_tridiagonal / eigvalsh_tridiagonal.
 *
 * Solvers (assembly/lapack/, LAPACK algorithms):
 *   - 'qr':     implicit QL/QR; values by the root-free Pal-Walker-Kahan variant (dsterf,
 *               about 12 n^2 flops), vectors by accumulated rotations (dsteqr, about 6 n^3).
 *   - 'dc':     Cuppen divide and conquer with deflation and GEMM merges (dstedc); values only
 *               fall back to dsterf, as LAPACK does. The fast choice for all eigenvectors.
 *   - 'bisect': bisection with Sturm counts (dstebz) plus inverse iteration with
 *               reorthogonalization in clusters (dstein): O(n k) for k eigenpairs, the choice
 *               for a few of them.
 *   - 'auto' (default): all pairs by 'dc', all values by dsterf; a subset by 'bisect' when it
 *               holds at most an eighth of the spectrum (or is given as an interval), else the
 *               full solve is sliced.
 * Results: values ascending; vectors as the columns of an n x k Matrix (column j belongs to
 * values[j]), orthonormal. Accuracy (LAPACK's): |lambda - lambda_exact| and the residual
 * ||T Z - Z diag(w)||_1 of order n eps ||T||_1, ||Z^T Z - I||_1 of order n eps.
 *
 * Range (issue #13): d and e are scaled as LAPACK dstev / dstevd do, by a power of two that
 * brings max |entry| into [1, 2) when it lies outside [1e-100, 6.7e145] (eigh.ts scaleFor),
 * before any solver runs, so that Gershgorin bounds and Sturm counts of bisection cannot overflow
 * near 1.8e308 nor lose their accuracy among subnormals; the values are scaled back, and one that
 * is itself beyond the double range raises NonFiniteError rather than coming back as Infinity.
 *
 * Memory in WASM: 2n doubles for values; n^2 (+ n^2 + GEMM buffers for 'dc') for all vectors,
 * n k + 6n for k vectors by bisection. Everything is freed before returning.
 */
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { Matrix } from "../matrix.js";
import { aliasedOption, assertFinite, asVector } from "../validate.js";
import type { Ptr } from "../wasm/exports.js";
import { withScratch, type Scratch } from "../wasm/memory.js";
import { checkStatus, sweepLimit } from "../wasm/status.js";
import { inCallerUnits, maxAbs, scaled } from "./tridiagonalScale.js";

export type TridiagonalMethod = "auto" | "qr" | "dc" | "bisect";

export interface TridiagonalOptions {
  /** Compute eigenvectors (default true for eighTridiagonal; eigvalshTridiagonal never does). */
  vectors?: boolean;
  /** Only the eigenpairs with indices lo..hi (0-based, inclusive) of the ascending spectrum. */
  range?: { lo: number; hi: number };
  /**
   * Only the eigenvalues in the half-open interval (lower, upper] (scipy's select='v'). Not
   * together with `range`.
   */
  interval?: { lower: number; upper: number };
  /** Solver, see the module comment. Default 'auto'. */
  method?: TridiagonalMethod;
  /**
   * QL/QR sweeps allowed per eigenvalue ('qr', the leaves of 'dc', and values-only solves):
   * LAPACK's 30 by default. Reaching the limit throws ConvergenceError. The limit is an argument
   * of the kernel call, so it holds wherever the call runs.
   */
  maxSweepsPerEigenvalue?: number;
  /**
   * Absolute accuracy asked of bisection ('bisect'); default 0 selects ulp max|Gershgorin bound|
   * per block, as LAPACK dstebz does (scipy's `tol` of eigh_tridiagonal).
   */
  tol?: number;
  /** @deprecated since 0.2.0: use `tol` (removed in 0.3.0; both given and different is an error). */
  tolerance?: number;
}

export interface TridiagonalEigen {
  /** Eigenvalues, ascending (only the requested subset when one was given). */
  values: Float64Array;
  /** Orthonormal eigenvectors as columns (n x k); absent for values only. */
  vectors?: Matrix;
}

const METHODS: readonly TridiagonalMethod[] = ["auto", "qr", "dc", "bisect"];
// 'auto' bisects an index range of at most n / 8 eigenpairs: bisection of all n values costs
// about 6x dsterf here (n = 500..1000), and dstedc with deflation is cheaper than inverse
// iteration for more than about n / 8 vectors (bench/tridiagonal.bench.ts).
const AUTO_BISECT_FRACTION = 8;
const COMPZ_TRIDIAGONAL = 2;

export interface Request {
  fn: string;
  d: Float64Array;
  e: Float64Array;
  n: number;
  vectors: boolean;
  method: TridiagonalMethod;
  /** index subset (inclusive) or null */
  range: { lo: number; hi: number } | null;
  interval: { lower: number; upper: number } | null;
  maxSweeps: number;
  tolerance: number;
  /** The factor d and e (and interval, tolerance) were multiplied by; values are divided by it. */
  sigma: number;
}

function validate(d: ArrayLike<number>, e: ArrayLike<number>, options: TridiagonalOptions, vectorsDefault: boolean, fn: string): Request {
  if (options === null || typeof options !== "object") {
    throw new InvalidArgumentError(`${fn}: options must be an object, got ${options}`);
  }
  const dv = asVector(d, "d");
  const ev = asVector(e, "e");
  const n = dv.length;
  if (ev.length !== Math.max(n - 1, 0)) {
    throw new ShapeError(`${fn}: e must have n - 1 = ${Math.max(n - 1, 0)} entries for d of length ${n}, got ${ev.length}`);
  }
  assertFinite(dv, "d");
  assertFinite(ev, "e");
  const vectors = options.vectors ?? vectorsDefault;
  if (typeof vectors !== "boolean") throw new InvalidArgumentError(`${fn}: vectors must be a boolean, got ${vectors}`);
  const method = options.method ?? "auto";
  if (!METHODS.includes(method)) {
    throw new InvalidArgumentError(`${fn}: method must be one of ${METHODS.join(", ")}, got ${String(method)}`);
  }
  const maxSweeps = sweepLimit(options.maxSweepsPerEigenvalue, fn);
  const tolerance = aliasedOption<number>(options, "tol", "tolerance", fn) ?? 0;
  if (typeof tolerance !== "number" || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new InvalidArgumentError(`${fn}: tol must be a finite number >= 0, got ${tolerance}`);
  }
  if (options.range !== undefined && options.interval !== undefined) {
    throw new InvalidArgumentError(`${fn}: give either range (indices) or interval (values), not both`);
  }
  let range: Request["range"] = null;
  if (options.range !== undefined) {
    const r = options.range;
    if (r === null || typeof r !== "object") throw new InvalidArgumentError(`${fn}: range must be { lo, hi }, got ${r}`);
    const { lo, hi } = r;
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < lo || hi >= n) {
      throw new InvalidArgumentError(
        `${fn}: range { lo: ${lo}, hi: ${hi} } must satisfy 0 <= lo <= hi < n = ${n} (integers, inclusive)`,
      );
    }
    if (!(lo === 0 && hi === n - 1)) range = { lo, hi };
  }
  let interval: Request["interval"] = null;
  if (options.interval !== undefined) {
    const v = options.interval;
    if (v === null || typeof v !== "object") throw new InvalidArgumentError(`${fn}: interval must be { lower, upper }, got ${v}`);
    const { lower, upper } = v;
    if (typeof lower !== "number" || typeof upper !== "number" || Number.isNaN(lower) || Number.isNaN(upper) || !(lower < upper)) {
      throw new InvalidArgumentError(`${fn}: interval { lower: ${lower}, upper: ${upper} } must have lower < upper`);
    }
    interval = { lower, upper };
  }
  return scaled({ fn, d: dv, e: ev, n, vectors, method, range, interval, maxSweeps, tolerance, sigma: 1 });
}


/** d and e in WASM (e padded to one entry so that n = 1 has a valid pointer). */
function loadMatrix(s: Scratch, r: Request): { pd: Ptr; pe: Ptr } {
  const pd = s.from(r.d, "the diagonal d").ptr;
  const pe = r.n > 1 ? s.from(r.e, "the off-diagonal e").ptr : s.zeros(1).ptr;
  return { pd, pe };
}

/** All eigenvalues by dsterf (values only). */
function allValues(s: Scratch, r: Request): Float64Array {
  const k = s.k;
  const { pd, pe } = loadMatrix(s, r);
  const info = k.dsterf(r.n, pd, pe, r.maxSweeps);
  const values = new Float64Array(k.memory.buffer, pd, r.n).slice();
  checkStatus("dsterf", info, { fn: r.fn, n: r.n, maxSweeps: r.maxSweeps, partial: { values } });
  return values;
}

/** All eigenpairs by dsteqr ('qr') or dstedc ('dc'): Z is n x n row-major. */
function allPairs(s: Scratch, r: Request, routine: "dsteqr" | "dstedc"): { values: Float64Array; vectors: Matrix } {
  const k = s.k;
  const n = r.n;
  const work = routine === "dsteqr" ? k.dsteqr_worksize(n) : k.dstedc_worksize(COMPZ_TRIDIAGONAL, n);
  const iwork = routine === "dsteqr" ? 0 : k.dstedc_iworksize(COMPZ_TRIDIAGONAL, n);
  s.reserve([n, n, n * n, work, Math.ceil(iwork / 2) + 1], `${r.fn} (${routine}) of order ${n}`);
  const { pd, pe } = loadMatrix(s, r);
  const pz = s.alloc(n * n, "the eigenvectors").ptr;
  const pw = s.alloc(Math.max(work, 1), `${routine} workspace`).ptr;
  const piw = s.alloc(Math.ceil(iwork / 2) + 1, `${routine} integer workspace`).ptr;
  const info = routine === "dsteqr"
    ? k.dsteqr(COMPZ_TRIDIAGONAL, n, pd, pe, pz, n, pw, r.maxSweeps)
    : k.dstedc(COMPZ_TRIDIAGONAL, n, pd, pe, pz, n, pw, piw, r.maxSweeps);
  const values = new Float64Array(k.memory.buffer, pd, n).slice();
  // dsteqr's residual: the largest off-diagonal entry left (dstedc's e holds no such measure)
  const residual = info > 0 && routine === "dsteqr" ? maxAbs(new Float64Array(k.memory.buffer, pe, Math.max(n - 1, 1))) : Number.NaN;
  checkStatus(routine, info, { fn: r.fn, n, maxSweeps: r.maxSweeps, residual, partial: routine === "dsteqr" ? { values } : undefined });
  return { values, vectors: new Matrix(n, n, new Float64Array(k.memory.buffer, pz, n * n).slice()) };
}

/**
 * Bisection (dstebz) for an index range or an interval, plus inverse iteration (dstein) for
 * the vectors; values sorted ascending with their columns.
 */
function bisection(s: Scratch, r: Request): TridiagonalEigen {
  const k = s.k;
  const n = r.n;
  const rangeCode = r.range ? 2 : r.interval ? 1 : 0;
  const lo = r.range?.lo ?? 0;
  const hi = r.range?.hi ?? n - 1;
  const vl = r.interval?.lower ?? 0;
  const vu = r.interval?.upper ?? 0;
  const wsz = Math.max(k.dstebz_worksize(n), r.vectors ? k.dstein_worksize(n) : 0);
  const iwsz = Math.max(k.dstebz_iworksize(n), r.vectors ? k.dstein_iworksize(n) : 0);
  s.reserve([n, n, n, 2, Math.ceil(n / 2) + 1, Math.ceil(n / 2) + 1, wsz, Math.ceil(iwsz / 2) + 1], `${r.fn} (dstebz) of order ${n}`);
  const { pd, pe } = loadMatrix(s, r);
  const pw = s.alloc(n, "the eigenvalues").ptr;
  const pcounts = s.alloc(1, "the counts").ptr;
  const pblock = s.alloc(Math.ceil(n / 2) + 1, "the block numbers").ptr;
  const psplit = s.alloc(Math.ceil(n / 2) + 1, "the split points").ptr;
  const pwork = s.alloc(wsz, "bisection workspace").ptr;
  const piwork = s.alloc(Math.ceil(iwsz / 2) + 1, "bisection integer workspace").ptr;
  const order = r.vectors ? 0 : 1; // by block for dstein, else ascending
  const info = k.dstebz(rangeCode, order, n, vl, vu, lo, hi, r.tolerance, pd, pe, pcounts, pw, pblock, psplit, pwork, piwork);
  const m = info < 0 ? 0 : new Int32Array(k.memory.buffer, pcounts, 1)[0]!;
  const found = new Float64Array(k.memory.buffer, pw, m).slice();
  checkStatus("dstebz", info, {
    fn: r.fn, n, found: m, partial: { values: found },
    ...(r.range ? { range: `${lo}..${hi}`, expected: hi - lo + 1 } : {}),
  });
  if (!r.vectors) return { values: found };
  if (m === 0) return { values: found, vectors: new Matrix(n, 0) };

  s.reserve([n * m, Math.ceil(m / 2) + 1], `${r.fn} (dstein) of ${m} vectors of order ${n}`);
  const pz = s.alloc(n * m, "the eigenvectors").ptr;
  const pfail = s.alloc(Math.ceil(m / 2) + 1, "the failure list").ptr;
  const info2 = k.dstein(n, pd, pe, m, pw, pblock, psplit, pz, m, pwork, piwork, pfail);
  if (info2 < 0) checkStatus("dstein", info2, { fn: r.fn, n });
  const z = new Float64Array(k.memory.buffer, pz, n * m).slice();
  // ascending order, columns carried along (stable, so ties keep dstebz's order)
  const perm = Array.from({ length: m }, (_, i) => i).sort((a, b) => found[a]! - found[b]! || a - b);
  const values = Float64Array.from(perm, (p) => found[p]!);
  const vectors = new Matrix(n, m);
  const out = vectors.data;
  for (let i = 0; i < n; i++) {
    const row = i * m;
    for (let j = 0; j < m; j++) out[row + j] = z[row + perm[j]!]!;
  }
  if (info2 > 0) {
    const failed = Array.from(new Int32Array(k.memory.buffer, pfail, info2));
    const position = new Map(perm.map((p, j) => [p, j]));
    const columns = failed.map((f) => position.get(f)!);
    let residual = 0;
    for (const j of columns) residual = Math.max(residual, residualNorm(r.d, r.e, values[j]!, vectors, j));
    checkStatus("dstein", info2, { fn: r.fn, n, count: m, columns, residual, partial: { values, vectors, failedColumns: columns } });
  }
  return { values, vectors };
}

/** ||T z - lambda z||_1 for column j of Z. */
function residualNorm(d: Float64Array, e: Float64Array, lambda: number, Z: Matrix, j: number): number {
  const n = d.length;
  const m = Z.cols;
  const z = Z.data;
  let s = 0;
  for (let i = 0; i < n; i++) {
    let t = (d[i]! - lambda) * z[i * m + j]!;
    if (i > 0) t += e[i - 1]! * z[(i - 1) * m + j]!;
    if (i < n - 1) t += e[i]! * z[(i + 1) * m + j]!;
    s += Math.abs(t);
  }
  return s;
}

/** The columns lo..hi of an n x n Matrix. */
function columns(Z: Matrix, lo: number, hi: number): Matrix {
  const n = Z.rows;
  const k = hi - lo + 1;
  const out = new Matrix(n, k);
  for (let i = 0; i < n; i++) out.data.set(Z.data.subarray(i * Z.cols + lo, i * Z.cols + hi + 1), i * k);
  return out;
}

/** Indices of the values in (lower, upper] of an ascending array, as an inclusive range. */
function indicesIn(values: Float64Array, lower: number, upper: number): { lo: number; hi: number } {
  let lo = 0;
  while (lo < values.length && !(values[lo]! > lower)) lo++;
  let hi = values.length - 1;
  while (hi >= lo && !(values[hi]! <= upper)) hi--;
  return { lo, hi };
}

function solve(r: Request): TridiagonalEigen {
  return inCallerUnits(r, solveScaled);
}

function solveScaled(r: Request): TridiagonalEigen {
  const n = r.n;
  if (n === 0) return r.vectors ? { values: new Float64Array(0), vectors: new Matrix(0, 0) } : { values: new Float64Array(0) };
  const subset = r.range !== null || r.interval !== null;
  let method = r.method;
  if (method === "auto") {
    if (!subset) method = "dc";
    else if (r.interval) method = "bisect";
    else method = AUTO_BISECT_FRACTION * (r.range!.hi - r.range!.lo + 1) <= n ? "bisect" : "dc";
  }
  return withScratch((s) => {
    if (method === "bisect") return bisection(s, r);
    let values: Float64Array;
    let vectors: Matrix | undefined;
    if (r.vectors) {
      ({ values, vectors } = allPairs(s, r, method === "qr" ? "dsteqr" : "dstedc"));
    } else {
      values = allValues(s, r);
    }
    if (!subset) return vectors ? { values, vectors } : { values };
    const { lo, hi } = r.range ?? indicesIn(values, r.interval!.lower, r.interval!.upper);
    const picked = values.slice(lo, hi + 1);
    if (!vectors) return { values: picked };
    return { values: picked, vectors: hi >= lo ? columns(vectors, lo, hi) : new Matrix(n, 0) };
  });
}

/**
 * Eigenvalues (ascending) and, unless `vectors: false`, orthonormal eigenvectors of the
 * symmetric tridiagonal matrix with diagonal d and off-diagonal e: T Z = Z diag(values)
 * (scipy.linalg.eigh_tridiagonal). `range` ({ lo, hi }, 0-based inclusive indices) or `interval`
 * ((lower, upper] in value) restricts the result to a part of the spectrum.
 *
 * Default method 'auto': divide and conquer (LAPACK dstedc) for all pairs, root-free QR
 * (dsterf) for all values, bisection + inverse iteration (dstebz + dstein) for a subset of at
 * most n/8 eigenpairs or an interval. Cost: dstedc well under n^3 flops on typical matrices
 * (GEMM in the merges, shrunk by deflation), dsterf about 12 n^2, bisection O(n) per count and
 * about 53 counts per eigenvalue.
 *
 * Throws ShapeError (e not of length n - 1), NonFiniteError (NaN/Inf entry),
 * InvalidArgumentError (bad options), ConvergenceError (an iteration limit was reached; the
 * partial result is attached), WasmMemoryError (too large for wasm32).
 */
export function eighTridiagonal(d: ArrayLike<number>, e: ArrayLike<number>, options: TridiagonalOptions = {}): TridiagonalEigen {
  return solve(validate(d, e, options, true, "eighTridiagonal"));
}

/**
 * Eigenvalues (ascending) of the symmetric tridiagonal matrix with diagonal d and off-diagonal
 * e (scipy.linalg.eigvalsh_tridiagonal), or only those selected by `range` / `interval`. Same
 * options as eighTridiagonal (`vectors` is ignored). dsterf (O(n^2)) for all values; bisection
 * for a subset.
 */
export function eigvalshTridiagonal(d: ArrayLike<number>, e: ArrayLike<number>, options: Omit<TridiagonalOptions, "vectors"> = {}): Float64Array {
  return solve(validate(d, e, { ...options, vectors: false }, false, "eigvalshTridiagonal")).values;
}
