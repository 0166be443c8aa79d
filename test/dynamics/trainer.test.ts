// The two-layer-network trainer (src/dynamics/trainer.ts): one step against a finite-difference
// gradient of the batch loss written here in plain JS (both losses, both output scalings, trained
// second layer), the recorded order parameters against their definitions from the returned
// weights, spherical projection, reproducibility (same seed, any thread count: bit for bit), and
// full-batch GD on a linear student that must interpolate its n < d samples.
import { afterAll, describe, expect, it } from "vitest";
import { allocationStats, Matrix, Rng, setThreads, terminateThreads, train, workerJobs, type TrainOptions } from "../../src/index.js";
import { availableParallelism } from "node:os";

afterAll(async () => {
  setThreads(availableParallelism());
  await terminateThreads();
});

type Act = (x: number) => number;

/** The batch-mean loss of f(x) = s a^T sigma(W x / sqrt d) on (X, y), plain JS. */
function batchLoss(W: Float64Array, a: Float64Array, X: Matrix, y: Float64Array, p: number, s: number, sigma: Act, loss: "square" | "correlation"): number {
  const n = X.rows, d = X.cols;
  let total = 0;
  for (let mu = 0; mu < n; mu++) {
    let f = 0;
    for (let i = 0; i < p; i++) {
      let lam = 0;
      for (let j = 0; j < d; j++) lam += W[i * d + j]! * X.data[mu * d + j]!;
      f += a[i]! * sigma(lam / Math.sqrt(d));
    }
    f *= s;
    total += loss === "square" ? 0.5 * (y[mu]! - f) ** 2 : -y[mu]! * f;
  }
  return total / n;
}

