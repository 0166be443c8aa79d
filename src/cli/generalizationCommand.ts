/**
 * `spikelab generalization`: the test error of ridge regression on the features of a two-layer
 * network after one large gradient step (issue #18), simulated over seeds on a grid of alpha = n/d
 * (and optionally of eta at a fixed alpha), beside the prediction of Cui et al. 2024's Result 3.3 and
 * the random-features baseline (sweep/generalization.ts); a table on stdout (or --json), and an HTML
 * report. Every argument and output path is checked before any work.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { InvalidArgumentError } from "../errors.js";
import { ACTIVATION_KIND } from "../features/activations.js";
import type { OneStepFeatureModel, SamplerConvention } from "../features/oneStepRidge.js";
import { targetByName, targetNames } from "../features/oneStepTargets.js";
import { generalizationFigures, type GeneralizationCurve } from "../report/generalizationFigures.js";
import { renderReport } from "../report/html.js";
import { generalizationSweep, type GeneralizationSweepOptions, type GeneralizationSweepResult } from "../sweep/generalization.js";
import { parseGrid, parseNumber, parsePositiveInt, UsageError } from "./args.js";
import { checkOutputPath } from "./paths.js";
import { Progress } from "./progress.js";

const MODELS: readonly OneStepFeatureModel[] = ["gradient-step", "spiked"];
const CONVENTIONS: readonly SamplerConvention[] = ["notebook", "isotropic"];

/** The help text of `spikelab generalization`. */
export function generalizationHelp(): string {
  return `usage: spikelab generalization [options]

The test error of ridge regression on the features of a two-layer network after one large gradient
step (Cui, Pesce, Dandi, Krzakala, Lu, Zdeborova, Loureiro 2024): one step of size eta p on
n0 = alpha0 d fresh samples of y = sigma*(<w*, x>), then ridge of the second layer on n = alpha d
fresh samples of the features (on F / sqrt p, penalty lambda |w|^2), simulated over seeds beside
the prediction (Result 3.3) and the random-features baseline (eta = 0). Errors are mean squared
errors (no 1/2), as the authors' code prints them.

options:
  --activation A    student activation: ${Object.keys(ACTIVATION_KIND).join(" | ")} (default tanh)
  --target T        target sigma*: ${targetNames().join(" | ")}
                    (default "sin(z)"; spaces, '*' and case are ignored)
  --alpha0 A0       batch of the step n0 / d, >= 0; 0 is no step (default 20)
  --eta E           learning rate: the step is eta p (default 3)
  --ridge L         ridge penalty lambda >= 0 (default 0.1)
  --alpha GRID      n / d of the ridge fit: start:stop:step or a list (default 0.2:3:0.4)
  --eta-grid GRID   also sweep eta at alpha = --eta-alpha (default: no eta sweep)
  --eta-alpha A     the alpha of the eta sweep (default: the largest --alpha)
  --d D             input dimension, at least 2 (default 1000)
  --width-ratio R   p / d > 0 (default 1, the authors' p = d)
  --noise S         label noise standard deviation >= 0 (default 0)
  --test-samples N  fresh test samples per seed (default 4000)
  --model M         ${MODELS.join(" | ")}: the real step (default), or the spiked random-feature
                    surrogate W = cW W0 + r 1 v^T that the theory describes
  --convention C    ${CONVENTIONS.join(" | ")}: with --model spiked, whether the rows of W0 keep
                    their component along v (the authors' notebook, default) or are projected off v
                    (the isotropic model); also the convention of the prediction
  --seeds S         seeds per curve point (default 3)
  --seed S          base seed, an integer >= 0 (default 0)
  --out FILE        HTML report (default spikelab-generalization.html; with --json only if given);
                    --no-report to skip
  --jsonl FILE      append one record per task to FILE and resume from it
  --json            print the summary as JSON on stdout
  --debug           on an internal error, print its stack trace
  -h, --help        this help

Exit codes: 0 done; 2 a user error (bad argument, unwritable path: one line on stderr); 1 an
internal error (a bug).
`;
}

export interface GeneralizationCommand {
  sweep: Omit<GeneralizationSweepOptions, "onProgress">;
  out: string | null;
  json: boolean;
  commandLine: string;
}

