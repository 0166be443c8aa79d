/**
 * Argument helpers of the CLI: grids like "0.2:3:0.1" or "0.5,1,2", numbers and integers, and user
 * errors. Numbers are read as plain decimals only ("1.5", "-2", "3e-2"): JavaScript's Number()
 * also takes "0x10" (16), "Infinity", "" (0) and " " (0), which on a command line are mistakes.
 */

/** A mistake in how the command was called: printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {}

// a decimal number with optional sign, fraction and exponent; no hex/octal/binary, no Infinity
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The decimal number in `text`, or null when it is not one (or is not finite, e.g. 1e999). */
export function decimal(text: string): number | null {
  const t = text.trim();
  if (!DECIMAL.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/** Parses a grid of values: "start:stop:step" (stop included when it lies on the grid) or a comma list. */
export function parseGrid(text: string, name: string): number[] {
  const t = text.trim();
  if (t.includes(":")) {
    const parts = t.split(":").map(decimal);
    if (parts.length !== 3 || parts.some((x) => x === null)) {
      throw new UsageError(`--${name} must look like start:stop:step (e.g. 0.2:3:0.1) or a list like 0.5,1,2 of decimal numbers; got '${text}'`);
    }
    const [start, stop, step] = parts as [number, number, number];
    if (!(step > 0)) throw new UsageError(`--${name}: the step must be > 0, got ${step}`);
    if (stop < start) throw new UsageError(`--${name}: stop ${stop} is below start ${start}`);
    const count = Math.floor((stop - start) / step + 1e-9) + 1;
    if (count > 10_000) throw new UsageError(`--${name}: ${count} grid points is too many (at most 10000)`);
    return Array.from({ length: count }, (_, i) => Number((start + i * step).toPrecision(12)));
  }
  const items = t.split(",");
  const empty = items.findIndex((s) => s.trim() === "");
  if (empty >= 0) {
    throw new UsageError(`--${name}: item ${empty + 1} of the comma-separated list is empty; got '${text}'`);
  }
  const values = items.map(decimal);
  const bad = values.findIndex((x) => x === null);
  if (bad >= 0) {
    throw new UsageError(`--${name} must be start:stop:step or a comma-separated list of decimal numbers; '${items[bad]!.trim()}' in '${text}' is not one`);
  }
  return values as number[];
}

/** An integer option of at least `min` (default 1). */
export function parsePositiveInt(text: string | undefined, name: string, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const v = decimal(text);
  if (v === null || !Number.isSafeInteger(v) || v < min) {
    throw new UsageError(`--${name} must be an integer >= ${min}, got '${text}'`);
  }
  return v;
}

/** A finite decimal number option. */
export function parseNumber(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const v = decimal(text);
  if (v === null) throw new UsageError(`--${name} must be a decimal number, got '${text}'`);
  return v;
}
