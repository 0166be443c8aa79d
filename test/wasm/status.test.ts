// The kernel boundary (src/wasm/status.ts, issue #14 item 4): every routine's status codes map to
// the class its doc comment in assembly/ documents; a negative status is an InternalError that
// names the argument, checked against the real kernels called with one bad argument each (so the
// parameter names of KERNEL_PARAMETERS follow the kernels' own order); the typed job builders.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConvergenceError, InternalError, NonFiniteError, SpikelabError, withScratch } from "../../src/index.js";
import { isUserError } from "../../src/cli/failure.js";
import { applyActivationAt, type Activation } from "../../src/features/activations.js";
import { job, perThread } from "../../src/threads/protocol.js";
import { KERNEL_PARAMETERS, QL_MAX_SWEEPS, type KernelExports } from "../../src/wasm/exports.js";
import { kernels } from "../../src/wasm/loader.js";
import { checkStatus, STATUS_TABLES, statusError, sweepLimit, type StatusRoutine } from "../../src/wasm/status.js";

const ROUTINES = Object.keys(STATUS_TABLES) as StatusRoutine[];

// The positive codes each routine documents (assembly/lapack/*.ts, assembly/pointwise.ts doc
// comments), written here from those comments, and the class each one stands for. Every other
// routine returns only 0 or -i.
const DOCUMENTED: Partial<Record<StatusRoutine, { codes: number[]; cls: abstract new (...args: never[]) => SpikelabError }>> = {
  dsterf: { codes: [1, 7], cls: ConvergenceError }, // k off-diagonal entries left after maxSweeps n sweeps
  dsteqr: { codes: [1, 7], cls: ConvergenceError }, // the same, with vectors
  dstedc: { codes: [3, 1234], cls: ConvergenceError }, // dsteqr's count (n <= 25), or the failing block
  dstebz: { codes: [1, 2, 4], cls: ConvergenceError }, // interval did not shrink / too few found / Gershgorin
  dstein: { codes: [1, 3], cls: ConvergenceError }, // k vectors missed the test in 5 iterations
  dgebal: { codes: [1], cls: NonFiniteError }, // a NaN stopped the scaling loop
  dlahqr: { codes: [1, 5], cls: ConvergenceError }, // iteration limit, eigenvalues i+1..ihi done
  dtrexc: { codes: [1], cls: ConvergenceError }, // a swap rejected as too ill-conditioned
};

