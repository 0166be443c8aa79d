// DTREXC: reorders the real Schur factorization A = Q T Q^T so that the diagonal block of T
// starting at row ifst moves to row ilst, by a sequence of swaps of adjacent blocks (dlaexc);
// with wantq != 0 Q is updated, Q := Q U. T and Q are n x n row-major.
//
// If ifst points at the second row of a 2 x 2 block it is moved to the first; the final
// position may differ from ilst by one when 2 x 2 blocks are involved. On exit out[0] = ifst
// and out[1] = ilst (two i32 at `out`), the latter the first row of the block in its final
// position (or where it stopped).
//
// Algorithm: LAPACK 3.12 dtrexc (gonum lapack/gonum/dtrexc.go), including the case where a
// 2 x 2 block splits into two 1 x 1 blocks during the swaps. Workspace: n + 64 doubles.
// Returns 0, 1 when a swap was rejected as too ill-conditioned (T partly reordered, out[1]
// where the block stopped), or -i for an invalid argument i.

import { dlaexc } from "./dlaexc";
import { get } from "./nonsym_common";

export function dtrexc(wantq: i32, n: i32, t: usize, ldt: i32, q: usize, ldq: i32, ifst: i32, ilst: i32, out: usize, work: usize): i32 {
  if (n < 0) return -2;
  if (ldt < max(1, n)) return -4;
  if (ldq < 1 || (wantq != 0 && ldq < max(1, n))) return -6;
  if (n > 0 && (ifst < 0 || ifst >= n)) return -7;
  if (n > 0 && (ilst < 0 || ilst >= n)) return -8;
  store<i32>(out, ifst);
  store<i32>(out, ilst, 4);
  if (n <= 1) return 0;

  // first rows and sizes of the moving block and of the block at the destination
  if (ifst > 0 && get(t, ldt, ifst, ifst - 1) != 0) ifst--;
  let nbf = 1;
  if (ifst + 1 < n && get(t, ldt, ifst + 1, ifst) != 0) nbf = 2;
  if (ilst > 0 && get(t, ldt, ilst, ilst - 1) != 0) ilst--;
  let nbl = 1;
  if (ilst + 1 < n && get(t, ldt, ilst + 1, ilst) != 0) nbl = 2;
  store<i32>(out, ifst);
  store<i32>(out, ilst, 4);
  if (ifst == ilst) return 0;

  let here: i32;
  if (ifst < ilst) {
    if (nbf == 2 && nbl == 1) ilst--;
    if (nbf == 1 && nbl == 2) ilst++;
    here = ifst;
    while (here < ilst) {
      if (nbf == 1 || nbf == 2) {
        // the block is 1 x 1 or an intact 2 x 2: swap it with the next block down
        let nbnext = 1;
        if (here + nbf + 1 < n && get(t, ldt, here + nbf + 1, here + nbf) != 0) nbnext = 2;
        if (dlaexc(wantq, n, t, ldt, q, ldq, here, nbf, nbnext, work) != 0) {
          store<i32>(out, here, 4);
          return 1;
        }
        here += nbnext;
        // a 2 x 2 block may have split into two 1 x 1 blocks
        if (nbf == 2 && get(t, ldt, here + 1, here) == 0) nbf = 3;
        continue;
      }
      // nbf == 3: two 1 x 1 blocks, each swapped separately
      let nbnext = 1;
      if (here + 3 < n && get(t, ldt, here + 3, here + 2) != 0) nbnext = 2;
      if (dlaexc(wantq, n, t, ldt, q, ldq, here + 1, 1, nbnext, work) != 0) {
        store<i32>(out, here, 4);
        return 1;
      }
      if (nbnext == 1) {
        dlaexc(wantq, n, t, ldt, q, ldq, here, 1, nbnext, work);
        here++;
        continue;
      }
      if (get(t, ldt, here + 2, here + 1) == 0) nbnext = 1;
      if (nbnext == 2) {
        if (dlaexc(wantq, n, t, ldt, q, ldq, here, 1, nbnext, work) != 0) {
          store<i32>(out, here, 4);
          return 1;
        }
      } else {
        dlaexc(wantq, n, t, ldt, q, ldq, here, 1, 1, work);
        dlaexc(wantq, n, t, ldt, q, ldq, here + 1, 1, 1, work);
      }
      here += 2;
    }
  } else {
    here = ifst;
    while (here > ilst) {
      let nbnext = 1;
      if (here >= 2 && get(t, ldt, here - 1, here - 2) != 0) nbnext = 2;
      if (nbf == 1 || nbf == 2) {
        // swap the block with the next one up
        if (dlaexc(wantq, n, t, ldt, q, ldq, here - nbnext, nbnext, nbf, work) != 0) {
          store<i32>(out, here, 4);
          return 1;
        }
        here -= nbnext;
        if (nbf == 2 && get(t, ldt, here + 1, here) == 0) nbf = 3;
        continue;
      }
      if (dlaexc(wantq, n, t, ldt, q, ldq, here - nbnext, nbnext, 1, work) != 0) {
        store<i32>(out, here, 4);
        return 1;
      }
      if (nbnext == 1) {
        dlaexc(wantq, n, t, ldt, q, ldq, here, nbnext, 1, work);
        here--;
        continue;
      }
      if (get(t, ldt, here, here - 1) == 0) nbnext = 1;
      if (nbnext == 2) {
        if (dlaexc(wantq, n, t, ldt, q, ldq, here - 1, 2, 1, work) != 0) {
          store<i32>(out, here, 4);
          return 1;
        }
      } else {
        dlaexc(wantq, n, t, ldt, q, ldq, here, 1, 1, work);
        dlaexc(wantq, n, t, ldt, q, ldq, here - 1, 1, 1, work);
      }
      here -= 2;
    }
  }
  store<i32>(out, here, 4);
  return 0;
}
