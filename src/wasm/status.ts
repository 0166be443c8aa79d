/**
 * The meaning of the kernels' status codes, in one place (as gonum's lapack/gonum/errors.go keeps
 * one table of panic messages per routine). Every LAPACK-style kernel returns 0 on success, -i
 * when its argument i was invalid, and, for some routines, a positive code with a documented
 * meaning (see each routine's comment in assembly/lapack/ and assembly/pointwise.ts). Wrappers
 * pass the status here with what they know of the call (`StatusContext`) and get the typed error:
 *
 * - -i: the wrapper passed a bad argument, a bug (arguments are checked at the public boundary,
 *   kernels trust them): InternalError naming the routine and the argument (KERNEL_PARAMETERS);
 * - > 0 where the routine documents it: usually ConvergenceError (an iteration limit reached,
 *   with the limit as `iterations` and what the routine left as `partial`), or the routine's own
 *   meaning (dgebal: a NaN met, NonFiniteError);
 * - > 0 where the routine documents none: InternalError as well.
 * No other module decodes statuses.
 */
import { ConvergenceError, InternalError, InvalidArgumentError, NonFiniteError, type SpikelabError } from "../errors.js";
import { KERNEL_PARAMETERS, QL_MAX_SWEEPS } from "./exports.js";

/** What a wrapper knows of a failed call; each routine's table reads the fields it documents. */
export interface StatusContext {
  /** The public operation, the start of the message ("eigh", "eighBatch: matrix 2"). */
  fn: string;
  /** Order of the matrix the routine ran on. */
  n?: number;
  /** QL/QR sweeps per eigenvalue the call allowed (dsterf, dsteqr, dstedc; QL_MAX_SWEEPS if absent). */
  maxSweeps?: number;
  /** What the routine left (values, vectors...), attached to ConvergenceError.partial. */
  partial?: Record<string, unknown>;
  /** A residual the wrapper measured for ConvergenceError.residual (NaN when absent). */
  residual?: number;
  /** Facts the wrapper measured, appended to the message. */
  detail?: string;
  /** dstebz: eigenvalues found and expected for an index range (range 2), and the range's text. */
  found?: number;
  expected?: number;
  range?: string;
  /** dstein: eigenvectors asked for, and the (result) columns that failed. */
  count?: number;
  columns?: readonly number[];
  /** dlahqr: the active block ilo..ihi (0-based). */
  ilo?: number;
  ihi?: number;
}

/** One routine's table: what it computes, and its positive codes, if it documents any. */
interface RoutineTable {
  what: string;
  failure?: (status: number, c: StatusContext) => SpikelabError;
}

/** The QL/QR sweep limit of a context: its total over the matrix and the text of the message. */
function sweeps(c: StatusContext): { total: number; text: string } {
  const per = c.maxSweeps ?? QL_MAX_SWEEPS;
  const n = c.n ?? 0;
  return { total: per * n, text: `${per * n} sweeps (${per} per eigenvalue)` };
}

function detail(c: StatusContext): string {
  return c.detail ? ` (${c.detail})` : "";
}

/** dsterf / dsteqr: status k > 0 = k off-diagonal entries still not negligible at the limit. */
function qlFailure(routine: string) {
  return (status: number, c: StatusContext): SpikelabError => {
    const { total, text } = sweeps(c);
    return new ConvergenceError(
      `${c.fn}: the QL/QR iteration (${routine}) did not converge: ${status} off-diagonal entries of the order-${c.n} ` +
        `tridiagonal were not negligible after ${text}${detail(c)}`,
      total,
      c.residual ?? Number.NaN,
      { ...c.partial, unconverged: status, status },
    );
  };
}

const STEBZ_MEANING: Readonly<Record<number, string>> = {
  1: "an interval did not shrink within the iteration bound; its midpoint was returned",
  2: "fewer eigenvalues than asked for in the index range (a non-monotone Sturm count)",
  4: "the Gershgorin interval was too small to contain the eigenvalues of the index range",
};

/**
 * One table per routine. The positive codes are those of the routines' doc comments in
 * assembly/lapack/; test/wasm/status.test.ts checks each against the class it documents.
 */