describe("status tables", () => {
  it("cover every kernel that returns a status, with its parameter names", () => {
    expect(ROUTINES.length).toBe(23);
    for (const r of ROUTINES) expect(KERNEL_PARAMETERS[r].length, r).toBeGreaterThan(0);
    const withFailures = ROUTINES.filter((r) => "failure" in STATUS_TABLES[r]).sort();
    expect(withFailures).toEqual(Object.keys(DOCUMENTED).sort());
  });

  it("0 is no error; -i is an InternalError naming argument i; beyond the arity it says so", () => {
    for (const r of ROUTINES) {
      expect(statusError(r, 0, { fn: "t" }), r).toBeNull();
      const names = KERNEL_PARAMETERS[r];
      names.forEach((name, i) => {
        const err = statusError(r, -(i + 1), { fn: "op" });
        expect(err, `${r} -${i + 1}`).toBeInstanceOf(InternalError);
        expect(err!.message).toMatch(new RegExp(`^internal error in spikelab, please report: op: ${r} .*argument ${i + 1} \\(${name}\\)$`));
        expect((err as InternalError).routine).toBe(r);
        expect((err as InternalError).status).toBe(-(i + 1));
      });
      expect(statusError(r, -(names.length + 1), { fn: "op" })!.message).toMatch(/beyond its arity/);
    }
  });

  it("positive codes: the documented class where a routine documents them, InternalError elsewhere", () => {
    for (const r of ROUTINES) {
      const doc = DOCUMENTED[r];
      for (const code of doc?.codes ?? [1, 2, 17]) {
        const err = statusError(r, code, { fn: "op", n: 20, maxSweeps: 3, ilo: 0, ihi: 19, count: 4, found: 1 });
        expect(err, `${r} ${code}`).toBeInstanceOf(doc?.cls ?? InternalError);
        expect(err!.message, `${r} ${code}`).toMatch(doc ? /^op: / : /does not document/);
        if (!doc) expect(isUserError(err), `${r} ${code}: the CLI calls it a bug`).toBe(false);
      }
    }
  });

  it("convergence failures carry the limit, the partial result and the routine's meaning", () => {
    const values = new Float64Array([1, 2]);
    const e = statusError("dsterf", 3, { fn: "eigvalsh", n: 40, maxSweeps: 2, partial: { values } }) as ConvergenceError;
    expect(e.message).toBe(
      "eigvalsh: the QL/QR iteration (dsterf) did not converge: 3 off-diagonal entries of the order-40 tridiagonal " +
        "were not negligible after 80 sweeps (2 per eigenvalue)",
    );
    expect(e.iterations).toBe(80);
    expect(e.partial).toEqual({ values, unconverged: 3, status: 3 });
    // no limit given: LAPACK's 30
    expect((statusError("dsteqr", 1, { fn: "f", n: 10 }) as ConvergenceError).iterations).toBe(10 * QL_MAX_SWEEPS);
    // dstedc, n = 100: (start + 1)(n + 1) + end names rows start..end - 1
    expect(statusError("dstedc", 11 * 101 + 60, { fn: "eigh", n: 100 })!.message).toMatch(/did not converge on rows 10\.\.59 /);
    expect(statusError("dstedc", 4, { fn: "eigh", n: 20 })!.message).toMatch(/dstedc.*4 off-diagonal entries/);
    // dstebz: a count other than the one asked is status 2's meaning, even when it returned 0
    expect(statusError("dstebz", 0, { fn: "f", found: 3, expected: 3, range: "0..2" })).toBeNull();
    expect(statusError("dstebz", 0, { fn: "f", found: 2, expected: 3, range: "0..2" })!.message).toMatch(
      /status 2: fewer eigenvalues.*found 2 eigenvalues for the index range 0\.\.2 \(expected 3\)/,
    );
    expect((statusError("dstein", 2, { fn: "f", count: 5, columns: [1, 4] }) as ConvergenceError).iterations).toBe(5);
    // dlahqr's limit is 30 max(10, ihi - ilo + 1) iterations; eigenvalues ilo..status-1 missing
    const q = statusError("dlahqr", 7, { fn: "eig", n: 50, ilo: 2, ihi: 41 }) as ConvergenceError;
    expect(q.iterations).toBe(1200);
    expect(q.message).toMatch(/5 of 50 eigenvalues are missing/);
    expect(() => checkStatus("dgebal", 1, { fn: "eig" })).toThrow(NonFiniteError);
    expect(() => checkStatus("dgebal", 0, { fn: "eig" })).not.toThrow();
  });
});

/** Each kernel called with one bad argument: the status, decoded, must name that argument. */
describe("the real kernels' bad-argument statuses name the argument that was bad", () => {
  type Case = [StatusRoutine, string, (k: KernelExports, p: number) => number];
  const cases: Case[] = [
    ["dsterf", "n", (k, p) => k.dsterf(-1, p, p, 30)],
    ["dsterf", "maxSweeps", (k, p) => k.dsterf(2, p, p, -1)],
    ["dsteqr", "ldz", (k, p) => k.dsteqr(2, 2, p, p, p, 1, p, 30)],
    ["dsteqr", "maxSweeps", (k, p) => k.dsteqr(2, 2, p, p, p, 2, p, -1)],
    ["dstedc", "compz", (k, p) => k.dstedc(-1, 2, p, p, p, 2, p, p, 30)],
    ["dstedc", "maxSweeps", (k, p) => k.dstedc(2, 2, p, p, p, 2, p, p, -1)],
    ["dstebz", "vl", (k, p) => k.dstebz(1, 0, 2, 1, 0, 0, 0, 0, p, p, p, p, p, p, p, p)],
    ["dstebz", "iu", (k, p) => k.dstebz(2, 0, 2, 0, 0, 1, 0, 0, p, p, p, p, p, p, p, p)],
    ["dstein", "m", (k, p) => k.dstein(2, p, p, 3, p, p, p, p, 3, p, p, p)],
    ["dsytrd", "uplo", (k, p) => k.dsytrd(1, 2, p, 2, p, p, p, p, 0)],
    ["dsytrd", "lda", (k, p) => k.dsytrd(0, 2, p, 1, p, p, p, p, 0)],
    ["dormtr", "ldc", (k, p) => k.dormtr(0, 3, 3, p, 3, p, p, 2, p, 0)],
    ["dorgtr", "ldq", (k, p) => k.dorgtr(3, p, 3, p, p, 2, p, 0)],
    ["dlarfb", "ldc", (k, p) => k.dlarfb(0, 3, 3, 1, p, 3, p, 1, p, 2, p)],
    ["dlarft", "ldt", (k, p) => k.dlarft(2, 3, p, 3, p, p, 1)],
    ["act_apply", "kind", (k, p) => k.act_apply(999, 1, p)],
    ["act_derivative", "n", (k, p) => k.act_derivative(0, -1, p)],
    ["dgebal", "job", (k, p) => k.dgebal(5, 2, p, 2, p, p)],
    ["dgebal", "lda", (k, p) => k.dgebal(0, 2, p, 1, p, p)],
    ["dgebak", "vtrans", (k, p) => k.dgebak(3, 2, 0, 1, p, 2, p, 2, 2)],
    ["dgehrd", "lda", (k, p) => k.dgehrd(3, 0, 2, p, 2, p, p)],
    ["dorghr", "ldq", (k, p) => k.dorghr(3, 0, 2, p, 3, p, p, 2, p)],
    ["dlahqr", "ldz", (k, p) => k.dlahqr(1, 1, 3, 0, 2, p, 3, p, p, 0, 2, p, 2, 0, p)],
    ["dlahqr", "ztrans", (k, p) => k.dlahqr(1, 1, 3, 0, 2, p, 3, p, p, 0, 2, p, 3, 2, p)],
    ["dtrevc", "vtrans", (k, p) => k.dtrevc(2, p, 2, p, 2, 2, p)],
    ["dtrexc", "ifst", (k, p) => k.dtrexc(1, 3, p, 3, p, 3, 5, 0, p, p)],
  ];
  it.each(cases)("%s: bad %s", (routine, name, call) => {
    const status = withScratch((s) => call(kernels(), s.zeros(64).ptr));
    expect(status).toBeLessThan(0);
    const err = statusError(routine, status, { fn: "probe" });
    expect(err).toBeInstanceOf(InternalError);
    expect(err!.message).toContain(`(${name})`);
  });
});

