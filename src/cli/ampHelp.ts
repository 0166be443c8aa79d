/**
 * The help text of `spikelab amp` (issue #16), built from the sweep-model registry like the other
 * commands' help (src/cli/help.ts): the amp model's swept flag, its options with defaults and
 * minimums, and the link aliases. Its common options are those of bbp/lamp less --rule and --level,
 * which choose how an eigenvalue threshold is measured: AMP has no eigenvalue.
 */
import { linkAliases } from "../estimators/links.js";
import { commandModels, type ParamSpec } from "../sweep/models/index.js";
import { wrap } from "./textWrap.js";

function paramLine(s: ParamSpec): string {
  const range = s.kind === "integer" ? `, at least ${s.min ?? 1}` : s.kind === "positive" ? ", > 0" : "";
  const choices = s.kind === "choice" ? `: ${s.choices!.join(" | ")}` : "";
  const left = `  --${s.flag} ${s.metavar}`;
  const list = s.name === "d" ? `; a list D1,D2,... sweeps every size` : "";
  return wrap(`${left.length + 1 >= 20 ? `${left}\n${" ".repeat(20)}` : left.padEnd(20)}${s.help}${choices} (default ${s.default}${range})${list}`, 20);
}

/** The methods `--compare` accepts: the spectral estimators' sweeps. */
export const COMPARED_METHODS = commandModels("lamp").map((m) => m.name);

export function ampHelp(): string {
  const m = commandModels("amp")[0]!;
  return `usage: spikelab amp [options]

${wrap(`Sweeps the sample ratio alpha = n / d of a multi-index model y = g(W*^T x), runs Bayes-optimal AMP ` +
    `(multi-index GAMP with a Gaussian prior) on each instance, and measures the overlap m^2 of its estimate with W*, ` +
    `beside the state evolution's fixed point from an uninformed start; the overlap becomes non-zero at the ` +
    `weak-recovery threshold alpha_c. The report's panel "overlap against alpha" draws AMP (SE and simulation) with the ` +
    `spectral estimators' predicted overlaps (LAMP, TAP, Mondelli-Montanari where they apply) for the same link, and ` +
    `their simulations with --compare.`, 0)}

options:
  --alpha GRID      sample ratios: start:stop:step or a list a,b,c (default ${m.grid}; values > 0)
${wrap(`  --link G          one of ${linkAliases().join(" | ")} (spaces and '*' are ignored: z1*z2 = z1z2)`, 20)}
${m.params.filter((s) => s.name !== "link").map(paramLine).join("\n")}
${wrap(`  --compare LIST    also sweep these spectral estimators on the same grid, d and link: a comma list of ` +
    `${COMPARED_METHODS.join(", ")} (default: none; their predicted curves are drawn either way)`, 20)}
  --seeds S         instances per grid value (default 3)
  --seed S          base seed, an integer >= 0 (default 0); results do not depend on --workers
  --workers W       worker threads (default: number of cores)
  --out FILE        HTML report (default spikelab-report.html); --no-report to skip
  --jsonl FILE      append task records to FILE and resume from it (default: none)
  --json            print the summary as JSON on stdout
  --csv             print one CSV row per grid value on stdout
  --queue URL       run the tasks on queue workers (spikelab worker) through Redis
  --debug           on an internal error, print its stack trace
  -h, --help        this help

Cost: an SE fixed point per alpha (about a second for p = 1; seconds to a minute for p = 2 links),
and per instance up to --iterations AMP steps of O(n d p).

Every argument and output path is checked before any work. Exit codes: 0 done; 2 a user
error (bad argument, unwritable path: one line on stderr); 1 an internal error (a bug: one line, the
stack trace with --debug).
`;
}
