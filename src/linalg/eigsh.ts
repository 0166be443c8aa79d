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
 */
import { ConvergenceError, InvalidArgumentError } from "../errors.js";
import { Matrix } from "../matrix.js";
import { Rng } from "../random/rng.js";
import { assertFinite, asVector } from "../validate.js";
import { NO_TRANS, TRANS, type Ptr } from "../wasm/exports.js";
import { withScratch } from "../wasm/memory.js";
import { jacobiEigh } from "./jacobi.js";
import { WasmOperator, type KrylovOptions, type LinearOperator } from "./operators.js";

export type SymmetricWhich = "LA" | "SA" | "LM";

export interface EigshOptions extends KrylovOptions {
  /** Which eigenvalues: largest algebraic ('LA', default), smallest ('SA'), largest magnitude ('LM'). */
  which?: SymmetricWhich;
  /** Basis size m (k < m <= n). Default min(n, max(2k + 1, 20)). */
  ncv?: number;
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

function pick(theta: Float64Array, which: SymmetricWhich): number[] {
  const idx = Array.from(theta, (_, i) => i);
  if (which === "LA") idx.sort((a, b) => theta[b]! - theta[a]!);
  else if (which === "SA") idx.sort((a, b) => theta[a]! - theta[b]!);
  else idx.sort((a, b) => Math.abs(theta[b]!) - Math.abs(theta[a]!));
  return idx;
}

export function eigsh(op: LinearOperator, k: number, options: EigshOptions = {}): EigshResult {
  const n = op.size;
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`eigsh: operator size must be a positive integer, got ${n}`);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new InvalidArgumentError(`eigsh: k must be an integer in [1, ${n}], got ${k}`);
  const which = options.which ?? "LA";
  if (which !== "LA" && which !== "SA" && which !== "LM") throw new InvalidArgumentError(`eigsh: which must be 'LA', 'SA' or 'LM', got '${which}'`);
  const tol = options.tol ?? 1e-10;
  if (!(tol > 0) || !Number.isFinite(tol)) throw new InvalidArgumentError(`eigsh: tol must be a positive number, got ${tol}`);
  const maxIter = options.maxIter ?? 500;
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new InvalidArgumentError(`eigsh: maxIter must be a positive integer, got ${maxIter}`);
  const m = Math.min(n, options.ncv ?? Math.max(2 * k + 1, 20));
  if (!Number.isInteger(m) || m <= k && m < n) throw new InvalidArgumentError(`eigsh: ncv must satisfy k < ncv <= n (k = ${k}, n = ${n}), got ${options.ncv}`);
  let start: Float64Array;
  if (options.v0 !== undefined) {
    start = asVector(options.v0, "v0");
    if (start.length !== n) throw new InvalidArgumentError(`eigsh: v0 has ${start.length} entries, the operator has size ${n}`);
    assertFinite(start, "v0");
  } else {
    start = new Rng(options.seed ?? 0).normal(n);
  }
  const rng = new Rng(options.seed ?? 0).jump(); // for restarts after an invariant subspace

