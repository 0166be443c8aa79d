/**
 * A few eigenvalues and eigenvectors of a real nonsymmetric operator: `eigs(op, k, options)`,
 * the role of scipy.sparse.linalg.eigs.
 *
 * Algorithm: Krylov-Schur restarted Arnoldi (G. W. Stewart, "A Krylov-Schur algorithm for large
 * eigenproblems", SIAM J. Matrix Anal. Appl. 23, 2001) in real arithmetic, complex conjugate
 * pairs carried as 2 x 2 blocks of the real Schur form:
 *   - a Krylov decomposition A V_m = V_m S + v_m b^T with m = ncv orthonormal basis vectors kept
 *     as the rows of a block in WASM memory (operator applications by `applyPtr` for a
 *     WasmOperator, copies out and in for a plain LinearOperator);
 *   - Arnoldi expansion, each new vector orthogonalized against the whole basis by classical
 *     Gram-Schmidt (two DGEMVs) with the DGKS test (Daniel, Gragg, Kaufman, Stewart 1976): a
 *     second pass when the norm drops below 1/sqrt(2) of what it was, and a breakdown (invariant
 *     subspace: continue from a random vector orthogonal to the basis) when it drops again;
 *   - the m x m problem S = Z T Z^T in real Schur form by the package's own kernels (dgehrd,
 *     dorghr, dlahqr), the Schur form reordered (dtrexc/dlaexc, as LAPACK dtrsen does) so that the
 *     p wanted-most Ritz values come first, never splitting a conjugate pair;
 *   - residuals of the k wanted Ritz pairs from the decomposition: for T x = theta x the Ritz
 *     vector y = V Z x has ||A y - theta y|| = |b^T Z x| / ||x||, x from dtrevc on the leading
 *     block; converged when every one is <= tol * ||A||, ||A|| estimated by the largest
 *     ||A v_j|| and |theta| seen;
 *   - restart by truncation: V_p := V_m Z[:, :p] (one GEMM), S := T[:p, :p], b := Z[:, :p]^T b,
 *     p = k + (m - k) / 2 (ARPACK's choice), then expansion from the old residual vector;
 *   - verification of a converged set: restart with only its Schur vectors and a random vector
 *     orthogonal to them, iterate until one value more converges, and accept only when the k
 *     wanted come back unchanged (a missed eigenvalue, barely present in the first Krylov space,
 *     is the most extreme of the deflated one and would outrank the set). Like every Krylov
 *     method without a spectral transformation, eigs can still miss an eigenvalue hidden inside
 *     the convex hull of the others (e.g. 'LI' for a pair barely off a wide real spectrum); `eig`
 *     settles such cases. `confirm: false` skips it (issue #21: a sweep that knows its values).
 *
 * Selection (`which`): 'LR' largest real part (default), 'SR' smallest real part, 'LM' largest
 * modulus, 'LI' largest |imaginary part|. Exactly k values are returned, ranked by that
 * criterion, ties broken by descending real part, then descending |imaginary part|, then +im
 * before -im (so a conjugate pair is adjacent, as in `eig`); a conjugate pair counts
 * as two values (if the k-th value is the +im member of a pair, its conjugate is left out).
 * Eigenvectors are normalized as in `eig`: unit Euclidean norm, largest component real.
 *
 * Cost per restart: (m - p) operator applications, about 4 n m (m - p) flops of
 * orthogonalization, 2 n m p for the restart GEMM and O(m^3) for the small problem; memory
 * (2 m + 1) n doubles in WASM, checked before the start vector is drawn.
 *
 * Scale (issue #13): the iteration runs on sigma A, sigma a power of two that keeps the projected
 * matrix near 1 (src/linalg/krylov.ts); the QR iteration's deflation test has an absolute floor
 * (LAPACK's smlnum) that otherwise deflates everything of a matrix near 1e-300 at once.
 */