function finiteDifference(fn: (v: Float64Array) => number, v: Float64Array, h = 1e-6): Float64Array {
  const g = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const old = v[i]!;
    v[i] = old + h;
    const up = fn(v);
    v[i] = old - h;
    const down = fn(v);
    v[i] = old;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

function maxRelativeError(got: Float64Array, want: Float64Array): number {
  let scale = 0;
  for (const v of want) scale = Math.max(scale, Math.abs(v));
  let err = 0;
  for (let i = 0; i < got.length; i++) err = Math.max(err, Math.abs(got[i]! - want[i]!));
  return err / scale;
}

describe("one training step", () => {
  const d = 7, p = 3, n = 5;
  const rng = new Rng(11);
  const X = rng.normalMatrix(n, d);
  const y = rng.normal(n);
  const a0 = Float64Array.of(1, -0.5, 2);

  for (const loss of ["square", "correlation"] as const) {
    for (const scaling of ["sqrt-p", "p"] as const) {
      it(`is W -= lr grad_W L (lambda = W x / sqrt d) and a -= (lr_a / d) grad_a L (${loss} loss, scaling ${scaling}; finite differences)`, () => {
        const lr = 0.3, lrA = 0.7;
        const r = train({
          d, p, target: "he2", activation: "tanh", loss, scaling, algorithm: "gd", data: { X, y }, a: a0,
          secondLayer: "trained", lrSecondLayer: lrA, lr, steps: 1, record: [0, 1], testSize: 0, seed: 5,
        });
        const s = scaling === "sqrt-p" ? 1 / Math.sqrt(p) : 1 / p;
        const W0 = r.W0.data.slice();
        const gradW = finiteDifference((w) => batchLoss(w, a0, X, y, p, s, Math.tanh, loss), W0);
        const stepW = r.W.data.map((w1, i) => (W0[i]! - w1) / lr);
        expect(maxRelativeError(stepW, gradW)).toBeLessThan(1e-7);
        const gradA = finiteDifference((a) => batchLoss(W0, a, X, y, p, s, Math.tanh, loss), a0.slice());
        const stepA = r.a[1]!.map((a1, i) => (a0[i]! - a1) / (lrA / d));
        expect(maxRelativeError(stepA, gradA)).toBeLessThan(1e-7);
        // the recorded training loss is the batch loss before and after the step
        expect(r.trainLoss[0]).toBeCloseTo(batchLoss(W0, a0, X, y, p, s, Math.tanh, loss), 12);
        expect(r.trainLoss[1]).toBeCloseTo(batchLoss(r.W.data, r.a[1]!, X, y, p, s, Math.tanh, loss), 12);
      });
    }
  }

  it("leaves WASM allocations as they were, also when the run diverges", () => {
    const before = allocationStats();
    train({ d: 20, p: 4, target: "z^2", lr: 0.1, steps: 3, batchSize: 4, testSize: 10, spectrum: true, seed: 1 });
    expect(() => train({ d: 20, p: 4, target: "z^2", lr: 1e12, steps: 50, batchSize: 4, testSize: 0, seed: 1 })).toThrow(/diverged/);
    expect(allocationStats()).toEqual(before);
  });
});

describe("recorded diagnostics", () => {
  const opts: TrainOptions = {
    d: 60, p: 5, target: "z1*z2", activation: "relu", lr: 0.5, steps: 40, batchSize: 8, record: { points: 6 }, seed: 3, spectrum: { top: 3 },
  };
  const r = train(opts);

  it("M, Q, inSpan and the overlaps match their definitions at the final weights", () => {
    const { d, p } = opts;
    const k = 2;
    const last = r.steps.length - 1;
    expect(r.steps[last]).toBe(40);
    expect(r.time[last]).toBeCloseTo(40 / d, 14);
    expect(r.samplesSeen[last]).toBe(40 * 8);
    const W = r.W.data, Ws = r.teacher.data;
    // the default teacher: orthonormal rows of norm sqrt(d), T = I
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) expect(r.T.get(a, b)).toBeCloseTo(a === b ? 1 : 0, 12);
    for (let i = 0; i < p; i++) {
      let qii = 0;
      let inSpan = 0;
      for (let j = 0; j < d; j++) qii += W[i * d + j]! ** 2 / d;
      expect(r.Q[last]!.get(i, i)).toBeCloseTo(qii, 12);
      for (let a = 0; a < k; a++) {
        let m = 0;
        for (let j = 0; j < d; j++) m += W[i * d + j]! * Ws[a * d + j]! / d;
        expect(r.M[last]!.get(i, a)).toBeCloseTo(m, 12);
        inSpan += m * m / qii;
      }
      expect(r.inSpan[last]![i]).toBeCloseTo(inSpan, 12);
    }
    for (let a = 0; a < k; a++) {
      let best = 0;
      for (let i = 0; i < p; i++) best = Math.max(best, Math.abs(r.M[last]!.get(i, a)) / Math.sqrt(r.Q[last]!.get(i, i)));
      expect(r.overlap[last]![a]).toBeCloseTo(best, 12);
    }
  });

  it("the spectrum is that of W / sqrt(d) and of (W - W0) / sqrt(d), with the singular-vector overlaps", () => {
    const { d, p } = opts;
    const snap = r.spectrum!.at(-1)!;
    const Q = r.Q.at(-1)!;
    // sum of the squared singular values over all p would be trace Q; with the top 3, check s_1 >= s_2 >= s_3 and s_1^2 <= trace Q
    expect(snap.singular[0]!).toBeGreaterThanOrEqual(snap.singular[1]!);
    let trace = 0;
    for (let i = 0; i < p; i++) trace += Q.get(i, i);
    expect(snap.singular[0]! ** 2).toBeLessThanOrEqual(trace);
    // the top singular value of (W - W0)/sqrt(d) by power iteration on the JS weights
    const D = r.W.data.map((w, i) => (w - r.W0.data[i]!) / Math.sqrt(d));
    let v = new Float64Array(d).fill(1);
    let sigma = 0;
    for (let it = 0; it < 500; it++) {
      const u = new Float64Array(p);
      for (let i = 0; i < p; i++) for (let j = 0; j < d; j++) u[i]! += D[i * d + j]! * v[j]!;
      const w = new Float64Array(d);
      for (let i = 0; i < p; i++) for (let j = 0; j < d; j++) w[j]! += D[i * d + j]! * u[i]!;
      const norm = Math.hypot(...w);
      sigma = Math.sqrt(norm);
      v = w.map((x) => x / norm);
    }
    expect(snap.singularDelta[0]).toBeCloseTo(sigma, 8);
    // overlap of that right singular vector with w*_r / sqrt(d)
    for (let a = 0; a < 2; a++) {
      let o = 0;
      for (let j = 0; j < d; j++) o += v[j]! * r.teacher.data[a * d + j]! / Math.sqrt(d);
      expect(snap.overlapsDelta.get(0, a)).toBeCloseTo(Math.abs(o), 6);
    }
    expect(snap.bulkEdge).toBeCloseTo(1 + Math.sqrt(p / d), 14);
  });

  it("at initialization the top singular value of W0 / sqrt(d) sits at the Marchenko-Pastur edge 1 + sqrt(p / d)", () => {
    // p = 100, d = 400: edge 1.5; the fluctuations of the top one are of order d^(-2/3) ~ 0.02
    for (const init of ["sphere", "gaussian"] as const) {
      const s = train({ d: 400, p: 100, target: "he1", init, lr: 0, steps: 0, testSize: 0, seed: 9, spectrum: { top: 1 } });
      const snap = s.spectrum![0]!;
      expect(Math.abs(snap.singular[0]! - snap.bulkEdge)).toBeLessThan(0.06);
      expect(snap.singularDelta[0]).toBeLessThan(1e-6); // W = W0: zero up to the rounding of Q - C - C^T + Q0
    }
  });
});

