// DLAHQR: eigenvalues, and optionally the Schur form and Schur vectors, of the upper Hessenberg
// block H[ilo:ihi+1, ilo:ihi+1] of an n x n row-major H, by the double-shift (Francis) implicit
// QR algorithm.
//
//   wantt != 0: H is overwritten by the quasi-triangular Schur form T (2 x 2 diagonal blocks in
//               dlanv2's standard form: equal diagonal, off-diagonals of opposite sign), and the
//               transformations are applied to all of H (rows and columns 0..n-1);
//               wantt == 0: only the active block is transformed (eigenvalues only).
//   wantz != 0: the transformations are accumulated into Z[iloz:ihiz+1, ilo:ihi+1] (n x n,
//               ldz >= n), i.e. Z := Z U: with Z = Q from dorghr on entry, A = Z T Z^T on exit.
//               ztrans == 0: Z is row-major, Z[i, j] at z + 8 (i ldz + j) (LAPACK's layout);
//               ztrans != 0: Z is stored transposed, Z[i, j] at z + 8 (j ldz + i), so that each
//               Schur vector is a contiguous row and the updates of Z run on f64x2 along rows.
//               Z is half of the work of a sweep (n rows per bulge step against about n / 2
//               each for the row and column updates of H), and in row-major form each update
//               touches three doubles of every row, a cache line per row.
//
// It is assumed that H[ihi+1:, ihi+1:] is already quasi-triangular and that H[ilo, ilo-1] = 0.
// wr[ilo..ihi], wi[ilo..ihi] get the eigenvalues, in the order of the diagonal of T when
// wantt; a complex pair takes two consecutive entries with wi[j] > 0, wi[j+1] = -wi[j].
//
// Algorithm: LAPACK 3.12 dlahqr (gonum lapack/gonum/dlahqr.go): deflation when a subdiagonal
// entry is negligible by the Ahues-Tisseur criterion (LAWN 122), Francis double shifts from the
// trailing 2 x 2 block (a single real shift repeated when its eigenvalues are real), a search for
// two consecutive small subdiagonals to start the bulge lower, bulge chasing with 3 x 3 (and a
// final 2 x 2) Householder reflectors, and the exceptional shifts of LAPACK (after 10 and 20
// iterations without deflation, dat1 = 3/4, dat2 = -0.4375). At most 30 max(10, nh) iterations
// in all; 2 x 2 blocks are standardized by dlanv2. Cost about 10 n^3 flops with wantt and wantz
// for n = nh (6 n^3 for T, 4 n^3 for Z), Level 1 inside.
// Workspace: dlahqr_worksize() = 4 doubles at `work` (the reflector vector).
// (Deferring the strided right applications to the rows above the bulge and applying 16 of them
// per row pass was tried and ran 2x slower: the loop is bound by instructions, not by memory.)
// Returns 0, -i for an invalid argument i, or i + 1 > 0 when the iteration limit was reached
// with eigenvalues i+1..ihi converged (those are in wr, wi; the rest of H is still Hessenberg).

import { dlarfg } from "./dlarfg";
import { dlanv2, lnvAA, lnvBB, lnvCC, lnvDD, lnvRT1R, lnvRT1I, lnvRT2R, lnvRT2I, lnvCS, lnvSN } from "./dlanv2";
import { drot } from "./drot";
import { SAFMIN, ULP, at, get, put, vget, vput } from "./nonsym_common";

const DAT1: f64 = 0.75;
const DAT2: f64 = -0.4375;
const KEXSH: i32 = 10;

/** Doubles of workspace dlahqr needs (the 3-vector of a reflector, rounded up). */
export function dlahqr_worksize(): i32 {
  return 4;
}

