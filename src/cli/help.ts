/**
 * Help texts of the `spikelab` command. The model lists, their swept flags and default grids, their
 * options with defaults and minimums, the activation lists and the link names all come from the
 * sweep-model registry (src/sweep/models/) and the link aliases (src/estimators/links.ts).
 */
import { linkAliases } from "../estimators/links.js";
import { commandModels, SRF_ACTIVATIONS, SRF_PARAMS, type ParamSpec, type SweepModel } from "../sweep/models/index.js";
import { wrap } from "./textWrap.js";

const pad = (left: string, width = 20) => (left.length + 1 >= width ? `${left}\n${" ".repeat(width)}` : left.padEnd(width));

function paramLine(s: ParamSpec, indent: string, size = false): string {
  const range = s.kind === "integer" ? `, at least ${s.min ?? 1}` : s.kind === "positive" ? ", > 0" : "";
  const choices = s.kind === "choice" ? `: ${s.choices!.join(" | ")}` : "";
  const list = size ? `; a list ${s.metavar}1,${s.metavar}2,... sweeps every size and extrapolates the thresholds` : "";
  return wrap(`${indent}${pad(`--${s.flag} ${s.metavar}`, 18)}${s.help}${choices} (default ${s.default}${range})${list}`, 22);
}

function modelBlock(m: SweepModel, selector: string): string {
  const low = m.lowest ? `; values ${m.lowest.strict ? ">" : ">="} ${m.lowest.value}` : "";
  return [
    wrap(`  ${selector} ${m.name}: ${m.description}`, 6),
    wrap(`    ${pad(`--${m.parameter} GRID`, 18)}swept: ${m.gridHelp} (default ${m.grid}${low})`, 22),
    ...m.params.map((s) => paramLine(s, "    ", s.name === m.sizeParameter)),
    `    ${m.edgeLaw ? "threshold: largest-root test (Tracy-Widom edge law), or --rule separation" : "threshold: separation rule (no Tracy-Widom theory)"}`,
  ].join("\n");
}

const COMMON = `  --seeds S         instances per grid value (default 3)
  --seed S          base seed, an integer >= 0 (default 0); results do not depend on --workers
  --workers W       worker threads (default: number of cores)
  --out FILE        HTML report (default spikelab-report.html); --no-report to skip
  --jsonl FILE      append task records to FILE and resume from it (default: none); malformed lines
                    are skipped with one warning and run again, a cut last line is repaired
  --json            print the summary as JSON on stdout
  --csv             print one CSV row per grid value on stdout
  --queue URL       run the tasks on queue workers (spikelab worker) through Redis:
                    redis://[:password@]host[:port][/db] or rediss:// (TLS); resumes with --jsonl
  --rule R          largest-root | separation: an outlier is detected when the largest-root test
                    rejects "no spike" (default where the model has a Tracy-Widom edge law), or
                    when it stands 3 fluctuations above the next eigenvalue (the rule before #15)
  --level A         level of the largest-root test, in (0, 1) (default 0.05)
  --noise N         common | independent: each seed's instances share their noise across the grid
                    (common random numbers: one factorization per seed, thresholds from each seed's
                    crossing; the default at one size of spiked-wigner and spiked-covariance; lamp
                    takes it too), or every instance draws its own (the default over several sizes
                    and of the other models)
  --debug           on an internal error, print its stack trace
  -h, --help        this help`;

const EXIT = `Every argument and output path is checked before any work. Exit codes: 0 done; 2 a user
error (bad argument, unwritable path: one line on stderr); 1 an internal error (a bug: one line, the
stack trace with --debug).`;

/** The main job's bbp sweep: the model's default finite-size sweep where it declares one, else its default sweep. */
function mainBbp(m: SweepModel): string {
  const fs = m.finiteSize;
  const others = Object.entries(m.defaults).filter(([k]) => !fs || k !== m.sizeParameter).map(([k, v]) => `${k} = ${v}`).join(", ");
  if (!fs) return `${m.name}, ${m.parameter} = ${m.grid}, ${others}, 3 seeds`;
  return `${m.name} over ${m.sizeParameter} = ${fs.sizes.join(", ")} with the finite-size extrapolation, ${m.parameter} = ${fs.grid}, ${others}, ${fs.seeds} seeds`;
}

export function mainHelp(): string {
  const bbp = commandModels("bbp")[0]!, lamp = commandModels("lamp")[0]!;
  return `usage: spikelab [command] [options]

commands:
${wrap(`  (none)     the main job: the default sweeps of bbp (${mainBbp(bbp)}) and of lamp (${lamp.name}, link ${lamp.defaults["link"]}, ` +
    `alpha = ${lamp.grid}, d = ${lamp.defaults["d"]}, 3 seeds), in one HTML report: spikelab-report.html`, 13)}
  bbp        sweep a spiked model's signal strength (spikelab bbp --help)
  lamp       sweep the sample ratio of an index model's LAMP, TAP or Mondelli-Montanari estimator
             (spikelab lamp --help)
  amp        sweep the sample ratio of Bayes-optimal AMP (state evolution and simulation) beside
             the spectral estimators (spikelab amp --help)
  generalization
             the test error of ridge on the features after one gradient step: simulation beside
             Result 3.3 and the random-features baseline (spikelab generalization --help)
  train      train a two-layer network by one-pass SGD, SGD with repetition or GD on a link's
             target; overlaps with the target directions against time (spikelab train --help)
  spectrum   one spectrum beside its deterministic equivalent (spikelab spectrum --help)
  worker     run sweep tasks from a Redis queue (spikelab worker --help)
  info       show the loaded WASM build and thread count, and run GEMM self-checks
  bench      a quick throughput table (spikelab bench --quick), or the benchmark suites of a
             source checkout (spikelab bench [suite...])

options:
  --debug          on an internal error, print its stack trace
  -v, --version    print the version of spikelab
  -h, --help       this help

${EXIT}
`;
}

