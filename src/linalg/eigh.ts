/**
 * Dense symmetric eigenproblems: `eigh` (eigenvalues and eigenvectors), `eigvalsh` (values
 * only), both optionally restricted to an index range of the ascending spectrum, and
 * `eigenvector` to take one eigenvector out of a result.
 *
 * Algorithm (LAPACK dsyevd / dsyevx structure, kernels in assembly/lapack/):
 *   1. scale A by a power of two to max|a_ij| in [1, 2) when its largest entry lies outside
 *      [1e-100, 6.7e145] (dsyevd's test, with a higher floor; see scaleFor), so that a matrix
 *      whose norm approaches the overflow threshold 1.8e308 does not overflow in the reduction,
 *      and one near the underflow threshold keeps its accuracy (eigenvalues that are themselves
 *      subnormal keep only the precision a subnormal double has);
 *   2. blocked Householder reduction Q^T A Q = T (dsytrd with dlatrd panels: one dsymv per
 *      column, one dsyr2k per panel), 4/3 n^3 flops;
 *   3. the tridiagonal eigenproblem: all values by root-free QR (dsterf, O(n^2)); all pairs by
 *      divide and conquer (dstedc, GEMM in the merges); an index range by bisection (dstebz) and
 *      inverse iteration (dstein);
 *   4. back transformation V = Q Z by blocked reflectors on GEMM (dormtr: 2 n^2 k flops for k
 *      vectors), and the eigenvalues scaled back.
 * Memory in WASM: about 2 n^2 doubles with all vectors (A and Z) plus the solver's workspace
 * (n^2 more for divide and conquer), n^2 + n k for k vectors, n^2 for values only.
 *
 * Storage: one triangle of A is read, the lower one (a_ij, j <= i) by default as numpy
 * (UPLO='L') and scipy (lower=True) do, the upper one with `lower: false`. The reduction kernel
 * works on the upper triangle, so the lower one is mirrored onto it in the WASM copy (n^2 / 2
 * moves, nothing against the n^3 solve). With the default `check: true` the whole matrix must be
 * finite and symmetric within `symmetryTol`; with `check: false` only the triangle read is
 * examined (finite), so a matrix whose other triangle is unset may be passed.
 */
import { InvalidArgumentError, NonFiniteError } from "../errors.js";
import { Matrix, type MatrixLike } from "../matrix.js";
import { NO_TRANS, type KernelExports, type Ptr } from "../wasm/exports.js";
import { assertOptions } from "../validate.js";
import { withScratch } from "../wasm/memory.js";
import { checkStatus, type StatusContext } from "../wasm/status.js";
import { ormtr, sytrd, withThreads } from "../threads/drivers.js";
import { validate, type Checked } from "./eighChecks.js";

export interface EighOptions {
  /** Compute eigenvectors too (default true for `eigh`; `eigvalsh` never does). */
  vectors?: boolean;
  /**
   * Only the eigenpairs with indices lo..hi (0-based, inclusive) of the ascending spectrum:
   * `{ lo: 0, hi: 0 }` is the smallest, `{ lo: n - k, hi: n - 1 }` the k largest.
   */
  range?: { lo: number; hi: number };
  /**
   * Which triangle of A is read (scipy's `lower`): the lower one (default true, as numpy's
   * UPLO='L'), or the upper one (false). The other triangle is ignored with `check: false`.
   */
  lower?: boolean;
  /** Check that A is symmetric within `symmetryTol` (default true); false skips the O(n^2) check. */
  check?: boolean;
  /**
   * Largest |a_ij - a_ji| accepted, relative to max |a_ij| (default 1e-10). Only the triangle
   * chosen by `lower` is used, so a small asymmetry is resolved in favour of it.
   */
  symmetryTol?: number;
  /**
   * Threads for the reduction's trailing updates and the back transformation (default:
   * `getThreads()`). The result is the same for any count.
   */
  threads?: number;
  /**
   * QL/QR sweeps allowed per eigenvalue in the tridiagonal solver (dsterf, the leaves of dstedc),
   * LAPACK's 30 by default; reaching it throws ConvergenceError. An argument of the kernel call,
   * so the batch variants obey it on every worker thread.
   */
  maxSweepsPerEigenvalue?: number;
}