export function dlahqr(
  wantt: i32, wantz: i32, n: i32, ilo: i32, ihi: i32, h: usize, ldh: i32, wr: usize, wi: usize,
  iloz: i32, ihiz: i32, z: usize, ldz: i32, ztrans: i32, work: usize,
): i32 {
  if (n < 0) return -3;
  if (ilo < 0 || ilo > max(0, ihi)) return -4;
  if (ihi >= n) return -5;
  if (ldh < max(1, n)) return -7;
  if (wantz != 0 && (iloz < 0 || iloz > ilo)) return -10;
  if (wantz != 0 && (ihiz < ihi || ihiz >= n)) return -11;
  if (ldz < 1 || (wantz != 0 && ldz < n)) return -13;
  if (ztrans != 0 && ztrans != 1) return -14;
  if (n == 0) return 0;
  if (ilo > 0 && get(h, ldh, ilo, ilo - 1) != 0) return -6;
  if (ilo == ihi) {
    vput(wr, ilo, get(h, ldh, ilo, ilo));
    vput(wi, ilo, 0.0);
    return 0;
  }
  // clear out the trash below the first subdiagonal
  for (let j = ilo; j < ihi - 2; j++) {
    put(h, ldh, j + 2, j, 0.0);
    put(h, ldh, j + 3, j, 0.0);
  }
  if (ilo <= ihi - 2) put(h, ldh, ihi, ihi - 2, 0.0);

  const nh = ihi - ilo + 1;
  const nz = ihiz - iloz + 1;
  const smlnum = SAFMIN * (<f64>nh / ULP);
  let i1 = 0;
  let i2 = 0;
  if (wantt != 0) {
    i1 = 0;
    i2 = n - 1;
  }
  const itmax = 30 * max(10, nh);
  let kdefl = 0;
  const v = work; // v[0..2]

  let i = ihi;
  while (i >= ilo) {
    let l = ilo;
    let converged = false;
    for (let its = 0; its <= itmax; its++) {
      // look for a single small subdiagonal entry
      let k = i;
      for (; k > l; k--) {
        const hkk1 = Math.abs(get(h, ldh, k, k - 1));
        if (hkk1 <= smlnum) break;
        let tst = Math.abs(get(h, ldh, k - 1, k - 1)) + Math.abs(get(h, ldh, k, k));
        if (tst == 0) {
          if (k - 2 >= ilo) tst += Math.abs(get(h, ldh, k - 1, k - 2));
          if (k + 1 <= ihi) tst += Math.abs(get(h, ldh, k + 1, k));
        }
        // conservative deflation criterion of Ahues and Tisseur (LAWN 122, 1997)
        if (hkk1 <= ULP * tst) {
          const hk1k = Math.abs(get(h, ldh, k - 1, k));
          const ab = Math.max(hkk1, hk1k);
          const ba = Math.min(hkk1, hk1k);
          const hkk = get(h, ldh, k, k);
          const diff = Math.abs(get(h, ldh, k - 1, k - 1) - hkk);
          const aa = Math.max(Math.abs(hkk), diff);
          const bb = Math.min(Math.abs(hkk), diff);
          const s = aa + ab;
          if ((ab / s) * ba <= Math.max(smlnum, (aa / s) * bb * ULP)) break;
        }
      }
      l = k;
      if (l > ilo) put(h, ldh, l, l - 1, 0.0);
      if (l >= i - 1) {
        converged = true;
        break;
      }
      kdefl++;
      if (wantt == 0) {
        i1 = l;
        i2 = i;
      }

      let h11: f64, h21: f64, h12: f64, h22: f64;
      if (kdefl % (2 * KEXSH) == 0) {
        // exceptional shift based on the bottom of the active block
        const s = Math.abs(get(h, ldh, i, i - 1)) + Math.abs(get(h, ldh, i - 1, i - 2));
        h11 = DAT1 * s + get(h, ldh, i, i);
        h12 = DAT2 * s;
        h21 = s;
        h22 = h11;
      } else if (kdefl % KEXSH == 0) {
        // exceptional shift based on the top of the active block
        const s = Math.abs(get(h, ldh, l + 1, l)) + Math.abs(get(h, ldh, l + 2, l + 1));
        h11 = DAT1 * s + get(h, ldh, l, l);
        h12 = DAT2 * s;
        h21 = s;
        h22 = h11;
      } else {
        // Francis double shift: the eigenvalues of the trailing 2 x 2 block
        h11 = get(h, ldh, i - 1, i - 1);
        h21 = get(h, ldh, i, i - 1);
        h12 = get(h, ldh, i - 1, i);
        h22 = get(h, ldh, i, i);
      }
      const s0 = Math.abs(h11) + Math.abs(h12) + Math.abs(h21) + Math.abs(h22);
      let rt1r: f64 = 0, rt1i: f64 = 0, rt2r: f64 = 0, rt2i: f64 = 0;
      if (s0 != 0) {
        h11 /= s0;
        h21 /= s0;
        h12 /= s0;
        h22 /= s0;
        const tr = 0.5 * (h11 + h22);
        const det = (h11 - tr) * (h22 - tr) - h12 * h21;
        const rtdisc = Math.sqrt(Math.abs(det));
        if (det >= 0) {
          // complex conjugate shifts
          rt1r = tr * s0;
          rt2r = rt1r;
          rt1i = rtdisc * s0;
          rt2i = -rt1i;
        } else {
          // real shifts: use the one closer to h22, twice
          rt1r = tr + rtdisc;
          rt2r = tr - rtdisc;
          if (Math.abs(rt1r - h22) <= Math.abs(rt2r - h22)) {
            rt1r *= s0;
            rt2r = rt1r;
          } else {
            rt2r *= s0;
            rt1r = rt2r;
          }
          rt1i = 0;
          rt2i = 0;
        }
      }

      // look for two consecutive small subdiagonal entries
      let m = i - 2;
      let v0: f64 = 0, v1: f64 = 0, v2: f64 = 0;
      for (; m >= l; m--) {
        // the first column of (H - rt1)(H - rt2) restricted to rows m..m+2, scaled
        let h21s = get(h, ldh, m + 1, m);
        const hmm = get(h, ldh, m, m);
        let s = Math.abs(hmm - rt2r) + Math.abs(rt2i) + Math.abs(h21s);
        h21s /= s;
        v0 = h21s * get(h, ldh, m, m + 1) + (hmm - rt1r) * ((hmm - rt2r) / s) - (rt2i / s) * rt1i;
        v1 = h21s * (hmm + get(h, ldh, m + 1, m + 1) - rt1r - rt2r);
        v2 = h21s * get(h, ldh, m + 2, m + 1);
        s = Math.abs(v0) + Math.abs(v1) + Math.abs(v2);
        v0 /= s;
        v1 /= s;
        v2 /= s;
        if (m == l) break;
        const h00 = Math.abs(get(h, ldh, m - 1, m - 1));
        const dsum = h00 + Math.abs(hmm) + Math.abs(get(h, ldh, m + 1, m + 1));
        if (Math.abs(get(h, ldh, m, m - 1)) * (Math.abs(v1) + Math.abs(v2)) <= ULP * Math.abs(v0) * dsum) break;
      }
      vput(v, 0, v0);
      vput(v, 1, v1);
      vput(v, 2, v2);

      // double-shift QR step: create the bulge at row m, chase it down to row i
      for (let kk = m; kk < i; kk++) {
        const nr = min(3, i - kk + 1);
        if (kk > m) {
          vput(v, 0, get(h, ldh, kk, kk - 1));
          vput(v, 1, get(h, ldh, kk + 1, kk - 1));
          if (nr == 3) vput(v, 2, get(h, ldh, kk + 2, kk - 1));
        }
        const t0 = dlarfg(nr, v, v + 8, 1);
        if (kk > m) {
          put(h, ldh, kk, kk - 1, vget(v, 0));
          put(h, ldh, kk + 1, kk - 1, 0.0);
          if (kk < i - 1) put(h, ldh, kk + 2, kk - 1, 0.0);
        } else if (m > l) {
          // H[kk, kk-1] *= 1 - t0 rather than negating it: avoids a bug when v1, v2 underflow
          const p = at(h, ldh, kk, kk - 1);
          store<f64>(p, load<f64>(p) * (1 - t0));
        }
        const w1 = vget(v, 1);
        const t1 = t0 * w1;
        if (nr == 3) {
          const w2 = vget(v, 2);
          const t2 = t0 * w2;
          applyLeft3(h, ldh, kk, kk, i2, w1, w2, t0, t1, t2);
          applyRight3(h, ldh, i1, min(kk + 3, i), kk, w1, w2, t0, t1, t2);
          if (wantz != 0) {
            if (ztrans != 0) applyLeft3(z, ldz, kk, iloz, ihiz, w1, w2, t0, t1, t2);
            else applyRight3(z, ldz, iloz, ihiz, kk, w1, w2, t0, t1, t2);
          }
        } else if (nr == 2) {
          applyLeft2(h, ldh, kk, kk, i2, w1, t0, t1);
          applyRight2(h, ldh, i1, i, kk, w1, t0, t1);
          if (wantz != 0) {
            if (ztrans != 0) applyLeft2(z, ldz, kk, iloz, ihiz, w1, t0, t1);
            else applyRight2(z, ldz, iloz, ihiz, kk, w1, t0, t1);
          }
        }
      }
    }

    if (!converged) return i + 1;

    if (l == i) {
      // one real eigenvalue has converged
      vput(wr, i, get(h, ldh, i, i));
      vput(wi, i, 0.0);
    } else if (l == i - 1) {
      // a pair has converged: standardize the 2 x 2 block and apply the rotation around it
      dlanv2(get(h, ldh, i - 1, i - 1), get(h, ldh, i - 1, i), get(h, ldh, i, i - 1), get(h, ldh, i, i));
      put(h, ldh, i - 1, i - 1, lnvAA);
      put(h, ldh, i - 1, i, lnvBB);
      put(h, ldh, i, i - 1, lnvCC);
      put(h, ldh, i, i, lnvDD);
      vput(wr, i - 1, lnvRT1R);
      vput(wi, i - 1, lnvRT1I);
      vput(wr, i, lnvRT2R);
      vput(wi, i, lnvRT2I);
      const cs = lnvCS;
      const sn = lnvSN;
      if (wantt != 0) {
        if (i2 > i) drot(i2 - i, at(h, ldh, i - 1, i + 1), 1, at(h, ldh, i, i + 1), 1, cs, sn);
        drot(i - i1 - 1, at(h, ldh, i1, i - 1), ldh, at(h, ldh, i1, i), ldh, cs, sn);
      }
      if (wantz != 0) {
        if (ztrans != 0) drot(nz, at(z, ldz, i - 1, iloz), 1, at(z, ldz, i, iloz), 1, cs, sn);
        else drot(nz, at(z, ldz, iloz, i - 1), ldz, at(z, ldz, iloz, i), ldz, cs, sn);
      }
    }
    kdefl = 0;
    i = l - 1;
  }
  return 0;
}

