import { describe, expect, it } from "vitest";
import { withScratch } from "../../src/index.js";
import { randomMatrix, randomVector } from "../helpers.js";

// y := alpha X^T diag(w) X v + beta y, against the two-pass definition in plain JS
describe("dgramv", () => {
  for (const [m, n] of [[0, 3], [1, 1], [3, 5], [7, 2], [9, 33], [130, 17]] as const) {
    for (const weighted of [false, true]) {
      it(`${m} x ${n}, weights ${weighted}, lda padded`, () => {
        const ld = n + 3;
        const x = randomMatrix(m, ld, m * 31 + n);
        const w = randomVector(m, 5);
        const v = randomVector(n, 6);
        const y0 = randomVector(n, 7);
        const alpha = 0.7, beta = -1.3;
        const want = new Float64Array(n);
        const bound = new Float64Array(n);
        for (let i = 0; i < m; i++) {
          let t = 0;
          for (let j = 0; j < n; j++) t += x.data[i * ld + j]! * v[j]!;
          const c = alpha * t * (weighted ? w[i]! : 1);
          for (let j = 0; j < n; j++) {
            want[j]! += c * x.data[i * ld + j]!;
            bound[j]! += Math.abs(c * x.data[i * ld + j]!) + n * Math.abs(x.data[i * ld + j]!) * Number.EPSILON;
          }
        }
        for (let j = 0; j < n; j++) want[j]! += beta * y0[j]!;
        const got = withScratch((s) => {
          const px = s.from(x.data), pw = s.from(w), pv = s.from(v), py = s.from(y0);
          s.k.dgramv(m, n, alpha, px.ptr, ld, weighted ? pw.ptr : 0, pv.ptr, beta, py.ptr);
          return py.view().slice();
        });
        for (let j = 0; j < n; j++) {
          expect(Math.abs(got[j]! - want[j]!)).toBeLessThanOrEqual((m + n + 2) * Number.EPSILON * (bound[j]! + Math.abs(beta * y0[j]!)) + 1e-300);
        }
      });
    }
  }
});
