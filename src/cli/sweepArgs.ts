/**
 * The arguments of the sweep commands (`spikelab bbp`, `lamp`, `amp`, and the main job), read and
 * checked in full before any work: flags, grids, sizes against the model's minimums, and every
 * output path. The flags, defaults and checks come from the sweep-model registry.
 */
import { parseArgs } from "node:util";
import { InvalidArgumentError } from "../errors.js";
import { commandModels, getModel, ParameterError, type SweepModel } from "../sweep/models/index.js";
import type { TransitionRule } from "../sweep/transition.js";
import type { NoiseMode, Params } from "../sweep/types.js";
import { decimal, parseGrid, parseNumber, parsePositiveInt, UsageError } from "./args.js";
import { ampHelp } from "./ampHelp.js";
import { bbpHelp, lampHelp } from "./help.js";
import { checkOutputPath } from "./paths.js";
import { checkedQueueUrl } from "./queueCommands.js";

export interface SweepCommand {
  model: string;
  values: number[];
  fixed: Params;
  /** Several values of the model's size parameter (`--n 500,1000,2000`): a finite-size sweep. */
  sizes?: number[];
  /** Instances per grid value for this sweep (default: the run's --seeds). */
  seeds?: number;
}

export interface RunOptions {
  sweeps: SweepCommand[];
  seeds: number;
  seed: number;
  workers?: number;
  out: string | null;
  jsonl?: string;
  /** --queue: run the tasks through a BullMQ queue on Redis (src/sweep/queue/). */
  queue?: string;
  json: boolean;
  csv: boolean;
  commandLine: string;
  /** --rule: how thresholds are measured (default: largest-root where the model has an edge law). */
  rule?: TransitionRule;
  /** --level: the level of the largest-root test (default 0.05). */
  level: number;
  /** --noise: common random numbers across the grid or independent instances (default: the model's). */
  noise?: NoiseMode;
}

const RULES: readonly TransitionRule[] = ["largest-root", "separation"];

const COMMON = {
  seeds: { type: "string" }, seed: { type: "string" }, workers: { type: "string" }, out: { type: "string" },
  "no-report": { type: "boolean" }, jsonl: { type: "string" }, queue: { type: "string" }, json: { type: "boolean" }, csv: { type: "boolean" },
  rule: { type: "string" }, level: { type: "string" }, noise: { type: "string" }, help: { type: "boolean", short: "h" },
} as const;

/** The common options, with the output paths checked (folder exists, writable). */
function commonOptions(v: Record<string, string | boolean | undefined>, commandLine: string, sweeps: SweepCommand[]): RunOptions {
  const str = (k: string) => v[k] as string | undefined;
  const o: RunOptions = {
    sweeps,
    seeds: parsePositiveInt(str("seeds"), "seeds", 3),
    seed: parsePositiveInt(str("seed"), "seed", 0, 0),
    workers: str("workers") === undefined ? undefined : parsePositiveInt(str("workers"), "workers", 1),
    // --json/--csv are for a pipe: the HTML report only where --out asks for it (issue #19)
    out: v["no-report"] ? null : str("out") ?? (v["json"] || v["csv"] ? null : "spikelab-report.html"),
    jsonl: str("jsonl"),
    ...(str("queue") !== undefined ? { queue: checkedQueueUrl(str("queue")!) } : {}),
    json: Boolean(v["json"]),
    csv: Boolean(v["csv"]),
    commandLine,
    level: parseNumber(str("level"), "level", 0.05),
  };
  if (o.json && o.csv) throw new UsageError("--json and --csv both print on stdout: give one of them");
  if (!(o.level > 0 && o.level < 1)) throw new UsageError(`--level must be a number in (0, 1), got '${str("level")}'`);
  const rule = str("rule");
  if (rule !== undefined) {
    if (!RULES.includes(rule as TransitionRule)) throw new UsageError(`--rule must be one of ${RULES.join(", ")}, got '${rule}'`);
    o.rule = rule as TransitionRule;
  }
  const noise = str("noise");
  if (noise !== undefined) {
    if (noise !== "common" && noise !== "independent") throw new UsageError(`--noise must be common or independent, got '${noise}'`);
    const without = sweeps.filter((c) => noise === "common" && !getModel(c.model).measureSeries);
    if (without.length > 0) throw new UsageError(`--noise common: model ${without[0]!.model} has no common-noise series; use --noise independent`);
    o.noise = noise;
  }
  if (o.out !== null) checkOutputPath(o.out, "out");
  if (o.jsonl !== undefined) checkOutputPath(o.jsonl, "jsonl", { read: true });
  if (o.out !== null && o.jsonl !== undefined && o.out === o.jsonl) throw new UsageError("--out and --jsonl name the same file");
  return o;
}

