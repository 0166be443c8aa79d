#!/usr/bin/env node
/**
 * The `spikelab` command. Subcommands arrive with the sweep/report issue; today it reports the
 * loaded kernel build and runs a GEMM self-check, so an install can be verified with one command.
 */
import { activeBuild, matmul, Matrix } from "../index.js";

function main(argv: string[]): number {
  const cmd = argv[0] ?? "info";
  if (cmd === "--help" || cmd === "-h" || cmd === "help") {
    process.stdout.write(
      "usage: spikelab [info]\n\n" +
        "  info   show the loaded WASM build and run a GEMM self-check (default)\n",
    );
    return 0;
  }
  if (cmd !== "info") {
    process.stderr.write(`spikelab: unknown command '${cmd}' (try --help)\n`);
    return 2;
  }
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
  process.stdout.write(`spikelab: WASM build '${activeBuild()}', GEMM ${n}x${n} self-check max error ${err.toExponential(2)}\n`);
  return err < 1e-10 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