function nonNegative(text: string | undefined, flag: string, fallback: number): number {
  const v = parseNumber(text, flag, fallback);
  if (!(v >= 0)) throw new UsageError(`--${flag} must be >= 0, got ${v}`);
  return v;
}

/** Parses and checks the arguments (null after --help, which prints the help). */
export function parseGeneralizationCommand(argv: string[]): GeneralizationCommand | null {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      activation: { type: "string" }, target: { type: "string" }, alpha0: { type: "string" }, eta: { type: "string" }, ridge: { type: "string" },
      alpha: { type: "string" }, "eta-grid": { type: "string" }, "eta-alpha": { type: "string" }, d: { type: "string" },
      "width-ratio": { type: "string" }, noise: { type: "string" }, "test-samples": { type: "string" }, model: { type: "string" },
      convention: { type: "string" }, seeds: { type: "string" }, seed: { type: "string" }, out: { type: "string" },
      "no-report": { type: "boolean" }, jsonl: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (v.help) {
    process.stdout.write(generalizationHelp());
    return null;
  }
  const activation = v.activation ?? "tanh";
  if (!(activation in ACTIVATION_KIND)) throw new UsageError(`--activation must be one of ${Object.keys(ACTIVATION_KIND).join(", ")}, got '${activation}'`);
  const target = v.target ?? "sin(z)";
  try {
    targetByName(target);
  } catch (err) {
    if (err instanceof InvalidArgumentError) throw new UsageError(`--target: ${err.message}`);
    throw err;
  }
  const model = (v.model ?? "gradient-step") as OneStepFeatureModel;
  if (!MODELS.includes(model)) throw new UsageError(`--model must be one of ${MODELS.join(", ")}, got '${v.model}'`);
  const convention = (v.convention ?? "notebook") as SamplerConvention;
  if (!CONVENTIONS.includes(convention)) throw new UsageError(`--convention must be one of ${CONVENTIONS.join(", ")}, got '${v.convention}'`);
  const alphas = parseGrid(v.alpha ?? "0.2:3:0.4", "alpha");
  if (alphas.some((a) => !(a > 0))) throw new UsageError(`--alpha values must be > 0, got '${v.alpha}'`);
  const etas = v["eta-grid"] !== undefined ? parseGrid(v["eta-grid"], "eta-grid") : undefined;
  const etaAlpha = v["eta-alpha"] !== undefined ? parseNumber(v["eta-alpha"], "eta-alpha", 1) : undefined;
  if (etaAlpha !== undefined && !(etaAlpha > 0)) throw new UsageError(`--eta-alpha must be > 0, got ${etaAlpha}`);
  if (etaAlpha !== undefined && etas === undefined) throw new UsageError("--eta-alpha needs --eta-grid");
  const widthRatio = parseNumber(v["width-ratio"], "width-ratio", 1);
  if (!(widthRatio > 0)) throw new UsageError(`--width-ratio must be > 0, got ${widthRatio}`);
  const sweep: GeneralizationCommand["sweep"] = {
    activation, target, model, convention, alphas,
    alpha0: nonNegative(v.alpha0, "alpha0", 20),
    eta: parseNumber(v.eta, "eta", 3),
    ridge: nonNegative(v.ridge, "ridge", 0.1),
    ...(etas ? { etas } : {}),
    ...(etaAlpha !== undefined ? { etaAlpha } : {}),
    d: parsePositiveInt(v.d, "d", 1000, 2),
    widthRatio,
    noise: nonNegative(v.noise, "noise", 0),
    testSamples: parsePositiveInt(v["test-samples"], "test-samples", 4000),
    seeds: parsePositiveInt(v.seeds, "seeds", 3),
    seed: parsePositiveInt(v.seed, "seed", 0, 0),
    ...(v.jsonl !== undefined ? { jsonl: v.jsonl } : {}),
  };
  const json = Boolean(v.json);
  const out = v["no-report"] ? null : v.out ?? (json ? null : "spikelab-generalization.html");
  if (out !== null) checkOutputPath(out, "out");
  if (v.jsonl !== undefined) checkOutputPath(v.jsonl, "jsonl", { read: true });
  if (out !== null && out === v.jsonl) throw new UsageError("--out and --jsonl name the same file");
  return { sweep, out, json, commandLine: `spikelab generalization ${argv.join(" ")}`.trim() };
}

