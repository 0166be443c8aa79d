// Householder tridiagonal reduction (assembly/lapack/dsytrd.ts, dlatrd.ts, dsytd2.ts, dlarfg.ts)
// and its back transformation (dorgtr.ts, dormtr.ts, dlarft.ts, dlarfb.ts), called through the
// raw exports. Every check is an invariant computed here in plain JS: Q orthogonal,
// Q^T A Q equal to tridiag(d, e), H (alpha; x) = (beta; 0) for a reflector, and the products
// with Q against the explicit Q.
import "../../src/index.js";
import { describe, expect, it } from "vitest";
import { kernels } from "../../src/wasm/loader.js";
import { withScratch } from "../../src/wasm/memory.js";
import { LOWER, NO_TRANS, TRANS, UPPER } from "../../src/wasm/exports.js";
import { norm1, randomMatrix } from "../helpers.js";

const EPS = Number.EPSILON;

function symmetricRandom(n: number, seed: number): Float64Array {
  const g = randomMatrix(n, n, seed).data;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = (g[i * n + j]! + g[j * n + i]!) / 2;
  return a;
}

interface Reduction {
  d: Float64Array;
  e: Float64Array;
  tau: Float64Array;
  /** A after dsytrd (reflectors in the upper triangle). */
  reduced: Float64Array;
  q: Float64Array;
  status: number;
}

/** dsytrd (nb: panel height, 0 = default; "unblocked" calls dsytd2) then dorgtr. */
function reduce(a: Float64Array, n: number, nb: number | "unblocked"): Reduction {
  return withScratch((s) => {
    const k = s.k;
    const pa = s.from(a);
    const pd = s.alloc(Math.max(n, 1));
    const pe = s.alloc(Math.max(n - 1, 1));
    const ptau = s.alloc(Math.max(n - 1, 1));
    const lda = Math.max(n, 1);
    let status: number;
    if (nb === "unblocked") {
      status = k.dsytd2(UPPER, n, pa.ptr, lda, pd.ptr, pe.ptr, ptau.ptr);
    } else {
      const w = s.alloc(Math.max(k.dsytrd_worksize(n, nb), 1));
      status = k.dsytrd(UPPER, n, pa.ptr, lda, pd.ptr, pe.ptr, ptau.ptr, w.ptr, nb);
    }
    const pq = s.alloc(Math.max(n * n, 1));
    const wq = s.alloc(Math.max(k.dorgtr_worksize(n, 0), 1));
    const sq = k.dorgtr(n, pa.ptr, lda, ptau.ptr, pq.ptr, lda, wq.ptr, 0);
    expect(sq).toBe(0);
    return {
      d: pd.view().slice(0, n),
      e: pe.view().slice(0, Math.max(n - 1, 0)),
      tau: ptau.view().slice(0, Math.max(n - 1, 0)),
      reduced: pa.view().slice(),
      q: pq.view().slice(0, n * n),
      status,
    };
  });
}

/** ||Q^T Q - I||_1 / (n eps). */
function orthogonalityRatio(q: Float64Array, n: number): number {
  if (n === 0) return 0;
  const r = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += q[p * n + i]! * q[p * n + j]!;
      r[i * n + j] = s - (i === j ? 1 : 0);
    }
  }
  return norm1(r, n, n) / (n * EPS);
}

/** ||Q^T A Q - T||_1 / (n eps ||A||_1) with T = tridiag(e, d, e). */
function similarityRatio(a: Float64Array, q: Float64Array, d: Float64Array, e: Float64Array, n: number): number {
  if (n === 0) return 0;
  const aq = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < n; p++) {
      const aip = a[i * n + p]!;
      for (let j = 0; j < n; j++) aq[i * n + j] = aq[i * n + j]! + aip * q[p * n + j]!;
    }
  }
  const r = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += q[p * n + i]! * aq[p * n + j]!;
      const t = i === j ? d[i]! : Math.abs(i - j) === 1 ? e[Math.min(i, j)]! : 0;
      r[i * n + j] = s - t;
    }
  }
  const an = norm1(a, n, n);
  return an === 0 ? norm1(r, n, n) : norm1(r, n, n) / (n * EPS * an);
}