export interface EighResult {
  /** Eigenvalues, ascending (the requested index range only, when one was given). */
  values: Float64Array;
  /**
   * Orthonormal eigenvectors as the columns of an n x k matrix (column j belongs to values[j]);
   * absent when `vectors: false`.
   */
  vectors?: Matrix;
}

/** Wall-clock split of one solve, in milliseconds (see `eighTimed`). */
export interface EighTimings {
  /** Copy into WASM, scaling and the reduction to tridiagonal form. */
  reduction: number;
  /** The tridiagonal eigensolver. */
  tridiagonal: number;
  /** Back transformation of the eigenvectors (0 without vectors) and copy out. */
  back: number;
}

// Scaling thresholds. RMAX is LAPACK dsyevd's sqrt(eps / safmin) (eps = 2^-52, safmin =
// 2^-1022). Its floor sqrt(safmin / eps) = 1.5e-146 is raised to 1e-100: bisection (dstebz)
// splits the tridiagonal where e_i^2 < safmin, i.e. |e_i| < 1.5e-154, which near 1.5e-146 drops
// off-diagonals of relative size 1e-8 (eigenvalue errors of 1e-8 ||A|| found by
// test/fuzz/dense.fuzz.test.ts); from 1e-100 up the dropped part is below 1e-54 ||A||.
const RMIN = 1e-100;
const RMAX = Math.sqrt(2.220446049250313e-16 / 2.2250738585072014e-308);


/**
 * The status of the tridiagonal solver (dsterf or dstedc) of a dense solve: a failure is the
 * ConvergenceError of status.ts with the unordered values the solver reached, in A's units.
 */
export function tridiagonalStatus(
  k: KernelExports, fn: string, routine: "dsterf" | "dstedc", info: number, n: number, d: Ptr, sigma: number, maxSweeps: number,
): void {
  if (info === 0) return;
  const values = info > 0 ? new Float64Array(k.memory.buffer, d, n).map((x) => x / sigma) : undefined;
  checkStatus(routine, info, { fn, n, maxSweeps, partial: { values } });
}

/**
 * The scaling factor for a symmetric (or tridiagonal) matrix with max |a_ij| = anorm: 1 inside
 * [RMIN, RMAX], else the power of two 2^-floor(log2 anorm) that brings anorm into [1, 2), the
 * middle of the range (capped at 2^1020: a subnormal anorm lands at 2^-54 or above). A power of
 * two scales every normal entry exactly, where LAPACK's RMIN / anorm rounds each one. Also used
 * by the tridiagonal solvers (tridiagonal.ts), whose bisection (dstebz) does not scale itself.
 */
export function scaleFor(anorm: number): number {
  if (!(anorm > 0) || (anorm >= RMIN && anorm <= RMAX)) return 1;
  return 2 ** Math.min(1020, -Math.floor(Math.log2(anorm)));
}

/** The lower triangle of the row-major n x n `a` copied onto the upper one (what dsytrd reads). */
export function mirrorLower(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = a[j * n + i]!;
}

export function overflow(fn: string, index: number, scaledValue: number, sigma: number, anorm: number): never {
  throw new NonFiniteError(
    `${fn}: eigenvalue ${index} of A overflowed: it is about ${scaledValue.toPrecision(3)} / ${sigma.toPrecision(3)}, beyond the ` +
      `largest double (1.8e308); scale A down (its largest entry is ${anorm.toPrecision(3)})`,
    "the eigenvalues", index, scaledValue / sigma,
  );
}

