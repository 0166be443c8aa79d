/**
 * A few eigenpairs of a symmetric operator: `eigsh(op, k, options)`, the role of
 * scipy.sparse.linalg.eigsh.
 *
 * Algorithm: Krylov-Schur restarted Lanczos (Stewart 2001; for symmetric A it is the thick-restart
 * Lanczos of Wu and Simon 2000). A basis V of m = ncv orthonormal vectors is kept in WASM memory
 * with A V = V H + f b^T, H = V^T A V (m x m). Each new Krylov vector is orthogonalized against the
 * whole basis by classical Gram-Schmidt applied twice (DGEMV; "twice is enough"), which keeps V
 * orthonormal to working precision, so no spurious copies appear. When the basis is full, the
 * Ritz pairs (theta_i, V y_i) of H are computed, the l best (the k wanted plus half of the rest)
 * are kept as the new basis V Y_l (one GEMM), H becomes diag(theta_l) and b becomes Y_l^T b, and
 * the expansion continues from f. Converged pairs stay in the kept set (locked implicitly).
 * Stopping rule: |b^T y_i| = ||A x_i - theta_i x_i|| <= tol * max|theta| for the k wanted pairs,
 * confirmed by one more cycle started from a random vector orthogonal to the basis (a single start
 * vector sees one direction per eigenspace, so without it a repeated eigenvalue could be missed).
 *
 * Cost per restart: (m - l) operator applications plus about 4 n m (m - l) flops of
 * orthogonalization and 2 n m l for the restart GEMM; memory (m + 1) n doubles in WASM.
 *
 * Scale and symmetry (issue #13): the iteration runs on sigma A, sigma a power of two that keeps
 * every intermediate near 1 (src/linalg/krylov.ts), so A of any representable scale gives its
 * eigenvalues to the same relative accuracy. The Lanczos relation holds only for A = A^T, and a
 * nonsymmetric A would give wrong values that look converged, so symmetry is checked three ways:
 * an operator declared `symmetric: false` is refused, one of unknown symmetry gets a randomized
 * test (two applications), and during the iteration the Gram-Schmidt coefficients v_i^T A v_j,
 * which for symmetric A vanish beyond the tridiagonal (or reproduce the restart coupling), are
 * compared with that structure at no extra cost.
 */
import { ConvergenceError, InvalidArgumentError } from "../errors.js";
import { Matrix, type MatrixLike } from "../matrix.js";
import { Rng } from "../random/rng.js";
import { NO_TRANS, TRANS, type Ptr } from "../wasm/exports.js";
import { withScratch } from "../wasm/memory.js";
import { jacobiEigh } from "../numerics/jacobi.js";
import { checkSymmetry, commonOptions, MIN_FRESH, operatorName, ScaledApplier, startVector, stagnation, withOperator } from "./krylov.js";
import type { KrylovOptions, LinearOperator } from "./linearOperators.js";

export type SymmetricWhich = "LA" | "SA" | "LM";

export interface EigshOptions extends KrylovOptions {
  /** Which eigenvalues: largest algebraic ('LA', default), smallest ('SA'), largest magnitude ('LM'). */
  which?: SymmetricWhich;
  /**
   * Basis size m (k < m <= n). Default min(n, max(2k + 1, 20)). A smaller value than
   * min(n, k + 16) is raised to it (fewer new vectors per restart can converge on the wrong
   * values, e.g. LM at the wrong end of an indefinite spectrum: src/linalg/krylov.ts, MIN_FRESH).
   */
  ncv?: number;
  /**
   * After convergence, restart once from a random vector orthogonal to the basis and accept only
   * if the wanted values come back (default true): a single start vector sees one direction per
   * eigenspace, so without this a repeated eigenvalue could be missed. It costs one more cycle
   * (ncv - k applications). A caller that knows its wanted eigenvalues are simple (a sweep measuring
   * an outlier and the bulk edge of a sample covariance) may set false (issue #21).
   */
  confirm?: boolean;
}

