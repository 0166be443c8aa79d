// DLARFT: forms the k x k upper triangular factor T of a block reflector
//
//   H = H_0 H_1 ... H_{k-1} = I - V^T T V,   H_j = I - tau_j v_j v_j^T,
//
// for k reflectors of order m stored by rows (LAPACK direct = 'F'orward, and the reflectors are
// the rows of the k x m row-major V: row j is v_j, with v_j[0 .. j-1] = 0 and v_j[j] = 1 implied;
// only V[j, j+1 .. m-1] is read). This is the storage dsytrd leaves in the rows of A (see
// dsytd2.ts), so the block reflectors of Q come straight from the reduced matrix.
// T is row-major with leading dimension ldt >= k; its strictly lower triangle is not touched.
//
// Algorithm: LAPACK 3.12 dlarft (direct 'F', Level-2 recurrence): T[j, j] = tau_j and
//   T[0:j, j] = -tau_j T[0:j, 0:j] (V[0:j, :] v_j),
// one dgemv (the dot products of the earlier rows with row j) and one triangular product per
// column (a zero tau gives a zero column, as in LAPACK). Cost about k^2 m + k^3 / 3 flops.
// Returns 0 or -i for an invalid argument i.

import { NO_TRANS } from "../simd";
import { dgemv } from "../blas/gemv";

export function dlarft(k: i32, m: i32, v: usize, ldv: i32, tau: usize, t: usize, ldt: i32): i32 {
  if (k < 0) return -1;
  if (m < k) return -2;
  if (ldv < max(1, m)) return -4;
  if (ldt < max(1, k)) return -7;
  const vRow = <usize>ldv << 3;
  const tRow = <usize>ldt << 3;
  for (let j = 0; j < k; j++) {
    const tj = load<f64>(tau + (<usize>j << 3));
    const col = t + (<usize>j << 3); // T[0, j]; T[r, j] at col + r tRow
    store<f64>(col + <usize>j * tRow, tj);
    if (j == 0) continue;
    if (tj == 0) {
      for (let r = 0; r < j; r++) store<f64>(col + <usize>r * tRow, 0.0);
      continue;
    }
    // s[r] = V[r, :] . v_j = V[r, j] + V[r, j+1:m] . V[j, j+1:m]   (r < j)
    const vj = v + <usize>j * vRow + (<usize>(j + 1) << 3);
    dgemv(NO_TRANS, j, m - j - 1, 1.0, v + (<usize>(j + 1) << 3), ldv, vj, 1, 0.0, col, ldt);
    for (let r = 0; r < j; r++) {
      const p = col + <usize>r * tRow;
      store<f64>(p, -tj * (load<f64>(p) + load<f64>(v + <usize>r * vRow + (<usize>j << 3))));
    }
    // T[0:j, j] := T[0:j, 0:j] s (upper triangular, in place: row r uses s[r..j-1] only)
    for (let r = 0; r < j; r++) {
      const trow = t + <usize>r * tRow;
      let acc: f64 = 0;
      for (let c = r; c < j; c++) acc += load<f64>(trow + (<usize>c << 3)) * load<f64>(col + <usize>c * tRow);
      store<f64>(col + <usize>r * tRow, acc);
    }
  }
  return 0;
}
