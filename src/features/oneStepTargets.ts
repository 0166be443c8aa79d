/**
 * Single-index targets sigma* by the text a user types (`--target "sin(z)"`): a small fixed table,
 * not an expression parser. Each entry is an activation (features/activations.ts) with its exact
 * derivative, so that the Hermite coefficients and the gradient step use closed forms.
 *
 * | text                 | sigma*(z)            |
 * |----------------------|----------------------|
 * | z                    | z (built-in linear)  |
 * | sin(z)               | sin z                |
 * | cos(z)               | cos z                |
 * | tanh(z)              | tanh z (built-in)    |
 * | erf(z)               | erf z (built-in)     |
 * | relu(z)              | max(z, 0) (built-in) |
 * | \|z\| or abs(z)       | abs z (built-in)     |
 * | z^2                  | z^2                  |
 * | he2(z)               | z^2 - 1              |
 * | he3(z)               | z^3 - 3 z            |
 * | z+he2(z)/2           | z + (z^2 - 1)/2      |
 *
 * Spaces and '*' are ignored ("z + He2(z) / 2" is "z+he2(z)/2"), case too. A bare activation name
 * ("tanh", "relu", "sin") is accepted for "name(z)".
 */
import { InvalidArgumentError } from "../errors.js";
import type { ActivationLike } from "./activations.js";

const TABLE: Record<string, ActivationLike> = {
  "z": "linear",
  "sin(z)": { name: "sin(z)", value: Math.sin, derivative: Math.cos },
  "cos(z)": { name: "cos(z)", value: Math.cos, derivative: (z) => -Math.sin(z) },
  "tanh(z)": "tanh",
  "erf(z)": "erf",
  "relu(z)": "relu",
  "|z|": "abs",
  "abs(z)": "abs",
  "z^2": { name: "z^2", value: (z) => z * z, derivative: (z) => 2 * z },
  "he2(z)": { name: "He2(z)", value: (z) => z * z - 1, derivative: (z) => 2 * z },
  "he3(z)": { name: "He3(z)", value: (z) => z * z * z - 3 * z, derivative: (z) => 3 * z * z - 3 },
  "z+he2(z)/2": { name: "z+He2(z)/2", value: (z) => z + (z * z - 1) / 2, derivative: (z) => 1 + z },
};

/** The canonical spellings `targetByName` knows. */
export function targetNames(): string[] {
  return Object.keys(TABLE);
}

/** The target sigma* named by `text` (see the file comment); InvalidArgumentError listing the known names otherwise. */
export function targetByName(text: string): ActivationLike {
  if (typeof text !== "string") throw new InvalidArgumentError(`targetByName: the target must be a string, got ${typeof text}`);
  let key = text.replace(/[\s*]/g, "").toLowerCase();
  if (key === "linear") key = "z";
  if (/^[a-z]+$/.test(key) && key !== "z") key = `${key}(z)`;
  const t = TABLE[key];
  if (t === undefined) throw new InvalidArgumentError(`unknown target '${text}'; known targets: ${targetNames().join(", ")}`);
  return t;
}