/**
 * A comma list of sizes for the model's size parameter (`--n 500,1000,2000`), or null for one value.
 * Each is an integer of at least the declared minimum, none twice.
 */
function sizeList(model: SweepModel, v: Record<string, string | boolean | undefined>, selector: string): number[] | null {
  const spec = model.params.find((s) => s.name === model.sizeParameter);
  const listed = model.params.find((s) => s.kind === "integer" && String(v[s.flag] ?? "").includes(","));
  if (!listed) return null;
  if (listed !== spec) {
    const why = model.sizeParameter ? `only --${spec!.flag} takes a list of sizes` : "its sizes go together";
    throw new UsageError(`--${listed.flag} takes one value for ${selector} ${model.name} (${why}), got '${v[listed.flag]}'`);
  }
  const text = v[spec.flag] as string;
  const min = spec.min ?? 1;
  const sizes = text.split(",").map((item) => {
    const x = decimal(item);
    if (item.trim() === "" || x === null || !Number.isSafeInteger(x) || x < min) {
      throw new UsageError(`--${spec.flag} must be an integer >= ${min} or a comma-separated list of them, got '${text}' (${selector} ${model.name})`);
    }
    return x;
  });
  const twice = sizes.find((x, i) => sizes.indexOf(x) !== i);
  if (twice !== undefined) throw new UsageError(`--${spec.flag} lists ${twice} twice, got '${text}'`);
  return sizes;
}

/** The model's fixed parameters from the flags, each checked against its declaration. */
function fixedParams(model: SweepModel, v: Record<string, string | boolean | undefined>, selector: string, sizes: number[] | null): Params {
  const fixed: Params = {};
  for (const s of model.params) {
    const text = v[s.flag] as string | undefined;
    if (sizes && s.name === model.sizeParameter) {
      fixed[s.name] = sizes[0]!;
    } else if (s.kind === "integer") {
      try {
        fixed[s.name] = parsePositiveInt(text, s.flag, Number(s.default), s.min ?? 1);
      } catch (err) {
        // the minimum is the model's: say which model
        throw new UsageError(`${(err as Error).message} (${selector} ${model.name})`);
      }
    } else if (s.kind === "positive") {
      const value = parseNumber(text, s.flag, Number(s.default));
      if (!(value > 0)) throw new UsageError(`--${s.flag} must be > 0, got ${value}`);
      fixed[s.name] = value;
    } else if (s.kind === "choice") {
      const value = text ?? String(s.default);
      if (!s.choices!.includes(value)) throw new UsageError(`--${s.flag} must be one of ${s.choices!.join(", ")} for ${selector} ${model.name}, got '${value}'`);
      fixed[s.name] = value;
    } else {
      fixed[s.name] = text ?? String(s.default);
    }
  }
  // the checks that involve several parameters (e.g. d against the link's p): reported under the flag
  try {
    if (sizes) for (const size of sizes) model.validate({ ...model.defaults, ...fixed, [model.sizeParameter!]: size });
    else model.validate({ ...model.defaults, ...fixed });
  } catch (err) {
    if (err instanceof ParameterError) {
      const flag = model.params.find((s) => s.name === err.parameter)?.flag ?? err.parameter;
      throw new UsageError(`--${flag} ${err.problem} (${selector} ${model.name})`);
    }
    if (err instanceof InvalidArgumentError) throw new UsageError(`${selector} ${model.name}: ${err.message}`);
    throw err;
  }
  return fixed;
}

/**
 * Parses `spikelab bbp` (selector --model), `spikelab lamp` (selector --method) or `spikelab amp`
 * (one model; --compare adds spectral-estimator sweeps on the same grid, d and link); null after --help.
 */