export const STATUS_TABLES = {
  dsytd2: { what: "unblocked tridiagonal reduction" },
  dlatrd: { what: "tridiagonal reduction panel" },
  dsytrd: { what: "blocked tridiagonal reduction" },
  dlarft: { what: "block reflector factor" },
  dlarfb: { what: "block reflector application" },
  dormtr: { what: "back transformation by the reduction's reflectors" },
  dorgtr: { what: "the reduction's orthogonal matrix" },
  dsterf: { what: "root-free QL/QR eigenvalues", failure: qlFailure("dsterf") },
  dsteqr: { what: "QL/QR eigenpairs", failure: qlFailure("dsteqr") },
  dstedc: {
    what: "divide and conquer eigenpairs",
    // n <= 25 (or values only): dsteqr's (dsterf's) count; else (start + 1)(n + 1) + end names
    // the failing block's rows start..end - 1 (a leaf or a merge)
    failure: (status, c) => {
      const n = c.n ?? 0;
      const { total, text } = sweeps(c);
      const where = status <= n
        ? `${status} off-diagonal entries were not negligible after ${text} (QL/QR on the whole matrix)`
        : `on rows ${Math.floor(status / (n + 1)) - 1}..${(status % (n + 1)) - 1} (a QL/QR leaf hit its limit of ${text}, ` +
          `or the secular equation solver its 30 iterations)`;
      return new ConvergenceError(
        `${c.fn}: divide and conquer (dstedc) did not converge ${where} of the order-${n} tridiagonal${detail(c)}`,
        total,
        c.residual ?? Number.NaN,
        { ...c.partial, status },
      );
    },
  },
  dstebz: {
    what: "bisection",
    failure: (status, c) => new ConvergenceError(
      `${c.fn}: bisection (dstebz) failed (status ${status}: ${STEBZ_MEANING[status] ?? "undocumented"}): found ` +
        `${c.found ?? "?"} eigenvalues` + (c.range ? ` for the index range ${c.range} (expected ${c.expected})` : "") + detail(c),
      0,
      Number.NaN,
      { ...c.partial, status },
    ),
  },
  dstein: {
    what: "inverse iteration",
    // k > 0: k vectors missed the stopping test in dstein's 5 iterations (MAXITS)
    failure: (status, c) => new ConvergenceError(
      `${c.fn}: inverse iteration (dstein) did not converge for ${status} of ${c.count ?? "?"} eigenvectors` +
        (c.columns ? ` (columns ${c.columns.join(", ")})` : "") + ` within 5 iterations${detail(c)}`,
      5,
      c.residual ?? Number.NaN,
      { ...c.partial, status },
    ),
  },
  act_apply: { what: "activation" },
  act_derivative: { what: "activation derivative" },
  act_apply_both: { what: "activation and derivative" },
  dgebal: {
    what: "balancing",
    failure: (_status, c) => new NonFiniteError(
      `${c.fn}: balancing (dgebal) met a NaN in the row and column norms of A${detail(c)}`, "A", -1, Number.NaN,
    ),
  },
  dgebak: { what: "undoing the balancing" },
  dgehd2: { what: "unblocked Hessenberg reduction" },
  dgehrd: { what: "Hessenberg reduction" },
  dorghr: { what: "the Hessenberg reduction's orthogonal matrix" },
  dlahqr: {
    what: "Francis double-shift QR",
    // i + 1 > 0: the limit 30 max(10, ihi - ilo + 1) was reached with eigenvalues i+1..ihi done
    failure: (status, c) => {
      const ilo = c.ilo ?? 0;
      const limit = 30 * Math.max(10, (c.ihi ?? (c.n ?? 1) - 1) - ilo + 1);
      return new ConvergenceError(
        `${c.fn}: the QR iteration (dlahqr) did not converge in ${limit} iterations; ${status - ilo} of ${c.n} ` +
          `eigenvalues are missing${detail(c)}`,
        limit,
        c.residual ?? Number.NaN,
        { ...c.partial },
      );
    },
  },
  dtrevc: { what: "eigenvectors of the Schur form" },
  dtrexc: {
    what: "Schur form reordering",
    failure: (_status, c) => new ConvergenceError(
      `${c.fn}: reordering the Schur form (dtrexc) stopped: a swap of diagonal blocks was too ill-conditioned${detail(c)}`,
      0,
      Number.NaN,
      { ...c.partial },
    ),
  },
} as const satisfies { readonly [R in keyof typeof KERNEL_PARAMETERS]?: RoutineTable };

/** The routines whose statuses this module decodes. */
export type StatusRoutine = keyof typeof STATUS_TABLES;

/**
 * The typed error a kernel status stands for, or null for 0 (and, for dstebz, a count found
 * equal to the one expected). See the module comment for the classes.
 */
export function statusError(routine: StatusRoutine, status: number, context: StatusContext): SpikelabError | null {
  const table: RoutineTable = STATUS_TABLES[routine];
  // dstebz's "found another count than asked" is status 2's meaning, whether or not it said so
  const code = routine === "dstebz" && status === 0 && context.expected !== undefined && context.found !== context.expected ? 2 : status;
  if (code === 0) return null;
  if (code < 0) {
    const names: readonly string[] = KERNEL_PARAMETERS[routine];
    const name = names[-code - 1];
    return new InternalError(
      `${context.fn}: ${routine} (${table.what}) rejected its argument ${-code}` + (name ? ` (${name})` : " (beyond its arity)"),
      routine, code,
    );
  }
  if (!table.failure) {
    return new InternalError(`${context.fn}: ${routine} (${table.what}) returned status ${code}, which it does not document`, routine, code);
  }
  return table.failure(code, context);
}

/** Throws statusError(routine, status, context) unless it is null. */
export function checkStatus(routine: StatusRoutine, status: number, context: StatusContext): void {
  const err = statusError(routine, status, context);
  if (err) throw err;
}

/**
 * The QL/QR sweep limit per eigenvalue of an option (default QL_MAX_SWEEPS, LAPACK's MAXIT):
 * an integer in 0..1e6, else InvalidArgumentError naming `fn` and the option.
 */
export function sweepLimit(value: unknown, fn: string, option = "maxSweepsPerEigenvalue"): number {
  if (value === undefined) return QL_MAX_SWEEPS;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 1_000_000) {
    throw new InvalidArgumentError(`${fn}: ${option} must be an integer in 0..1e6, got ${String(value)}`);
  }
  return value;
}
