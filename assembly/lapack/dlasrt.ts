// DLASRT's role: sorts d[0..n) into increasing order in place. LAPACK dlasrt uses quicksort
// with an explicit stack; kernels here may not allocate, so this is heapsort (in place, no
// stack, O(n log n) worst case). NaN-free input is assumed (the public API rejects NaN).

import { getF, setF } from "./tridiag_common";

export function dlasrt(n: i32, d: usize): void {
  if (n < 2) return;
  // heapify: max-heap
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDown(d, start, n);
  for (let end = n - 1; end > 0; end--) {
    const t = getF(d, 0);
    setF(d, 0, getF(d, end));
    setF(d, end, t);
    siftDown(d, 0, end);
  }
}

function siftDown(d: usize, root: i32, end: i32): void {
  const v = getF(d, root);
  let i = root;
  while (true) {
    let child = 2 * i + 1;
    if (child >= end) break;
    let cv = getF(d, child);
    if (child + 1 < end) {
      const rv = getF(d, child + 1);
      if (rv > cv) {
        child++;
        cv = rv;
      }
    }
    if (cv <= v) break;
    setF(d, i, cv);
    i = child;
  }
  setF(d, i, v);
}
