// The threads build and its worker pool (src/threads/): every parallel path against the same
// computation on one thread (bit for bit: the partitions keep each element's arithmetic), odd
// sizes, more threads than blocks, failures that surface as WorkerError without a hang, and
// teardown that leaves no worker alive.
import { availableParallelism } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import {
  activeBuild, allocationStats, eig, eigh, eighBatch, eighTridiagonal, eigvalsh, eigvalshBatch, getThreads, gram, InvalidArgumentError, LampOperator,
  matmul, Matrix, maxThreads, sampleCovariance, setThreads, ShapeError, TapOperator, terminateThreads, WorkerError,
} from "../../src/index.js";
import { loaded } from "../../src/wasm/loader.js";
import { withScratch } from "../../src/wasm/memory.js";
import { LOWER, NO_TRANS, QL_MAX_SWEEPS, TRANS, UPPER } from "../../src/wasm/exports.js";
import { gemm, rankUpdate, rowChunks, splitRange } from "../../src/threads/drivers.js";
import { liveWorkers, runBatch, workerJobs } from "../../src/threads/pool.js";
import { job } from "../../src/threads/protocol.js";
import { ConvergenceError } from "../../src/errors.js";
import { productErrorRatio, randomMatrix, randomVector, refMatmul } from "../helpers.js";

function symmetric(n: number, seed: number): Matrix {
  const a = randomMatrix(n, n, seed);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a.data[i * n + j] = a.data[j * n + i]!;
  return a;
}

/** The same numbers, bit for bit (toEqual on typed arrays would also pass -0 vs 0: compare bits). */
function expectSameBits(got: Float64Array, want: Float64Array, what: string): void {
  expect(got.length, what).toBe(want.length);
  const g = new BigUint64Array(got.buffer, got.byteOffset, got.length);
  const w = new BigUint64Array(want.buffer, want.byteOffset, want.length);
  let first = -1;
  for (let i = 0; i < g.length; i++) if (g[i] !== w[i]) { first = i; break; }
  expect(first, `${what}: first differing entry ${first} (${got[first]} vs ${want[first]})`).toBe(-1);
}

afterAll(async () => {
  setThreads(availableParallelism());
  await terminateThreads();
});