  return withScratch((s) => {
    s.reserve([(m + 1) * n, n, m + 1, m * n], `eigsh with n = ${n} and ncv = ${m}`);
    const k_ = s.k;
    const V = s.alloc((m + 1) * n, "the Krylov basis"); // row j = basis vector j
    const h = s.alloc(m + 1, "orthogonalization coefficients");
    const tmp = s.alloc(m * n, "the restarted basis");
    const vec = (j: number): Ptr => V.ptr + 8 * j * n;
    const wasmOp = op instanceof WasmOperator ? op : null;
    let applications = 0;
    const io = wasmOp ? null : { x: new Float64Array(n), y: new Float64Array(n) };
    const apply = (x: Ptr, y: Ptr) => {
      if (wasmOp) wasmOp.applyPtr(x, y);
      else {
        io!.x.set(new Float64Array(k_.memory.buffer, x, n));
        op.apply(io!.x, io!.y);
        assertFinite(io!.y, "the operator's output");
        new Float64Array(k_.memory.buffer, y, n).set(io!.y);
      }
      applications++;
    };

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

    // Projected matrix H (m x m, dense symmetric) and coupling vector b (A V = V H + v_m b^T)
    const H = new Float64Array(m * m);
    const b = new Float64Array(m);
    let l = 0; // basis vectors 0..l-1 are kept Ritz vectors (H diagonal there, coupled through b)
    let restarts = 0;
    let anorm = 0;
    let theta: Float64Array = new Float64Array(0);
    let Y: Float64Array = new Float64Array(0);
    let order: number[] = [];
    let resid: Float64Array = new Float64Array(0);
    let verified: number[] | null = null; // the wanted values at the last convergence check

    for (;;) {
      // expand the basis from l to m vectors (v_l is set): A v_j = sum_{i<=j} H_ij v_i + beta v_{j+1}
      let beta = 0;
      for (let j = l; j < m; j++) {
        apply(vec(j), vec(j + 1));
        orthogonalize(j + 1);
        const coef = new Float64Array(k_.memory.buffer, h.ptr, j + 1);
        // column j of H; for j = l > 0 the entries above l reproduce the coupling b of the kept block
        for (let i = 0; i <= j; i++) {
          H[i * m + j] = coef[i]!;
          H[j * m + i] = coef[i]!;
          anorm = Math.max(anorm, Math.abs(coef[i]!));
        }
        beta = k_.dnrm2(n, vec(j + 1), 1);
        anorm = Math.max(anorm, beta);
        if (beta <= 1e-14 * anorm) {
          // an invariant subspace: go on with a random direction orthogonal to the basis
          beta = 0;
          if (j + 1 < m) {
            let ok = false;
            for (let tries = 0; tries < 5 && !ok; tries++) ok = setUnit(j + 1, rng.normal(n));
            if (!ok) throw new ConvergenceError("eigsh: could not extend the Krylov basis", restarts, NaN);
          }
        } else {
          k_.dscal(n, 1 / beta, vec(j + 1), 1);
        }
      }
      b.fill(0);
      b[m - 1] = beta;
      // Ritz pairs of H
      const eig = jacobiEigh(H, m);
      theta = eig.values;
      Y = eig.vectors;
      anorm = Math.max(anorm, ...Array.from(theta, Math.abs));
      order = pick(theta, which);
      resid = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        let r = 0;
        for (let q = 0; q < m; q++) r += b[q]! * Y[q * m + i]!;
        resid[i] = Math.abs(r);
      }
      const wanted = order.slice(0, k);
      let inject = false;
      if (m === n) break; // the basis spans the whole space: H's eigenpairs are exact
      if (wanted.every((i) => resid[i]! <= tol * anorm)) {
        // Converged. A single-vector Krylov space holds one direction per eigenspace, so a repeated
        // or missed eigenvalue can hide behind the converged set: restart once from a random vector
        // orthogonal to the basis, and accept only if the wanted values come back unchanged.
        const values = wanted.map((i) => theta[i]!).sort((x, y) => x - y);
        if (verified && values.every((v, i) => Math.abs(v - verified![i]!) <= 10 * tol * anorm)) break;
        verified = values;
        inject = true;
      }
      if (restarts >= maxIter) break;
      restarts++;
      // thick restart: keep the k wanted plus half of the others (ARPACK's nev + (ncv - nev) / 2)
      // (after convergence keep only the k converged pairs: their coupling b is below tol and is dropped)
      let keep = inject ? k : Math.min(m - 1, k + Math.floor((m - k) / 2));
      keep = Math.max(keep, k);
      const kept = order.slice(0, keep);
      restart(kept);
      l = keep;
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
    const result: EigshResult = {
      values: Float64Array.from(sorted, (i) => theta[i]!),
      vectors,
      residuals: Float64Array.from(sorted, (i) => resid[i]!),
      applications,
      restarts,
      converged,
    };
    if (!converged && !options.returnPartial) {
      const worst = Math.max(...result.residuals);
      throw new ConvergenceError(
        `eigsh: ${k} eigenpairs ('${which}') not converged after ${restarts} restarts (${applications} operator applications): ` +
          `largest residual ${worst.toExponential(2)} > tol * |A| = ${(tol * anorm).toExponential(2)}`,
        restarts, worst, result,
      );
    }
    return result;
  });
}
