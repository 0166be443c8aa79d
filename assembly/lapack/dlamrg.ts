// DLAMRG: the permutation that merges two sorted runs of a into one ascending list (LAPACK
// dlamrg). The first run is a[0..n1), ascending if dtrd1 = 1 and descending if dtrd1 = -1; the
// second is a[n1..n1+n2) with dtrd2 likewise. On return a[index[0]] <= a[index[1]] <= ...;
// index holds 0-based positions into a (n1 + n2 i32 entries).

import { getF, setI } from "./tridiag_common";

export function dlamrg(n1: i32, n2: i32, a: usize, dtrd1: i32, dtrd2: i32, index: usize): void {
  let n1sv = n1;
  let n2sv = n2;
  let ind1 = dtrd1 > 0 ? 0 : n1 - 1;
  let ind2 = dtrd2 > 0 ? n1 : n1 + n2 - 1;
  let i = 0;
  while (n1sv > 0 && n2sv > 0) {
    if (getF(a, ind1) <= getF(a, ind2)) {
      setI(index, i, ind1);
      ind1 += dtrd1;
      n1sv--;
    } else {
      setI(index, i, ind2);
      ind2 += dtrd2;
      n2sv--;
    }
    i++;
  }
  if (n1sv == 0) {
    for (; n2sv > 0; n2sv--) {
      setI(index, i, ind2);
      i++;
      ind2 += dtrd2;
    }
  } else {
    for (; n1sv > 0; n1sv--) {
      setI(index, i, ind1);
      i++;
      ind1 += dtrd1;
    }
  }
}
