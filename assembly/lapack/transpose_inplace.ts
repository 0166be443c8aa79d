// In-place transpose of the n x n block of a square-stored matrix with leading dimension ld
// (A[i, j] <-> A[j, i]). Used by dsteqr and dstedc to move between the row-major layout of
// their interface and the column-major layout they compute in (see tridiag_common.ts).
// Blocked by 32 x 32 tiles so that both the row and the column side stay in L1. Cost n^2 moves.

const TILE: i32 = 32;

export function transposeSquareInPlace(n: i32, a: usize, ld: i32): void {
  if (n < 2) return;
  const rowBytes = <usize>ld << 3;
  for (let ib = 0; ib < n; ib += TILE) {
    const iEnd = min<i32>(ib + TILE, n);
    // diagonal tile
    for (let i = ib; i < iEnd; i++) {
      for (let j = ib; j < i; j++) swap(a + <usize>i * rowBytes + (<usize>j << 3), a + <usize>j * rowBytes + (<usize>i << 3));
    }
    // tiles right of the diagonal, swapped with their mirror below it
    for (let jb = iEnd; jb < n; jb += TILE) {
      const jEnd = min<i32>(jb + TILE, n);
      for (let i = ib; i < iEnd; i++) {
        const rowI = a + <usize>i * rowBytes;
        for (let j = jb; j < jEnd; j++) swap(rowI + (<usize>j << 3), a + <usize>j * rowBytes + (<usize>i << 3));
      }
    }
  }
}

// @ts-ignore: decorator
@inline
function swap(p: usize, q: usize): void {
  const t = load<f64>(p);
  store<f64>(p, load<f64>(q));
  store<f64>(q, t);
}