export interface EigshResult {
  /** The k eigenvalues, ascending. */
  values: Float64Array;
  /** n x k, column j the unit eigenvector of values[j]. */
  vectors: Matrix;
  /** ||A x_j - values[j] x_j|| for each pair (from the Krylov relation). */
  residuals: Float64Array;
  /** Operator applications used. */
  applications: number;
  /** Restarts used. */
  restarts: number;
  converged: boolean;
}

// |v_i^T A v_j - (its value for symmetric A)| above this times ||A|| means A is not symmetric:
// far above rounding (eps ||A|| times small factors), far below what would move the eigenvalues
const LOOP_SYMMETRY_RTOL = 1e-8;

function pick(theta: Float64Array, which: SymmetricWhich): number[] {
  const idx = Array.from(theta, (_, i) => i);
  if (which === "LA") idx.sort((a, b) => theta[b]! - theta[a]!);
  else if (which === "SA") idx.sort((a, b) => theta[a]! - theta[b]!);
  else idx.sort((a, b) => Math.abs(theta[b]!) - Math.abs(theta[a]!));
  return idx;
}

/**
 * The k eigenvalues of a real symmetric operator (or dense matrix) at one end of its spectrum,
 * with unit eigenvectors: the role of scipy.sparse.linalg.eigsh (which='LA' | 'SA' | 'LM').
 *
 * Algorithm: Krylov-Schur (thick-restart) Lanczos with full reorthogonalization, see the module
 * comment (Stewart 2001; Wu and Simon 2000). Eigenvalues come back ascending whatever `which`.
 *
 * `op` is a LinearOperator ({ size, apply(x, y) }, a WasmOperator such as `sampleCovariance(X)`
 * or `new DenseOperator(A)`) or a dense matrix (Matrix, nested arrays, ml-matrix), which is
 * wrapped in a DenseOperator for the call: a copy of A into WASM (n^2 doubles), a symmetry check
 * of A (O(n^2)), then one DSYMV (2 n^2 flops) per application. For a dense matrix whose full
 * spectrum is affordable (n up to a few thousand), `eigh` with a range is usually faster; eigsh
 * pays off for implicit operators (`sampleCovariance`: 4 n d flops per application, never forming
 * the d x d matrix) or when k is small and n large.
 *
 * Cost: (ncv - l) applications per restart plus about 4 n ncv^2 flops of orthogonalization;
 * (ncv + 1) n doubles of WASM memory, checked before anything is drawn or applied.
 *
 * Options (KrylovOptions and): which ('LA' default), ncv (basis size, default
 * min(n, max(2k + 1, 20)), at least min(n, k + 16)), tol (relative residual ||A x - lambda x|| <= tol ||A||, default 1e-10),
 * maxIter (restarts, default 500), v0 or seed (start vector), confirm (the final check from a fresh
 * random vector, default true), returnPartial.
 *
 * Errors: InvalidArgumentError for a bad op, k, or option, for an operator declared
 * `symmetric: false` or a matrix that is not symmetric (use `eigs`), and for an operator of unknown
 * symmetry that fails the randomized test; NonFiniteError for a non-finite v0 or matrix, or an
 * operator whose output overflows (named); WasmMemoryError when the basis does not fit in wasm32
 * memory; ConvergenceError (restarts, largest residual, partial result, and why: stagnation, or an
 * operator that turns out not to be symmetric) when maxIter restarts do not reach tol, unless
 * `returnPartial` is set.
 */
export function eigsh(op: LinearOperator | MatrixLike, k: number, options: EigshOptions = {}): EigshResult {
  return withOperator(op, "eigsh", undefined, (A, owned) => {
    if (owned && !owned.symmetric) {
      throw new InvalidArgumentError(
        `eigsh: A is not symmetric (max |a_ij - a_ji| = ${owned.asymmetry.toExponential(3)} exceeds 1e-10 max|a_ij|); use eigs for a nonsymmetric matrix`,
      );
    }
    if (A.symmetric === false) {
      throw new InvalidArgumentError(`eigsh: ${operatorName(A)} is declared non-symmetric (symmetric: false); eigsh needs a symmetric operator: use eigs`);
    }
    return run(A, k, options);
  });
}

