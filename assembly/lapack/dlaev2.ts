// DLAEV2: eigen-decomposition of the 2 x 2 symmetric matrix [[a, b], [b, c]]
//
//   [ cs1  sn1 ] [ a  b ] [ cs1 -sn1 ]   [ rt1  0  ]
//   [-sn1  cs1 ] [ b  c ] [ sn1  cs1 ] = [  0  rt2 ],
//
// rt1 of larger absolute value; (cs1, sn1) is the unit eigenvector of rt1 (LAPACK dlaev2;
// gonum lapack/gonum/dlaev2.go). The four results are stored at rt1Ptr, rt2Ptr, cs1Ptr, sn1Ptr.

export function dlaev2(a: f64, b: f64, c: f64, rt1Ptr: usize, rt2Ptr: usize, cs1Ptr: usize, sn1Ptr: usize): void {
  const sm = a + c;
  const df = a - c;
  const adf = abs<f64>(df);
  const tb = b + b;
  const ab = abs<f64>(tb);
  let acmx = c;
  let acmn = a;
  if (abs<f64>(a) > abs<f64>(c)) {
    acmx = a;
    acmn = c;
  }
  let rt: f64;
  if (adf > ab) {
    const q = ab / adf;
    rt = adf * sqrt<f64>(1 + q * q);
  } else if (adf < ab) {
    const q = adf / ab;
    rt = ab * sqrt<f64>(1 + q * q);
  } else {
    rt = ab * 1.4142135623730951;
  }
  let rt1: f64;
  let rt2: f64;
  let sgn1: f64;
  if (sm < 0) {
    rt1 = 0.5 * (sm - rt);
    sgn1 = -1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else if (sm > 0) {
    rt1 = 0.5 * (sm + rt);
    sgn1 = 1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else {
    rt1 = 0.5 * rt;
    rt2 = -0.5 * rt;
    sgn1 = 1;
  }
  // eigenvector of rt1
  let cs: f64;
  let sgn2: f64;
  if (df >= 0) {
    cs = df + rt;
    sgn2 = 1;
  } else {
    cs = df - rt;
    sgn2 = -1;
  }
  let cs1: f64;
  let sn1: f64;
  if (abs<f64>(cs) > ab) {
    const ct = -tb / cs;
    sn1 = 1 / sqrt<f64>(1 + ct * ct);
    cs1 = ct * sn1;
  } else if (ab == 0) {
    cs1 = 1;
    sn1 = 0;
  } else {
    const tn = -cs / tb;
    cs1 = 1 / sqrt<f64>(1 + tn * tn);
    sn1 = tn * cs1;
  }
  if (sgn1 == sgn2) {
    const tn = cs1;
    cs1 = -sn1;
    sn1 = tn;
  }
  store<f64>(rt1Ptr, rt1);
  store<f64>(rt2Ptr, rt2);
  store<f64>(cs1Ptr, cs1);
  store<f64>(sn1Ptr, sn1);
}