describe("the test error", () => {
  it("at initialization matches its closed form from M and Q (ReLU arc-cosine kernel, He_2 target)", () => {
    // f = sum_i relu(lambda_i) / sqrt(p), g = He_2(z) / sqrt(2), (lambda, z) jointly Gaussian with
    // Cov(lambda_i, lambda_j) = Q_ij, Cov(lambda_i, z) = M_i (T = 1, rows on the sphere: Q_ii = 1):
    //   E[relu(u) relu(v)] = (sqrt(1 - q^2) + q (pi - arccos q)) / (2 pi)   (Cho and Saul 2009)
    //   E[g relu(lambda_i)] = M_i^2 E[relu(x) He_2(x)] / sqrt(2) = M_i^2 / (sqrt(2) sqrt(2 pi)),  E g^2 = 1
    const d = 100, p = 4, n = 50000;
    const base = { d, p, target: "he2", activation: "relu", lr: 0, steps: 0, testSize: n, seed: 12 } as const;
    // the teacher = the first neuron (the initialization does not depend on the teacher's stream): M_00 = 1
    const W0 = train({ ...base, testSize: 0 }).W0;
    for (const teacher of [undefined, new Matrix(1, d, W0.data.slice(0, d))]) {
      const r = train({ ...base, teacher });
      const Q = r.Q[0]!, M = r.M[0]!;
      if (teacher) expect(M.get(0, 0)).toBeCloseTo(1, 12);
      let ff = 0, gf = 0;
      for (let i = 0; i < p; i++) {
        gf += M.get(i, 0) ** 2 / (Math.SQRT2 * Math.sqrt(2 * Math.PI));
        for (let j = 0; j < p; j++) {
          const q = Math.min(1, Math.max(-1, Q.get(i, j)));
          ff += (Math.sqrt(1 - q * q) + q * (Math.PI - Math.acos(q))) / (2 * Math.PI);
        }
      }
      const want = 0.5 * (1 - (2 * gf) / Math.sqrt(p) + ff / p);
      // Monte Carlo over the held-out set: standard error about sqrt(Var((g - f)^2 / 2) / n) < 0.01
      expect(Math.abs(r.testError[0]! - want)).toBeLessThan(0.04);
    }
  });
});

