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

  it("refuses sizes typed arrays cannot hold with InvalidArgumentError stating the size, not the engine's RangeError", () => {
    // 1e6 x 1e6 doubles: 8 TB, beyond V8's typed-array length limit
    expect(() => new Matrix(1e6, 1e6)).toThrow(/a 1000000 x 1000000 matrix \(1000000000000 doubles, 8000000000000 bytes\) cannot be allocated/);
    expect(() => Matrix.zeros(1e12)).toThrow(InvalidArgumentError);
    expect(() => Matrix.identity(1e7)).toThrow(InvalidArgumentError);
  });

  it("refuses non-arrays and non-number entries instead of reading them as NaN", () => {
    expect(() => Matrix.from(null as never)).toThrow(/Matrix.from: rows must be an array, got null/);
    expect(() => Matrix.from([1, 2] as never)).toThrow(/Matrix.from: row 0 must be an array, got number/);
    expect(() => Matrix.from([[1, "2"]] as never)).toThrow(/Matrix.from: row 0, entry 1 must be a number, got string/);
    expect(() => Matrix.diag(undefined as never)).toThrow(/Matrix.diag: diagonal must be an array/);
    expect(() => Matrix.diag([1, undefined] as never)).toThrow(/entry 1 must be a number, got undefined/);
    expect(() => Matrix.fromFunction(2, 2, null as never)).toThrow(/f must be a function/);
    expect(() => Matrix.fromMlMatrix({} as never)).toThrow(/src must be an ml-matrix Matrix/);
    // typed-array rows are fine, and the values are kept exactly
    expect(Matrix.from([Float64Array.of(1, 2), Float64Array.of(3, 4)]).toArray()).toEqual([[1, 2], [3, 4]]);
  });
});