const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : "—");

/** The theory's value at a grid value (the curves contain the simulated values). */
function theoryAt(c: GeneralizationCurve, which: "theory" | "randomFeatures", value: number, field: "test" | "train" = "test"): number {
  const t = c[which];
  if (!t) return NaN;
  const i = t.values.indexOf(value);
  return i >= 0 ? t[field][i]! : NaN;
}

/** The summary as a text table (one row per grid value). */
export function generalizationTable(r: GeneralizationSweepResult): string {
  const lines: string[] = [r.summary.label];
  const curves = [r.summary.alpha, ...(r.summary.eta ? [r.summary.eta] : [])];
  for (const c of curves) {
    lines.push(`${c.parameter.padStart(8)}  ${"test (sim ± se)".padEnd(20)}${"theory".padEnd(9)}${c.parameter === "alpha" ? "RF (eta=0)".padEnd(12) : ""}${"train (sim)".padEnd(13)}train (theory)`);
    for (const q of c.points) {
      lines.push(`${String(q.value).padStart(8)}  ${`${f4(q.testMean)} ± ${f4(q.testStandardError)}`.padEnd(20)}${f4(theoryAt(c, "theory", q.value)).padEnd(9)}` +
        `${c.parameter === "alpha" ? f4(theoryAt(c, "randomFeatures", q.value)).padEnd(12) : ""}${f4(q.trainMean).padEnd(13)}${f4(theoryAt(c, "theory", q.value, "train"))}`);
    }
  }
  return lines.join("\n") + "\n";
}

/** `spikelab generalization` (see the file comment). */
export async function runGeneralizationCommand(argv: string[]): Promise<number> {
  const cmd = parseGeneralizationCommand(argv);
  if (cmd === null) return 0;
  const progress = new Progress("generalization");
  let result: GeneralizationSweepResult;
  try {
    result = generalizationSweep({ ...cmd.sweep, onProgress: (done, total) => progress.update(done, total) });
  } catch (err) {
    // an option the sweep refuses (e.g. a combination) is the user's to fix
    if (err instanceof InvalidArgumentError) throw new UsageError(err.message);
    throw err;
  }
  for (const n of result.notes) process.stderr.write(`spikelab: note: ${n}\n`);
  if (cmd.json) {
    process.stdout.write(JSON.stringify({ options: cmd.sweep, summary: result.summary, notes: result.notes, resumed: result.resumed, seconds: result.seconds },
      (_k, x) => (typeof x === "number" && !Number.isFinite(x) ? null : x), 2) + "\n");
  } else {
    process.stdout.write(generalizationTable(result));
  }
  if (cmd.out !== null) {
    const s = cmd.sweep;
    const html = renderReport({
      title: "spikelab: test error after one gradient step",
      subtitle: cmd.commandLine,
      sweeps: [],
      figures: generalizationFigures(result.summary),
      notes: [
        "Theory: Cui et al. 2024 (arXiv 2402.04980), Result 3.3, for the spiked random-feature model of the step " +
          `(${s.convention} convention); the random-features baseline is the same at eta = 0.`,
        "Errors are mean squared errors without a factor 1/2; ridge on F / sqrt(p) with penalty lambda |w|^2.",
        ...result.notes,
      ],
      facts: [
        ["model", s.model === "spiked" ? `spiked surrogate (${s.convention})` : "one gradient step (oneStepGd)"],
        ["d, p / d, test samples", `${s.d}, ${s.widthRatio}, ${s.testSamples}`],
        ["seeds per point (base seed)", `${s.seeds} (${s.seed})`],
        ["simulation time in this run", `${result.seconds.toFixed(1)} s${result.resumed > 0 ? ` (${result.resumed} task(s) resumed from ${s.jsonl})` : ""}`],
      ],
    });
    writeFileSync(cmd.out, html);
    process.stderr.write(`report written to ${cmd.out}\n`);
  }
  return 0;
}