// Rows r, r+1, r+2 of X, columns j0..j1: X := G X for G = I - t0 (1, w1, w2)(1, w1, w2)^T
// (the rows are contiguous: f64x2 across the columns).
// @ts-ignore: decorator
@inline
function applyLeft3(x: usize, ld: i32, r: i32, j0: i32, j1: i32, w1: f64, w2: f64, t0: f64, t1: f64, t2: f64): void {
  const p0 = at(x, ld, r, 0);
  const p1 = p0 + (<usize>ld << 3);
  const p2 = p1 + (<usize>ld << 3);
  const vw1 = f64x2.splat(w1);
  const vw2 = f64x2.splat(w2);
  const vt0 = f64x2.splat(t0);
  const vt1 = f64x2.splat(t1);
  const vt2 = f64x2.splat(t2);
  let j = j0;
  for (; j + 1 <= j1; j += 2) {
    const off = <usize>j << 3;
    const a0 = v128.load(p0 + off);
    const a1 = v128.load(p1 + off);
    const a2 = v128.load(p2 + off);
    const sum = f64x2.add(f64x2.add(a0, f64x2.mul(vw1, a1)), f64x2.mul(vw2, a2));
    v128.store(p0 + off, f64x2.sub(a0, f64x2.mul(sum, vt0)));
    v128.store(p1 + off, f64x2.sub(a1, f64x2.mul(sum, vt1)));
    v128.store(p2 + off, f64x2.sub(a2, f64x2.mul(sum, vt2)));
  }
  for (; j <= j1; j++) {
    const off = <usize>j << 3;
    const a0 = load<f64>(p0 + off);
    const a1 = load<f64>(p1 + off);
    const a2 = load<f64>(p2 + off);
    const sum = a0 + w1 * a1 + w2 * a2;
    store<f64>(p0 + off, a0 - sum * t0);
    store<f64>(p1 + off, a1 - sum * t1);
    store<f64>(p2 + off, a2 - sum * t2);
  }
}