import { ConvergenceError, InvalidArgumentError } from "../errors.js";
import { Matrix, type MatrixLike } from "../matrix.js";
import { Rng } from "../random/rng.js";
import { NO_TRANS, TRANS, type Ptr } from "../wasm/exports.js";
import { withScratch } from "../wasm/memory.js";
import { checkStatus } from "../wasm/status.js";
import { commonOptions, MIN_FRESH, ScaledApplier, stagnation, startVector, withOperator } from "./krylov.js";
import { moveToFront, rank, ritzVectors, sameValues, type NonsymmetricWhich } from "./ritz.js";
import type { LinearOperator } from "./linearOperators.js";
import type { EigsOptions, EigsResult } from "./eigsTypes.js";

export type { NonsymmetricWhich };

export type { EigsOptions, EigsResult } from "./eigsTypes.js";

const DGKS_ETA = Math.SQRT1_2;
// Restarts of the verification of a converged set (see the loop) after which it is accepted even
// if one value more than wanted has not converged in the deflated space: a bound on its cost when
// that value lies in a continuous bulk. Measured: with 3, 3-6% more applications than without
// verification on outlier problems (n = 400, 1000), twice as many on one that converged in its
// first cycle; unbounded, up to 14 times as many. In test/fuzz/iterative.fuzz.test.ts (6000 cases,
// three seeds) the misses left, about 1 in 2000 with 1, 3 or 8 cycles, are all eigenvalues strictly
// inside the convex hull of the spectrum (see the module comment).
const VERIFY_CYCLES = 3;

/**
 * k eigenvalues (and eigenvectors) of the real size x size operator A, selected by `which`. See
 * the module comment for the algorithm and conventions.
 *
 * `op` is a LinearOperator or a dense matrix (Matrix, nested arrays, ml-matrix), wrapped in a
 * DenseOperator for the call: a copy into WASM (n^2 doubles), then one DGEMV (2 n^2 flops) per
 * application. For a dense matrix whose whole spectrum is affordable, `eig` is usually faster.
 *
 * Throws InvalidArgumentError for a bad op, k or options, NonFiniteError when v0 or A holds
 * NaN/Inf or the operator's output overflows (the operator is named), WasmMemoryError when the
 * basis does not fit in wasm32 memory, and ConvergenceError (iterations, largest residual,
 * partial result, and whether it stagnated) when maxIter restarts do not reach the tolerance,
 * unless `returnPartial` is set.
 */
export function eigs(op: LinearOperator | MatrixLike, k: number, options: EigsOptions = {}): EigsResult {
  // (a dense matrix is applied as given, DGEMV: no symmetry detection, which would use its upper triangle)
  return withOperator(op, "eigs", false, (A) => run(A, k, options));
}

