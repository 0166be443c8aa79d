/**
 * What the Krylov-Schur solvers `eigsh` and `eigs` share: reading their first argument (an
 * operator, or a dense matrix wrapped in a DenseOperator), the common options, and the operator
 * application inside the iteration.
 *
 * Scale invariance. The iteration never sees A itself but sigma A, sigma a power of two chosen
 * from the norm of the first nonzero output (and lowered when a later output is more than 2^32
 * times larger), so the projected matrix, its eigensolver (Jacobi or the QR iteration, whose
 * deflation thresholds are absolute) and every norm stay near 1 whatever the scale of A, from
 * 1e-300 to 1e300. Multiplying by a power of two is exact, so Ritz values and residuals are
 * divided by sigma at the end without rounding. Every convergence test compares a residual with
 * tol times an estimate of ||sigma A||: unchanged by the scaling.
 *
 * Non-finite output. Each output is checked by its 2-norm (dnrm2 is overflow-safe and returns
 * Inf/NaN exactly when an entry is, O(n)): an operator that overflows raises NonFiniteError
 * naming it, instead of poisoning the basis into a misleading ConvergenceError.
 */
import { InvalidArgumentError, NonFiniteError } from "../errors.js";
import { Matrix, type MatrixLike } from "../matrix.js";
import { Rng } from "../random/rng.js";
import { assertFinite, asVector } from "../validate.js";
import type { KernelExports, Ptr } from "../wasm/exports.js";
import { DenseOperator, WasmOperator, type KrylovOptions, type LinearOperator } from "./linearOperators.js";

/** How an operator is named in messages: its class for WASM operators, else "the JS operator". */
export function operatorName(op: LinearOperator): string {
  return op instanceof WasmOperator ? `the ${op.constructor.name}` : "the JS operator";
}

function isOperator(x: unknown): x is LinearOperator {
  if (x instanceof WasmOperator) return true;
  if (typeof x !== "object" || x === null || typeof (x as LinearOperator).apply !== "function" || !("size" in x)) return false;
  // an ml-matrix Matrix has apply() and size too (a per-entry callback and rows * cols)
  return !("columns" in x && typeof (x as { get?: unknown }).get === "function");
}

/**
 * The solver's operator: `input` itself when it is a LinearOperator, else a DenseOperator over the
 * dense matrix (which the caller must dispose: `owned`), with `symmetric` as given (undefined:
 * detected). Throws InvalidArgumentError for anything else (null, a number, an object without apply).
 */
export function resolveOperator(
  input: LinearOperator | MatrixLike, who: string, symmetric?: boolean,
): { op: LinearOperator; owned: DenseOperator | null } {
  if (isOperator(input)) {
    if (!Number.isInteger(input.size) || input.size < 1) {
      throw new InvalidArgumentError(`${who}: operator size must be a positive integer, got ${String(input.size)}`);
    }
    if (input instanceof WasmOperator && input.disposed) throw new InvalidArgumentError(`${who}: ${operatorName(input)} was disposed`);
    return { op: input, owned: null };
  }
  const matrixLike = typeof input === "object" && input !== null &&
    (input instanceof Matrix || typeof (input as { length?: unknown }).length === "number" || ("columns" in input && "rows" in input));
  if (!matrixLike) {
    const got = input === null ? "null" : typeof input === "object" ? "an object without apply() and size" : typeof input;
    throw new InvalidArgumentError(`${who}: op must be a LinearOperator { size, apply(x, y) } or a square matrix, got ${got}`);
  }
  const owned = new DenseOperator(input, symmetric === undefined ? {} : { symmetric });
  return { op: owned, owned };
}

export interface CommonOptions {
  tol: number;
  maxIter: number;
  seed: NonNullable<KrylovOptions["seed"]>;
}

/**
 * The solver's operator as in resolveOperator, given to `body` (with the DenseOperator it made,
 * if any), and that operator disposed afterwards whatever `body` does.
 */
export function withOperator<R>(
  input: LinearOperator | MatrixLike, who: string, symmetric: boolean | undefined,
  body: (op: LinearOperator, owned: DenseOperator | null) => R,
): R {
  const { op, owned } = resolveOperator(input, who, symmetric);
  try {
    return body(op, owned);
  } finally {
    owned?.dispose();
  }
}

