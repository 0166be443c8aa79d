/**
 * `spikelab train`: trains a two-layer network on a multi-index target (src/dynamics/trainer.ts)
 * with a progress bar on stderr, and prints the recorded trajectory as a table (or, with --json,
 * the whole record: steps, time, overlaps, M, Q, test error, weak recovery, spectra).
 */
import { parseArgs } from "node:util";
import { train, type TrainOptions, type TrainResult } from "../dynamics/index.js";
import { writeFileSync } from "node:fs";
import { parseGrid, parseNumber, parsePositiveInt, UsageError } from "./args.js";
import { trainReportExtras, trainReportHtml, type TrainReportPlan } from "./trainReport.js";
import { Progress } from "./progress.js";

/** The help text of `spikelab train` (lines under 100 characters). */
export function trainHelp(): string {
  return `spikelab train: gradient training of a two-layer network f(x) = a^T sigma(W x / sqrt d) / sqrt p on
a multi-index target y = g(W* x / sqrt d), x ~ N(0, I_d), with the overlaps M = W W*^T / d recorded
on a log-spaced schedule (the step convention is the one of src/dynamics/trainer.ts: ODE time t =
step / d).

usage: spikelab train [--link G] [--d D] [--p P] [--algorithm sgd|repeat|gd] [--lr ETA] ...

  --link G          the target: he1..he8 (He_l / sqrt l!), z^3-3z (raw He_3), or a library link
                    (z^2, z1*z2, sign(z) ...); default he3
  --d D             input dimension (default 500)
  --p P             student width (default 16)
  --algorithm A     sgd (one pass, default), repeat (each batch used for two steps), gd (full batch)
  --lr ETA          step size (default 0.5)
  --batch B         samples per step for sgd and repeat (default 1)
  --samples N       the fixed training set of gd (default 2 d)
  --steps S         number of steps (default 20 d)
  --loss L          square (default) or correlation
  --activation A    relu (default), erf, tanh, linear, sigmoid, abs, silu, gelu
  --scaling S       sqrt-p (default) or p (mean field)
  --second-layer    trained (default fixed at a = 1)
  --project         keep every row of W on the sphere of radius sqrt(d)
  --noise S         label noise standard deviation (default 0)
  --test-size N     held-out samples for the test error (default 1000)
  --spectrum        record the top singular values of W and W - W0 against the bulk edge
  --points K        records, log-spaced over the run (default 30)
  --threads T       threads for the matrix products (same result for any count)
  --seed S          seed (default 0)
  --json            print the whole record as JSON instead of the table
  --out FILE        HTML report (default spikelab-train.html; with --json only if given): overlaps
                    against time beside the ODE, singular values of W against the initialization's
                    law, and the escape-time sweep
  --no-report       no HTML report
  --ode / --no-ode  the ODE of one-pass SGD beside the run (default: when its expectations are
                    quadratures, p <= 4 or p + k <= 3)
  --escape-d LIST   an escape-time sweep over these d (e.g. 250,500,1000,2000): steps to weak
                    recovery on log-log axes beside the slope of the information exponent
  --escape-seeds N  runs per d of the escape sweep (default 2)
`;
}

const ALGORITHMS = ["sgd", "repeat", "gd"] as const;
const LOSSES = ["square", "correlation"] as const;
const SCALINGS = ["sqrt-p", "p"] as const;

function oneOf<T extends string>(text: string | undefined, allowed: readonly T[], fallback: T, flag: string): T {
  if (text === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`--${flag} must be one of ${allowed.join(", ")}, got '${text}'`);
  return text as T;
}

/** The command line by node:util parseArgs; its errors (unknown flag, missing value) as UsageError. */
function parseFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        link: { type: "string" }, d: { type: "string" }, p: { type: "string" }, algorithm: { type: "string" }, lr: { type: "string" },
        batch: { type: "string" }, samples: { type: "string" }, steps: { type: "string" }, loss: { type: "string" },
        activation: { type: "string" }, scaling: { type: "string" }, "second-layer": { type: "boolean" }, project: { type: "boolean" },
        noise: { type: "string" }, "test-size": { type: "string" }, spectrum: { type: "boolean" }, points: { type: "string" },
        threads: { type: "string" }, seed: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" },
        out: { type: "string" }, "no-report": { type: "boolean" }, ode: { type: "boolean" }, "no-ode": { type: "boolean" },
        "escape-d": { type: "string" }, "escape-seeds": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError(`spikelab train: ${(err as Error).message} (try spikelab train --help)`);
  }
}

