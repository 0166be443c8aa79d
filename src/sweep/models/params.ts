/**
 * Typed reading of a model's fixed parameters against its declarations (ParamSpec): each model's
 * parser calls these, and both its `validate` and its `measure`/`predict` go through that parser,
 * so what is checked is what is used.
 */
import { InvalidArgumentError } from "../../errors.js";
import { linkByName } from "../../estimators/links.js";
import type { Params } from "../types.js";
import type { ParamSpec } from "./types.js";

/** A bad value of one named parameter: the CLI reports it under the parameter's flag. */
export class ParameterError extends InvalidArgumentError {
  override name = "ParameterError"; // explicit: survives minification (src/errors.ts)
  constructor(readonly parameter: string, readonly problem: string) {
    super(`parameter ${parameter} ${problem}`);
  }
}

/** The defaults of a list of declarations, as Params. */
export function defaultsOf(specs: readonly ParamSpec[]): Params {
  return Object.fromEntries(specs.map((s) => [s.name, s.default]));
}

function spec(specs: readonly ParamSpec[], name: string): ParamSpec {
  const s = specs.find((x) => x.name === name);
  if (!s) throw new InvalidArgumentError(`no parameter ${name} is declared`);
  return s;
}

/** The number a parameter holds (numbers, or decimal strings from a JSON file). */
function numberOf(fixed: Params, name: string): number {
  const v = Number(fixed[name]);
  if (fixed[name] === undefined || fixed[name] === "" || !Number.isFinite(v)) throw new ParameterError(name, `must be a number, got ${fixed[name]}`);
  return v;
}

/** An integer parameter of at least its declared minimum. */
export function integerParam(specs: readonly ParamSpec[], fixed: Params, name: string): number {
  const min = spec(specs, name).min ?? 1;
  const v = numberOf(fixed, name);
  if (!Number.isSafeInteger(v) || v < min) throw new ParameterError(name, `must be an integer >= ${min}, got ${fixed[name]}`);
  return v;
}

/** A number parameter that must be > 0. */
export function positiveParam(specs: readonly ParamSpec[], fixed: Params, name: string): number {
  spec(specs, name);
  const v = numberOf(fixed, name);
  if (!(v > 0)) throw new ParameterError(name, `must be > 0, got ${fixed[name]}`);
  return v;
}

/** A parameter that is one of its declared choices. */
export function choiceParam<T extends string>(specs: readonly ParamSpec[], fixed: Params, name: string): T {
  const choices = spec(specs, name).choices ?? [];
  const v = String(fixed[name]);
  if (!choices.includes(v)) throw new ParameterError(name, `must be one of ${choices.join(", ")}, got ${fixed[name]}`);
  return v as T;
}

/** A link parameter: its text as given, checked against the link aliases (src/estimators/links.ts). */
export function linkParam(specs: readonly ParamSpec[], fixed: Params, name: string): string {
  spec(specs, name);
  const text = String(fixed[name]);
  try {
    linkByName(text);
  } catch (err) {
    throw new ParameterError(name, (err as Error).message.replace(/^unknown link/, "names an unknown link"));
  }
  return text;
}
