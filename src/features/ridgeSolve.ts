/**
 * Ridge regression of labels y on a feature matrix F held in WASM memory, in the convention of the
 * authors' simulation code (Cui et al. 2024, SPOC-group/OneStepGD_asymptotics `Simulations.ipynb`,
 * `ridge_estimator` / `get_errors_ridge`): the features are divided by sqrt(p) and the loss is an
 * unnormalized sum of squares,
 *
 *   w = argmin_w  sum_nu (y_nu - <w, F_nu> / sqrt p)^2 + lambda |w|^2,
 *
 * so w = (F^T F / p + lambda I)^{-1} F^T y / sqrt p (primal, p x p system, used when n >= p) or
 * w = F^T (F F^T / p + lambda I)^{-1} y / sqrt p (dual, n x n, used when n < p), the same vector.
 * (This is ridge with the (1/n)-normalized loss and penalty lambda p / n on the unscaled F, see
 * src/theory/ridge.ts.)
 *
 * The m x m Gram matrix (m = min(n, p)) is formed by DSYRK and factored by a blocked right-looking
 * Cholesky factorization (LAPACK dpotrf, lower, Golub and Van Loan 4th ed. algorithm 4.2.4): each
 * 64-column diagonal block and its panel are factored in TS on the WASM view (O(m^2 64) flops),
 * the trailing update A22 -= L21 L21^T is a DSYRK in WASM (the m^3/3 flops). Cost: n m^2 (Gram)
 * + m^3/3 (Cholesky) + 4 n p (right-hand side and fitted values) flops; memory m^2 + O(n + p) doubles.
 */
import { InvalidArgumentError } from "../errors.js";
import { LOWER, NO_TRANS, TRANS, type KernelExports, type Ptr } from "../wasm/exports.js";
import { f64View, withScratch } from "../wasm/memory.js";

const BLOCK = 64;

/**
 * The lower Cholesky factor of the m x m symmetric positive definite matrix at `a` (row-major, the
 * lower triangle read and overwritten by L; the strict upper triangle is left as it was). Returns -1
 * on success, else the index of the first pivot that is not > minPivot (A not positive definite to
 * that margin). Blocked right-looking algorithm (see the file comment).
 */
export function choleskyFactorAt(k: KernelExports, a: Ptr, m: number, minPivot: number): number {
  return withScratch((sc) => {
    const work = sc.alloc(Math.max(1, k.dsyrk_worksize(m, BLOCK)), "DSYRK workspace").ptr;
    for (let j0 = 0; j0 < m; j0 += BLOCK) {
      const jb = Math.min(BLOCK, m - j0);
      const A = f64View(a, m * m, k); // no allocation below until the DSYRK: the view stays valid
      // diagonal block: unblocked (Cholesky-Banachiewicz) on the already updated A11
      for (let i = j0; i < j0 + jb; i++) {
        const ri = i * m;
        for (let j = j0; j <= i; j++) {
          const rj = j * m;
          let s = A[ri + j]!;
          for (let c = j0; c < j; c++) s -= A[ri + c]! * A[rj + c]!;
          if (i === j) {
            if (!(s > minPivot)) return i;
            A[ri + i] = Math.sqrt(s);
          } else {
            A[ri + j] = s / A[rj + j]!;
          }
        }
      }
      // panel: L21 = A21 L11^{-T}, row by row (forward substitution with L11)
      for (let i = j0 + jb; i < m; i++) {
        const ri = i * m;
        for (let j = j0; j < j0 + jb; j++) {
          const rj = j * m;
          let s = A[ri + j]!;
          for (let c = j0; c < j; c++) s -= A[ri + c]! * A[rj + c]!;
          A[ri + j] = s / A[rj + j]!;
        }
      }
      // trailing update: A22 -= L21 L21^T (lower triangle), in WASM
      const m2 = m - j0 - jb;
      if (m2 > 0) {
        const l21 = a + 8 * ((j0 + jb) * m + j0);
        const a22 = a + 8 * ((j0 + jb) * m + j0 + jb);
        k.dsyrk(LOWER, NO_TRANS, m2, jb, -1, l21, m, 1, a22, m, work);
      }
    }
    return -1;
  });
}

