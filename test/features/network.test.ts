import { describe, expect, it } from "vitest";
import {
  activation, hermiteCoefficients, InvalidArgumentError, matmul, Matrix, networkOutput, oneStepGd, oneStepGdPrediction,
  Rng, spikedRandomFeatures, twoLayerNetwork,
} from "../../src/index.js";

function rowNorm(W: Matrix, i: number): number {
  let s = 0;
  for (let j = 0; j < W.cols; j++) s += W.get(i, j) ** 2;
  return Math.sqrt(s);
}

/** The target of the reference's GD checks: f*(z) = He1(z) + He2(z)/2 (mu1* = 1, E f*^2 = 1.5). */
const heTarget = { name: "He1+He2/2", value: (z: number) => z + (z * z - 1) / 2, derivative: (z: number) => 1 + z };

describe("twoLayerNetwork", () => {
  it("draws unit rows on the sphere (or N(0, 1/d) entries) and the second layer from its law", () => {
    const net = twoLayerNetwork({ d: 50, p: 4000, activation: "relu", secondLayer: "plusminus", seed: 1 });
    expect(net.W.rows).toBe(4000);
    expect(net.W.cols).toBe(50);
    for (let i = 0; i < 20; i++) expect(rowNorm(net.W, i)).toBeCloseTo(1, 14);
    let plus = 0;
    net.abar.forEach((v, i) => {
      expect(Math.abs(v)).toBe(1);
      expect(net.groups![i]).toBe(v === 1 ? 0 : 1);
      if (v === 1) plus++;
      expect(net.a[i]).toBeCloseTo(v / Math.sqrt(4000), 15);
    });
    // Binomial(4000, 1/2): 4 standard deviations = 126
    expect(Math.abs(plus - 2000)).toBeLessThan(126);
    const g = twoLayerNetwork({ d: 400, p: 200, activation: "tanh", firstLayer: "gaussian", secondLayer: "gaussian", seed: 2 });
    let mean = 0;
    for (let i = 0; i < 200; i++) mean += rowNorm(g.W, i) ** 2 / 200;
    expect(Math.abs(mean - 1)).toBeLessThan(4 * Math.sqrt(2 / (400 * 200))); // E |w|^2 = 1, sd sqrt(2/(d p))
    expect(g.groups).toBeNull();
    const custom = twoLayerNetwork({ d: 5, p: 3000, activation: "tanh", secondLayer: { values: [2, -1, 0.5], probs: [0.2, 0.3, 0.5] }, seed: 3 });
    const counts = [0, 0, 0];
    custom.groups!.forEach((k) => counts[k]!++);
    [0.2, 0.3, 0.5].forEach((q, k) => expect(Math.abs(counts[k]! / 3000 - q)).toBeLessThan(4 * Math.sqrt((q * (1 - q)) / 3000)));
  });

  it("is reproducible from its seed, and f(x) = (1/sqrt p) sum a_i sigma(<w_i, x>)", () => {
    const a = twoLayerNetwork({ d: 7, p: 5, activation: "tanh", secondLayer: "plusminus", seed: 9 });
    const b = twoLayerNetwork({ d: 7, p: 5, activation: "tanh", secondLayer: "plusminus", seed: 9 });
    expect(a.W.data).toEqual(b.W.data);
    expect(a.abar).toEqual(b.abar);
    const X = new Rng(4).normalMatrix(3, 7);
    const f = networkOutput(a, X);
    for (let nu = 0; nu < 3; nu++) {
      let t = 0;
      for (let i = 0; i < 5; i++) {
        let pre = 0;
        for (let j = 0; j < 7; j++) pre += a.W.get(i, j) * X.get(nu, j);
        t += a.a[i]! * Math.tanh(pre);
      }
      expect(f[nu]).toBeCloseTo(t / Math.sqrt(5), 14);
    }
  });

  it("rejects p = 0, unknown activations and bad laws with typed errors", () => {
    expect(() => twoLayerNetwork({ d: 3, p: 0, activation: "relu", seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => twoLayerNetwork({ d: 3, p: 2, activation: "swish" as "relu", seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => twoLayerNetwork({ d: 3, p: 2, activation: "relu", secondLayer: { values: [1, 2], probs: [0.5, 0.6] }, seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => twoLayerNetwork({ d: 3, p: 2, activation: "relu", secondLayer: "binary" as "ones", seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => twoLayerNetwork({ d: 3, p: 2, activation: "relu", firstLayer: "orthogonal" as "sphere", seed: 1 })).toThrow(InvalidArgumentError);
  });
});

/** The loss L(W) = (1/(2 n0)) sum (y - f_W(x))^2 in plain JS. */
function loss(net: ReturnType<typeof twoLayerNetwork>, W: Matrix, X: Matrix, y: Float64Array): number {
  const act = activation(net.activation);
  let L = 0;
  for (let nu = 0; nu < X.rows; nu++) {
    let f = 0;
    for (let i = 0; i < net.p; i++) {
      let pre = 0;
      for (let j = 0; j < net.d; j++) pre += W.get(i, j) * X.get(nu, j);
      f += net.a[i]! * act.value(pre);
    }
    L += (y[nu]! - f / Math.sqrt(net.p)) ** 2;
  }
  return L / (2 * X.rows);
}

describe("oneStepGd", () => {
  it("computes the exact negative gradient of the square loss (central differences of L, plain JS)", () => {
    const net = twoLayerNetwork({ d: 6, p: 5, activation: "tanh", secondLayer: "plusminus", seed: 5 });
    const wStar = Float64Array.from([1, 2, 0, -1, 0.5, 0]);
    const n0 = 37;
    const res = oneStepGd(net, { batch: n0, eta: 0.7, scaling: "sqrt-p", target: { activation: "tanh", direction: wStar, noise: 0.1 }, seed: 8 });
    // replay the draws: the block holds the whole batch, so X0 then the noise
    const rng = new Rng(8);
    const X0 = rng.normalMatrix(n0, 6);
    const xi = rng.normal(n0, { std: 0.1 });
    const u = res.target.direction;
    expect(Math.hypot(...u)).toBeCloseTo(1, 15);
    const y = Float64Array.from({ length: n0 }, (_, nu) => {
      let t = 0;
      for (let j = 0; j < 6; j++) t += X0.get(nu, j) * u[j]!;
      return Math.tanh(t) + xi[nu]!;
    });
    expect(res.loss).toBeCloseTo(loss(net, net.W, X0, y), 13);
    const h = 1e-5;
    for (const [i, j] of [[0, 0], [2, 3], [4, 5], [1, 1]] as const) {
      const Wp = new Matrix(5, 6, net.W.data.slice());
      const Wm = new Matrix(5, 6, net.W.data.slice());
      Wp.data[i * 6 + j]! += h;
      Wm.data[i * 6 + j]! -= h;
      const minusGrad = -(loss(net, Wp, X0, y) - loss(net, Wm, X0, y)) / (2 * h);
      expect(Math.abs(res.gradient.get(i, j) - minusGrad)).toBeLessThan(1e-9);
    }
    expect(res.stepSize).toBeCloseTo(0.7 * Math.sqrt(5), 14);
    for (let k = 0; k < 30; k++) expect(res.W1.data[k]).toBeCloseTo(net.W.data[k]! + res.stepSize * res.gradient.data[k]!, 14);
  });

  // ReLU, abar = +-1, eta = 3 p (eta~ = 3), f* = He1 + He2/2 (reference section 8 setup, smaller d)
  const d = 300;
  const p = 600;
  const net = twoLayerNetwork({ d, p, activation: "relu", secondLayer: "plusminus", seed: 21 });
  const wStar = new Rng(22).haarVector(d);
  const target = { activation: heTarget, direction: wStar };

  it("accumulates the gradient over batch blocks exactly like one big product (n0 = 6000, 3 blocks)", () => {
    const n0 = 6000;
    const res = oneStepGd(net, { batch: n0, eta: 3, target, seed: 23 });
    const X0 = new Rng(23).normalMatrix(n0, d); // w* given, no noise: the blocks' draws are one stream
    const Z = matmul(X0, net.W, { transB: true });
    const kappa = matmul(X0, new Matrix(d, 1, wStar));
    const D = new Matrix(n0, p);
    for (let nu = 0; nu < n0; nu++) {
      let f = 0;
      for (let i = 0; i < p; i++) f += net.a[i]! * Math.max(Z.get(nu, i), 0);
      const r = heTarget.value(kappa.get(nu, 0)) - f / Math.sqrt(p);
      for (let i = 0; i < p; i++) D.data[nu * p + i] = Z.get(nu, i) > 0 ? (r * net.a[i]!) / (n0 * Math.sqrt(p)) : 0;
    }
    const G = matmul(D, X0, { transA: true });
    let worst = 0;
    let scale = 0;
    for (let k = 0; k < p * d; k++) {
      worst = Math.max(worst, Math.abs(G.data[k]! - res.gradient.data[k]!));
      scale = Math.max(scale, Math.abs(G.data[k]!));
    }
    expect(worst).toBeLessThan(1e-11 * scale);
  });

  it("at large batch the spike approaches the spiked-RF model: theta and overlap as predicted, remainder ~ alpha0^(-1/2)", () => {
    // tolerances (3 sd of the batch fluctuations): v_raw = mu1* w* + xi with xi ~ N(0, E r^2 / n0 I_d), so
    // gamma moves by ~(1 - gamma^2) sd(xi_1) / |v_raw| plus the spread of |xi|^2 (sd E r^2 sqrt(2d) / n0):
    // sd 0.0125 at alpha0 = 4, 0.002 at 32; |v_raw| and theta by ~gamma sd(xi_1) / |v_raw|: 2.5% and 1.2%
    const tol: Record<number, { overlap: number; theta: number }> = { 4: { overlap: 0.04, theta: 0.08 }, 32: { overlap: 0.01, theta: 0.04 } };
    const results = [4, 32].map((alpha0) => {
      const opts = { batch: alpha0 * d, eta: 3, scaling: "p" as const, target };
      const res = oneStepGd(net, { ...opts, seed: 100 + alpha0 });
      const pred = oneStepGdPrediction(net, opts);
      return { alpha0, res, pred };
    });
    const h = hermiteCoefficients("relu");
    for (const { alpha0, res, pred } of results) {
      expect(Math.abs(res.spike.overlap - pred.gamma)).toBeLessThan(tol[alpha0]!.overlap);
      expect(Math.abs(res.spike.theta / pred.theta - 1)).toBeLessThan(tol[alpha0]!.theta);
      expect(Math.abs(res.rawGradient.norm / pred.rawGradientNorm - 1)).toBeLessThan(tol[alpha0]!.theta);
      expect(Math.abs(res.rawGradient.overlap - pred.gamma)).toBeLessThan(tol[alpha0]!.overlap);
      // the top singular direction of the step is v_raw's direction up to the remainder's tilt
      expect(Math.abs(res.spike.overlap - res.rawGradient.overlap)).toBeLessThan(0.01);
      // the part beyond rank one: eta~ sqrt(E abar^2 E r^2 Var sigma' / alpha0) (reference: within ~1%; 5% here)
      expect(Math.abs(res.remainderNorm / pred.remainderNorm - 1)).toBeLessThan(0.05);
      expect(res.spike.singularValue).toBeCloseTo(res.spike.theta * Math.sqrt(p), 10); // |abar| = sqrt p for +-1
    }
    // the large-batch limits: theta -> eta~ mu1 mu1* = 1.5, gamma -> 1
    expect(results[0]!.pred.largeBatch.theta).toBeCloseTo(3 * h.mu1 * 1, 12);
    const dist = (r: (typeof results)[number]) => Math.hypot(r.res.spike.theta - 1.5, r.res.spike.overlap - 1);
    expect(dist(results[1]!)).toBeLessThan(dist(results[0]!));
    expect(results[1]!.res.spike.overlap).toBeGreaterThan(0.93);
    // why small batches are not an isotropic sRF: the remainder per neuron is O(1) at alpha0 = 4
    expect(results[0]!.res.remainderNorm).toBeGreaterThan(0.8);
    expect(results[0]!.res.remainderNorm / results[1]!.res.remainderNorm).toBeCloseTo(Math.sqrt(8), 0);
  });

  it("rejects non-finite eta, bad batches, scalings and targets with typed errors", () => {
    const small = twoLayerNetwork({ d: 4, p: 3, activation: "relu", seed: 1 });
    const t = { activation: "tanh" as const };
    expect(() => oneStepGd(small, { batch: 10, eta: NaN, target: t, seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => oneStepGd(small, { batch: 10, eta: Infinity, target: t, seed: 1 })).toThrow(/eta must be a finite number/);
    expect(() => oneStepGd(small, { batch: 0, eta: 1, target: t, seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => oneStepGd(small, { batch: 10, eta: 1, scaling: "d" as "p", target: t, seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => oneStepGd(small, { batch: 10, eta: 1, target: { activation: "cosh" as "tanh" }, seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => oneStepGd(small, { batch: 10, eta: 1, target: { activation: "tanh", direction: [1, 2] }, seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => oneStepGd(small, { batch: 10, eta: 1, target: { activation: "tanh", noise: -1 }, seed: 1 })).toThrow(InvalidArgumentError);
  });
});

describe("spikedRandomFeatures", () => {
  it("adds theta abar v^T to the network's W0 and puts w* at overlap gamma with v", () => {
    const m = spikedRandomFeatures({ d: 40, p: 30, theta: 1.5, gamma: 0.6, secondLayer: "plusminus", activation: "relu", seed: 4 });
    const base = twoLayerNetwork({ d: 40, p: 30, activation: "relu", secondLayer: "plusminus", seed: 4 });
    expect(m.W.data).toEqual(base.W.data);
    const v = m.spikeDirection;
    const w = m.targetDirection;
    expect(Math.hypot(...v)).toBeCloseTo(1, 14);
    expect(Math.hypot(...w)).toBeCloseTo(1, 14);
    expect(v.reduce((t, x, j) => t + x * w[j]!, 0)).toBeCloseTo(0.6, 14);
    for (let i = 0; i < 30; i++) {
      for (let j = 0; j < 40; j++) expect(m.spikedW.get(i, j) - m.W.get(i, j)).toBeCloseTo(1.5 * m.abar[i]! * v[j]!, 14);
    }
  });

  it("rejects negative or non-finite theta and |gamma| > 1", () => {
    const base = { d: 5, p: 4, activation: "relu" as const, seed: 1 };
    expect(() => spikedRandomFeatures({ ...base, theta: -1 })).toThrow(InvalidArgumentError);
    expect(() => spikedRandomFeatures({ ...base, theta: NaN })).toThrow(InvalidArgumentError);
    expect(() => spikedRandomFeatures({ ...base, theta: 1, gamma: 1.5 })).toThrow(InvalidArgumentError);
  });
});
