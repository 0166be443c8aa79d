// LAPACK dlamch: the machine constants of IEEE double precision (round to nearest), shared by
// every routine in assembly/lapack/.

/** dlamch('E'): relative machine precision, 2^-53. */
export const EPS: f64 = 1.1102230246251565e-16;
/** dlamch('P') = eps * base, 2^-52: one unit in the last place of 1 (LAPACK's "ulp"). */
export const ULP: f64 = 2.220446049250313e-16;
/** dlamch('S'): safe minimum 2^-1022; 1 / SAFMIN does not overflow. */
export const SAFMIN: f64 = 2.2250738585072014e-308;
/** 1 / SAFMIN. */
export const SAFMAX: f64 = 4.49423283715579e307;
