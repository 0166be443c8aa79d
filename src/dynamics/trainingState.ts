/**
 * The trainer's state in WASM memory and the operations of one step (see trainer.ts for the
 * conventions): every buffer is allocated once, in the scope of one `train` call, and freed with it.
 * GEMMs run through the thread driver (threads/drivers.ts gemm), whose results do not depend on
 * the thread count; the per-sample maps run in the dynamics kernels (assembly/dynamics.ts).
 *
 * Buffers (doubles): W, W0 (p d; W0 only with the spectrum), W* (k d), a and its gradient (p),
 * the batch X (n d), its latent block Z (n k), labels y, output f and dl/df (n), S = sigma(Lambda)
 * and dl/dLambda (n p), the held-out set likewise, and M, Q, C (p k, p p, p p).
 */
import { NonFiniteError } from "../errors.js";
import { applyActivationAt, applyActivationBothAt } from "../features/activations.js";
import type { Matrix } from "../matrix.js";
import type { Rng } from "../random/rng.js";
import { gemm, rankUpdate } from "../threads/drivers.js";
import { batchThreads, runBatch, type Job } from "../threads/pool.js";
import { job, perThread } from "../threads/protocol.js";
import { NO_TRANS, TRANS, UPPER, type KernelExports, type Ptr } from "../wasm/exports.js";
import { f64View, withScratch, type Scratch, type WasmBlock } from "../wasm/memory.js";
import { labelBatch } from "./targets.js";
import type { TrainPlan } from "./trainOptions.js";

/** A labelled set in WASM: X (n x d), y (n), and the forward-pass blocks S, dS (n x p), f, c (n). */
interface DataSet {
  n: number;
  x: WasmBlock;
  y: WasmBlock;
  s: WasmBlock;
  ds: WasmBlock;
  f: WasmBlock;
  c: WasmBlock;
}

/** Doubles per chunk of a data draw: each chunk is one job with its own generator. */
export const NORMAL_CHUNK = 1 << 14;

/**
 * count N(0, 1) draws at `out`: a 64-bit key from the stream at `state` (one output), then fixed
 * chunks of NORMAL_CHUNK draws, chunk c from its own xoshiro256** generator seeded by the key and c
 * (ziggurat, assembly/random/ziggurat.ts), one job per chunk on `threads` threads: the same numbers
 * for any thread count.
 */
export function fillNormalChunks(sc: Scratch, threads: number, state: Ptr, out: Ptr, count: number): void {
  const k = sc.k;
  withScratch((s) => {
    const key = s.alloc(1, "a stream key");
    k.rng_fill_u64(state, key.ptr, 1);
    const words = new Uint32Array(k.memory.buffer, key.ptr, 2);
    const keyLo = words[0]!, keyHi = words[1]!;
    const jobs: Job[] = [];
    for (let c = 0, off = 0; off < count; c++, off += NORMAL_CHUNK) {
      jobs.push([job.rng_normal_chunk({ keyLo, keyHi, chunk: c, out: out + 8 * off, n: Math.min(NORMAL_CHUNK, count - off), work: perThread() })]);
    }
    const slots = batchThreads(jobs.length, threads);
    const work = s.alloc(8 * slots, "generator states");
    runBatch(jobs, threads, { ptr: work.ptr, strideBytes: 64 });
  });
}

/** The WASM words of an xoshiro256** state (4 u64 = 4 doubles), seeded from `rng`'s position. */
function rngState(sc: Scratch, rng: Rng): WasmBlock {
  const b = sc.alloc(4, "a generator state");
  new Uint32Array(sc.k.memory.buffer, b.ptr, 8).set(rng.state);
  return b;
}

export class TrainingState {
  readonly k: KernelExports;
  readonly w: WasmBlock;
  readonly w0: WasmBlock | null;
  readonly wStar: WasmBlock;
  readonly a: WasmBlock;
  readonly ga: WasmBlock;
  readonly train: DataSet;
  readonly test: DataSet | null;
  readonly z: WasmBlock;
  readonly noise: WasmBlock;
  readonly m: WasmBlock;
  readonly q: WasmBlock;
  readonly cross: WasmBlock;
  private readonly dataState: WasmBlock;
  private readonly uniform: (() => number) | null;