describe("the threads build", () => {
  it("is what Node loads: shared memory, as many threads as cores", () => {
    const mod = loaded();
    expect(mod.shared).toBe(true);
    expect(mod.exports.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(["simd", "relaxed"]).toContain(activeBuild());
    expect(getThreads()).toBe(availableParallelism());
  });

  it("splitRange and rowChunks cover the range once, at multiples of the unit", () => {
    for (const [total, parts, unit] of [[10, 3, 4], [1, 4, 4], [1000, 7, 4], [8, 8, 4], [513, 2, 128]] as const) {
      const r = splitRange(total, parts, unit);
      expect(r[0]![0]).toBe(0);
      expect(r.at(-1)![1]).toBe(total);
      for (let i = 1; i < r.length; i++) expect(r[i]![0]).toBe(r[i - 1]![1]);
      for (const [lo, hi] of r) {
        expect(lo % unit).toBe(0);
        expect(hi).toBeGreaterThan(lo);
      }
    }
    expect(rowChunks(0)).toEqual([[0, 0]]);
    expect(rowChunks(1024)).toEqual([[0, 1024]]);
    expect(rowChunks(2500)).toEqual([[0, 1024], [1024, 2048], [2048, 2500]]);
  });
});

describe("parallel kernels agree with one thread, bit for bit", () => {
  it("matmul: odd sizes, every transpose, tall and wide C, more threads than blocks", () => {
    const cases: Array<[number, number, number]> = [[517, 389, 263], [37, 1201, 190], [1201, 29, 200], [12, 12, 4000]];
    for (const [m, n, k] of cases) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const a = transA ? randomMatrix(k, m, m + k) : randomMatrix(m, k, m + k);
          const b = transB ? randomMatrix(n, k, n + k) : randomMatrix(k, n, n + k);
          const one = matmul(a, b, { transA, transB, threads: 1 });
          for (const threads of [2, 3, 8]) {
            expectSameBits(matmul(a, b, { transA, transB, threads }).data, one.data, `${m}x${n}x${k} tA=${transA} tB=${transB} threads=${threads}`);
          }
          const { c: want, absC } = refMatmul(a, b, transA, transB);
          expect(productErrorRatio(one.data, want.data, absC.data, k)).toBeLessThan(1);
        }
      }
    }
  });

  it("gram (SYRK by block rows) and SYR2K on both triangles", () => {
    const x = randomMatrix(700, 333, 5);
    expectSameBits(gram(x, { threads: 2 }).data, gram(x, { threads: 1 }).data, "gram 700 x 333");
    // 5 threads, or the cap (4 x the cores) on a single-core machine
    const many = Math.min(5, maxThreads());
    expectSameBits(gram(x, { threads: many }).data, gram(x, { threads: 1 }).data, `gram, ${many} threads`);
    const n = 300, k = 80;
    const a = randomMatrix(n, k, 6), b = randomMatrix(n, k, 7), c0 = randomMatrix(n, n, 8);
    for (const uplo of [UPPER, LOWER]) {
      const results = [1, 2, 3].map((threads) => withScratch((s) => {
        const pa = s.from(a.data), pb = s.from(b.data), pc = s.from(c0.data);
        rankUpdate(s, threads, true, uplo, NO_TRANS, n, k, 0.5, pa.ptr, k, pb.ptr, k, 0.25, pc.ptr, n);
        return pc.view().slice();
      }));
      expectSameBits(results[1]!, results[0]!, `syr2k uplo=${uplo}, 2 threads`);
      expectSameBits(results[2]!, results[0]!, `syr2k uplo=${uplo}, 3 threads`);
      // and the right numbers: C = 0.25 C0 + 0.5 (A B^T + B A^T) on the triangle, C0 elsewhere
      const ab = refMatmul(a, b, false, true).c;
      for (let i = 0; i < n; i += 37) {
        for (let j = 0; j < n; j += 41) {
          const inTriangle = uplo === UPPER ? j >= i : j <= i;
          const want = inTriangle ? 0.25 * c0.data[i * n + j]! + 0.5 * (ab.data[i * n + j]! + ab.data[j * n + i]!) : c0.data[i * n + j]!;
          expect(results[1]![i * n + j]).toBeCloseTo(want, 11);
        }
      }
    }
  });

  it("gemm on WASM-resident operands with a row stride larger than the width", () => {
    const m = 300, n = 200, k = 150, ld = 311;
    const a = randomMatrix(m, ld, 9), b = randomMatrix(k, ld, 10);
    const out = [1, 2].map((threads) => withScratch((s) => {
      const pa = s.from(a.data), pb = s.from(b.data), pc = s.zeros(m * ld);
      gemm(s, threads, NO_TRANS, NO_TRANS, m, n, k, 1, pa.ptr, ld, pb.ptr, ld, 0, pc.ptr, ld);
      return pc.view().slice();
    }));
    expectSameBits(out[1]!, out[0]!, "strided gemm");
    // the padding columns n..ld of C stay untouched
    for (let i = 0; i < m; i++) for (let j = n; j < ld; j++) expect(out[1]![i * ld + j]).toBe(0);
  });

  it("eigh and eigvalsh (threaded reduction and back transformation): same values and vectors", () => {
    for (const n of [257, 401]) {
      const a = symmetric(n, n);
      const one = eigh(a, { threads: 1 });
      const two = eigh(a, { threads: 2 });
      expectSameBits(two.values, one.values, `eigh values n=${n}`);
      expectSameBits(two.vectors!.data, one.vectors!.data, `eigh vectors n=${n}`);
      expectSameBits(eigvalsh(a, { threads: 2 }), eigvalsh(a, { threads: 1 }), `eigvalsh n=${n}`);
      // and a correct decomposition: the trace is the sum of the eigenvalues
      let trace = 0;
      for (let i = 0; i < n; i++) trace += a.data[i * n + i]!;
      expect(two.values.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 9);
    }
  });

  it("GEMMs inside LAPACK kernels (D&C merges, Hessenberg reduction) run on the workers, same results", () => {
    // a Toeplitz tridiagonal: almost nothing deflates, so the dlaed3 merges are large GEMMs
    const n = 700;
    const d = new Float64Array(n).fill(2), e = new Float64Array(n - 1).fill(-1);
    setThreads(1);
    const one = eighTridiagonal(d, e, { method: "dc" });
    setThreads(2);
    const before = workerJobs();
    const two = eighTridiagonal(d, e, { method: "dc" });
    expect(workerJobs()).toBeGreaterThan(before);
    expectSameBits(two.values, one.values, "dstedc values");
    expectSameBits(two.vectors!.data, one.vectors!.data, "dstedc vectors");
    // closed form: 2 - 2 cos(pi j / (n + 1))
    expect(two.values[0]).toBeCloseTo(2 - 2 * Math.cos(Math.PI / (n + 1)), 12);
    // eig: dgehrd's and dtrevc's GEMMs
    const a = randomMatrix(300, 300, 21);
    setThreads(1);
    const e1 = eig(a);
    setThreads(2);
    const e2 = eig(a);
    expectSameBits(e2.re, e1.re, "eig real parts");
    expectSameBits(e2.im, e1.im, "eig imaginary parts");
    // a call's own threads option holds inside the kernels too: no worker job for threads: 1
    const quiet = workerJobs();
    eigh(symmetric(500, 22), { threads: 1 });
    expect(workerJobs()).toBe(quiet);
    setThreads(availableParallelism());
  });

  it("the chunked DSYMV of the reduction (n >= 512): chunks cover the rows, sum = A x, same eigenvalues any way", () => {
    const n = 601;
    const a = symmetric(n, 30), x = randomVector(n, 31);
    const got = withScratch((s) => {
      const k = s.k;
      const chunks = k.dsymv_chunks(n);
      expect(chunks).toBeGreaterThan(1);
      expect(k.dsymv_chunks(511)).toBe(1);
      const starts = Array.from({ length: chunks + 1 }, (_, c) => k.dsymv_chunk_start(n, c, chunks));
      expect(starts[0]).toBe(0);
      expect(starts[chunks]).toBe(n);
      for (let c = 1; c < chunks; c++) {
        expect(starts[c]! % 4).toBe(0);
        expect(starts[c]!).toBeGreaterThan(starts[c - 1]!);
      }
      const pa = s.from(a.data), px = s.from(x), py = s.alloc(n), parts = s.alloc(chunks * n);
      for (let c = 0; c < chunks; c++) k.dsymv_upper_rows(n, 1, pa.ptr, n, px.ptr, parts.ptr + c * n * 8, starts[c]!, starts[c + 1]!);
      k.dsymv_reduce(n, chunks, parts.ptr, 0, py.ptr);
      return py.view().slice();
    });
    for (let i = 0; i < n; i += 17) {
      let want = 0, abs = 0;
      for (let j = 0; j < n; j++) {
        want += a.data[i * n + j]! * x[j]!;
        abs += Math.abs(a.data[i * n + j]! * x[j]!);
      }
      expect(Math.abs(got[i]! - want)).toBeLessThan(n * 2.3e-16 * abs);
    }
    // eigvalsh and eigvalshBatch, whose reductions take the chunked product, on 1 and 2 threads
    const b = symmetric(700, 32);
    const one = eigvalsh(b, { threads: 1 });
    expectSameBits(eigvalsh(b, { threads: 2 }), one, "eigvalsh n = 700");
    expectSameBits(eigvalshBatch([b, b], { threads: 2 })[1]!, one, "eigvalshBatch n = 700");
    const full = eigh(b, { threads: 2 });
    expectSameBits(full.values, eigh(b, { threads: 1 }).values, "eigh n = 700");
    let trace = 0;
    for (let i = 0; i < 700; i++) trace += b.data[i * 700 + i]!;
    expect(one.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 9);
    // A v = lambda v for the top pair
    const v = full.vectors!.column(699);
    let res = 0;
    for (let i = 0; i < 700; i++) {
      let s = 0;
      for (let j = 0; j < 700; j++) s += b.data[i * 700 + j]! * v[j]!;
      res = Math.max(res, Math.abs(s - full.values[699]! * v[i]!));
    }
    expect(res).toBeLessThan(1e-11);
  });

  it("eigvalshBatch: each result is eigvalsh's, for any thread count, sizes 0, 1, 40, 300", () => {
    const mats = [symmetric(300, 1), new Matrix(0, 0), symmetric(1, 2), symmetric(40, 3), symmetric(300, 4), symmetric(40, 5)];
    const ref = mats.map((m) => eigvalsh(m, { threads: 1 }));
    for (const threads of [1, 2, 4]) {
      const got = eigvalshBatch(mats, { threads });
      got.forEach((v, i) => expectSameBits(v, ref[i]!, `matrix ${i}, ${threads} threads`));
    }
    // dsyevd's scaling path (tiny entries) inside a batch
    const tiny = symmetric(50, 6);
    tiny.data.forEach((v, i) => (tiny.data[i] = v * 1e-300));
    const [scaled] = eigvalshBatch([tiny], { threads: 2 });
    expectSameBits(scaled!, eigvalsh(tiny), "scaled matrix");
  });

  it("eighBatch: each result is eigh's (values and vectors), for any thread count", () => {
    const mats = [symmetric(260, 7), symmetric(1, 8), new Matrix(0, 0), symmetric(130, 9), symmetric(260, 10)];
    const ref = mats.map((m) => eigh(m, { threads: 1 }));
    for (const threads of [1, 2, 3]) {
      const got = eighBatch(mats, { threads });
      got.forEach((r, i) => {
        expectSameBits(r.values, ref[i]!.values, `values of matrix ${i}, ${threads} threads`);
        expectSameBits(r.vectors!.data, ref[i]!.vectors!.data, `vectors of matrix ${i}, ${threads} threads`);
      });
    }
    // and a decomposition: A v = lambda v for the top pair of the last matrix
    const [last] = eighBatch([mats[4]!]);
    const a = mats[4]!, v = last!.vectors!.column(259), lambda = last!.values[259]!;
    let res = 0;
    for (let i = 0; i < 260; i++) {
      let s = 0;
      for (let j = 0; j < 260; j++) s += a.data[i * 260 + j]! * v[j]!;
      res = Math.max(res, Math.abs(s - lambda * v[i]!));
    }
    expect(res).toBeLessThan(1e-12);
    const before = allocationStats();
    for (let i = 0; i < 20; i++) eighBatch([mats[3]!, mats[3]!], { threads: 2 });
    expect(allocationStats()).toEqual(before);
  });

  it("the QL sweep limit is a kernel argument: worker threads obey it as the caller does", () => {
    // raw: dsterf jobs with 1 sweep per eigenvalue (n in all, about half what QL needs) on two
    // threads; every status, those of jobs run on the worker included, is the count of
    // off-diagonal entries left (> 0), and with LAPACK's 30 it is 0
    const n = 600, count = 8;
    const mats = Array.from({ length: count }, (_, i) => randomVector(2 * n - 1, 40 + i));
    const statuses = (maxSweeps: number): Float64Array => withScratch((s) => {
      const blocks = mats.map((m) => ({ d: s.from(m.subarray(0, n)).ptr, e: s.from(m.subarray(n)).ptr }));
      return runBatch(blocks.map(({ d, e }) => [job.dsterf({ n, d, e, maxSweeps })]), 2);
    });
    let ranOnWorker = false;
    for (let attempt = 0; attempt < 10 && !ranOnWorker; attempt++) {
      const before = workerJobs();
      for (const st of statuses(1)) expect(st).toBeGreaterThan(0);
      ranOnWorker = workerJobs() > before;
    }
    expect(ranOnWorker).toBe(true);
    for (const st of statuses(QL_MAX_SWEEPS)) expect(st).toBe(0);

    // public: a batch on two threads raises the ConvergenceError of the serial solve, with its
    // partial values bit for bit (matrix 0 fails first in order, wherever it ran)
    const a = [symmetric(120, 50), symmetric(120, 51), symmetric(120, 52), symmetric(120, 53)];
    const limit = { maxSweepsPerEigenvalue: 1 };
    const caught = (f: () => unknown): ConvergenceError => {
      try {
        f();
      } catch (err) {
        if (err instanceof ConvergenceError) return err;
        throw err;
      }
      throw new Error("no ConvergenceError");
    };
    const serial = caught(() => eigvalsh(a[0]!, limit));
    const batch = caught(() => eigvalshBatch(a, { ...limit, threads: 2 }));
    expect(batch.message).toBe(serial.message.replace("eigvalsh:", "eigvalshBatch: matrix 0:"));
    expect(batch.iterations).toBe(120);
    const values = (e: ConvergenceError) => (e.partial as { values: Float64Array }).values;
    expectSameBits(values(batch), values(serial), "partial values");
    expect(() => eighBatch(a, { ...limit, threads: 2 })).toThrow(/eighBatch: matrix 0: divide and conquer \(dstedc\) did not converge/);
    // and the default limit converges for the same batch
    eigvalshBatch(a, { threads: 2 }).forEach((v, i) => expectSameBits(v, eigvalsh(a[i]!), `matrix ${i}`));
  });

  it("eigvalshBatch names the bad matrix", () => {
    expect(() => eigvalshBatch([symmetric(3, 1), randomMatrix(3, 4, 2)])).toThrow(ShapeError);
    expect(() => eigvalshBatch([symmetric(3, 1), randomMatrix(3, 4, 2)])).toThrow(/matrix 1/);
    const asym = randomMatrix(5, 5, 3);
    expect(() => eigvalshBatch([asym])).toThrow(/matrix 0.*not symmetric/);
  });

  it("operators: sample covariance, TAP and LAMP applications by row chunks", () => {
    const n = 2600, d = 90, p = 2;
    const x = randomMatrix(n, d, 11);
    const w = randomVector(n, 12);
    const v = randomVector(d, 13);
    const op = sampleCovariance(x, { weights: w });
    setThreads(1);
    const one = new Float64Array(d);
    op.apply(v, one);
    setThreads(2);
    const two = new Float64Array(d);
    op.apply(v, two);
    expectSameBits(two, one, "sample covariance");
    // against the formed matrix X^T diag(w) X / n
    const xw = new Matrix(n, d, x.data.map((val, i) => val * w[Math.floor(i / d)]!));
    const formed = matmul(x, xw, { transA: true });
    for (let i = 0; i < d; i += 7) {
      let s = 0;
      for (let j = 0; j < d; j++) s += formed.data[i * d + j]! * v[j]!;
      expect(two[i]).toBeCloseTo(s / n, 10);
    }
    op.dispose();

    const blocks = randomVector(n * p * p, 14);
    for (let i = 0; i < n; i++) blocks[i * 4 + 2] = blocks[i * 4 + 1]!; // symmetric T_i
    const tap = new TapOperator(x, blocks, p);
    const lamp = new LampOperator(x, blocks, p);
    for (const [name, o] of [["TAP", tap], ["LAMP", lamp]] as const) {
      const u = randomVector(o.size, 15);
      setThreads(1);
      const y1 = new Float64Array(o.size);
      o.apply(u, y1);
      setThreads(3);
      const y3 = new Float64Array(o.size);
      o.apply(u, y3);
      expectSameBits(y3, y1, name);
      o.dispose();
    }
    setThreads(availableParallelism());
  });
});

