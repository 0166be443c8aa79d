/** Argument helpers of the CLI: grids like "0.2:3:0.1" or "0.5,1,2", and user errors. */

/** A mistake in how the command was called: printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {}

/** Parses a grid of values: "start:stop:step" (stop included when it lies on the grid) or a comma list. */
export function parseGrid(text: string, name: string): number[] {
  const t = text.trim();
  if (t.includes(":")) {
    const parts = t.split(":").map((s) => Number(s));
    if (parts.length !== 3 || parts.some((x) => !Number.isFinite(x))) {
      throw new UsageError(`--${name} must look like start:stop:step (e.g. 0.2:3:0.1) or a list like 0.5,1,2; got '${text}'`);
    }
    const [start, stop, step] = parts as [number, number, number];
    if (!(step > 0)) throw new UsageError(`--${name}: the step must be > 0, got ${step}`);
    if (stop < start) throw new UsageError(`--${name}: stop ${stop} is below start ${start}`);
    const count = Math.floor((stop - start) / step + 1e-9) + 1;
    if (count > 10_000) throw new UsageError(`--${name}: ${count} grid points is too many (at most 10000)`);
    return Array.from({ length: count }, (_, i) => Number((start + i * step).toPrecision(12)));
  }
  const values = t.split(",").map((s) => Number(s.trim()));
  if (values.length === 0 || values.some((x) => !Number.isFinite(x)) || t === "") {
    throw new UsageError(`--${name} must be start:stop:step or a comma-separated list of numbers; got '${text}'`);
  }
  return values;
}

/** A positive integer option. */
export function parsePositiveInt(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`--${name} must be a positive integer, got '${text}'`);
  return v;
}

/** A finite number option. */
export function parseNumber(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got '${text}'`);
  return v;
}