describe("wrappers go through status.ts", () => {
  it("every source file that calls a kernel with a status decodes it through status.ts", () => {
    // threads/drivers.ts only hands the statuses of its sytrd / ormtr back to eigh, which decodes them
    // and wasm/relaxedSimd.ts's self-check counts any nonzero status as a disagreement (plain build)
    const passThrough = new Set([join("src", "threads", "drivers.ts"), join("src", "wasm", "relaxedSimd.ts")]);
    const calls = new RegExp(`\\.(${ROUTINES.join("|")})\\(`);
    const files = (readdirSync("src", { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => join("src", f));
    const offenders = files.filter((f) => {
      if (f === join("src", "wasm", "status.ts") || passThrough.has(f)) return false;
      const text = readFileSync(f, "utf8");
      return calls.test(text) && !text.includes("../wasm/status.js");
    });
    expect(offenders).toEqual([]);
    expect(files.length).toBeGreaterThan(50);
  });

  it("an activation kernel's rejected argument is an InternalError, which the CLI counts as a bug", () => {
    const bogus = { name: "bogus", kind: 999 } as unknown as Activation;
    let caught: unknown;
    withScratch((s) => {
      try {
        applyActivationAt(s.k, bogus, s.zeros(4).ptr, 4, "value");
      } catch (err) {
        caught = err;
      }
    });
    expect(caught).toBeInstanceOf(InternalError);
    expect((caught as Error).message).toMatch(/please report: activation 'bogus': act_apply .*argument 1 \(kind\)/);
    expect(isUserError(caught)).toBe(false);
  });

  it("sweepLimit: LAPACK's 30 by default, integers in 0..1e6, a typed error naming the option", () => {
    expect(sweepLimit(undefined, "f")).toBe(30);
    expect(sweepLimit(0, "f")).toBe(0);
    for (const bad of [-1, 1.5, Number.NaN, 2e6, "3"]) expect(() => sweepLimit(bad, "f")).toThrow(/f: maxSweepsPerEigenvalue/);
  });
});

describe("typed job builders", () => {
  it("write the named arguments in the kernel's order, workspace markers as (index, offset)", () => {
    const call = job.dstedc({ compz: 2, n: 5, d: 100, e: 200, z: 300, ldz: 5, work: perThread(), iwork: perThread(64), maxSweeps: 7 });
    expect(call).toEqual({ fn: "dstedc", args: [2, 5, 100, 200, 300, 5, 0, 0, 7], workAt: [[6, 0], [7, 64]] });
  });

  it("a missing or misnamed argument does not compile, and throws if untyped code gets past", () => {
    // @ts-expect-error: maxSweeps is missing
    expect(() => job.dsterf({ n: 2, d: 8, e: 16 })).toThrow(InternalError);
    // @ts-expect-error: lda is not a parameter of dsterf (and maxSweeps is missing)
    expect(() => job.dsterf({ n: 2, d: 8, e: 16, lda: 30 })).toThrow(/dsterf .*maxSweeps/);
  });
});