  constructor(private readonly sc: Scratch, private readonly plan: TrainPlan, W0: Matrix) {
    const { p, k, batch, testSize } = plan;
    this.k = sc.k;
    this.w = sc.from(W0.data, "the first layer W");
    this.w0 = plan.spectrumTop > 0 ? sc.from(W0.data, "the initial first layer W0") : null;
    this.wStar = sc.from(plan.teacher.data, "the teacher W*");
    this.a = sc.from(plan.a0, "the second layer a");
    this.ga = sc.alloc(p, "the second-layer gradient");
    this.train = this.dataSet(batch, "training");
    this.test = testSize > 0 ? this.dataSet(testSize, "held-out") : null;
    this.z = sc.alloc(Math.max(batch, testSize) * k, "the latent block Z = X W*^T / sqrt(d)");
    this.noise = sc.alloc(Math.max(batch, testSize), "label noise");
    this.m = sc.alloc(p * k, "M");
    this.q = sc.alloc(p * p, "Q");
    this.cross = sc.alloc(p * p, "C = W W0^T / d");
    this.dataState = rngState(sc, plan.rng.data);
    const channel = plan.rng.channel;
    let pool: Float64Array = new Float64Array(0);
    let at = 0;
    this.uniform = plan.link.sample
      ? () => {
        if (at === pool.length) {
          pool = channel.uniform(4096);
          at = 0;
        }
        return pool[at++]!;
      }
      : null;
    if (this.test) {
      const st = rngState(sc, plan.rng.test);
      this.draw(this.test, st, false);
    }
  }

  /** Memory plan of the state (doubles per block), for Scratch.reserve before any allocation. */
  static blocks(plan: TrainPlan): number[] {
    const { p, d, k, batch, testSize } = plan;
    const set = (n: number) => [n * d, n, n * p, n * p, n, n];
    return [p * d, plan.spectrumTop > 0 ? p * d : 0, k * d, p, p, ...set(batch), ...(testSize > 0 ? set(testSize) : []),
      Math.max(batch, testSize) * k, Math.max(batch, testSize), p * k, p * p, p * p, 4, 4];
  }

  private dataSet(n: number, what: string): DataSet {
    const { d, p } = this.plan;
    const sc = this.sc;
    return {
      n,
      x: sc.alloc(n * d, `the ${what} inputs X (${n} x ${d})`),
      y: sc.alloc(n, `the ${what} labels`),
      s: sc.alloc(n * p, `the ${what} activations`),
      ds: sc.alloc(n * p, `the ${what} activation derivatives`),
      f: sc.alloc(n, `the ${what} outputs`),
      c: sc.alloc(n, `the ${what} loss derivatives`),
    };
  }

  /** The training set := the user's data (gd). */
  loadTraining(X: Matrix, y: Float64Array): void {
    f64View(this.train.x.ptr, X.data.length, this.k).set(X.data);
    f64View(this.train.y.ptr, y.length, this.k).set(y);
  }

  /** Draws a fresh training batch (inputs and labels) from the data stream. */
  drawTraining(): void {
    this.draw(this.train, this.dataState, true);
  }

  /**
   * X := N(0, 1) draws (fillNormalChunks), Z := X W*^T / sqrt(d), y := g(Z) (+ noise when `noisy`:
   * polar-method normals from the same stream; the held-out labels are noiseless, so the test
   * error is the excess error).
   */
  private draw(set: DataSet, state: WasmBlock, noisy: boolean): void {
    const { d, k: kk, link, noiseStd, threads } = this.plan;
    const k = this.k;
    const n = set.n;
    fillNormalChunks(this.sc, threads, state.ptr, set.x.ptr, n * d);
    if (kk === 1) k.dgemv(NO_TRANS, n, d, 1 / Math.sqrt(d), set.x.ptr, d, this.wStar.ptr, 1, 0, this.z.ptr, 1); // a single index: half the time of the GEMM path
    else withScratch((s) => gemm(s, threads, NO_TRANS, TRANS, n, kk, d, 1 / Math.sqrt(d), set.x.ptr, d, this.wStar.ptr, d, 0, this.z.ptr, kk));
    const std = noisy ? noiseStd : 0;
    if (std > 0) k.rng_fill_normal(state.ptr, this.noise.ptr, n, 0, 1);
    const z = f64View(this.z.ptr, n * kk, k).slice();
    const y = new Float64Array(n);
    labelBatch(link, z, n, y, std, std > 0 ? f64View(this.noise.ptr, n, k) : null, noisy ? this.uniform : null);
    f64View(set.y.ptr, n, k).set(y);
  }

