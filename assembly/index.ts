// The exported entry points of the spikelab kernel module. Every kernel takes raw byte
// addresses, sizes and leading dimensions in the BLAS shape (row-major, see each file), never
// allocates and never throws; routines that can fail return a status code that src/wasm/
// turns into a typed error. alloc/free are for the host (src/wasm/memory.ts) only.

export { alloc, free } from "./memory";
export { ddot, daxpy, dscal, dcopy, dnrm2, idamax } from "./blas/level1";
export { dgemv } from "./blas/gemv";
export { dsymv } from "./blas/symv";
export { dger } from "./blas/ger";
export { dsyr2 } from "./blas/syr2";
export { dgemm, dgemm_worksize } from "./blas/gemm";
export { dsyrk, dsyrk_worksize } from "./blas/syrk";
export { dsyr2k, dsyr2k_worksize } from "./blas/syr2k";
export { rng_seed, rng_jump, rng_fill_u64, rng_fill_uniform, rng_fill_normal } from "./random/xoshiro";
export { scale_rows, scale_cols, batched_small_matvec } from "./rowwise";
