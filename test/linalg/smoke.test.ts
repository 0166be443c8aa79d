import { describe, expect, it } from "vitest";
import { matmul, Matrix } from "../../src/index.js";
import { productErrorRatio, randomMatrix, refMatmul } from "../helpers.js";

describe("matmul smoke", () => {
  it("matches the triple loop on a 37 x 29 by 29 x 41 product", () => {
    const a = randomMatrix(37, 29, 1);
    const b = randomMatrix(29, 41, 2);
    const c = matmul(a, b);
    const { c: want, absC } = refMatmul(a, b);
    expect(c).toBeInstanceOf(Matrix);
    expect(productErrorRatio(c.data, want.data, absC.data, 29)).toBeLessThan(1);
  });
});
