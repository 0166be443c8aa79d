/**
 * A sweep's JSONL file of task records, read for a resume: one record per line, any number of
 * sweeps in one file (the main job appends its two). A line that is not a well-formed record
 * (not JSON, `null`, a field of the wrong type, a model that does not exist or whose swept
 * parameter is not the record's) is skipped and reported by line number, so that its task simply
 * runs again; it is never trusted. A last line without its newline was cut by an interrupted run:
 * it is removed from the file (or, if it is a whole record, completed with its newline) before
 * anything is appended, so that the next record does not land on the same line.
 */
import { appendFileSync, existsSync, readFileSync, truncateSync } from "node:fs";
import { measuresEigenvalues } from "./models/registry.js";
import type { Params, TaskRecord } from "./types.js";

export interface RecordFile {
  /** The well-formed records, in file order. */
  records: TaskRecord[];
  /** 1-based numbers of the lines skipped as malformed (the cut last line included). */
  malformed: number[];
  /** Whether a cut last line was repaired (removed, or completed with a newline). */
  repaired: boolean;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
// JSON writes NaN and +-Infinity as null: numeric fields accept null and read it back as NaN
const isNumberish = (x: unknown) => typeof x === "number" || x === null;
const isNumberList = (x: unknown) => Array.isArray(x) && x.every(isNumberish);
const revive = (x: unknown) => (x === null ? NaN : (x as number));

/**
 * The record on one line, or null when the line is not one. `parameterOf` gives the swept parameter
 * of a model name (undefined for an unknown model).
 */
export function parseRecord(line: string, parameterOf: (model: string) => string | undefined): TaskRecord | null {
  let r: unknown;
  try {
    r = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isObject(r) || typeof r["model"] !== "string" || typeof r["parameter"] !== "string") return null;
  if (parameterOf(r["model"]) !== r["parameter"]) return null;
  if (typeof r["value"] !== "number" || !Number.isFinite(r["value"])) return null;
  for (const k of ["pointIndex", "seedIndex", "seed"]) if (!Number.isSafeInteger(r[k]) || (r[k] as number) < 0) return null;
  const fixed = r["fixed"], m = r["measurement"], p = r["prediction"];
  if (!isObject(fixed) || !Object.values(fixed).every((v) => typeof v === "number" || typeof v === "string")) return null;
  // no eigenvalue only for the models that measure none (amp: an overlap)
  if (!isObject(m) || !isNumberList(m["top"]) || ((m["top"] as unknown[]).length === 0 && measuresEigenvalues(r["model"] as string)) || !isNumberList(m["overlaps"])) return null;
  if (!isNumberish(m["edge"]) || !isNumberish(m["seconds"]) || !(m["applications"] === undefined || isNumberish(m["applications"]))) return null;
  if (!isObject(p) || !isNumberList(p["outliers"]) || !isNumberList(p["overlaps"])) return null;
  if (!isNumberish(p["edge"]) || !isNumberish(p["threshold"]) || !isNumberish(p["edgeScale"])) return null;
  // the largest-root test came with issue #15: older records have none (it is recomputed when summarized)
  const t = r["test"];
  if (t !== undefined && (!isObject(t) || !isNumberish(t["statistic"]) || !isNumberish(t["pValue"]))) return null;
  // common random numbers came with issue #21: records without the field are independent instances
  if (r["noise"] !== undefined && r["noise"] !== "common") return null;
  return {
    model: r["model"],
    parameter: r["parameter"],
    value: r["value"],
    pointIndex: r["pointIndex"] as number,
    seedIndex: r["seedIndex"] as number,
    seed: r["seed"] as number,
    fixed: fixed as Params,
    measurement: {
      top: (m["top"] as unknown[]).map(revive),
      overlaps: (m["overlaps"] as unknown[]).map(revive),
      edge: revive(m["edge"]),
      seconds: revive(m["seconds"]),
      ...(m["applications"] === undefined ? {} : { applications: revive(m["applications"]) }),
    },
    prediction: {
      outliers: (p["outliers"] as unknown[]).map(revive),
      overlaps: (p["overlaps"] as unknown[]).map(revive),
      edge: revive(p["edge"]),
      threshold: revive(p["threshold"]),
      edgeScale: revive(p["edgeScale"]),
    },
    ...(isObject(t) ? { test: { statistic: revive(t["statistic"]), pValue: revive(t["pValue"]) } } : {}),
    ...(r["noise"] === "common" ? { noise: "common" as const } : {}),
  };
}

/** Reads a record file (none: no records) and repairs a cut last line in place. */
export function readRecordFile(path: string, parameterOf: (model: string) => string | undefined): RecordFile {
  if (!existsSync(path)) return { records: [], malformed: [], repaired: false };
  const text = readFileSync(path, "utf8");
  const lines = text.split("\n");
  // text ending in "\n" splits into a last empty item; anything else there is a line without its newline
  const last = lines.pop()!;
  const records: TaskRecord[] = [];
  const malformed: number[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const r = parseRecord(line, parameterOf);
    if (r) records.push(r);
    else malformed.push(i + 1);
  });
  let repaired = false;
  if (last !== "") {
    repaired = true;
    const r = last.trim() ? parseRecord(last, parameterOf) : null;
    if (r) {
      records.push(r);
      appendFileSync(path, "\n");
    } else {
      if (last.trim()) malformed.push(lines.length + 1);
      // keep the complete lines only (byte length: the file is UTF-8)
      truncateSync(path, Buffer.byteLength(text) - Buffer.byteLength(last));
    }
  }
  return { records, malformed, repaired };
}

/** The one-line warning for skipped lines, or null when there are none. */
export function malformedWarning(path: string, malformed: number[]): string | null {
  if (malformed.length === 0) return null;
  const shown = malformed.length > 20 ? `${malformed.slice(0, 20).join(", ")}, ... (${malformed.length} in all)` : malformed.join(", ");
  const one = malformed.length === 1;
  return `${path}: skipped ${one ? "a malformed line" : "malformed lines"} ${shown} (not ${one ? "a task record" : "task records"} of a known sweep; ${one ? "its task runs" : "their tasks run"} again)`;
}