describe("the pool", () => {
  it("a kernel that traps on a worker surfaces as a WorkerError, and the pool goes on working", () => {
    const memBytes = loaded().exports.memory.buffer.byteLength;
    withScratch((s) => {
      const big = 400, n = 64;
      const a = s.from(randomMatrix(big, big, 1).data);
      const c = s.alloc(big * big);
      const size = s.k.dgemm_worksize(big, big, big);
      const stride = Math.ceil(size / 8) * 64;
      const ws = s.alloc(2 * stride / 8);
      const work = { ptr: ws.ptr, strideBytes: stride };
      // job 0 is long (the caller claims it first, so a worker takes the next), the others trap:
      // C beyond the end of memory
      const slow = { fn: "dgemm" as const, args: [NO_TRANS, NO_TRANS, big, big, big, 1, a.ptr, big, a.ptr, big, 0, c.ptr, big, 0], workArg: 13 };
      const bad = { fn: "dgemm" as const, args: [NO_TRANS, NO_TRANS, n, n, n, 1, a.ptr, n, a.ptr, n, 0, memBytes - 64, n, 0], workArg: 13 };
      const threadsSeen = new Set<number>();
      for (let attempt = 0; attempt < 10 && !threadsSeen.has(1); attempt++) {
        let caught: unknown;
        try {
          runBatch([[slow], [bad], [bad]], 2, work);
        } catch (err) {
          caught = err;
        }
        expect(caught).toBeInstanceOf(WorkerError);
        const e = caught as WorkerError;
        expect(e.message).toMatch(/failed on (worker 1|the calling thread) \(job [12]: dgemm\): RuntimeError/);
        expect([1, 2]).toContain(e.job);
        threadsSeen.add(e.thread);
      }
      expect(threadsSeen.has(1)).toBe(true);
      // the next batch runs normally
      expect(runBatch([[slow], [slow]], 2, work)).toHaveLength(2);
    });
    const a = randomMatrix(300, 300, 2);
    const { c: want, absC } = refMatmul(a, a);
    expect(productErrorRatio(matmul(a, a, { threads: 2 }).data, want.data, absC.data, 300)).toBeLessThan(1);
  });

  it("a thousand threaded calls leave WASM memory as it was", () => {
    const a = randomMatrix(128, 128, 3);
    matmul(a, a, { threads: 2 });
    const before = allocationStats();
    const bytes = loaded().exports.memory.buffer.byteLength;
    for (let i = 0; i < 1000; i++) matmul(a, a, { threads: 2 });
    expect(allocationStats()).toEqual(before);
    expect(loaded().exports.memory.buffer.byteLength).toBe(bytes);
  });

  it("rejects bad thread counts with a typed error", () => {
    expect(() => setThreads(0)).toThrow(InvalidArgumentError);
    expect(() => setThreads(1.5)).toThrow(/integer/);
    expect(() => matmul(randomMatrix(2, 2, 1), randomMatrix(2, 2, 2), { threads: -1 })).toThrow(InvalidArgumentError);
    expect(() => eigh(symmetric(3, 1), { threads: 0 })).toThrow(/threads/);
  });

  it("caps threads at 4 x the cores os.availableParallelism() reports; above it: InvalidArgumentError, no worker", () => {
    const cores = availableParallelism();
    const cap = Math.min(256, 4 * cores);
    expect(maxThreads()).toBe(cap);
    const before = getThreads();
    const live = liveWorkers();
    if (cap < 256) {
      const err = (() => { try { setThreads(cap + 1); } catch (e) { return e; } })();
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as Error).message).toContain(`cap of ${cap} = 4 x the ${cores} cores`);
      expect(() => setThreads(256)).toThrow(InvalidArgumentError);
      expect(() => matmul(randomMatrix(2, 2, 1), randomMatrix(2, 2, 2), { threads: cap + 1 })).toThrow(/threads is \d+, above the cap/);
    }
    expect(() => setThreads(257)).toThrow(InvalidArgumentError);
    // the setting and the pool are untouched by the refusals
    expect(getThreads()).toBe(before);
    expect(liveWorkers()).toBe(live);
    setThreads(cap); // the cap itself is allowed
    expect(getThreads()).toBe(cap);
    setThreads(before);
  });

  it("setThreads(1) and terminateThreads stop every worker", async () => {
    const a = randomMatrix(400, 400, 4);
    const jobsBefore = workerJobs();
    // jobs go to whichever thread is free: on a loaded machine the caller may take every job of one
    // product before its workers wake, so a few products, until a worker has run one
    let products = 0;
    do matmul(a, a, { threads: 3 });
    while (workerJobs() === jobsBefore && ++products < 20);
    expect(liveWorkers()).toBe(2);
    expect(workerJobs()).toBeGreaterThan(jobsBefore);
    setThreads(1);
    expect(liveWorkers()).toBe(0);
    expect(getThreads()).toBe(1);
    matmul(a, a); // one thread: no worker starts
    expect(liveWorkers()).toBe(0);
    setThreads(2);
    matmul(a, a);
    expect(liveWorkers()).toBe(1);
    await terminateThreads();
    expect(liveWorkers()).toBe(0);
  });
});