describe("dsytrd: Householder reduction to tridiagonal form", () => {
  for (const n of [0, 1, 2, 3, 10, 100]) {
    it(`n = ${n}: Q is orthogonal and Q^T A Q = tridiag(d, e) (blocked default, nb = 5, unblocked)`, () => {
      const a = symmetricRandom(n, 100 + n);
      for (const nb of [0, 5, "unblocked"] as const) {
        const r = reduce(a, n, nb);
        expect(r.status).toBe(0);
        expect(orthogonalityRatio(r.q, n)).toBeLessThan(30);
        expect(similarityRatio(a, r.q, r.d, r.e, n)).toBeLessThan(30);
        // the strictly lower triangle is never read or written
        for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(r.reduced[i * n + j]).toBe(a[i * n + j]);
        // d and e are also left in place on the diagonal and the first superdiagonal
        for (let i = 0; i < n; i++) expect(r.reduced[i * n + i]).toBe(r.d[i]);
        for (let i = 0; i + 1 < n; i++) expect(r.reduced[i * n + i + 1]).toBe(r.e[i]);
        // every tau of a Householder reflector is 0 or in [1, 2]
        for (const t of r.tau) expect(t === 0 || (t >= 1 && t <= 2)).toBe(true);
      }
    });
  }

  it("n = 33, 64, 65: one row past the crossover, and panel edges, with the default panel", () => {
    for (const n of [33, 64, 65]) {
      const a = symmetricRandom(n, 300 + n);
      const r = reduce(a, n, 0);
      expect(orthogonalityRatio(r.q, n)).toBeLessThan(30);
      expect(similarityRatio(a, r.q, r.d, r.e, n)).toBeLessThan(30);
    }
  });

  it("n = 150: the blocked (nb = 32, 8, 13) and unblocked reductions give the same T", () => {
    const n = 150;
    const a = symmetricRandom(n, 7);
    const ref = reduce(a, n, "unblocked");
    const anorm = norm1(a, n, n);
    for (const nb of [32, 8, 13]) {
      const r = reduce(a, n, nb);
      expect(similarityRatio(a, r.q, r.d, r.e, n)).toBeLessThan(30);
      expect(orthogonalityRatio(r.q, n)).toBeLessThan(30);
      // the same reflectors up to rounding: same d and e (the signs are fixed by dlarfg)
      for (let i = 0; i < n; i++) expect(Math.abs(r.d[i]! - ref.d[i]!)).toBeLessThan(1e3 * EPS * anorm);
      for (let i = 0; i + 1 < n; i++) expect(Math.abs(r.e[i]! - ref.e[i]!)).toBeLessThan(1e3 * EPS * anorm);
    }
  });

  it("a matrix that is already tridiagonal keeps d and gets Q = diag(+-1)", () => {
    const n = 40;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = i + 1;
      if (i + 1 < n) a[i * n + i + 1] = a[(i + 1) * n + i] = 0.5 + i / n;
    }
    for (const nb of [0, 4, "unblocked"] as const) {
      const r = reduce(a, n, nb);
      for (let i = 0; i < n; i++) expect(r.d[i]).toBeCloseTo(i + 1, 13);
      for (let i = 0; i + 1 < n; i++) expect(Math.abs(r.e[i]!)).toBeCloseTo(0.5 + i / n, 13);
      expect(similarityRatio(a, r.q, r.d, r.e, n)).toBeLessThan(30);
    }
  });

  it("bad arguments return -i and leave the matrix alone", () => {
    const k = kernels();
    withScratch((s) => {
      const a = s.from(symmetricRandom(4, 1));
      const d = s.alloc(4), e = s.alloc(4), tau = s.alloc(4), w = s.alloc(k.dsytrd_worksize(4, 0) + 16);
      const before = a.view().slice();
      expect(k.dsytrd(LOWER, 4, a.ptr, 4, d.ptr, e.ptr, tau.ptr, w.ptr, 0)).toBe(-1);
      expect(k.dsytrd(UPPER, -1, a.ptr, 4, d.ptr, e.ptr, tau.ptr, w.ptr, 0)).toBe(-2);
      expect(k.dsytrd(UPPER, 4, a.ptr, 3, d.ptr, e.ptr, tau.ptr, w.ptr, 0)).toBe(-4);
      expect(k.dsytd2(LOWER, 4, a.ptr, 4, d.ptr, e.ptr, tau.ptr)).toBe(-1);
      expect(k.dlatrd(UPPER, 4, 5, a.ptr, 4, e.ptr, tau.ptr, w.ptr, 4, 0)).toBe(-3);
      expect(k.dormtr(2, 4, 4, a.ptr, 4, tau.ptr, w.ptr, 4, w.ptr, 0)).toBe(-1);
      expect(k.dormtr(NO_TRANS, 4, 4, a.ptr, 4, tau.ptr, w.ptr, 3, w.ptr, 0)).toBe(-8);
      expect(k.dorgtr(4, a.ptr, 2, tau.ptr, w.ptr, 4, w.ptr, 0)).toBe(-3);
      expect(a.view()).toEqual(before);
    });
  });
});

