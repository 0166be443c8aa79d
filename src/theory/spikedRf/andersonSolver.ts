/**
 * The fixed-point solver of the spiked random-feature equivalent: Anderson acceleration of the
 * damped iteration u <- u + beta (G(u) - u) (Anderson 1965; Walker and Ni 2011, "Anderson
 * acceleration for fixed-point iterations", SIAM J. Numer. Anal. 49, with mixing beta).
 * Depth 6 and beta = 0.5: the least-squares coefficients gamma = argmin
 * |f - dF gamma| come from the normal equations (at most 6 x 6, regularized by 1e-12 of their
 * trace, solved by Cholesky, numerics/cholesky.ts; a failed solve falls back to the damped step).
 * An extrapolated step that leaves the physical region Im r >= 0 is pulled back, and the history
 * restarts from the best iterate when the residual grows 1000-fold. Each sweep costs one map,
 * O(Q K^2 + K^3), plus O(depth N) for the history.
 */
import { choleskySolve } from "../../numerics/cholesky.js";
import { fixedPointMap, mapWorkspace, type SpikedRfTables } from "./equation.js";

/** A converged state, the sweeps it took, and the last residual |G(u) - u|_inf. */
export interface AndersonResult {
  readonly u: Float64Array;
  readonly iterations: number;
  readonly residual: number;
}

/**
 * Solves the fixed point u = G(u) at z = zr + i zi (zi > 0) from `start` by Anderson-accelerated
 * damped iteration (see the file comment), to |G(u) - u|_inf <= tol (1 + |u|_inf). Returns the
 * state and the iteration count, or null if it did not converge within maxIter, produced a
 * non-finite value, or settled on the unphysical branch Im r < 0 (the caller restarts cold).
 */
export function andersonSolve(
  tab: SpikedRfTables,
  zr: number,
  zi: number,
  start: Float64Array,
  maxIter: number,
  tol: number,
): AndersonResult | null {
  const N = start.length;
  const Q = tab.Q;
  const depth = 6;
  const beta = 0.5;
  const ws = mapWorkspace(tab.K);
  // all buffers allocated once: the history is a ring of `depth` difference pairs
  let u = start.slice();
  let next = new Float64Array(N);
  const g = new Float64Array(N);
  const f = new Float64Array(N);
  const prevU = new Float64Array(N);
  const prevF = new Float64Array(N);
  const dU = Array.from({ length: depth }, () => new Float64Array(N));
  const dF = Array.from({ length: depth }, () => new Float64Array(N));
  const A = new Float64Array(depth * depth);
  const b = new Float64Array(depth);
  let count = 0; // differences stored (<= depth)
  let head = 0; // ring position of the next difference
  let havePrev = false;
  let best = Infinity;
  const bestU = u.slice();
  for (let it = 1; it <= maxIter; it++) {
    if (!fixedPointMap(tab, zr, zi, u, g, ws)) return null;
    let fn = 0;
    let un = 0;
    for (let i = 0; i < N; i++) {
      const v = g[i]! - u[i]!;
      f[i] = v;
      const av = Math.abs(v);
      if (!(av < Infinity)) return null; // NaN or infinite
      if (av > fn) fn = av;
      const au = Math.abs(u[i]!);
      if (au > un) un = au;
    }
    if (fn <= tol * (1 + un)) {
      // the image g is the better iterate. It must be the physical solution: near the real axis the
      // conjugate of the solution at conj(z) is almost a fixed point too, with Im r < 0 inside the
      // bulk (a warm start can slide onto it), so such a state is refused (the caller restarts cold).
      for (let q = 0; q < Q; q++) {
        if (g[2 * q + 1]! < -1e-7 * (Math.abs(g[2 * q]!) + Math.abs(g[2 * q + 1]!))) return null;
      }
      return { u: g.slice(), iterations: it, residual: fn };
    }
    if (fn < best) {
      best = fn;
      bestU.set(u);
    } else if (fn > 1e3 * best) {
      // diverging: restart the history from the best point
      count = 0;
      head = 0;
      havePrev = false;
      u.set(bestU);
      continue;
    }
    if (havePrev) {
      const du = dU[head]!;
      const df = dF[head]!;
      for (let i = 0; i < N; i++) {
        du[i] = u[i]! - prevU[i]!;
        df[i] = f[i]! - prevF[i]!;
      }
      head = (head + 1) % depth;
      if (count < depth) count++;
    }
    prevU.set(u);
    prevF.set(f);
    havePrev = true;
    for (let i = 0; i < N; i++) next[i] = u[i]! + beta * f[i]!;
    const m = count;
    if (m > 0) {
      // gamma = argmin |f - dF gamma| by the normal equations (m <= 6), lightly regularized
      let tr = 0;
      for (let a = 0; a < m; a++) {
        const fa = dF[a]!;
        for (let c = a; c < m; c++) {
          const fc = dF[c]!;
          let t = 0;
          for (let i = 0; i < N; i++) t += fa[i]! * fc[i]!;
          A[a * m + c] = t;
          A[c * m + a] = t;
        }
        tr += A[a * m + a]!;
        let t = 0;
        for (let i = 0; i < N; i++) t += fa[i]! * f[i]!;
        b[a] = t;
      }
      for (let a = 0; a < m; a++) A[a * m + a]! += 1e-12 * tr + 1e-300;
      const gamma = choleskySolve(A, b, m);
      if (gamma) {
        for (let a = 0; a < m; a++) {
          const ga = gamma[a]!;
          const du = dU[a]!;
          const df = dF[a]!;
          for (let i = 0; i < N; i++) next[i]! -= ga * (du[i]! + beta * df[i]!);
        }
      }
    }
    // stay in the physical region Im r >= 0 (Im z > 0): an extrapolated step that leaves it is pulled
    // back halfway to the current iterate's Im r on those nodes (a projection; the history is kept)
    for (let q = 0; q < Q; q++) {
      if (next[2 * q + 1]! < 0) next[2 * q + 1] = 0.5 * Math.max(0, u[2 * q + 1]!);
    }
    const t = u;
    u = next;
    next = t;
  }
  return null;
}
