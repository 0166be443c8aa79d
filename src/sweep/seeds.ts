/**
 * Seeds of sweep tasks: a function of (base seed, point index, seed index) only, so results do not
 * depend on how many workers ran them or in which order. splitmix64's finalizer mixes the three
 * into 53 bits (a safe integer for Rng).
 */
import { InvalidArgumentError } from "../errors.js";

const MASK64 = (1n << 64n) - 1n;

function mix(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

export function taskSeed(baseSeed: number, pointIndex: number, seedIndex: number): number {
  const args = { baseSeed, pointIndex, seedIndex };
  for (const [name, v] of Object.entries(args)) {
    // BigInt() of anything else throws a RangeError, SyntaxError or TypeError
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new InvalidArgumentError(`taskSeed: ${name} must be an integer >= 0, got ${v}`);
  }
  let z = mix((BigInt(baseSeed) + 0x9e3779b97f4a7c15n) & MASK64);
  z = mix((z + BigInt(pointIndex) * 0xd1b54a32d192ed03n) & MASK64);
  z = mix((z + BigInt(seedIndex) * 0x8cb92ba72f3d8dd7n) & MASK64);
  return Number(z >> 11n);
}

/**
 * The seed of seed index `seedIndex` of a common-noise sweep (SweepOptions.noise): the same at every
 * grid value, distinct per size (`size`: the model's size parameter's value, or 0) so that the sizes
 * of a finite-size sweep stay independent, and distinct from every independent-noise task seed's
 * stream position (point indices there stay below 2^40).
 */
export function commonTaskSeed(baseSeed: number, size: number, seedIndex: number): number {
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0 || size >= 2 ** 40) {
    throw new InvalidArgumentError(`commonTaskSeed: size must be an integer in [0, 2^40), got ${size}`);
  }
  return taskSeed(baseSeed, 2 ** 40 + size, seedIndex);
}