describe("the learned direction as an outlier of the spectrum of W (a BBP transition in time)", () => {
  it("the top singular value of W / sqrt(d) leaves the Marchenko-Pastur bulk, its right singular vector aligned with w*", () => {
    // linear target, erf student: every neuron moves toward w*, so W - W0 grows a rank-one part
    // along w*; once it is strong enough the top singular value of W separates from the bulk
    const r = train({ d: 400, p: 64, target: "he1", activation: "erf", lr: 1, batchSize: 16, steps: 4000, seed: 2, testSize: 0, spectrum: { top: 2 }, record: [0, 100, 4000] });
    const [first, , last] = r.spectrum!;
    const edge = first!.bulkEdge; // 1 + sqrt(64 / 400) = 1.4
    expect(edge).toBeCloseTo(1.4, 12);
    expect(Math.abs(first!.singular[0]! - edge)).toBeLessThan(0.1);
    expect(first!.overlaps.get(0, 0)).toBeLessThan(0.2);
    expect(last!.singular[0]!).toBeGreaterThan(edge + 0.1);
    expect(last!.singular[1]!).toBeLessThan(edge);
    expect(last!.overlaps.get(0, 0)).toBeGreaterThan(0.9);
    // W - W0 is nearly rank one along w*: a large first singular value, a small second
    expect(last!.singularDelta[0]!).toBeGreaterThan(20 * last!.singularDelta[1]!);
    expect(last!.overlapsDelta.get(0, 0)).toBeGreaterThan(0.8);
  });
});

describe("reproducibility", () => {
  it("the same seed gives the same trajectory bit for bit on 1 and 2 threads", () => {
    // 256 x 16 x 300 multiply-adds per GEMM: above the driver's threshold, so 2 threads split it
    const opts: TrainOptions = { d: 300, p: 16, target: "he2", activation: "erf", lr: 0.5, steps: 12, batchSize: 256, seed: 42, testSize: 64, record: { points: 5 }, algorithm: "repeat" };
    const one = train({ ...opts, threads: 1 });
    const jobs = workerJobs();
    const two = train({ ...opts, threads: 2 });
    expect(workerJobs()).toBeGreaterThan(jobs); // the workers did take part
    const bits = (v: Float64Array) => Array.from(new BigUint64Array(v.slice().buffer));
    expect(bits(two.W.data)).toEqual(bits(one.W.data));
    two.M.forEach((m, i) => expect(bits(m.data)).toEqual(bits(one.M[i]!.data)));
    expect(two.testError).toEqual(one.testError);
    const other = train({ ...opts, threads: 1, seed: 43 });
    expect(other.W.data).not.toEqual(one.W.data);
  });

  it("sgd and repeat with one seed draw the same fresh batches: their first steps coincide", () => {
    const base: TrainOptions = { d: 40, p: 3, target: "he2", lr: 0.5, steps: 1, batchSize: 10, testSize: 0, seed: 8, record: [0, 1] };
    expect(train({ ...base, algorithm: "repeat" }).W.data).toEqual(train({ ...base, algorithm: "sgd" }).W.data);
  });
});

describe("spherical projection and full-batch GD", () => {
  it("project keeps every row at norm sqrt(d): diag Q = 1 at every record", () => {
    const r = train({ d: 50, p: 6, target: "he3", activation: "erf", lr: 2, steps: 200, batchSize: 2, project: true, seed: 4, testSize: 0 });
    for (const Q of r.Q) for (let i = 0; i < 6; i++) expect(Q.get(i, i)).toBeCloseTo(1, 12);
  });

  it("GD on n < d samples with a linear student interpolates them (training loss -> 0), the test error falls", () => {
    // f = v . x / sqrt(d) with v = sum_i a_i w_i / sqrt(p) (a = 1): a step changes the outputs by
    // -(lr / n) K (f - y), K = X X^T / d, whose eigenvalues lie near the Marchenko-Pastur support
    // [(1 - sqrt(n/d))^2, (1 + sqrt(n/d))^2] = [0.086, 2.91]: lr = 10 contracts every mode
    // (10 * 2.91 / 40 < 1, so the loss decreases monotonically), the slowest by 1 - 0.0215 per step
    const r = train({
      d: 80, p: 4, target: "he1", activation: "linear", algorithm: "gd", samples: 40, noise: 0.3, lr: 10, steps: 1500,
      seed: 6, testSize: 500, record: { points: 12 },
    });
    for (let i = 1; i < r.trainLoss.length; i++) expect(r.trainLoss[i]!).toBeLessThanOrEqual(r.trainLoss[i - 1]! * (1 + 1e-12));
    expect(r.trainLoss.at(-1)!).toBeLessThan(1e-8);
    expect(r.trainLoss[0]!).toBeGreaterThan(0.3);
    expect(r.testError.at(-1)!).toBeLessThan(r.testError[0]!);
    expect(r.samplesSeen.every((s) => s === 40)).toBe(true);
  });
});