/** The solve proper, shared by eigh, eigvalsh and eighTimed; `clock` marks the phase ends. */
function solve(c: Checked, fn: string, clock?: (phase: keyof EighTimings) => void): EighResult {
  const { a, n, anorm, vectors, lo, hi, full, threads, maxSweeps } = c;
  const count = hi - lo + 1;
  if (n === 0) return vectors ? { values: new Float64Array(0), vectors: new Matrix(0, 0) } : { values: new Float64Array(0) };
  const sigma = scaleFor(anorm);

  return withThreads(threads, () => withScratch((s) => {
    const k: KernelExports = s.k;
    const kv = vectors ? count : 0;
    const wReduce = k.dsytrd_worksize(n, 0);
    let wSolve = 0;
    let iwSolve = 0;
    let zLen = 0;
    if (vectors && full) {
      wSolve = k.dstedc_worksize(2, n);
      iwSolve = k.dstedc_iworksize(2, n);
      zLen = n * n;
    } else if (vectors) {
      wSolve = Math.max(k.dstein_worksize(n), k.dstebz_worksize(n));
      iwSolve = Math.max(k.dstein_iworksize(n), k.dstebz_iworksize(n)) + 2 * n + count + 2;
      zLen = n * count;
    } else if (!full) {
      wSolve = k.dstebz_worksize(n);
      iwSolve = k.dstebz_iworksize(n) + 2 * n + count + 2;
    }
    const wBack = vectors ? k.dormtr_worksize(n, kv, 0) : 0;
    // the reduction and the back transformation take their (per-thread) workspace in the drivers
    const work = Math.max(wSolve, 1);
    const iwDoubles = Math.ceil(iwSolve / 2) + 1;
    s.reserve([n * n, n, n, n, n, zLen, work, iwDoubles, wReduce * threads, wBack * threads], `${fn} of a ${n} x ${n} matrix`);

    const pa = s.from(a.data, "the matrix A");
    if (c.lower) mirrorLower(pa.view(), n);
    if (sigma !== 1) k.dscal(n * n, sigma, pa.ptr, 1);
    const pd = s.alloc(n, "the tridiagonal diagonal");
    const pe = s.alloc(n, "the tridiagonal off-diagonal");
    const ptau = s.alloc(n, "the reflector scalars");
    const pw = s.alloc(work, "eigensolver workspace");
    const piw = s.alloc(iwDoubles, "eigensolver integer workspace");
    checkStatus("dsytrd", sytrd(s, threads, n, pa.ptr, n, pd.ptr, pe.ptr, ptau.ptr), { fn, n });
    clock?.("reduction");

    let values: Float64Array;
    let vecs: Matrix | undefined;
    if (vectors && full) {
      const pz = s.alloc(zLen, "the eigenvectors");
      tridiagonalStatus(k, fn, "dstedc", k.dstedc(2, n, pd.ptr, pe.ptr, pz.ptr, n, pw.ptr, piw.ptr, maxSweeps), n, pd.ptr, sigma, maxSweeps);
      clock?.("tridiagonal");
      checkStatus("dormtr", ormtr(s, threads, NO_TRANS, n, n, pa.ptr, n, ptau.ptr, pz.ptr, n), { fn, n });
      values = pd.view().slice(0, n);
      vecs = new Matrix(n, n, pz.view().slice());
    } else if (vectors) {
      const pz = s.alloc(zLen, "the eigenvectors");
      // dstebz may store more values than asked (ties at the ends of the range) before it
      // trims them: its W has n entries, as in LAPACK (a count-sized one was overrun, #13 fuzz)
      const pwv = s.alloc(n, "the selected eigenvalues");
      selectByIndex(k, { fn, n }, lo, hi, pd.ptr, pe.ptr, pwv.ptr, pz.ptr, pw.ptr, piw.ptr, true);
      clock?.("tridiagonal");
      checkStatus("dormtr", ormtr(s, threads, NO_TRANS, n, count, pa.ptr, n, ptau.ptr, pz.ptr, count), { fn, n });
      values = pwv.view().slice(0, count);
      vecs = new Matrix(n, count, pz.view().slice());
    } else if (full) {
      tridiagonalStatus(k, fn, "dsterf", k.dsterf(n, pd.ptr, pe.ptr, maxSweeps), n, pd.ptr, sigma, maxSweeps);
      clock?.("tridiagonal");
      values = pd.view().slice(0, n);
    } else {
      // dstebz may store more values than asked (ties at the ends of the range) before it
      // trims them: its W has n entries, as in LAPACK (a count-sized one was overrun, #13 fuzz)
      const pwv = s.alloc(n, "the selected eigenvalues");
      selectByIndex(k, { fn, n }, lo, hi, pd.ptr, pe.ptr, pwv.ptr, 0, pw.ptr, piw.ptr, false);
      clock?.("tridiagonal");
      values = pwv.view().slice(0, count);
    }
    if (sigma !== 1) {
      for (let i = 0; i < values.length; i++) {
        const w = values[i]! / sigma;
        // only possible when sigma < 1, i.e. max|a_ij| > RMAX: |lambda| >= max|a_ij| may exceed 1.8e308
        if (!Number.isFinite(w)) overflow(fn, lo + i, values[i]!, sigma, anorm);
        values[i] = w;
      }
    }
    clock?.("back");
    return vecs ? { values, vectors: vecs } : { values };
  }));
}