  /**
   * Forward pass on `set`: S := sigma(X W^T / sqrt(d)), dS := sigma'(same), f := outScale S a, and
   * c := dl/df (square: f - y; correlation: -y). With `backward`, dS := dl/dLambda = c_mu outScale
   * a_i sigma'(lambda_mu,i). Returns the mean loss over the set (1/2 (y - f)^2 or -y f). Throws
   * NonFiniteError when an output is not finite (a diverging run).
   */
  forward(set: DataSet, backward: boolean, step: number): number {
    const { d, p, act, outScale, loss, threads } = this.plan;
    const k = this.k;
    const n = set.n;
    withScratch((s) => gemm(s, threads, NO_TRANS, TRANS, n, p, d, 1 / Math.sqrt(d), set.x.ptr, d, this.w.ptr, d, 0, set.s.ptr, p));
    if (backward) applyActivationBothAt(k, act, set.s.ptr, set.ds.ptr, n * p);
    else applyActivationAt(k, act, set.s.ptr, n * p, "value");
    const total = k.dyn_output(n, p, set.s.ptr, this.a.ptr, outScale, loss === "square" ? 0 : 1, set.y.ptr, set.f.ptr, set.c.ptr);
    if (!Number.isFinite(total)) this.diverged(set, step);
    if (backward) k.dyn_backprop(n, p, set.c.ptr, this.a.ptr, outScale, set.ds.ptr);
    return total / n;
  }

  private diverged(set: DataSet, step: number): never {
    const f = f64View(set.f.ptr, set.n, this.k);
    let i = 0;
    while (i < f.length && Number.isFinite(f[i]!)) i++;
    throw new NonFiniteError(
      `train: the network output became non-finite (${f[i]}) at step ${step}: the run diverged; lower lr (now ${this.plan.lr})`,
      "lr", i, f[i] ?? NaN,
    );
  }

  /**
   * One update from the last backward pass on the training batch:
   * W += -(lr / (sqrt(d) n)) dL^T X (one GEMM into W), then a -= (lrSecondLayer / d) (outScale / n)
   * S^T c when the second layer is trained, then the rows back to radius sqrt(d) with `project`.
   */
  update(): void {
    const { d, p, lr, lrSecondLayer, trainSecondLayer, outScale, project, threads } = this.plan;
    const k = this.k;
    const set = this.train;
    const n = set.n;
    if (trainSecondLayer) {
      k.dgemv(TRANS, n, p, outScale / n, set.s.ptr, p, set.c.ptr, 1, 0, this.ga.ptr, 1);
    }
    withScratch((s) => gemm(s, threads, TRANS, NO_TRANS, p, d, n, -lr / (Math.sqrt(d) * n), set.ds.ptr, p, set.x.ptr, d, 1, this.w.ptr, d));
    if (trainSecondLayer) k.daxpy(p, -lrSecondLayer / d, this.ga.ptr, 1, this.a.ptr, 1);
    if (project) k.dyn_project_rows(p, d, this.w.ptr, Math.sqrt(d));
  }

  /** M := W W*^T / d, Q := W W^T / d (full), and C := W W0^T / d when W0 is kept. */
  orderParameters(): void {
    const { d, p, k: kk, threads } = this.plan;
    const k = this.k;
    withScratch((s) => {
      gemm(s, threads, NO_TRANS, TRANS, p, kk, d, 1 / d, this.w.ptr, d, this.wStar.ptr, d, 0, this.m.ptr, kk);
      rankUpdate(s, threads, false, UPPER, NO_TRANS, p, d, 1 / d, this.w.ptr, d, this.w.ptr, d, 0, this.q.ptr, p);
      if (this.w0) gemm(s, threads, NO_TRANS, TRANS, p, p, d, 1 / d, this.w.ptr, d, this.w0.ptr, d, 0, this.cross.ptr, p);
    });
    const q = f64View(this.q.ptr, p * p, k);
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) q[j * p + i] = q[i * p + j]!;
  }

  /** A copy of `count` doubles at `block`. */
  read(block: WasmBlock, count = block.length): Float64Array {
    return f64View(block.ptr, count, this.k).slice();
  }

  /** Pointer of the first layer (for tests of the step). */
  get wPtr(): Ptr {
    return this.w.ptr;
  }
}