function run(op: LinearOperator, k: number, options: EigshOptions): EigshResult {
  const n = op.size;
  const { tol, maxIter, seed } = commonOptions(options, n, k, "eigsh");
  const which = options.which ?? "LA";
  if (which !== "LA" && which !== "SA" && which !== "LM") throw new InvalidArgumentError(`eigsh: which must be 'LA', 'SA' or 'LM', got '${String(which)}'`);
  const ncv = Math.min(n, options.ncv ?? Math.max(2 * k + 1, 20));
  if (!Number.isInteger(ncv) || ncv <= k && ncv < n) throw new InvalidArgumentError(`eigsh: ncv must satisfy k < ncv <= n (k = ${k}, n = ${n}), got ${options.ncv}`);
  const m = Math.min(n, Math.max(ncv, k + MIN_FRESH));
  const confirm = options.confirm ?? true;
  if (typeof confirm !== "boolean") throw new InvalidArgumentError(`eigsh: confirm must be a boolean, got ${typeof confirm}`);

  return withScratch((s) => {
    // the memory check comes before the start vector is drawn (n normals) or anything is applied
    s.reserve([(m + 1) * n, m + 1, m * n], `eigsh with n = ${n} and ncv = ${m}`);
    const k_ = s.k;
    const V = s.alloc((m + 1) * n, "the Krylov basis"); // row j = basis vector j
    const h = s.alloc(m + 1, "orthogonalization coefficients");
    const tmp = s.alloc(m * n, "the restarted basis");
    const vec = (j: number): Ptr => V.ptr + 8 * j * n;
    const start = startVector(options, n, seed);
    const rng = new Rng(seed).jump(); // for restarts after an invariant subspace
    let checks = 0;
    if (op.symmetric === undefined) {
      checkSymmetry(op, n, seed, "eigsh");
      checks = 2;
    }

    // Projected matrix H (m x m, dense symmetric) and coupling vector b (A V = V H + v_m b^T),
    // both of sigma A: a change of sigma multiplies them (and the norm estimate) by the factor
    const H = new Float64Array(m * m);
    const b = new Float64Array(m);
    let anorm = 0;
    let lastBeta = 0; // the norm that normalized the newest basis vector (H's subdiagonal)
    const applier = new ScaledApplier(op, k_, n, "eigsh", (f) => {
      for (let i = 0; i < H.length; i++) H[i]! *= f;
      for (let i = 0; i < m; i++) b[i]! *= f;
      anorm *= f;
      lastBeta *= f;
      if (verified) verified = verified.map((v) => v * f);
    });

    // v_0 = start / |start|
    const setUnit = (j: number, data: Float64Array): boolean => {
      new Float64Array(k_.memory.buffer, vec(j), n).set(data);
      if (j > 0) orthogonalize(j);
      const nrm = k_.dnrm2(n, vec(j), 1);
      if (!(nrm > 0)) return false;
      k_.dscal(n, 1 / nrm, vec(j), 1);
      return true;
    };
    // w = row j of V, orthogonalized against rows 0..j-1 twice; coefficients summed into h
    const orthogonalize = (j: number): void => {
      const w = vec(j);
      new Float64Array(k_.memory.buffer, h.ptr, j).fill(0);
      for (let pass = 0; pass < 2; pass++) {
        // c = V_j w (into tmp); w -= V_j^T c; h += c
        k_.dgemv(NO_TRANS, j, n, 1, V.ptr, n, w, 1, 0, tmp.ptr, 1);
        k_.dgemv(TRANS, j, n, -1, V.ptr, n, tmp.ptr, 1, 1, w, 1);
        k_.daxpy(j, 1, tmp.ptr, 1, h.ptr, 1);
      }
    };
    if (!setUnit(0, start)) throw new InvalidArgumentError("eigsh: the start vector v0 is zero");

    let l = 0; // basis vectors 0..l-1 are kept Ritz vectors (H diagonal there, coupled through b)
    let restarts = 0;
    let theta: Float64Array = new Float64Array(0);
    let Y: Float64Array = new Float64Array(0);
    let order: number[] = [];
    let resid: Float64Array = new Float64Array(0);
    let verified: number[] | null = null; // the wanted values at the last convergence check
    const history: number[] = []; // largest wanted residual / ||A|| per cycle

    // For symmetric A, v_i^T A v_j (column j of the coefficients) is lastBeta at i = j - 1 and 0
    // further up, or the restart coupling b_i at the first new column j = l.
    const checkColumn = (j: number, coef: Float64Array, afterInject: boolean): void => {
      if (j === 0) return;
      const limit = LOOP_SYMMETRY_RTOL * anorm + (j === l && afterInject ? 10 * tol * anorm : 0);
      for (let i = 0; i < j; i++) {
        const want = j === l ? (afterInject ? 0 : b[i]!) : i === j - 1 ? lastBeta : 0;
        if (Math.abs(coef[i]! - want) > limit) {
          throw new ConvergenceError(
            `eigsh: ${operatorName(op)} seems non-symmetric: in the Lanczos basis, v_${i}^T A v_${j} = ${(coef[i]! * applier.inverse).toExponential(3)} ` +
              `where A = A^T gives ${(want * applier.inverse).toExponential(3)} (||A|| about ${(anorm * applier.inverse).toExponential(3)}); ` +
              `eigsh's results would be wrong: use eigs`,
            restarts, Math.abs(coef[i]! - want) * applier.inverse,
          );
        }
      }
    };

    let injected = false;
    for (;;) {
      // expand the basis from l to m vectors (v_l is set): A v_j = sum_{i<=j} H_ij v_i + beta v_{j+1}
      let beta = 0;
      for (let j = l; j < m; j++) {
        applier.apply(vec(j), vec(j + 1));
        orthogonalize(j + 1);
        const coef = new Float64Array(k_.memory.buffer, h.ptr, j + 1);
        beta = k_.dnrm2(n, vec(j + 1), 1);
        // (the norm estimate includes this column and beta before the check: rounding in the
        // coefficients scales with ||A v_j||)
        for (let i = 0; i <= j; i++) anorm = Math.max(anorm, Math.abs(coef[i]!));
        anorm = Math.max(anorm, beta);
        checkColumn(j, coef, injected);
        // column j of H; for j = l > 0 the entries above l reproduce the coupling b of the kept block
        for (let i = 0; i <= j; i++) {
          H[i * m + j] = coef[i]!;
          H[j * m + i] = coef[i]!;
        }
        if (beta <= 1e-14 * anorm) {
          // an invariant subspace: go on with a random direction orthogonal to the basis
          beta = 0;
          if (j + 1 < m) {
            let ok = false;
            for (let tries = 0; tries < 5 && !ok; tries++) ok = setUnit(j + 1, rng.normal(n));
            if (!ok) throw new ConvergenceError("eigsh: could not extend the Krylov basis (no direction orthogonal to it found)", restarts, NaN);
          }
        } else {
          k_.dscal(n, 1 / beta, vec(j + 1), 1);
        }
        lastBeta = beta;
      }
      b.fill(0);
      b[m - 1] = beta;
      // Ritz pairs of H
      const eig = jacobiEigh(H, m);
      theta = eig.values;
      Y = eig.vectors.data;
      for (const t of theta) anorm = Math.max(anorm, Math.abs(t));
      order = pick(theta, which);
      resid = new Float64Array(m);
      for (let i = 0; i < m; i++) resid[i] = Math.abs(beta * Y[(m - 1) * m + i]!);
      const wanted = order.slice(0, k);
      history.push(Math.max(...wanted.map((i) => resid[i]!)) / anorm);
      let inject = false;
      if (m === n) break; // the basis spans the whole space: H's eigenpairs are exact
      if (wanted.every((i) => resid[i]! <= tol * anorm)) {
        // Converged. A single-vector Krylov space holds one direction per eigenspace, so a repeated
        // or missed eigenvalue can hide behind the converged set: restart once from a random vector
        // orthogonal to the basis, and accept only if the wanted values come back unchanged.
        const values = wanted.map((i) => theta[i]!).sort((x, y) => x - y);
        if (!confirm || (verified && values.every((v, i) => Math.abs(v - verified![i]!) <= 10 * tol * anorm))) {
          verified = values;
          break;
        }
        verified = values;
        inject = true;
      }
      if (restarts >= maxIter) break;
      restarts++;
      // thick restart: keep the k wanted plus half of the others (ARPACK's nev + (ncv - nev) / 2)
      // (after convergence keep only the k converged pairs: their coupling b is below tol and is dropped)
      let keep = inject ? k : Math.min(m - 1, k + Math.floor((m - k) / 2));
      keep = Math.max(keep, k);
      restart(order.slice(0, keep));
      l = keep;
      injected = inject;
      if (inject) {
        // converged pairs have |b_i| <= tol |A|: drop the coupling and expand from a fresh direction
        b.fill(0);
        let ok = false;
        for (let tries = 0; tries < 5 && !ok; tries++) ok = setUnit(l, rng.normal(n));
        if (!ok) break;
      }
    }

    function restart(kept: number[]): void {
      const keepN = kept.length;
      // new rows: (Y_kept)^T V_m  -> tmp (keepN x n)
      const yk = new Float64Array(keepN * m);
      for (let r = 0; r < keepN; r++) for (let q = 0; q < m; q++) yk[r * m + q] = Y[q * m + kept[r]!]!;
      withScratch((s2) => {
        const py = s2.from(yk);
        const work = s2.alloc(k_.dgemm_worksize(keepN, n, m));
        k_.dgemm(NO_TRANS, NO_TRANS, keepN, n, m, 1, py.ptr, m, V.ptr, n, 0, tmp.ptr, n, work.ptr);
      });
      // the residual direction v_m moves to row keepN, kept Ritz vectors to rows 0..keepN-1
      k_.dcopy(n, vec(m), 1, vec(keepN), 1);
      k_.dcopy(keepN * n, tmp.ptr, 1, V.ptr, 1);
      const newB = new Float64Array(m);
      for (let r = 0; r < keepN; r++) {
        let s = 0;
        for (let q = 0; q < m; q++) s += b[q]! * Y[q * m + kept[r]!]!;
        newB[r] = s;
      }
      H.fill(0);
      for (let r = 0; r < keepN; r++) H[r * m + r] = theta[kept[r]!]!;
      b.set(newB);
    }

    const wanted = order.slice(0, k);
    const converged = m === n || (verified !== null && wanted.every((i) => resid[i]! <= tol * anorm));
    // Ritz vectors of the wanted pairs, values ascending
    const sorted = wanted.slice().sort((i, j) => theta[i]! - theta[j]!);
    const yk = new Float64Array(k * m);
    for (let r = 0; r < k; r++) for (let q = 0; q < m; q++) yk[r * m + q] = Y[q * m + sorted[r]!]!;
    const rows = withScratch((s2) => {
      const py = s2.from(yk);
      const out = s2.alloc(k * n);
      const work = s2.alloc(k_.dgemm_worksize(k, n, m));
      k_.dgemm(NO_TRANS, NO_TRANS, k, n, m, 1, py.ptr, m, V.ptr, n, 0, out.ptr, n, work.ptr);
      return out.view().slice();
    });
    const vectors = new Matrix(n, k);
    for (let r = 0; r < k; r++) for (let i = 0; i < n; i++) vectors.data[i * k + r] = rows[r * n + i]!;
    // back from sigma A to A (sigma a power of two: exact)
    const inv = applier.inverse;
    const result: EigshResult = {
      values: Float64Array.from(sorted, (i) => theta[i]! * inv),
      vectors,
      residuals: Float64Array.from(sorted, (i) => resid[i]! * inv),
      applications: applier.applications + checks,
      restarts,
      converged,
    };
    if (!converged && !options.returnPartial) {
      const worst = Math.max(...result.residuals);
      throw new ConvergenceError(
        `eigsh: ${k} eigenpairs ('${which}') not converged after ${restarts} restarts (${result.applications} operator applications): ` +
          `largest residual ${worst.toExponential(2)} > tol * |A| = ${(tol * anorm * inv).toExponential(2)}; ${stagnation(history)}`,
        restarts, worst, result,
      );
    }
    return result;
  });
}
