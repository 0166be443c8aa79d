/**
 * `spikelab spectrum ... --queue` (issue #20): one spiked-RF spectrum computed as a job on a queue
 * worker. Like a sweep task, the job is data only, `{ kind: "spectrum", options }` (the model's
 * sizes, activation, second layer, theta and seed), checked by the worker as untrusted input against
 * the srf sweep model's own parameter checks; no code travels. The result comes back as JSON in which
 * non-finite numbers are spelled out ("NaN"), so the producer reads back exactly the numbers the
 * worker computed (JSON.stringify would turn a NaN leading-order prediction into null).
 */
import { createHash } from "node:crypto";
import { InvalidArgumentError, SpikelabError } from "../../errors.js";
import type { SrfSpectrum, SrfSpectrumOptions } from "../srfSpectrum.js";
import { checkSweptValue, getModel } from "../models/index.js";
import { runJobs, type QueueSweepOptions } from "./producer.js";

export const SPECTRUM_JOB = "spectrum";

/** The option fields a spectrum job carries, in a fixed order (the job id hashes them in it). */
const FIELDS = ["activation", "theta", "secondLayer", "n", "p", "d", "seed"] as const;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** Whether a job's data names a spectrum (the worker's dispatch; anything else is a sweep task). */
export function isSpectrumJob(data: unknown): boolean {
  return isObject(data) && data["kind"] === SPECTRUM_JOB;
}

/**
 * The spectrum options of a job's data, checked: exactly the fields of SrfSpectrumOptions, the
 * sizes, activation and second layer through the srf model's validate (the sweep's minimums), theta
 * through its swept-value range, an integer seed >= 0. Anything else is an InvalidArgumentError.
 */
export function spectrumOfJob(data: unknown): SrfSpectrumOptions {
  if (!isSpectrumJob(data)) throw new InvalidArgumentError(`queue job: not a ${SPECTRUM_JOB} job`);
  const o = (data as Record<string, unknown>)["options"];
  if (!isObject(o)) throw new InvalidArgumentError("queue job: spectrum options must be an object");
  for (const k of Object.keys(o)) if (!(FIELDS as readonly string[]).includes(k)) throw new InvalidArgumentError(`queue job: unknown spectrum option ${k}`);
  for (const k of FIELDS) if (!(k in o)) throw new InvalidArgumentError(`queue job: spectrum option ${k} is missing`);
  const model = getModel("srf");
  model.validate({ n: o["n"] as number, p: o["p"] as number, d: o["d"] as number, activation: o["activation"] as string, secondLayer: o["secondLayer"] as string });
  const theta = o["theta"];
  if (typeof theta !== "number" || !Number.isFinite(theta)) throw new InvalidArgumentError(`queue job: theta must be a finite number, got ${String(theta)}`);
  checkSweptValue(model, theta);
  const seed = o["seed"];
  if (typeof seed !== "number" || !Number.isSafeInteger(seed) || seed < 0) throw new InvalidArgumentError(`queue job: seed must be an integer >= 0, got ${String(seed)}`);
  return Object.fromEntries(FIELDS.map((k) => [k, o[k]])) as unknown as SrfSpectrumOptions;
}

/** The job id: a hash of the options, so enqueuing the same spectrum twice adds nothing. */
export function spectrumJobId(o: SrfSpectrumOptions): string {
  const h = createHash("sha256").update(JSON.stringify(FIELDS.map((k) => o[k])));
  return `spectrum-${h.digest("hex").slice(0, 20)}`;
}

/** The job's return value: the options it was computed for and the spectrum, non-finite numbers spelled out. */
export function encodeSpectrum(o: SrfSpectrumOptions, r: SrfSpectrum): string {
  return JSON.stringify({ options: o, spectrum: r }, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
}

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };

/** The spectrum of a job's return value, or null when it is malformed or another spectrum's. */
export function spectrumOfResult(result: unknown, o: SrfSpectrumOptions): SrfSpectrum | null {
  if (typeof result !== "string") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(result, (_k, v: unknown) => (typeof v === "string" && v in NON_FINITE ? NON_FINITE[v] : v));
  } catch {
    return null;
  }
  if (!isObject(parsed) || !isObject(parsed["options"]) || !isObject(parsed["spectrum"])) return null;
  const echo = parsed["options"];
  if (FIELDS.some((k) => echo[k] !== o[k])) return null;
  const s = parsed["spectrum"];
  if (!isObject(s["panel"]) || !Array.isArray(s["support"]) || !Array.isArray(s["spikes"]) || !isObject(s["bulkTop"])) return null;
  return s as unknown as SrfSpectrum;
}

/** Computes one spectrum on the queue's workers; a job that failed for good is a SpikelabError with its reason (exit 2). */
export async function runQueuedSpectrum(o: SrfSpectrumOptions, q: QueueSweepOptions): Promise<SrfSpectrum> {
  let result: SrfSpectrum | null = null;
  const failed = await runJobs(
    [{ id: spectrumJobId(o), name: SPECTRUM_JOB, data: { kind: SPECTRUM_JOB, options: o } }],
    (r) => spectrumOfResult(r, o),
    (r) => (result = r),
    q,
  );
  if (failed.length > 0 || !result) {
    throw new SpikelabError(`spectrum: the queue job failed after ${q.attempts ?? 3} attempt(s): ${failed[0]?.reason ?? "no result"}`);
  }
  return result;
}