function run(op: LinearOperator, k: number, options: EigsOptions): EigsResult {
  const n = op.size;
  const { tol, maxIter, seed } = commonOptions(options, n, k, "eigs");
  const which = options.which ?? "LR";
  if (which !== "LR" && which !== "SR" && which !== "LM" && which !== "LI") {
    throw new InvalidArgumentError(`eigs: which must be 'LR', 'SR', 'LM' or 'LI', got '${String(which)}'`);
  }
  const ncv = options.ncv === undefined ? Math.min(n, Math.max(2 * k + 1, 20)) : options.ncv;
  if (!Number.isInteger(ncv) || ncv > n || (ncv < n && ncv < k + 2) || ncv < k) {
    throw new InvalidArgumentError(`eigs: ncv must be an integer with k + 2 <= ncv <= n or ncv = n (k = ${k}, n = ${n}), got ${options.ncv}`);
  }
  const m = Math.min(n, Math.max(ncv, k + MIN_FRESH)); // (see MIN_FRESH)
  const confirm = options.confirm ?? true;
  if (typeof confirm !== "boolean") throw new InvalidArgumentError(`eigs: confirm must be a boolean, got ${typeof confirm}`);

  return withScratch((s) => {
    const kx = s.k;
    const gemmWork = Math.max(kx.dgemm_worksize(m, n, m), 1);
    const smallWork = Math.max(kx.dgehrd_worksize(m), kx.dorghr_worksize(m, 0, m - 1), kx.dtrevc_worksize(m), kx.dlahqr_worksize(), m + 64);
    s.reserve([(m + 1) * n, m * n, gemmWork, 5 * m * m, 4 * m, smallWork], `eigs with n = ${n} and ncv = ${m}`);
    const V = s.alloc((m + 1) * n, "the Krylov basis"); // row j = basis vector j
    const tmp = s.alloc(m * n, "the restarted basis");
    const gw = s.alloc(gemmWork, "GEMM workspace");
    const coef = s.alloc(m + 1, "orthogonalization coefficients");
    const coef2 = s.alloc(m + 1, "orthogonalization coefficients");
    const pT = s.alloc(m * m, "the Schur form");
    const pZ = s.alloc(m * m, "the Schur vectors");
    const pX = s.alloc(m * m, "eigenvectors of the Schur form");
    const pY = s.alloc(m * m, "Ritz vector coefficients");
    const ptau = s.alloc(m, "reflector scalars");
    const pwr = s.alloc(m, "Ritz values (real parts)");
    const pwi = s.alloc(m, "Ritz values (imaginary parts)");
    const pout = s.alloc(1, "dtrexc's positions");
    const pw = s.alloc(smallWork, "small-problem workspace");
    const f64 = (ptr: Ptr, len: number) => new Float64Array(kx.memory.buffer, ptr, len);
    const vec = (j: number): Ptr => V.ptr + 8 * j * n;
    const start = startVector(options, n, seed); // drawn after the memory check
    const rng = new Rng(seed).jump(); // directions after a breakdown

    // The Krylov decomposition sigma A V_m = V_m S + v_m b^T (S m x m row-major); a change of
    // sigma multiplies S, b and the norm estimate by the same factor
    const S = new Float64Array(m * m);
    const b = new Float64Array(m);
    let anorm = 0;
    const applier = new ScaledApplier(op, kx, n, "eigs", (f) => {
      for (let i = 0; i < S.length; i++) S[i]! *= f;
      for (let i = 0; i < m; i++) b[i]! *= f;
      anorm *= f;
      if (verified) verified = { re: verified.re.map((v) => v * f), im: verified.im.map((v) => v * f) };
    });

    // Orthogonalizes row j of V against rows 0..j-1 (classical Gram-Schmidt with the DGKS
    // reorthogonalization test); the coefficients end up in coef[0..j-1]. Returns the norm of
    // the result, or 0 when it lies in the span of the basis to working precision.
    const orthogonalize = (j: number): number => {
      const w = vec(j);
      let norm0 = kx.dnrm2(n, w, 1);
      f64(coef.ptr, Math.max(j, 1)).fill(0);
      if (j === 0) return norm0;
      for (let pass = 0; pass < 3; pass++) {
        kx.dgemv(NO_TRANS, j, n, 1, V.ptr, n, w, 1, 0, coef2.ptr, 1);
        kx.dgemv(TRANS, j, n, -1, V.ptr, n, coef2.ptr, 1, 1, w, 1);
        kx.daxpy(j, 1, coef2.ptr, 1, coef.ptr, 1);
        const norm1 = kx.dnrm2(n, w, 1);
        if (norm1 > DGKS_ETA * norm0) return norm1;
        if (pass === 2 || norm1 === 0) return 0;
        norm0 = norm1;
      }
      return 0;
    };
    // Row j := a unit vector orthogonal to rows 0..j-1, from data or (if that fails) random.
    const setUnit = (j: number, data: Float64Array | null): boolean => {
      for (let attempt = 0; attempt < 6; attempt++) {
        f64(vec(j), n).set(data && attempt === 0 ? data : rng.normal(n));
        const nrm = orthogonalize(j);
        if (nrm > 0) {
          kx.dscal(n, 1 / nrm, vec(j), 1);
          return true;
        }
        if (data && attempt === 0 && j === 0) return false;
      }
      return false;
    };
    if (!setUnit(0, start)) throw new InvalidArgumentError("eigs: the start vector v0 is zero");

    let p = 0; // rows 0..p-1 of V: kept Schur vectors (S quasi-triangular there, coupled by row p)
    let iterations = 0;
    const history: number[] = []; // largest wanted residual / ||A|| per cycle

    // state of the last Schur decomposition (leading block of size pk in ranking order)
    let pk = 0;
    let lead: number[] = []; // positions (0..pk-1) of the leading Ritz values, most wanted first
    let tr = new Float64Array(0);
    let ti = new Float64Array(0);
    let resid = new Float64Array(0);
    let converged = false;
    let verified: { re: number[]; im: number[] } | null = null; // wanted values at the last convergence
    let verifyCycles = 0; // restarts since `verified` was set

    const schur = { m, T: pT.ptr, Z: pZ.ptr, out: pout.ptr, work: pw.ptr };
    for (;;) {
      // expand the basis from p to m vectors
      let beta = 0;
      for (let j = p; j < m; j++) {
        applier.apply(vec(j), vec(j + 1));
        const nrmAv = kx.dnrm2(n, vec(j + 1), 1);
        anorm = Math.max(anorm, nrmAv);
        beta = orthogonalize(j + 1);
        const c = f64(coef.ptr, j + 1);
        for (let i = 0; i <= j; i++) S[i * m + j] = c[i]!;
        if (!(beta > 0) || beta <= 1e-15 * nrmAv) {
          // invariant subspace: continue with a random direction orthogonal to the basis
          beta = 0;
          if (j + 1 < n && !setUnit(j + 1, null)) {
            throw new ConvergenceError("eigs: could not extend the Krylov basis (no direction orthogonal to it found)", iterations, NaN);
          }
        } else {
          kx.dscal(n, 1 / beta, vec(j + 1), 1);
        }
        if (j + 1 < m) S[(j + 1) * m + j] = beta;
      }
      b.fill(0);
      b[m - 1] = beta;

      // Schur form S = Z T Z^T
      const T = f64(pT.ptr, m * m);
      T.set(S);
      checkStatus("dgehrd", kx.dgehrd(m, 0, m - 1, pT.ptr, m, ptau.ptr, pw.ptr), { fn: "eigs", n: m });
      checkStatus("dorghr", kx.dorghr(m, 0, m - 1, pT.ptr, m, ptau.ptr, pZ.ptr, m, pw.ptr), { fn: "eigs", n: m });
      const Tv = f64(pT.ptr, m * m);
      for (let i = 2; i < m; i++) Tv.fill(0, i * m, i * m + i - 1);
      const Tl0 = (i: number) => f64(pT.ptr, m * m)[i * m + i - 1]!; // subdiagonal entry T[i, i-1]
      checkStatus("dlahqr", kx.dlahqr(1, 1, m, 0, m - 1, pT.ptr, m, pwr.ptr, pwi.ptr, 0, m - 1, pZ.ptr, m, 0, pw.ptr), {
        fn: "eigs", n: m, ilo: 0, ihi: m - 1, detail: `on the ${m} x ${m} projected matrix, restart ${iterations}`,
      });
      const wr = f64(pwr.ptr, m).slice();
      const wi = f64(pwi.ptr, m).slice();
      for (let i = 0; i < m; i++) anorm = Math.max(anorm, Math.hypot(wr[i]!, wi[i]!));

      // how many to keep: the k wanted, plus half of the rest, never splitting a pair, at most m - 1
      const order = rank(which, wr, wi, m);
      const isPlus = (pos: number) => wi[pos]! > 0;
      const isMinus = (pos: number) => wi[pos]! < 0;
      const splitsAt = (cnt: number) => cnt > 0 && cnt < m && isPlus(order[cnt - 1]!) && isMinus(order[cnt]!);
      // after a first convergence (verification, below) one more value must converge: the best
      // candidate outside the converged set, which a missed eigenvalue would outrank
      // (beyond the conjugate of a pair that the k-th value splits)
      const kb = splitsAt(k) ? k + 1 : k;
      const kc = verified && kb + 1 < m ? kb + 1 : k;
      let want = kc;
      if (splitsAt(want) && m > want) want++; // converge both members of a boundary pair
      const finalPass = m === n;
      let keep = finalPass ? m : Math.max(want, Math.min(m - 1, kc + Math.floor((m - kc) / 2)));
      // (keep > want whenever it splits a pair, since want never does)
      if (!finalPass && splitsAt(keep)) keep = keep + 1 <= m - 1 ? keep + 1 : keep - 1;

      // reorder the Schur form: the `keep` most wanted blocks first
      const selected = new Uint8Array(m);
      for (let r = 0; r < keep; r++) selected[order[r]!] = 1;
      pk = moveToFront(kx, schur, selected);
      if (!finalPass && pk >= m) {
        // (cannot happen with the pair-aware ranking; a restart needs at least one new vector)
        pk = Tl0(m - 1) !== 0 ? m - 2 : m - 1;
      }

      // Ritz values of the leading block, its eigenvectors, and the residuals
      const Tl = f64(pT.ptr, m * m);
      tr = new Float64Array(pk);
      ti = new Float64Array(pk);
      for (let j = 0; j < pk; ) {
        if (j + 1 < pk && Tl[(j + 1) * m + j] !== 0) {
          const w = Math.sqrt(Math.abs(Tl[j * m + j + 1]!)) * Math.sqrt(Math.abs(Tl[(j + 1) * m + j]!));
          tr[j] = tr[j + 1] = Tl[j * m + j]!;
          ti[j] = w;
          ti[j + 1] = -w;
          j += 2;
        } else {
          tr[j] = Tl[j * m + j]!;
          ti[j] = 0;
          j += 1;
        }
      }
      lead = rank(which, tr, ti, pk);
      // X = eigenvectors of T[:pk, :pk] (columns; a pair as re, im columns)
      const X = f64(pX.ptr, m * m);
      X.fill(0);
      for (let i = 0; i < pk; i++) X[i * m + i] = 1;
      checkStatus("dtrevc", kx.dtrevc(pk, pT.ptr, m, pX.ptr, m, 0, pw.ptr), { fn: "eigs", n: pk });
      // c = Z^T b restricted to the leading pk (the coupling after the restart)
      const Z = f64(pZ.ptr, m * m);
      const c = new Float64Array(pk);
      for (let j = 0; j < pk; j++) c[j] = b[m - 1]! * Z[(m - 1) * m + j]!;
      const Xv = f64(pX.ptr, m * m);
      resid = new Float64Array(pk);
      for (let j = 0; j < pk; ) {
        if (ti[j]! !== 0 && j + 1 < pk) {
          let dr = 0, di = 0, nr = 0;
          for (let i = 0; i < pk; i++) {
            const xr = Xv[i * m + j]!;
            const xi = Xv[i * m + j + 1]!;
            dr += c[i]! * xr;
            di += c[i]! * xi;
            nr += xr * xr + xi * xi;
          }
          resid[j] = resid[j + 1] = Math.hypot(dr, di) / Math.sqrt(nr);
          j += 2;
        } else {
          let d = 0, nr = 0;
          for (let i = 0; i < pk; i++) {
            const x = Xv[i * m + j]!;
            d += c[i]! * x;
            nr += x * x;
          }
          resid[j] = Math.abs(d) / Math.sqrt(nr);
          j += 1;
        }
      }
      const ok = (count: number) => pk >= count && lead.slice(0, count).every((j) => resid[j]! <= tol * anorm);
      history.push(Math.max(0, ...lead.slice(0, k).map((j) => resid[j]!)) / anorm);
      if (verified) verifyCycles++;
      converged = finalPass || (ok(k) && (kc === k || ok(kc) || verifyCycles >= VERIFY_CYCLES));
      let inject = false;
      if (converged && !finalPass && confirm) {
        // A Krylov space can converge on the wrong values when a wanted eigenvalue is barely
        // present in it (an edge value in a cluster, with a non-normal A). Verification: keep only
        // the converged Schur vectors, restart from a random vector orthogonal to them, and iterate
        // until one value more than wanted converges there (or VERIFY_CYCLES restarts pass); a
        // missed eigenvalue, the most extreme of the deflated space, is the first its Ritz values
        // approach, and outranks the set. Accept the same values only.
        const now = { re: lead.slice(0, k).map((j) => tr[j]!), im: lead.slice(0, k).map((j) => ti[j]!) };
        if (!(verified && sameValues(now, verified, 10 * tol * anorm))) {
          verified = now;
          verifyCycles = 0;
          converged = false;
          inject = true;
        }
      }
      if (converged || iterations >= maxIter || pk === 0) break;
      iterations++;
      if (inject) {
        // keep only the converged wanted blocks (their coupling, below tol ||A||, is dropped)
        const wantedOnly = new Uint8Array(m);
        for (const j of lead.slice(0, k)) wantedOnly[j] = 1;
        pk = moveToFront(kx, schur, wantedOnly);
      }

      // restart: V_pk := V_m Z[:, :pk], v_pk := v_m (or a fresh direction), S := T[:pk, :pk] with coupling row c
      kx.dgemm(TRANS, NO_TRANS, pk, n, m, 1, pZ.ptr, m, V.ptr, n, 0, tmp.ptr, n, gw.ptr);
      kx.dcopy(n, vec(m), 1, vec(pk), 1);
      kx.dcopy(pk * n, tmp.ptr, 1, V.ptr, 1);
      S.fill(0);
      const Tr = f64(pT.ptr, m * m);
      for (let i = 0; i < pk; i++) for (let j = 0; j < pk; j++) S[i * m + j] = Tr[i * m + j]!;
      if (inject) {
        if (!setUnit(pk, null)) break;
      } else if (pk < m) {
        for (let j = 0; j < pk; j++) S[pk * m + j] = c[j]!;
      }
      p = pk;
    }

    // the k most wanted Ritz pairs of the last decomposition: y = V_m Z X
    const take = lead.slice(0, Math.min(k, pk));
    const vectors = ritzVectors(kx, { n, m, pk, V: V.ptr, Z: pZ.ptr, X: pX.ptr, Y: pY.ptr, out: tmp.ptr, work: gw.ptr }, take, ti);
    // back from sigma A to A (sigma a power of two: exact)
    const inv = applier.inverse;
    const result: EigsResult = {
      re: Float64Array.from(take, (j) => tr[j]! * inv),
      im: Float64Array.from(take, (j) => ti[j]! * inv),
      vectors,
      residuals: Float64Array.from(take, (j) => resid[j]! * inv),
      applications: applier.applications,
      iterations,
      converged,
    };
    if (!converged && !options.returnPartial) {
      const worst = result.residuals.length > 0 ? Math.max(...result.residuals) : NaN;
      throw new ConvergenceError(
        `eigs: ${k} eigenvalues ('${which}') not converged after ${iterations} restarts (${result.applications} operator applications): ` +
          `largest residual ${worst.toExponential(2)} > tol * |A| = ${(tol * anorm * inv).toExponential(2)}; ${stagnation(history)}`,
        iterations, worst, result,
      );
    }
    return result;
  });
}
