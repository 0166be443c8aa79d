import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/errors.js";
import { choleskyFactor, choleskyInverse, choleskySolve } from "../../src/numerics/cholesky.js";
import { normalSource } from "../helpers.js";

/** A = B B^T / m + shift I for a random m x m B: symmetric positive definite. */
function randomSpd(m: number, shift: number, rnd: () => number): Float64Array {
  const B = Float64Array.from({ length: m * m }, rnd);
  const A = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = i === j ? shift : 0;
      for (let k = 0; k < m; k++) s += (B[i * m + k]! * B[j * m + k]!) / m;
      A[i * m + j] = s;
    }
  }
  return A;
}

describe("Cholesky solve", () => {
  it("solves random SPD systems, m = 1..40, with a residual at rounding level", () => {
    const rnd = normalSource(11);
    for (const m of [1, 2, 3, 6, 17, 40]) {
      const A = randomSpd(m, 0.1, rnd);
      const b = Float64Array.from({ length: m }, rnd);
      const x = choleskySolve(A, b, m)!;
      expect(x).not.toBeNull();
      let worst = 0;
      let scale = 0;
      for (let i = 0; i < m; i++) {
        let r = -b[i]!;
        let s = Math.abs(b[i]!);
        for (let j = 0; j < m; j++) {
          r += A[i * m + j]! * x[j]!;
          s += Math.abs(A[i * m + j]! * x[j]!);
        }
        worst = Math.max(worst, Math.abs(r));
        scale = Math.max(scale, s);
      }
      expect(worst).toBeLessThan(1e-14 * m * scale);
    }
  });

  it("recovers a known solution of a Hilbert-like but well-conditioned system: A = I + 1 1^T, x = 1", () => {
    // (I + 1 1^T) 1 = (m + 1) 1
    const m = 5;
    const A = Float64Array.from({ length: m * m }, (_, k) => (Math.floor(k / m) === k % m ? 2 : 1));
    const x = choleskySolve(A, new Float64Array(m).fill(m + 1), m)!;
    for (const v of x) expect(Math.abs(v - 1)).toBeLessThan(1e-15);
  });

  it("returns null for a matrix that is not positive definite, and rejects bad sizes", () => {
    expect(choleskySolve(Float64Array.of(1, 2, 2, 1), Float64Array.of(1, 1), 2)).toBeNull(); // eigenvalues 3, -1
    expect(choleskySolve(Float64Array.of(Number.NaN), Float64Array.of(1), 1)).toBeNull();
    expect(() => choleskySolve(new Float64Array(3), new Float64Array(2), 2)).toThrow(InvalidArgumentError);
    expect(() => choleskySolve(new Float64Array(4), new Float64Array(2), 0)).toThrow(InvalidArgumentError);
  });
});

describe("Cholesky factor and inverse", () => {
  it("L L^T = A and A A^{-1} = I at rounding level for random SPD matrices, m = 1..30", () => {
    const rnd = normalSource(12);
    for (const m of [1, 2, 5, 13, 30]) {
      const A = randomSpd(m, 0.2, rnd);
      const L = new Float64Array(m * m).fill(7); // stale entries: the strict upper triangle must come back 0
      expect(choleskyFactor(A, m, L)).toBe(-1);
      const inv = new Float64Array(m * m);
      choleskyInverse(L, m, inv);
      let worstLL = 0;
      let worstInv = 0;
      let norm = 0;
      let normInv = 0;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < m; j++) {
          if (j > i) expect(L[i * m + j]).toBe(0);
          let ll = -A[i * m + j]!;
          let ai = i === j ? -1 : 0;
          for (let k = 0; k < m; k++) {
            ll += L[i * m + k]! * L[j * m + k]!;
            ai += A[i * m + k]! * inv[k * m + j]!;
          }
          worstLL = Math.max(worstLL, Math.abs(ll));
          worstInv = Math.max(worstInv, Math.abs(ai));
          norm = Math.max(norm, Math.abs(A[i * m + j]!));
          normInv = Math.max(normInv, Math.abs(inv[i * m + j]!));
          expect(inv[i * m + j]).toBe(inv[j * m + i]);
        }
      }
      expect(worstLL).toBeLessThan(1e-14 * m * norm);
      expect(worstInv).toBeLessThan(1e-14 * m * norm * normInv);
    }
  });

  it("inverts a matrix with a closed-form inverse: (I + 1 1^T)^{-1} = I - 1 1^T / (m + 1)", () => {
    const m = 6;
    const A = Float64Array.from({ length: m * m }, (_, k) => (Math.floor(k / m) === k % m ? 2 : 1));
    const L = new Float64Array(m * m);
    expect(choleskyFactor(A, m, L)).toBe(-1);
    const inv = new Float64Array(m * m);
    choleskyInverse(L, m, inv);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) expect(Math.abs(inv[i * m + j]! - ((i === j ? 1 : 0) - 1 / (m + 1)))).toBeLessThan(1e-15);
  });

  it("reports the first pivot that fails the (relative) threshold", () => {
    const L = new Float64Array(9);
    // diag(1, 1e-15, 1): positive definite, but its second pivot is below 1e-13 trace
    const A = Float64Array.of(1, 0, 0, 0, 1e-15, 0, 0, 0, 1);
    expect(choleskyFactor(A, 3, L)).toBe(-1);
    expect(choleskyFactor(A, 3, L, 1e-13 * 2)).toBe(1);
    expect(choleskyFactor(Float64Array.of(1, 2, 2, 1), 2, L)).toBe(1); // eigenvalues 3, -1: pivot 1 - 4 < 0
    expect(choleskyFactor(Float64Array.of(Number.NaN), 1, L)).toBe(0);
  });
});
