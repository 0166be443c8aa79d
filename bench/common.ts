/**
 * Shared pieces of the benchmark suites: command-line options, seeded test data, one timing
 * routine (benchmark.js, or direct timing for runs too slow to repeat), medians and markdown.
 *
 * Timings on the shared 2-vCPU machine move by tens of percent with host load, so every figure
 * is a median over samples, the best sample is reported beside it, and competing variants are
 * measured in the same process, alternating, never in separate runs.
 */
import v8 from "node:v8";
import Benchmark from "benchmark";
import { activeBuild, ready, relaxedSimdSupported, setThreads, type WasmBuild } from "../src/lazy.js";

/** `--name=value` and `--flag` options of a bench script; positional words are ignored. */
export function parseOptions(argv: readonly string[] = process.argv.slice(2)): Map<string, string> {
  const options = new Map<string, string>();
  for (const arg of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (m) options.set(m[1]!, m[2] ?? "true");
  }
  return options;
}

/**
 * The kernels' thread count for a suite: `--threads=N`, default 1. The suites compare against
 * single-threaded peers (numpy with one BLAS thread, ml-matrix), so they pin spikelab to one
 * thread unless told otherwise; bench/threads.bench.ts measures the scaling itself.
 */
export const BENCH_THREADS = (() => {
  const text = parseOptions().get("threads") ?? "1";
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--threads: '${text}' is not a positive integer`);
  return n;
})();
setThreads(BENCH_THREADS);

/**
 * The numeric options of a suite: for each key of `defaults`, `--key=value` as a number, else the
 * default. A value that is not a finite number is refused rather than run as NaN.
 */
export function numberOptions<K extends string>(defaults: Record<K, number>, options = parseOptions()): Record<K, number> {
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as K[]) {
    const text = options.get(key);
    if (text === undefined) continue;
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value)) throw new Error(`--${key}: '${text}' is not a number`);
    out[key] = value;
  }
  return out;
}

/**
 * The builds a suite that compares them runs: `defaultBuild`, the one spikelab picks on this
 * engine by itself, and `builds`, all that can run here. Node 20 has relaxed SIMD behind
 * --experimental-wasm-relaxed-simd: this sets it with v8.setFlagsFromString, as `ready()` does by
 * itself since issue #21 (where its self-check passes, which the suites assume), so call it before
 * any module is compiled.
 */
export function comparedBuilds(): { defaultBuild: WasmBuild; builds: WasmBuild[] } {
  if (!relaxedSimdSupported()) {
    try {
      v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
    } catch {
      // an engine without the flag: only the SIMD build runs
    }
  }
  const defaultBuild: WasmBuild = relaxedSimdSupported() ? "relaxed" : "simd";
  return { defaultBuild, builds: relaxedSimdSupported() ? ["simd", "relaxed"] : ["simd"] };
}

/**
 * Makes `build` the active module, then runs `warm`: V8 compiles WASM functions in its baseline
 * tier first and has no on-stack replacement, so small calls first let optimized code run the
 * timed ones.
 */
export async function useBuild(build: WasmBuild, warm: () => void): Promise<void> {
  await ready({ build, force: true });
  if (activeBuild() !== build) throw new Error(`could not load the ${build} build`);
  warm();
}

/** A comma-separated list of positive integers, e.g. `--sizes=256,512`. */
export function parseSizes(text: string | undefined, fallback: readonly number[]): number[] {
  if (text === undefined) return [...fallback];
  const sizes = text.split(",").map((s) => Number(s.trim()));
  for (const n of sizes) {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--sizes: '${text}' is not a list of positive integers`);
  }
  return sizes;
}

/** Mulberry32 uniforms mapped to [-1, 1): seeded, so every run multiplies the same matrices. */
export function seededValues(length: number, seed: number): Float64Array {
  let a = seed >>> 0;
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = 2 * (((t ^ (t >>> 14)) >>> 0) / 4294967296) - 1;
  }
  return out;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

export interface Timing {
  /** Seconds per call, one entry per sample (a benchmark.js cycle, or one direct run). */
  samples: number[];
  /** How the samples were taken: "benchmark.js" or "direct, N run(s)". */
  method: string;
}

export interface MeasureOptions {
  /** benchmark.js maxTime in seconds (the soft time limit of one measurement). */
  maxTime: number;
  /** benchmark.js minSamples. */
  minSamples: number;
  /** A first call slower than this (seconds) switches to direct timing of `directRuns` calls. */
  slowCall?: number;
  /** Calls timed directly when a call is slow (the first, timed, call counts as one). */
  directRuns?: number;
}

/**
 * Times `fn`: one direct call first (it also warms the JIT); if that took longer than
 * `slowCall`, `directRuns` calls in all are timed with performance.now() (benchmark.js would
 * need minSamples of them and minutes); otherwise benchmark.js samples it.
 */
export function measure(name: string, fn: () => void, options: MeasureOptions): Timing {
  const t0 = performance.now();
  fn();
  const first = (performance.now() - t0) / 1000;
  const slowCall = options.slowCall ?? Infinity;
  if (first > slowCall) {
    const runs = Math.max(1, options.directRuns ?? 1);
    const samples = [first];
    for (let r = 1; r < runs; r++) {
      const t = performance.now();
      fn();
      samples.push((performance.now() - t) / 1000);
    }
    return { samples, method: `direct, ${runs} run${runs > 1 ? "s" : ""}` };
  }
  const bench = new Benchmark(name, fn, {
    maxTime: options.maxTime,
    minSamples: options.minSamples,
    initCount: 1,
  });
  bench.run();
  const error = (bench as Benchmark & { error?: unknown }).error;
  if (error) throw error instanceof Error ? error : new Error(`${name}: ${String(error)}`);
  return { samples: [...bench.stats.sample], method: "benchmark.js" };
}

/** A GitHub-flavoured markdown table. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A number with `digits` decimals, or "–" when missing. */
export function fmt(x: number | undefined, digits = 2): string {
  return x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(digits);
}
