#!/usr/bin/env node
/**
 * The `spikelab` command.
 *
 *   spikelab                 the main job: a default BBP sweep and its HTML report
 *   spikelab bbp [options]   sweep a spiked model's signal strength; report and/or JSON/CSV
 *   spikelab lamp [options]  sweep an index model's sample ratio (LAMP, TAP, Mondelli-Montanari)
 *   spikelab amp [options]   sweep the sample ratio of Bayes-optimal AMP against its state evolution
 *   spikelab generalization  the test error of ridge on one-step features: simulation against theory
 *   spikelab train [options] train a two-layer network by SGD/GD; overlaps, spectra, the ODE
 *   spikelab spectrum        one spectrum beside its deterministic equivalent
 *   spikelab info            the loaded WASM build and a GEMM self-check
 *   spikelab bench [suite]   run the benchmarks (from a source checkout)
 *   spikelab --version       the package version
 *
 * Every argument and output path is checked before any work. A user error (bad argument, bad
 * parameter, a path that cannot be written, a typed SpikelabError) prints one line and exits with
 * code 2; anything else is an internal error (a bug): one line that says so and exit code 1, with
 * the stack trace under --debug.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { activeBuild, getThreads, matmul, Matrix } from "../index.js";
import { loaded } from "../wasm/loader.js";
import { UsageError } from "./args.js";
import { describeFailure } from "./failure.js";
import { benchHelp, infoHelp, mainHelp } from "./help.js";
import { runSweeps } from "./runSweeps.js";
import { runWorker } from "./queueCommands.js";
import { runQuickBench } from "./quickBench.js";
import { runSpectrum } from "./spectrum.js";
import { mainJob, parseSweepCommand } from "./sweepArgs.js";
import { runGeneralizationCommand } from "./generalizationCommand.js";
import { runTrainCommand, trainHelp } from "./trainCommand.js";

function runInfo(): number {
  const n = 64;
  const a = Matrix.fromFunction(n, n, (i, j) => Math.sin(i + 2 * j));
  const b = Matrix.fromFunction(n, n, (i, j) => Math.cos(3 * i - j));
  const c = matmul(a, b);
  let err = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a.data[i * n + k]! * b.data[k * n + j]!;
      err = Math.max(err, Math.abs(s - c.data[i * n + j]!));
    }
  }
  // and the threaded GEMM against the one-thread product, bit for bit
  const m = 256;
  const big = Matrix.fromFunction(m, m, (i, j) => Math.sin(i - 3 * j));
  const one = matmul(big, big, { threads: 1 });
  const all = matmul(big, big);
  const same = one.data.every((v, i) => Object.is(v, all.data[i]));
  const shared = loaded().shared;
  process.stdout.write(
    `spikelab: WASM build '${activeBuild()}'${shared ? " (threads twin, shared memory)" : " (single-threaded)"}, ` +
      `${getThreads()} thread(s), GEMM ${n}x${n} self-check max error ${err.toExponential(2)}, ` +
      `threaded GEMM ${m}x${m} ${same ? "equals" : "DIFFERS FROM"} one thread\n`,
  );
  return err < 1e-10 && same ? 0 : 1;
}

function runBench(argv: string[]): number {
  const runner = fileURLToPath(new URL("../../bench/run.ts", import.meta.url));
  // an installed package has no bench/ suites: the quick table is its benchmark
  if (argv.includes("--quick")) return runQuickBench(argv);
  if (!existsSync(runner)) {
    // suite names are the words that are neither flags nor the value of a quick-table flag
    const suites = argv.filter((a, i) => !a.startsWith("-") && !["--sizes", "--ml-max", "--seed"].includes(argv[i - 1] ?? ""));
    if (suites.length === 0) return runQuickBench(argv);
    throw new UsageError(`spikelab bench: the suites (${suites.join(", ")}) need a source checkout; an installed package runs the quick table (spikelab bench --quick)`);
  }
  const r = spawnSync("npx", ["tsx", runner, ...argv], { stdio: "inherit" });
  return r.status ?? 1;
}

/** The version in the package.json next to dist/ (or src/ under tsx). */
function version(): string {
  return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
}

const asksHelp = (rest: string[]) => rest.includes("--help") || rest.includes("-h");
const printed = (text: string) => (process.stdout.write(text), 0);

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "-v":
    case "--version":
    case "version":
      process.stdout.write(`spikelab ${version()}\n`);
      return 0;
    case undefined:
      return runSweeps(mainJob());
    case "-h":
    case "--help":
    case "help":
      process.stdout.write(mainHelp());
      return 0;
    case "bbp":
    case "lamp":
    case "amp": {
      const o = parseSweepCommand(cmd, rest);
      return o ? runSweeps(o) : 0;
    }
    case "generalization":
      return runGeneralizationCommand(rest);
    case "train":
      if (asksHelp(rest)) return printed(trainHelp());
      return runTrainCommand(rest);
    case "worker":
      return runWorker(rest);
    case "spectrum":
      return runSpectrum(rest);
    case "info":
      if (asksHelp(rest)) return printed(infoHelp());
      if (rest.length > 0) throw new UsageError(`spikelab info takes no arguments, got '${rest.join(" ")}' (try spikelab info --help)`);
      return runInfo();
    case "bench":
      // --help before the suite runner: it would otherwise run every suite
      if (asksHelp(rest)) return printed(benchHelp());
      return runBench(rest);
    default:
      throw new UsageError(`unknown command '${cmd}' (try spikelab --help)`);
  }
}

// --debug applies to every command: taken out before the command's own flags are parsed
const args = process.argv.slice(2);
const debug = args.includes("--debug");
main(args.filter((a) => a !== "--debug")).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const { code, text } = describeFailure(err, debug);
    process.stderr.write(text);
    process.exitCode = code;
  },
);