export function parseSweepCommand(command: "bbp" | "lamp" | "amp", argv: string[]): RunOptions | null {
  const models = commandModels(command);
  const selector = command === "bbp" ? "model" : command === "lamp" ? "method" : null;
  const flags: Record<string, { type: "string" }> = selector ? { [selector]: { type: "string" } } : { compare: { type: "string" } };
  for (const m of models) {
    flags[m.parameter] = { type: "string" };
    for (const s of m.params) flags[s.flag] = { type: "string" };
  }
  const parsed = parseArgs({ args: argv, options: { ...COMMON, ...flags }, strict: true, allowPositionals: false });
  const v = parsed.values as Record<string, string | boolean | undefined>;
  if (v.help) {
    process.stdout.write(command === "bbp" ? bbpHelp() : command === "lamp" ? lampHelp() : ampHelp());
    return null;
  }
  const name = (selector ? (v[selector] as string | undefined) : undefined) ?? models[0]!.name;
  const model = models.find((m) => m.name === name);
  if (!model) {
    const other = command === "bbp" ? "; for LAMP/TAP/MM use spikelab lamp" : "";
    throw new UsageError(`--${selector}: unknown ${selector} '${name}' (known: ${models.map((m) => m.name).join(", ")}${other})`);
  }
  const where = selector ? `--${selector} ${name}` : `spikelab ${command}`;
  // flags that belong to other models of the command
  for (const flag of Object.keys(flags)) {
    if (flag === selector || flag === "compare" || v[flag] === undefined) continue;
    if (models.some((m) => m.parameter === flag) && flag !== model.parameter) {
      throw new UsageError(`${where} sweeps --${model.parameter}, not --${flag}`);
    }
    if (flag !== model.parameter && !model.params.some((s) => s.flag === flag)) {
      throw new UsageError(`--${flag} does not apply to ${where}`);
    }
  }
  const label = selector ? `--${selector}` : "model";
  const sizes = sizeList(model, v, label);
  const fixed = fixedParams(model, v, label, sizes);
  const grid = parseGrid((v[model.parameter] as string | undefined) ?? model.grid, model.parameter);
  const low = model.lowest;
  if (low && grid.some((x) => (low.strict ? !(x > low.value) : !(x >= low.value)))) {
    throw new UsageError(`--${model.parameter} values must be ${low.strict ? ">" : ">="} ${low.value} for ${where}`);
  }
  const sweeps: SweepCommand[] = [{ model: name, values: grid, fixed, ...(sizes && sizes.length > 1 ? { sizes } : {}) }];
  if (!selector) sweeps.push(...comparedSweeps(v["compare"] as string | undefined, grid, fixed, sizes));
  const o = commonOptions(v, `spikelab ${command} ${argv.join(" ")}`.trim(), sweeps);
  if (o.rule !== undefined && !selector) {
    throw new UsageError(`--rule does not apply to spikelab ${command}: AMP has no eigenvalue (its threshold is where the overlap becomes non-zero)`);
  }
  if (o.rule === "largest-root" && !model.edgeLaw) {
    throw new UsageError(`--rule largest-root needs a Tracy-Widom edge law; ${where} has none (it keeps the separation rule)`);
  }
  return o;
}

/**
 * `spikelab amp --compare lamp,tap`: the spectral estimators' sweeps on the AMP sweep's grid, with
 * its d (or sizes) and link, each checked against its own model (mm: single-index links only).
 */
function comparedSweeps(list: string | undefined, grid: number[], ampFixed: Params, sizes: number[] | null): SweepCommand[] {
  if (list === undefined) return [];
  const known = commandModels("lamp");
  const names = list.split(",").map((x) => x.trim());
  if (names.some((x) => x === "")) throw new UsageError(`--compare must be a comma list of ${known.map((m) => m.name).join(", ")}, got '${list}'`);
  const twice = names.find((x, i) => names.indexOf(x) !== i);
  if (twice !== undefined) throw new UsageError(`--compare lists ${twice} twice, got '${list}'`);
  return names.map((name) => {
    const m = known.find((k) => k.name === name);
    if (!m) throw new UsageError(`--compare: unknown method '${name}' (known: ${known.map((k) => k.name).join(", ")})`);
    const fixed: Params = { ...m.defaults, d: ampFixed["d"]!, link: ampFixed["link"]! };
    try {
      for (const size of sizes ?? [Number(fixed["d"])]) m.validate({ ...fixed, d: size });
      // a method without a prediction for this link (TAP where T(y) is undefined) fails here, not in a task
      m.predict(grid[0]!, fixed);
    } catch (err) {
      if (err instanceof InvalidArgumentError) throw new UsageError(`--compare ${name}: ${err instanceof ParameterError ? `--${err.parameter} ${err.problem}` : err.message}`);
      throw err;
    }
    return { model: name, values: grid, fixed, ...(sizes && sizes.length > 1 ? { sizes } : {}) };
  });
}

/**
 * The main job: the default sweep of each command in one report; where the default model declares a
 * default finite-size sweep (registry: spiked-covariance), that sweep instead of the one-size one.
 */
export function mainJob(): RunOptions {
  const model = commandModels("bbp")[0]!;
  const fs = model.finiteSize;
  const bbp = parseSweepCommand("bbp", fs ? [`--${model.parameter}`, fs.grid, `--${model.sizeParameter}`, fs.sizes.join(",")] : [])!;
  if (fs) bbp.sweeps[0]!.seeds = fs.seeds;
  const lamp = parseSweepCommand("lamp", [])!;
  return { ...bbp, sweeps: [...bbp.sweeps, ...lamp.sweeps], commandLine: "spikelab (the default BBP and LAMP sweeps)" };
}