// Bisection to the full accuracy the tridiagonal determines (LAPACK's advice for dstebz:
// abstol = 2 safmin), so that range solves agree with the full solve to rounding.
const ABSTOL = 2 * 2.2250738585072014e-308;

/**
 * Eigenvalues lo..hi (ascending) of tridiag(d, e) into w, and with `z` != 0 their eigenvectors
 * into the n x count row-major z: dstebz by index (ordered by split block, as dstein needs),
 * dstein, then both sorted ascending together (as dsyevx does). `iwork` holds i32 scratch of
 * stebzIwork + steinIwork + 2 n + count + 2 entries. A failure of either kernel throws the error
 * of status.ts.
 */
function selectByIndex(
  k: KernelExports, c: StatusContext & { n: number }, lo: number, hi: number, d: Ptr, e: Ptr, w: Ptr, z: Ptr,
  work: Ptr, iwork: Ptr, wantVectors: boolean,
): void {
  const n = c.n;
  const count = hi - lo + 1;
  const counts = iwork;
  const iblock = counts + 8;
  const isplit = iblock + 4 * n;
  const ifail = isplit + 4 * n;
  const iscratch = ifail + 4 * count;
  const info = k.dstebz(2, wantVectors ? 0 : 1, n, 0, 0, lo, hi, ABSTOL, d, e, counts, w, iblock, isplit, work, iscratch);
  const found = info < 0 ? 0 : new Int32Array(k.memory.buffer, counts, 1)[0]!;
  checkStatus("dstebz", info, { ...c, found, expected: count, range: `${lo}..${hi}` });
  if (!wantVectors) return;
  const info2 = k.dstein(n, d, e, count, w, iblock, isplit, z, count, work, iscratch, ifail);
  checkStatus("dstein", info2, { ...c, count, range: `${lo}..${hi}` });
  // ascending order, columns of z carried along (selection sort as in LAPACK dsyevx: few swaps)
  const wv = new Float64Array(k.memory.buffer, w, count);
  const zv = new Float64Array(k.memory.buffer, z, n * count);
  for (let j = 0; j < count - 1; j++) {
    let best = j;
    for (let i = j + 1; i < count; i++) if (wv[i]! < wv[best]!) best = i;
    if (best === j) continue;
    const t = wv[j]!;
    wv[j] = wv[best]!;
    wv[best] = t;
    for (let r = 0; r < n; r++) {
      const row = r * count;
      const u = zv[row + j]!;
      zv[row + j] = zv[row + best]!;
      zv[row + best] = u;
    }
  }
}

