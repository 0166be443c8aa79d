/**
 * JSONL records of the generalization sweep (sweep/generalization.ts), one line per task (one seed
 * of the alpha curve, or one seed at one eta of the eta curve), and their reading for a resume. A
 * record carries `config`, the text of every setting that changes its numbers, so that a file
 * written by another configuration is never reused; a line that is not a well-formed record of this
 * kind is skipped (counted), as the spectrum sweeps' records.ts does.
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";

export interface GeneralizationRecord {
  kind: "generalization";
  /** The configuration key (see the file comment). */
  config: string;
  curve: "alpha" | "eta";
  /** 0 for the alpha curve; 1 + the eta's index for the eta curve. */
  pointIndex: number;
  seedIndex: number;
  seed: number;
  /** The eta of the task (the alpha curve's fixed eta, or the eta curve's grid value). */
  eta: number;
  /** One entry per alpha of the task (the whole grid for the alpha curve, the fixed alpha for the eta curve). */
  points: { alpha: number; n: number; testError: number; trainError: number }[];
  /** The measured spike of the step (r, cW, gamma), or the surrogate's. */
  spike: { r: number; cW: number; gamma: number };
  seconds: number;
}

const isNum = (x: unknown) => typeof x === "number" || x === null; // JSON writes NaN as null
const isInt = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= 0;

/** The record on one line, or null when it is not one. */
export function parseGeneralizationRecord(line: string): GeneralizationRecord | null {
  let r: unknown;
  try {
    r = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof r !== "object" || r === null || Array.isArray(r)) return null;
  const o = r as Record<string, unknown>;
  if (o["kind"] !== "generalization" || typeof o["config"] !== "string" || (o["curve"] !== "alpha" && o["curve"] !== "eta")) return null;
  if (!isInt(o["pointIndex"]) || !isInt(o["seedIndex"]) || !isInt(o["seed"]) || typeof o["eta"] !== "number" || !isNum(o["seconds"])) return null;
  const pts = o["points"];
  if (!Array.isArray(pts) || pts.length === 0) return null;
  for (const q of pts) {
    if (typeof q !== "object" || q === null) return null;
    const p = q as Record<string, unknown>;
    if (typeof p["alpha"] !== "number" || !isInt(p["n"]) || !isNum(p["testError"]) || !isNum(p["trainError"])) return null;
  }
  const s = o["spike"] as Record<string, unknown> | null;
  if (typeof s !== "object" || s === null || !isNum(s["r"]) || !isNum(s["cW"]) || !isNum(s["gamma"])) return null;
  const revive = (x: unknown) => (x === null ? NaN : (x as number));
  return {
    kind: "generalization", config: o["config"], curve: o["curve"], pointIndex: o["pointIndex"] as number, seedIndex: o["seedIndex"] as number,
    seed: o["seed"] as number, eta: o["eta"], seconds: revive(o["seconds"]),
    points: (pts as Record<string, unknown>[]).map((p) => ({ alpha: p["alpha"] as number, n: p["n"] as number, testError: revive(p["testError"]), trainError: revive(p["trainError"]) })),
    spike: { r: revive(s["r"]), cW: revive(s["cW"]), gamma: revive(s["gamma"]) },
  };
}

/** The records of `path` with the given config (none if the file does not exist) and the number of lines skipped. */
export function readGeneralizationRecords(path: string, config: string): { records: GeneralizationRecord[]; skipped: number } {
  if (!existsSync(path)) return { records: [], skipped: 0 };
  const records: GeneralizationRecord[] = [];
  let skipped = 0;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const r = parseGeneralizationRecord(line);
    if (r === null) skipped++;
    else if (r.config === config) records.push(r);
  }
  return { records, skipped };
}

/** Appends one record as a line (a cut last line of an interrupted run gets its newline first). */
export function appendGeneralizationRecord(path: string, record: GeneralizationRecord): void {
  if (existsSync(path)) {
    const text = readFileSync(path, "utf8");
    if (text.length > 0 && !text.endsWith("\n")) appendFileSync(path, "\n");
  }
  appendFileSync(path, JSON.stringify(record, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v)) + "\n");
}