export function infoHelp(): string {
  return `usage: spikelab info

Shows the WASM build that loaded (simd or relaxed SIMD; the shared-memory threads twin or the
single-threaded one) and the thread count, and runs two self-checks: a 64 x 64 GEMM against a
plain triple loop, and a threaded 256 x 256 GEMM against the one-thread product (bit for bit).
Exit code 0 when both pass, 1 otherwise.

options:
  -h, --help  this help
`;
}

export function benchHelp(): string {
  return `usage: spikelab bench [suite...] [options]
       spikelab bench --quick [--sizes N,N,...] [--json]

--quick (and plain spikelab bench in an installed package, which has no bench/ folder): a short
throughput table for this machine, in milliseconds per call: matmul, eigh, eigvalsh and eigsh (the
top eigenpair) of a symmetric Gaussian matrix at each size, with one thread and with all threads,
beside ml-matrix and, when python3 with numpy is on PATH, numpy/scipy.

In a source checkout, without --quick: the benchmark suites (bench/run.ts, through tsx), as npm
run bench runs them: each suite is a file bench/<suite>.bench.ts (eigh, eigsh, gemm, threads, ...),
and no suite named runs them all; figures are compared in bench/RESULTS.md.

options:
  --quick        the quick table, also in a source checkout
  --sizes LIST   sizes of the quick table (default 200,400,800; each 2..4000)
  --ml-max N     largest size timed with ml-matrix (default 400: its plain-JS solver is slow)
  --seed S       seed of the test matrices (default 0)
  --json         the quick table as JSON rows (ms per call; null where not measured)
  --threads=N    threads for spikelab in the suites (default 1)
  -h, --help     this help
`;
}

export function bbpHelp(): string {
  const models = commandModels("bbp");
  const flags = [...new Set(models.map((m) => `--${m.parameter} GRID`))].join(", ");
  return `usage: spikelab bbp [options]

Sweeps the signal strength of a spiked model, draws several instances per value, measures the top
eigenvalue and the eigenvector overlap, estimates where the outlier leaves the bulk, and compares
with the theory (BBP).

options:
${wrap(`  --model NAME      ${models.map((m) => m.name).join(" | ")} (default ${models[0]!.name})`, 20)}
  ${flags}
                    the swept parameter (one per model, below): start:stop:step or a list a,b,c
${COMMON}

models, the flag each sweeps and its own options:
${models.map((m) => modelBlock(m, "--model")).join("\n")}

${EXIT}
`;
}

export function lampHelp(): string {
  const models = commandModels("lamp");
  return `usage: spikelab lamp [options]

Sweeps the sample ratio alpha = n / d of a multi-index model y = g(W*^T x), builds the asymmetric
LAMP spectral matrix (linearized AMP), and measures its eigenvalue of largest real part and the
overlap of its estimate with W*, beside the predictions (outlier alpha / alpha_c leaving the bulk
disk of radius sqrt(alpha / alpha_c) at the weak-recovery threshold alpha_c). --method tap and mm
sweep the symmetric TAP and Mondelli-Montanari matrices instead.

options:
  --method M        ${models.map((m) => m.name).join(" | ")} (default ${models[0]!.name})
  --alpha GRID      sample ratios: start:stop:step or a list
${wrap(`  --link G          one of ${linkAliases().join(" | ")} (spaces and '*' are ignored: z1*z2 = z1z2)`, 20)}
${COMMON}

methods and their options:
${models.map((m) => modelBlock(m, "--method")).join("\n")}

${EXIT}
`;
}

export function spectrumHelp(): string {
  return `usage: spikelab spectrum --model srf [options]

The whole spectrum of the feature covariance F^T F / n of the isotropic spiked random-feature model
(features sigma(X W^T) with W = W0 + theta abar v^T: a two-layer network after one large gradient
step), beside its deterministic equivalent: bulk density, support edges, and the order-p spikes
(realized plug-in of the sample projections).

options:
  --model srf       the model (srf only, for now)
  --activation A    ${SRF_ACTIVATIONS.join(" | ")} (default relu)
  --theta T         spike strength (default 1.5)
  --second-layer L  ones | plusminus (default plusminus)
${SRF_PARAMS.filter((s) => s.kind === "integer").map((s) => paramLine(s, "  ")).join("\n")}
  --seed S          seed (default 0)
  --out FILE        HTML report (default spikelab-spectrum.html); --no-report to skip
  --json            print the comparison as JSON on stdout
  --queue URL       compute it as a job on a queue worker (spikelab worker) through Redis
  --debug           on an internal error, print its stack trace
  -h, --help        this help

${EXIT}
`;
}
