// Helpers shared by the SIMD kernels. The relaxed build (asconfig target "relaxed") turns
// multiply-add into f64x2.relaxed_madd, which V8 lowers to a fused vfmadd on FMA hardware;
// the plain build keeps a separate mul and add. ASC_FEATURE_RELAXED_SIMD is a compile-time
// constant, so the branch not taken is not emitted.

/** a * b + c, lane-wise on f64x2 (fused in the relaxed build). */
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f64x2.relaxed_madd(a, b, c);
  } else {
    return f64x2.add(f64x2.mul(a, b), c);
  }
}

/** Sum of the two lanes of an f64x2. */
@inline
export function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** Transpose and triangle flags, shared with src/wasm/kernels.ts (BLAS enums). */
export const NO_TRANS: i32 = 0;
export const TRANS: i32 = 1;
export const UPPER: i32 = 0;
export const LOWER: i32 = 1;