// @ts-ignore: decorator
@inline
function applyLeft2(x: usize, ld: i32, r: i32, j0: i32, j1: i32, w1: f64, t0: f64, t1: f64): void {
  const p0 = at(x, ld, r, 0);
  const p1 = p0 + (<usize>ld << 3);
  for (let j = j0; j <= j1; j++) {
    const off = <usize>j << 3;
    const a0 = load<f64>(p0 + off);
    const a1 = load<f64>(p1 + off);
    const sum = a0 + w1 * a1;
    store<f64>(p0 + off, a0 - sum * t0);
    store<f64>(p1 + off, a1 - sum * t1);
  }
}

// Columns c, c+1, c+2 of X, rows r0..r1: X := X G.
// @ts-ignore: decorator
@inline
function applyRight3(x: usize, ld: i32, r0: i32, r1: i32, c: i32, w1: f64, w2: f64, t0: f64, t1: f64, t2: f64): void {
  const rowBytes = <usize>ld << 3;
  let p = at(x, ld, r0, c);
  for (let r = r0; r <= r1; r++) {
    const a0 = load<f64>(p);
    const a1 = load<f64>(p, 8);
    const a2 = load<f64>(p, 16);
    const sum = a0 + w1 * a1 + w2 * a2;
    store<f64>(p, a0 - sum * t0);
    store<f64>(p, a1 - sum * t1, 8);
    store<f64>(p, a2 - sum * t2, 16);
    p += rowBytes;
  }
}

// @ts-ignore: decorator
@inline
function applyRight2(x: usize, ld: i32, r0: i32, r1: i32, c: i32, w1: f64, t0: f64, t1: f64): void {
  const rowBytes = <usize>ld << 3;
  let p = at(x, ld, r0, c);
  for (let r = r0; r <= r1; r++) {
    const a0 = load<f64>(p);
    const a1 = load<f64>(p, 8);
    const sum = a0 + w1 * a1;
    store<f64>(p, a0 - sum * t0);
    store<f64>(p, a1 - sum * t1, 8);
    p += rowBytes;
  }
}