/** Checks k (1..n) and the options both solvers share (ncv and which are checked by each). */
export function commonOptions(options: KrylovOptions, n: number, k: number, who: string): CommonOptions {
  if (!Number.isInteger(k) || k < 1 || k > n) throw new InvalidArgumentError(`${who}: k must be an integer in [1, ${n}], got ${k}`);
  if (options === null || typeof options !== "object") throw new InvalidArgumentError(`${who}: options must be an object, got ${String(options)}`);
  const tol = options.tol ?? 1e-10;
  if (typeof tol !== "number" || !(tol > 0) || !Number.isFinite(tol)) throw new InvalidArgumentError(`${who}: tol must be a positive number, got ${tol}`);
  const maxIter = options.maxIter ?? 500;
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new InvalidArgumentError(`${who}: maxIter must be a positive integer, got ${maxIter}`);
  const seed = options.seed ?? 0;
  if (typeof seed !== "number" && typeof seed !== "bigint") throw new InvalidArgumentError(`${who}: seed must be a number or a bigint, got ${typeof seed}`);
  if (options.v0 !== undefined) {
    const v0 = asVector(options.v0, "v0");
    if (v0.length !== n) throw new InvalidArgumentError(`${who}: v0 has ${v0.length} entries, the operator has size ${n}`);
    assertFinite(v0, "v0");
  }
  return { tol, maxIter, seed };
}

/** The start vector: v0, or n normals from the seed (drawn only after the memory check). */
export function startVector(options: KrylovOptions, n: number, seed: CommonOptions["seed"]): Float64Array {
  return options.v0 !== undefined ? asVector(options.v0, "v0") : new Rng(seed).normal(n);
}

/**
 * Fewest new basis vectors per restart (ncv - k) the solvers use, whatever ncv asks: with fewer,
 * a converged set can miss a wanted eigenvalue (LM on an indefinite spectrum settles at the wrong
 * end; the final check, a restart from a random vector, sees only ncv - k new directions and
 * cannot tell). Found by test/fuzz/iterative.fuzz.test.ts.
 */
export const MIN_FRESH = 16;

// exponents of the output scaling stay where 2^e and 2^-e are both normal numbers
const MAX_EXP = 1020;
// a later output this much larger than the scaled ones so far triggers a new scale
const REGROW = 2 ** 32;

/**
 * y := sigma A x on vectors in WASM memory, with the output check and the scaling of the module
 * comment. `onRescale(f)` is called when sigma changes to f sigma, before y is written, so that
 * the solver multiplies everything it built from earlier outputs (projected matrix, coupling,
 * norm estimate) by f.
 */
export class ScaledApplier {
  /** The current output factor sigma (a power of two). */
  sigma = 1;
  /** 1 / sigma (exact). */
  inverse = 1;
  applications = 0;
  private set = false;
  private readonly wasmOp: WasmOperator | null;
  private readonly io: { x: Float64Array; y: Float64Array } | null;

  constructor(
    private readonly op: LinearOperator,
    private readonly k: KernelExports,
    private readonly n: number,
    private readonly who: string,
    private readonly onRescale: (factor: number) => void,
  ) {
    this.wasmOp = op instanceof WasmOperator ? op : null;
    this.io = this.wasmOp ? null : { x: new Float64Array(n), y: new Float64Array(n) };
  }

  apply(x: Ptr, y: Ptr): void {
    const { k, n } = this;
    if (this.wasmOp) {
      this.wasmOp.applyPtr(x, y);
    } else {
      this.io!.x.set(new Float64Array(k.memory.buffer, x, n));
      this.op.apply(this.io!.x, this.io!.y);
      new Float64Array(k.memory.buffer, y, n).set(this.io!.y);
    }
    this.applications++;
    const nrm = k.dnrm2(n, y, 1);
    if (!Number.isFinite(nrm)) this.nonFinite(y);
    if (nrm > 0 && (!this.set || nrm * this.sigma > REGROW)) {
      // sigma = 2^-e with 2^e about the output's norm: sigma A x has norm in [1/2, 2)
      const e = Math.max(-MAX_EXP, Math.min(MAX_EXP, Math.round(Math.log2(nrm))));
      const sigma = 2 ** -e;
      if (this.set) this.onRescale(sigma * this.inverse);
      this.sigma = sigma;
      this.inverse = 2 ** e;
      this.set = true;
    }
    if (this.sigma !== 1) k.dscal(n, this.sigma, y, 1);
  }

