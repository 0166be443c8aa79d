// Per-sample maps of the two-layer-network trainer (src/dynamics/trainingState.ts): the network
// output and the loss derivative of a batch, the backpropagated dl/dlambda, and the projection of
// the first-layer rows back to a sphere. Row-major storage; the batch's activations S = sigma(Lambda)
// and derivatives dS = sigma'(Lambda) are n x p with leading dimension p. The GEMMs around them
// (Lambda = X W^T, W += D^T X) are the BLAS kernels'. None of these allocates or fails.

import { dotUnit, scalUnit } from "./blas/level1";

/**
 * For each sample mu < n: f_mu = scale sum_i a_i S[mu, i]; c_mu = dl/df = f_mu - y_mu (loss 0,
 * square 1/2 (y - f)^2) or -y_mu (loss 1, correlation -y f). Returns the summed loss over the
 * batch (Inf or NaN when an output is not finite, which the caller reports). Cost 2 n p flops.
 */
export function dyn_output(n: i32, p: i32, s: usize, a: usize, scale: f64, loss: i32, y: usize, f: usize, c: usize): f64 {
  const rowBytes = <usize>p << 3;
  let total: f64 = 0;
  for (let mu = 0; mu < n; mu++) {
    const off = <usize>mu << 3;
    const out = scale * dotUnit(p, s + <usize>mu * rowBytes, a);
    const label = load<f64>(y + off);
    store<f64>(f + off, out);
    if (loss == 0) {
      const r = out - label;
      store<f64>(c + off, r);
      total += 0.5 * r * r;
    } else {
      store<f64>(c + off, -label);
      total -= label * out;
    }
  }
  return total;
}

/**
 * dS[mu, i] := c_mu scale a_i dS[mu, i] (dS holds sigma'(lambda) on entry): dl/dlambda_i of sample
 * mu for f = scale a^T sigma(lambda). Cost 2 n p flops.
 */
export function dyn_backprop(n: i32, p: i32, c: usize, a: usize, scale: f64, ds: usize): void {
  const rowBytes = <usize>p << 3;
  for (let mu = 0; mu < n; mu++) {
    const row = ds + <usize>mu * rowBytes;
    const cm = f64x2.splat(load<f64>(c + (<usize>mu << 3)) * scale);
    let i = 0;
    for (; i + 2 <= p; i += 2) {
      const off = <usize>i << 3;
      v128.store(row + off, f64x2.mul(f64x2.mul(cm, v128.load(a + off)), v128.load(row + off)));
    }
    if (i < p) {
      const off = <usize>i << 3;
      store<f64>(row + off, f64x2.extract_lane(cm, 0) * load<f64>(a + off) * load<f64>(row + off));
    }
  }
}

/** Each of the p rows of W (p x d, leading dimension d) rescaled to norm `radius` (zero rows left as they are). */
export function dyn_project_rows(p: i32, d: i32, w: usize, radius: f64): void {
  const rowBytes = <usize>d << 3;
  for (let i = 0; i < p; i++) {
    const row = w + <usize>i * rowBytes;
    const norm = Math.sqrt(dotUnit(d, row, row));
    if (norm > 0) scalUnit(d, radius / norm, row);
  }
}
