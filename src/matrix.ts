/**
 * Matrix: a dense row-major (numpy C order) matrix of doubles. Entry (i, j) is
 * `data[i * cols + j]`. Symmetric matrices are stored in full.
 */
import { Matrix as MlMatrix, type AbstractMatrix } from "ml-matrix";
import { InvalidArgumentError, ShapeError } from "./errors.js";

export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;

  /** Wraps `data` (not copied) as a rows x cols matrix; `data` defaults to zeros. */
  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new InvalidArgumentError(`matrix dimensions must be non-negative integers, got ${rows} x ${cols}`);
    }
    const size = rows * cols;
    if (data === undefined) {
      data = allocate(rows, cols);
    } else if (!(data instanceof Float64Array)) {
      throw new InvalidArgumentError("matrix data must be a Float64Array");
    } else if (data.length !== size) {
      throw new ShapeError(`matrix data has ${data.length} entries, ${rows} x ${cols} needs ${size}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  /** A rows x cols matrix of zeros. */
  static zeros(rows: number, cols: number = rows): Matrix {
    return new Matrix(rows, cols);
  }

  /** The n x n identity. */
  static identity(n: number): Matrix {
    const m = new Matrix(n, n);
    for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
    return m;
  }

  /** A square matrix with `diagonal` on its diagonal. */
  static diag(diagonal: ArrayLike<number>): Matrix {
    checkArrayLike(diagonal, "Matrix.diag: diagonal");
    const n = diagonal.length;
    const m = new Matrix(n, n);
    for (let i = 0; i < n; i++) m.data[i * n + i] = entry(diagonal[i], "Matrix.diag: diagonal", i);
    return m;
  }

  /** From nested arrays, one inner array per row (all of the same length). */
  static from(rows: ArrayLike<ArrayLike<number>>): Matrix {
    checkArrayLike(rows, "Matrix.from: rows");
    const r = rows.length;
    if (r > 0) checkArrayLike(rows[0], "Matrix.from: row 0");
    const c = r === 0 ? 0 : rows[0]!.length;
    const m = new Matrix(r, c);
    for (let i = 0; i < r; i++) {
      const row = rows[i]!;
      checkArrayLike(row, `Matrix.from: row ${i}`);
      if (row.length !== c) throw new ShapeError(`row ${i} has ${row.length} entries, row 0 has ${c}`);
      for (let j = 0; j < c; j++) m.data[i * c + j] = entry(row[j], `Matrix.from: row ${i}`, j);
    }
    return m;
  }

  /** Builds entry (i, j) as f(i, j). */
  static fromFunction(rows: number, cols: number, f: (i: number, j: number) => number): Matrix {
    if (typeof f !== "function") throw new InvalidArgumentError(`Matrix.fromFunction: f must be a function (i, j) => number, got ${typeof f}`);
    const m = new Matrix(rows, cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.data[i * cols + j] = f(i, j);
    return m;
  }

  /** From an ml-matrix matrix (copied). */
  static fromMlMatrix(src: AbstractMatrix): Matrix {
    if (src === null || typeof src !== "object" || typeof (src as AbstractMatrix).get !== "function") {
      throw new InvalidArgumentError(`Matrix.fromMlMatrix: src must be an ml-matrix Matrix, got ${src === null ? "null" : typeof src}`);
    }
    const m = new Matrix(src.rows, src.columns);
    for (let i = 0; i < src.rows; i++) for (let j = 0; j < src.columns; j++) m.data[i * src.columns + j] = src.get(i, j);
    return m;
  }

  /** A copy as an ml-matrix Matrix. */
  toMlMatrix(): MlMatrix {
    const out = new MlMatrix(this.rows, this.cols);
    for (let i = 0; i < this.rows; i++) {
      const row = this.data.subarray(i * this.cols, (i + 1) * this.cols);
      for (let j = 0; j < this.cols; j++) out.set(i, j, row[j]!);
    }
    return out;
  }

  /** Nested arrays, one per row. */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  get(i: number, j: number): number {
    this.checkIndex(i, j);
    return this.data[i * this.cols + j]!;
  }

  set(i: number, j: number, value: number): void {
    this.checkIndex(i, j);
    this.data[i * this.cols + j] = value;
  }

  private checkIndex(i: number, j: number): void {
    if (!(i >= 0 && i < this.rows && j >= 0 && j < this.cols && Number.isInteger(i) && Number.isInteger(j))) {
      throw new InvalidArgumentError(`index (${i}, ${j}) is outside a ${this.rows} x ${this.cols} matrix`);
    }
  }

  /** Row i as a view (shares memory). */
  row(i: number): Float64Array {
    this.checkIndex(i, 0);
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  /** Column j as a new contiguous array (e.g. one eigenvector out of the columns of V). */
  column(j: number): Float64Array {
    this.checkIndex(0, j);
    const out = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = this.data[i * this.cols + j]!;
    return out;
  }

  /** The transpose, as a new matrix (blocked, so both sides stay in cache). */
  transpose(): Matrix {
    const { rows, cols, data } = this;
    const out = new Float64Array(rows * cols);
    const B = 32;
    for (let i0 = 0; i0 < rows; i0 += B) {
      const i1 = Math.min(rows, i0 + B);
      for (let j0 = 0; j0 < cols; j0 += B) {
        const j1 = Math.min(cols, j0 + B);
        for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out[j * rows + i] = data[i * cols + j]!;
      }
    }
    return new Matrix(cols, rows, out);
  }

  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /**
   * True when square and max |a_ij - a_ji| <= tol * max |a_kl| (asymmetry relative to the
   * largest entry). tol defaults to 0: exact symmetry.
   */
  isSymmetric(tol = 0): boolean {
    return this.asymmetry() <= tol * this.maxAbs();
  }

  /** max |a_ij - a_ji| over the matrix (Infinity when not square). */
  asymmetry(): number {
    if (this.rows !== this.cols) return Infinity;
    const n = this.rows;
    const d = this.data;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const diff = Math.abs(d[i * n + j]! - d[j * n + i]!);
        if (!(diff <= worst)) worst = diff; // also catches NaN
      }
    }
    return worst;
  }

  /** max |a_ij| (0 for an empty matrix). */
  maxAbs(): number {
    let m = 0;
    for (const v of this.data) {
      const a = Math.abs(v);
      if (!(a <= m)) m = a;
    }
    return m;
  }
}

/**
 * Zeroed storage for rows x cols doubles. The engine's RangeError (a length beyond what typed
 * arrays hold, about 2^32 entries in V8, or an allocation the heap refuses) becomes an
 * InvalidArgumentError that states the size, as every bad size does at the public boundary.
 */
function allocate(rows: number, cols: number): Float64Array {
  try {
    return new Float64Array(rows * cols);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw new InvalidArgumentError(
      `a ${rows} x ${cols} matrix (${rows * cols} doubles, ${rows * cols * 8} bytes) cannot be allocated: ${err.message}`,
    );
  }
}

function checkArrayLike(x: unknown, name: string): asserts x is ArrayLike<unknown> {
  if (x === null || typeof x !== "object" || typeof (x as ArrayLike<unknown>).length !== "number") {
    throw new InvalidArgumentError(`${name} must be an array, got ${x === null ? "null" : typeof x}`);
  }
}

/** Entry j of `name` as a number (a string or undefined would become NaN silently). */
function entry(v: unknown, name: string, j: number): number {
  if (typeof v !== "number") throw new InvalidArgumentError(`${name}, entry ${j} must be a number, got ${v === null ? "null" : typeof v}`);
  return v;
}

/** What the public API accepts as a matrix: a Matrix, nested arrays, or an ml-matrix matrix. */
export type MatrixLike = Matrix | ArrayLike<ArrayLike<number>> | AbstractMatrix;

/** Converts a MatrixLike to a Matrix (no copy when it is one already). */
export function asMatrix(m: MatrixLike, name = "matrix"): Matrix {
  if (m instanceof Matrix) return m;
  if (m instanceof MlMatrix || (typeof m === "object" && m !== null && "columns" in m && typeof (m as AbstractMatrix).get === "function")) {
    return Matrix.fromMlMatrix(m as AbstractMatrix);
  }
  if (typeof m === "object" && m !== null && typeof (m as ArrayLike<unknown>).length === "number") {
    return Matrix.from(m as ArrayLike<ArrayLike<number>>);
  }
  throw new InvalidArgumentError(`${name} must be a Matrix, nested arrays or an ml-matrix Matrix`);
}