describe("dormtr: products with Q without forming it", () => {
  for (const [n, m] of [[1, 3], [2, 5], [10, 10], [100, 7], [130, 130]] as const) {
    it(`n = ${n}, ${m} columns: Q C and Q^T C match the explicit Q from dorgtr`, () => {
      const a = symmetricRandom(n, 50 + n);
      const r = reduce(a, n, 0);
      const c = randomMatrix(n, m, 3 + n).data;
      for (const trans of [NO_TRANS, TRANS]) {
        for (const nb of [0, 3, 32]) {
          const got = withScratch((s) => {
            const pa = s.from(r.reduced);
            const pt = s.from(r.tau.length ? r.tau : new Float64Array(1));
            const pc = s.from(c);
            const w = s.alloc(Math.max(s.k.dormtr_worksize(n, m, nb), 1));
            expect(s.k.dormtr(trans, n, m, pa.ptr, n, pt.ptr, pc.ptr, m, w.ptr, nb)).toBe(0);
            return pc.view().slice();
          });
          // want = op(Q) C by the triple loop; error relative to ||C||_1 (Q is orthogonal)
          let worst = 0;
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < m; j++) {
              let s = 0;
              for (let p = 0; p < n; p++) s += (trans === NO_TRANS ? r.q[i * n + p]! : r.q[p * n + i]!) * c[p * m + j]!;
              worst = Math.max(worst, Math.abs(got[i * m + j]! - s));
            }
          }
          expect(worst / (n * EPS * Math.max(norm1(c, n, m), 1e-300))).toBeLessThan(30);
        }
      }
    });
  }
});

describe("dlarfg: Householder reflector", () => {
  /** Applies H = I - tau (1; v)(1; v)^T to (alpha; x). */
  function applyH(tau: number, v: Float64Array, alpha: number, x: Float64Array): Float64Array {
    const u = Float64Array.from([1, ...v]);
    const y = Float64Array.from([alpha, ...x]);
    let dot = 0;
    for (let i = 0; i < u.length; i++) dot += u[i]! * y[i]!;
    return y.map((yi, i) => yi - tau * dot * u[i]!);
  }

  function reflect(alpha: number, x: Float64Array, incx = 1): { beta: number; tau: number; v: Float64Array } {
    return withScratch((s) => {
      const n = x.length + 1;
      const strided = new Float64Array(Math.max(x.length * incx, 1)).fill(-5);
      for (let i = 0; i < x.length; i++) strided[i * incx] = x[i]!;
      const px = s.from(strided);
      const pa = s.from(Float64Array.of(alpha));
      const tau = s.k.dlarfg(n, pa.ptr, px.ptr, incx);
      const out = px.view();
      // the gaps of a strided x are not written
      for (let i = 0; i < strided.length; i++) if (i % incx !== 0) expect(out[i]).toBe(-5);
      return { beta: pa.view()[0]!, tau, v: Float64Array.from({ length: x.length }, (_, i) => out[i * incx]!) };
    });
  }

  for (const scale of [1, 1e-300, 1e-310, 1e300]) {
    it(`maps (alpha; x) to (beta; 0) with |beta| = ||(alpha; x)|| at scale ${scale}`, () => {
      const base = [0.3, -1.2, 2.5, 0.7, -0.1];
      for (const incx of [1, 3]) {
        for (const alphaSign of [1, -1]) {
          const alpha = alphaSign * 0.9 * scale;
          const x = Float64Array.from(base, (b) => b * scale);
          const { beta, tau, v } = reflect(alpha, x, incx);
          expect(tau).toBeGreaterThanOrEqual(1);
          expect(tau).toBeLessThanOrEqual(2);
          // beta = -sign(alpha) ||(alpha; x)||, computed here in scaled arithmetic
          const norm = Math.hypot(0.9, ...base) * scale;
          expect(Math.sign(beta)).toBe(-alphaSign);
          expect(Math.abs(Math.abs(beta) - norm)).toBeLessThan(1e-14 * norm + 1e-320);
          // H (alpha; x) = (beta; 0) and H is orthogonal (|1|^2 + |v|^2 = 2 / tau)
          const y = applyH(tau, v, alpha, x);
          expect(Math.abs(y[0]! - beta)).toBeLessThan(1e-14 * norm + 1e-320);
          for (let i = 1; i < y.length; i++) expect(Math.abs(y[i]!)).toBeLessThan(1e-14 * norm + 1e-320);
          const vv = 1 + v.reduce((s, vi) => s + vi * vi, 0);
          expect(Math.abs(tau * vv - 2)).toBeLessThan(1e-13);
        }
      }
    });
  }

  it("x = 0 gives tau = 0 (H = I) and leaves alpha; n = 1 likewise", () => {
    const r = reflect(-3.5, new Float64Array(4));
    expect(r.tau).toBe(0);
    expect(r.beta).toBe(-3.5);
    const r1 = reflect(2, new Float64Array(0));
    expect(r1.tau).toBe(0);
    expect(r1.beta).toBe(2);
  });
});