/**
 * Eigenvalues (ascending) and, unless `vectors: false`, orthonormal eigenvectors of the real
 * symmetric matrix A: A V = V diag(values) (numpy.linalg.eigh / scipy.linalg.eigh). Only the
 * lower triangle of A is read (`lower: false`: the upper one), as numpy and scipy do; by default
 * A is first checked to be finite and symmetric within `symmetryTol` (relative to max|a_ij|).
 *
 * Blocked Householder tridiagonalization (LAPACK dsytrd) + divide and conquer (dstedc) + blocked
 * back transformation (dormtr), or bisection + inverse iteration (dstebz/dstein) for an index
 * `range`; values only use dsterf. Cost about 4/3 n^3 (values) or up to 4.7 n^3 (all vectors)
 * flops; WASM memory about 3 n^2 doubles with all vectors. Accuracy as LAPACK's: residual
 * ||A V - V diag(w)|| and ||V^T V - I|| of order n eps ||A||.
 *
 * Throws ShapeError (not square), NonFiniteError (NaN/Inf entry, or an eigenvalue beyond the
 * double range, possible only when entries approach 1.8e308), InvalidArgumentError (not
 * symmetric within tolerance, bad options), ConvergenceError (the tridiagonal solver hit its
 * iteration limit), WasmMemoryError (too large for wasm32).
 */
export function eigh(A: MatrixLike, options: EighOptions = {}): EighResult {
  const c = validate(A, options, true, "eigh");
  return solve(c, "eigh");
}

/**
 * Eigenvalues of the real symmetric A, ascending (numpy.linalg.eigvalsh), or only those with
 * indices range.lo..range.hi. Same validation and options as `eigh` (`vectors` is ignored;
 * `lower`, default true, picks the triangle read).
 * Tridiagonal reduction (dsytrd, 4/3 n^3 flops) + root-free QR (dsterf) or bisection (dstebz).
 */
export function eigvalsh(A: MatrixLike, options: Omit<EighOptions, "vectors"> = {}): Float64Array {
  assertOptions(options, "eigvalsh");
  const c = validate(A, { ...options, vectors: false }, false, "eigvalsh");
  return solve(c, "eigvalsh").values;
}

// the batch variants (one job per matrix on the thread pool) live in eighBatch.ts
export { eighBatch, eigvalshBatch } from "./eighBatch.js";

/**
 * Eigenvector j of an `eigh` result (the column of `result.vectors` that belongs to
 * `result.values[j]`) as a new contiguous Float64Array.
 */
export function eigenvector(result: EighResult, j: number): Float64Array {
  if (!result || !(result.values instanceof Float64Array)) {
    throw new InvalidArgumentError("eigenvector: result must be what eigh returned");
  }
  const v = result.vectors;
  if (!v) throw new InvalidArgumentError("eigenvector: this result has no eigenvectors (it was computed with vectors: false)");
  if (!Number.isInteger(j) || j < 0 || j >= v.cols) {
    throw new InvalidArgumentError(`eigenvector: index ${j} is outside 0..${v.cols - 1}`);
  }
  return v.column(j);
}

/**
 * `eigh` with the wall-clock split of the solve (reduction / tridiagonal / back transformation),
 * for benchmarks; validation time is not included.
 */
export function eighTimed(A: MatrixLike, options: EighOptions = {}): { result: EighResult; timings: EighTimings } {
  const c = validate(A, options, true, "eigh");
  const timings: EighTimings = { reduction: 0, tridiagonal: 0, back: 0 };
  let last = performance.now();
  const result = solve(c, "eigh", (phase) => {
    const now = performance.now();
    timings[phase] += now - last;
    last = now;
  });
  return { result, timings };
}
