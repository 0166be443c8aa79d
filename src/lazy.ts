/**
 * spikelab without loading at import: the same API as the main entry, for hosts that want to
 * choose when (and which build) to load. Call `await ready()` before the first computation;
 * a call before that throws NotReadyError.
 */
export * from "./errors.js";
export { Matrix, asMatrix, type MatrixLike } from "./matrix.js";
export { ready, activeBuild, relaxedSimdSupported, type WasmBuild, type ReadyOptions, type LoadedModule } from "./wasm/loader.js";
export { WasmF64Array, withScratch, allocationStats, wasmMemoryBytes, WASM32_MAX_BYTES, WASM_MAX_BLOCK_BYTES, type AllocationStats } from "./wasm/memory.js";
export { matmul, gram, matvec, type MatmulOptions, type GramOptions, type MatvecOptions } from "./linalg/blas.js";
export { Rng, type Seed, type RandomSource } from "./random/rng.js";
export * from "./ensembles/index.js";
export {
  linearOperator, WasmOperator, DenseOperator, SampleCovarianceOperator, sampleCovariance, type LinearOperator, type SampleCovarianceOptions,
} from "./linalg/linearOperators.js";
export { BlockSampleOperator, blockSampleOperator, type BlockSampleOptions } from "./linalg/tapOperator.js";
export { eigsh, type EigshOptions, type EigshResult, type SymmetricWhich } from "./linalg/eigsh.js";
export { eigh, eigvalsh, eigvalshBatch, eighBatch, eigenvector, type EighOptions, type EighResult } from "./linalg/eigh.js";
export { eighTridiagonal, eigvalshTridiagonal, type TridiagonalOptions, type TridiagonalEigen, type TridiagonalMethod } from "./linalg/tridiagonal.js";
export * from "./theory/index.js";
export * from "./compare/index.js";
export { eig, type EigOptions, type EigResult } from "./linalg/eig.js";
export { eigs, type EigsOptions, type EigsResult, type NonsymmetricWhich } from "./linalg/eigs.js";
export * from "./features/index.js";
export * from "./dynamics/index.js";
export * from "./estimators/index.js";
// liveWorkers / workerJobs: diagnostics that show a page (or a test of a bundled page) that its
// workers started and took jobs
export { setThreads, threadCount as getThreads, maxThreads, terminateThreads, liveWorkers, workerJobs } from "./threads/pool.js";
