// Seeded pseudo-random numbers: xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom
// number generators", ACM TOMS 2021; reference C code xoshiro256starstar.c), seeded through
// splitmix64 as its authors recommend, with their jump polynomial (2^128 steps) for independent
// streams. The state is four u64 words at `state` (32 bytes) owned by the host, so generators
// are plain values that can be copied, saved and split; nothing here keeps global state.
//
// Every operation is integer arithmetic or AssemblyScript's own Math.log/Math.sqrt (compiled
// into the module, not the engine's), so a seed gives bit-identical numbers in every engine.

// @ts-ignore: decorator
@inline
function rotl(x: u64, k: u64): u64 {
  return (x << k) | (x >> (64 - k));
}

// @ts-ignore: decorator
@inline
export function nextU64(state: usize): u64 {
  const s0 = load<u64>(state);
  const s1 = load<u64>(state, 8);
  const s2 = load<u64>(state, 16);
  const s3 = load<u64>(state, 24);
  const result = rotl(s1 * 5, 7) * 9;
  const t = s1 << 17;
  const n2 = s2 ^ s0;
  const n3 = s3 ^ s1;
  store<u64>(state, s0 ^ n3);
  store<u64>(state, s1 ^ n2, 8);
  store<u64>(state, n2 ^ t, 16);
  store<u64>(state, rotl(n3, 45), 24);
  return result;
}

// A double uniform on [0, 1) with 53 random bits.
// @ts-ignore: decorator
@inline
export function nextUnit(state: usize): f64 {
  return <f64>(nextU64(state) >> 11) * 1.1102230246251565e-16; // 2^-53
}

/** Seeds the state from a 64-bit seed (given as two 32-bit halves) by splitmix64. */
export function rng_seed(state: usize, seedLo: u32, seedHi: u32): void {
  let x: u64 = (<u64>seedHi << 32) | <u64>seedLo;
  for (let i = 0; i < 4; i++) {
    x += 0x9e3779b97f4a7c15;
    let z = x;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    store<u64>(state + (<usize>i << 3), z ^ (z >> 31));
  }
}

/** Advances the state by 2^128 steps (xoshiro256 jump): streams 2^128 apart never overlap. */
export function rng_jump(state: usize): void {
  let t0: u64 = 0, t1: u64 = 0, t2: u64 = 0, t3: u64 = 0;
  for (let i = 0; i < 4; i++) {
    const word: u64 = i == 0 ? 0x180ec6d33cfd0aba : i == 1 ? 0xd5a61266f0c9392c : i == 2 ? 0xa9582618e03fc9aa : 0x39abdc4529b1661c;
    for (let b: u64 = 0; b < 64; b++) {
      if ((word >> b) & 1) {
        t0 ^= load<u64>(state);
        t1 ^= load<u64>(state, 8);
        t2 ^= load<u64>(state, 16);
        t3 ^= load<u64>(state, 24);
      }
      nextU64(state);
    }
  }
  store<u64>(state, t0);
  store<u64>(state, t1, 8);
  store<u64>(state, t2, 16);
  store<u64>(state, t3, 24);
}

/** Writes n raw 64-bit outputs (for testing against the reference sequence). */
export function rng_fill_u64(state: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u64>(out + (<usize>i << 3), nextU64(state));
}

/** Writes n doubles uniform on [lo, hi). */
export function rng_fill_uniform(state: usize, out: usize, n: i32, lo: f64, hi: f64): void {
  const w = hi - lo;
  for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), lo + w * nextUnit(state));
}

/**
 * Writes n normal variates mean + std N(0, 1) by Marsaglia's polar method: (u, v) uniform on
 * the square [-1, 1)^2 until 0 < s = u^2 + v^2 < 1, then u f and v f with f = sqrt(-2 ln s / s)
 * are two independent standard normals (acceptance pi/4; one log and one sqrt per pair). For
 * odd n the last pair's second variate is dropped, so a sequence depends on how it is chunked:
 * the same calls with the same seed give the same numbers.
 */
export function rng_fill_normal(state: usize, out: usize, n: i32, mean: f64, std: f64): void {
  let i = 0;
  while (i < n) {
    let u: f64, v: f64, s: f64;
    do {
      // 2 x - 1 with x uniform on [0, 1): 53-bit uniform on [-1, 1)
      u = <f64>(nextU64(state) >> 11) * 2.220446049250313e-16 - 1.0;
      v = <f64>(nextU64(state) >> 11) * 2.220446049250313e-16 - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const f = Math.sqrt(-2.0 * Math.log(s) / s) * std;
    store<f64>(out + (<usize>i << 3), mean + u * f);
    i++;
    if (i < n) {
      store<f64>(out + (<usize>i << 3), mean + v * f);
      i++;
    }
  }
}