/** Solves L L^T x = b in place in `b` (L the lower factor at `l`, m x m row-major). Cost 2 m^2 flops. */
export function choleskySolveAt(k: KernelExports, l: Ptr, m: number, b: Float64Array): void {
  const L = f64View(l, m * m, k);
  for (let i = 0; i < m; i++) {
    const ri = i * m;
    let s = b[i]!;
    for (let c = 0; c < i; c++) s -= L[ri + c]! * b[c]!;
    b[i] = s / L[ri + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let c = i + 1; c < m; c++) s -= L[c * m + i]! * b[c]!;
    b[i] = s / L[i * m + i]!;
  }
}

export interface RidgeFit {
  /** w (length p), in the convention of the file comment: predictions <w, phi> / sqrt p. */
  weights: Float64Array;
  /** (1/n) sum_nu (y_nu - <w, F_nu> / sqrt p)^2 on the training set. */
  trainError: number;
  /** 'primal' (p x p system, n >= p) or 'dual' (n x n, n < p). */
  side: "primal" | "dual";
}

/**
 * Ridge of y (length n) on the n x p features at `f` (row-major, in WASM), see the file comment.
 * Throws InvalidArgumentError when the system is singular to working precision (lambda = 0 with
 * rank-deficient features, e.g. at n = p or with a linear activation and p > d).
 */
export function ridgeFitAt(k: KernelExports, f: Ptr, n: number, p: number, y: Float64Array, lambda: number): RidgeFit {
  const primal = n >= p;
  const m = primal ? p : n;
  const invSqrtP = 1 / Math.sqrt(p);
  return withScratch((s) => {
    s.reserve([m * m, s.k.dsyrk_worksize(m, primal ? n : p), 2 * Math.max(n, p)], `the ${m} x ${m} ridge normal equations`);
    const pa = s.alloc(m * m, "the ridge Gram matrix");
    const pw = s.alloc(k.dsyrk_worksize(m, primal ? n : p), "DSYRK workspace");
    k.dsyrk(LOWER, primal ? TRANS : NO_TRANS, m, primal ? n : p, 1 / p, f, p, 0, pa.ptr, m, pw.ptr);
    let trace = 0;
    {
      const A = pa.view();
      for (let i = 0; i < m; i++) {
        A[i * m + i]! += lambda;
        trace += A[i * m + i]!;
      }
      if (!Number.isFinite(trace)) throw new InvalidArgumentError("ridge: the Gram matrix of the features is not finite (features too large)");
    }
    const pivot = choleskyFactorAt(k, pa.ptr, m, 1e-13 * (trace / m));
    if (pivot >= 0) {
      throw new InvalidArgumentError(
        `ridge: the ${m} x ${m} normal equations are singular to working precision at pivot ${pivot} (ridge = ${lambda} with rank-deficient features); use a ridge > 0`,
      );
    }
    const py = s.from(y, "the labels");
    const pv = s.alloc(Math.max(n, p), "a ridge vector");
    const weights = new Float64Array(p);
    if (primal) {
      k.dgemv(TRANS, n, p, invSqrtP, f, p, py.ptr, 1, 0, pv.ptr, 1); // b = F^T y / sqrt p
      const b = pv.view().slice(0, p);
      choleskySolveAt(k, pa.ptr, m, b);
      weights.set(b);
    } else {
      const c = y.slice();
      choleskySolveAt(k, pa.ptr, m, c);
      py.view().set(c);
      k.dgemv(TRANS, n, p, invSqrtP, f, p, py.ptr, 1, 0, pv.ptr, 1); // w = F^T c / sqrt p
      weights.set(pv.view().subarray(0, p));
    }
    // fitted values F w / sqrt p
    const pwv = s.from(weights, "the ridge weights");
    k.dgemv(NO_TRANS, n, p, invSqrtP, f, p, pwv.ptr, 1, 0, pv.ptr, 1);
    const fit = pv.view();
    let err = 0;
    for (let i = 0; i < n; i++) err += (y[i]! - fit[i]!) ** 2;
    return { weights, trainError: err / n, side: primal ? "primal" : "dual" };
  });
}
