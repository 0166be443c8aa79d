import { Matrix as MlMatrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, Matrix, ShapeError } from "../src/index.js";

describe("Matrix", () => {
  it("is row-major: entry (i, j) at data[i * cols + j]", () => {
    const m = Matrix.from([[1, 2, 3], [4, 5, 6]]);
    expect(m.shape).toEqual([2, 3]);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(m.get(1, 0)).toBe(4);
    expect(Array.from(m.row(1))).toEqual([4, 5, 6]);
    expect(Array.from(m.column(2))).toEqual([3, 6]);
  });

  it("constructors", () => {
    expect(Matrix.identity(3).toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(Matrix.zeros(2, 3).data).toEqual(new Float64Array(6));
    expect(Matrix.diag([1, 2]).toArray()).toEqual([[1, 0], [0, 2]]);
    expect(Matrix.fromFunction(2, 2, (i, j) => 10 * i + j).toArray()).toEqual([[0, 1], [10, 11]]);
    expect(Matrix.zeros(0, 0).shape).toEqual([0, 0]);
  });

  it("transposes, including shapes that are not multiples of the block size", () => {
    const m = Matrix.fromFunction(37, 70, (i, j) => i * 1000 + j);
    const t = m.transpose();
    expect(t.shape).toEqual([70, 37]);
    for (let i = 0; i < 37; i++) for (let j = 0; j < 70; j++) expect(t.get(j, i)).toBe(m.get(i, j));
  });

  it("round-trips through ml-matrix", () => {
    const m = Matrix.from([[1, 2], [3, 4], [5, 6]]);
    const ml = m.toMlMatrix();
    expect(ml).toBeInstanceOf(MlMatrix);
    expect(ml.to2DArray()).toEqual(m.toArray());
    expect(Matrix.fromMlMatrix(ml).data).toEqual(m.data);
  });

  it("isSymmetric with a relative tolerance", () => {
    const s = Matrix.from([[2, 1], [1, 3]]);
    expect(s.isSymmetric()).toBe(true);
    const a = Matrix.from([[2, 1], [1 + 1e-9, 3]]);
    expect(a.isSymmetric()).toBe(false);
    expect(a.isSymmetric(1e-8)).toBe(true);
    expect(Matrix.zeros(2, 3).isSymmetric(1)).toBe(false);
    expect(Matrix.from([[1, NaN], [2, 1]]).isSymmetric(1)).toBe(false);
  });

  it("rejects bad shapes and indices", () => {
    expect(() => new Matrix(2, 2, new Float64Array(3))).toThrow(ShapeError);
    expect(() => new Matrix(-1, 2)).toThrow(InvalidArgumentError);
    expect(() => Matrix.from([[1, 2], [3]])).toThrow(/row 1 has 1 entries, row 0 has 2/);
    expect(() => Matrix.identity(2).get(2, 0)).toThrow(/outside a 2 x 2 matrix/);
  });
});