  private nonFinite(y: Ptr): never {
    const out = new Float64Array(this.k.memory.buffer, y, this.n);
    let i = 0;
    while (i < this.n && out[i]! - out[i]! === 0) i++;
    const v = out[i]!;
    throw new NonFiniteError(
      `${this.who}: ${operatorName(this.op)} returned a non-finite entry ${i} = ${v} at application ${this.applications} ` +
        `(input a finite unit vector): its values overflowed the double range${Number.isNaN(v) ? " (or it produced NaN)" : ""}; ` +
        `scale the operator down`,
      "the operator's output", i, v,
    );
  }
}

/** Overflow-safe 2-norm of a JS vector. */
function norm2(x: Float64Array): number {
  let mx = 0;
  for (const v of x) mx = Math.max(mx, Math.abs(v));
  if (mx === 0) return 0;
  let s = 0;
  for (const v of x) s += (v / mx) ** 2;
  return mx * Math.sqrt(s);
}

function dot(x: Float64Array, y: Float64Array, ys: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * (y[i]! / ys);
  return s;
}

// relative tolerance of the randomized symmetry test: far above rounding (|y^T A x - x^T A y| of a
// symmetric A computed in floating point is about sqrt(n) eps ||A|| ||x|| ||y||), far below any
// asymmetry that would change the eigenvalues at eigsh's tolerance
const SYMMETRY_RTOL = 1e-8;

/**
 * One randomized symmetry test of an operator of unknown symmetry (two applications): x^T A y
 * against y^T A x for Gaussian x, y, relative to ||A x|| ||y|| + ||A y|| ||x||. A non-symmetric A
 * fails it with probability one; a symmetric one passes up to rounding. Throws
 * InvalidArgumentError (or NonFiniteError for a non-finite output) before any Krylov work.
 */
export function checkSymmetry(op: LinearOperator, n: number, seed: CommonOptions["seed"], who: string): void {
  const rng = new Rng(seed).jump().jump();
  const x = rng.normal(n);
  const y = rng.normal(n);
  const ax = new Float64Array(n);
  const ay = new Float64Array(n);
  op.apply(x, ax);
  assertFinite(ax, "the operator's output");
  op.apply(y, ay);
  assertFinite(ay, "the operator's output");
  const nax = norm2(ax);
  const nay = norm2(ay);
  const mx = Math.max(nax, nay);
  if (mx === 0) return;
  // everything divided by mx so that nothing overflows: (y^T A x - x^T A y) / mx
  const yAx = dot(y, ax, mx);
  const xAy = dot(x, ay, mx);
  const bound = SYMMETRY_RTOL * ((nax / mx) * norm2(y) + (nay / mx) * norm2(x));
  if (!(Math.abs(yAx - xAy) <= bound)) {
    throw new InvalidArgumentError(
      `${who}: ${operatorName(op)} is not symmetric: for random x, y, y^T A x - x^T A y = ${((yAx - xAy) * mx).toExponential(3)}, ` +
        `${(Math.abs(yAx - xAy) / (bound / SYMMETRY_RTOL)).toExponential(2)} of ||A x|| ||y|| + ||A y|| ||x||; ` +
        `use eigs for a nonsymmetric operator`,
    );
  }
}

/**
 * Why a run did not converge, from the largest wanted residual / ||A|| of each cycle: stagnation
 * when the last half of the cycles did not improve on the best of the first half by 2x (restarts
 * will not help: a larger ncv, a looser tol or a spectral transformation might), else progress.
 */
export function stagnation(history: readonly number[]): string {
  if (history.length < 4) return "too few restarts to judge progress: raise maxIter";
  const half = Math.floor(history.length / 2);
  const early = Math.min(...history.slice(0, half));
  const late = Math.min(...history.slice(half));
  // at the rounding level the Krylov residual estimates keep drifting down (by how much depends on
  // whether the build fuses multiply-adds) but no longer mean anything: the tolerance is the problem
  if (late <= 8 * Number.EPSILON) {
    return `stagnation at rounding level: the largest relative residual is ${late.toExponential(2)}, within a few ` +
      `eps = ${Number.EPSILON.toExponential(2)} of double precision, so a smaller tol cannot be met: loosen tol`;
  }
  if (late > 0.5 * early) {
    return `stagnation: the largest relative residual stayed near ${late.toExponential(2)} over the last ${history.length - half} ` +
      `restarts; raise ncv, loosen tol, or transform the spectrum (a shift, or a preprocessing that separates the wanted values)`;
  }
  return `still converging (relative residual ${early.toExponential(2)} -> ${late.toExponential(2)}): raise maxIter`;
}