/** The options `spikelab train` passes to train(), from its command line (every flag checked). */
export function trainOptionsFromArgs(argv: string[]): { options: TrainOptions; json: boolean; out: string | null; plan: TrainReportPlan } | null {
  const { values: v } = parseFlags(argv);
  if (v.help) return null;
  const d = parsePositiveInt(v.d, "d", 500);
  const algorithm = oneOf(v.algorithm, ALGORITHMS, "sgd", "algorithm");
  const lr = parseNumber(v.lr, "lr", 0.5);
  if (lr < 0) throw new UsageError(`--lr must be >= 0, got ${lr}`);
  const noise = parseNumber(v.noise, "noise", 0);
  if (noise < 0) throw new UsageError(`--noise must be >= 0, got ${noise}`);
  if (algorithm === "gd" && v.batch !== undefined) throw new UsageError("--batch is for sgd and repeat; gd uses --samples");
  if (algorithm !== "gd" && v.samples !== undefined) throw new UsageError("--samples is for --algorithm gd");
  const options: TrainOptions = {
    d,
    p: parsePositiveInt(v.p, "p", 16),
    target: v.link ?? "he3",
    algorithm,
    lr,
    steps: parsePositiveInt(v.steps, "steps", 20 * d, 0),
    loss: oneOf(v.loss, LOSSES, "square", "loss"),
    scaling: oneOf(v.scaling, SCALINGS, "sqrt-p", "scaling"),
    activation: (v.activation ?? "relu") as TrainOptions["activation"],
    secondLayer: v["second-layer"] ? "trained" : "fixed",
    project: v.project ?? false,
    noise,
    testSize: parsePositiveInt(v["test-size"], "test-size", 1000, 0),
    spectrum: v.spectrum ?? false,
    record: { points: parsePositiveInt(v.points, "points", 30, 2) },
    seed: parsePositiveInt(v.seed, "seed", 0, 0),
    ...(v.threads !== undefined ? { threads: parsePositiveInt(v.threads, "threads", 1) } : {}),
    ...(algorithm === "gd" ? { samples: parsePositiveInt(v.samples, "samples", 2 * d) } : { batchSize: parsePositiveInt(v.batch, "batch", 1) }),
  };
  if (v.ode && v["no-ode"]) throw new UsageError("--ode and --no-ode contradict each other");
  if (v.out !== undefined && v["no-report"]) throw new UsageError("--out and --no-report contradict each other");
  if (v.out === "") throw new UsageError("--out must name a file");
  const escapeD = v["escape-d"] === undefined ? [] : parseGrid(v["escape-d"], "escape-d");
  escapeD.forEach((x) => {
    if (!Number.isInteger(x) || x < 2) throw new UsageError(`--escape-d must list whole dimensions >= 2, got ${x}`);
  });
  if (new Set(escapeD).size !== escapeD.length) throw new UsageError("--escape-d lists a dimension twice");
  const json = v.json ?? false;
  const out = v["no-report"] ? null : v.out ?? (json ? null : "spikelab-train.html");
  if (escapeD.length > 0 && out === null) throw new UsageError("--escape-d draws a figure of the report: give --out (or drop --no-report)");
  const plan: TrainReportPlan = {
    ode: v.ode ? true : v["no-ode"] ? false : "auto",
    escapeD,
    escapeSeeds: parsePositiveInt(v["escape-seeds"], "escape-seeds", 2),
  };
  // the report's spectrum snapshots need the singular values
  if (out !== null) options.spectrum = true;
  return { options, json, out, plan };
}

/** The trajectory as a text table: step, t = step / d, overlap per direction, test error, mean inSpan. */
export function trajectoryTable(r: TrainResult): string {
  const k = r.overlap[0]?.length ?? 0;
  const head = ["step", "t", ...Array.from({ length: k }, (_, j) => `overlap ${j + 1}`), "test error", "mean inSpan"];
  if (r.spectrum) head.push("top s(W)", "edge");
  const rows = r.steps.map((step, i) => {
    const span = r.inSpan[i]!;
    const row = [String(step), r.time[i]!.toPrecision(4), ...Array.from(r.overlap[i]!, (v) => v.toFixed(4)),
      r.testError.length > 0 ? r.testError[i]!.toPrecision(4) : "-", (span.reduce((a, b) => a + b, 0) / span.length).toFixed(4)];
    if (r.spectrum) row.push(r.spectrum[i]!.singular[0]!.toFixed(4), r.spectrum[i]!.bulkEdge.toFixed(4));
    return row;
  });
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j]!.length)));
  const line = (cells: string[]) => cells.map((c, j) => c.padStart(widths[j]!)).join("  ");
  const recovered = r.weakRecovery.map((s, j) => `direction ${j + 1}: ${s === null ? "not recovered" : `step ${s}`}`).join("; ");
  return [line(head), ...rows.map(line), `weak recovery (overlap > threshold): ${recovered}`, `${r.seconds.toFixed(2)} s`].join("\n") + "\n";
}

/** `spikelab train`: exit code 0, or a thrown UsageError / SpikelabError (exit 2 in main). */
export async function runTrainCommand(argv: string[]): Promise<number> {
  const parsed = trainOptionsFromArgs(argv);
  if (!parsed) {
    process.stdout.write(trainHelp());
    return 0;
  }
  const { options, json, out, plan } = parsed;
  const bar = new Progress(`train ${options.algorithm} d=${options.d} p=${options.p}`);
  const r = train({ ...options, onProgress: (done, total) => bar.update(done, total) });
  if (out !== null) {
    const sweepBar = new Progress("escape-time sweep");
    const extras = trainReportExtras(options, r, plan, (done, total) => sweepBar.update(done, total));
    for (const note of extras.notes) process.stderr.write(`spikelab: note: ${note}\n`);
    writeFileSync(out, trainReportHtml(options, r, extras, `spikelab train ${argv.join(" ")}`));
    process.stderr.write(`report written to ${out}\n`);
  }
  if (json) {
    const matrix = (m: { rows: number; cols: number; data: Float64Array }) => ({ rows: m.rows, cols: m.cols, data: Array.from(m.data) });
    process.stdout.write(JSON.stringify({
      options: { ...options, target: String(options.target) },
      steps: r.steps, time: r.time, samplesSeen: r.samplesSeen, overlap: r.overlap.map((v) => Array.from(v)), testError: r.testError,
      trainLoss: r.trainLoss, weakRecovery: r.weakRecovery, M: r.M.map(matrix), Q: r.Q.map(matrix), a: r.a.map((v) => Array.from(v)),
      inSpan: r.inSpan.map((v) => Array.from(v)),
      spectrum: r.spectrum?.map((s) => ({ step: s.step, singular: Array.from(s.singular), singularDelta: Array.from(s.singularDelta), bulkEdge: s.bulkEdge, overlaps: matrix(s.overlaps) })),
      seconds: r.seconds,
    }) + "\n");
  } else {
    process.stdout.write(trajectoryTable(r));
  }
  return 0;
}
