/**
 * Targets of the trainer: the link g (from the link library or a Hermite polynomial), the teacher
 * directions W* (k x d) and the labels y = g(W* x / sqrt(d)) + noise of a batch.
 *
 * Convention: the teacher rows w*_r have norm sqrt(d) (default: Haar-orthonormal rows times
 * sqrt(d)), so z = W* x / sqrt(d) ~ N(0, T) with T = W* W*^T / d (the identity by default) for
 * x ~ N(0, I_d).
 */
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { linkByName, type IndexLink } from "../estimators/links.js";
import { hermiteLink } from "../estimators/singleIndexLinks.js";
import { asMatrix, Matrix, type MatrixLike } from "../matrix.js";
import type { Rng } from "../random/rng.js";
import { assertFiniteMatrix } from "../validate.js";

/** A link (IndexLink from `links.*` or `hermiteLink`) or its name: see `targetLink`. */
export type LinkLike = string | IndexLink;

/** The raw Hermite polynomials by their expanded spelling (without spaces and '*'). */
const HERMITE_SPELLINGS: Record<string, number> = {
  "z^2-1": 2, "z^3-3z": 3, "z^4-6z^2+3": 4, "z^5-10z^3+15z": 5,
};

/**
 * The link named by `spec`: "he1".."he8" (or "He_3", case-insensitive) is He_l(z)/sqrt(l!) (unit
 * variance); the expanded spellings "z^2-1", "z^3-3z", "z^4-6z^2+3", "z^5-10z^3+15z" are the raw
 * He_l(z); any other text is a library alias (`linkByName`: "z^2", "z1*z2", "sign(z)" ...). An
 * IndexLink is returned as it is, after a check of its shape.
 */
export function targetLink(spec: LinkLike): IndexLink {
  if (typeof spec === "string") {
    const key = spec.replace(/[\s*]/g, "");
    const he = /^he_?(\d)$/i.exec(key);
    if (he) return hermiteLink(Number(he[1]));
    const raw = HERMITE_SPELLINGS[key];
    if (raw !== undefined) return hermiteLink(raw, { normalized: false });
    return linkByName(spec);
  }
  const link = spec as Partial<IndexLink> | null;
  if (link === null || typeof link !== "object" || typeof link.g !== "function" || !Number.isInteger(link.p) || link.p! < 1) {
    throw new InvalidArgumentError("target must be a link name (e.g. 'he3', 'z^2', 'z1*z2') or an IndexLink { name, p, g, ... }");
  }
  if (link.p! > 16) throw new InvalidArgumentError(`target: a link with ${link.p} indices; the trainer takes at most 16`);
  const nv = link.noiseVariance ?? 0;
  if (typeof nv !== "number" || !(nv >= 0) || !Number.isFinite(nv)) {
    throw new InvalidArgumentError(`target: the link's noiseVariance must be a finite number >= 0, got ${nv}`);
  }
  return spec as IndexLink;
}

/**
 * The teacher W* (k x d): the given matrix (checked: k x d, finite, full rank k so that T is
 * invertible), or Haar-orthonormal rows scaled to norm sqrt(d) drawn from `rng`.
 */
export function teacherMatrix(given: MatrixLike | undefined, k: number, d: number, rng: Rng): Matrix {
  if (given === undefined) {
    if (k > d) throw new InvalidArgumentError(`a target with ${k} directions needs d >= ${k}, got d = ${d}`);
    const frame = rng.haarFrame(d, k); // d x k, orthonormal columns
    const t = new Matrix(k, d);
    const s = Math.sqrt(d);
    for (let r = 0; r < k; r++) for (let j = 0; j < d; j++) t.data[r * d + j] = s * frame.data[j * k + r]!;
    return t;
  }
  const t = asMatrix(given, "teacher");
  if (t.rows !== k || t.cols !== d) {
    throw new ShapeError(`teacher must be k x d = ${k} x ${d} (one row per direction of the link), got ${t.rows} x ${t.cols}`);
  }
  assertFiniteMatrix(t, "teacher");
  return t;
}

/**
 * Labels y_mu = g(z_mu) + std xi_mu for the n x k latent block z (row-major), into `y`. `std` is
 * the total Gaussian noise (the link's own noise variance plus the trainer's `noise`^2, square
 * rooted); `normals` holds n N(0, 1) draws when std > 0. A stochastic channel (link.sample) draws
 * its label from `uniform` instead of g (then only the trainer's `noise` is added).
 * A non-finite label raises InvalidArgumentError naming the link.
 */
export function labelBatch(
  link: IndexLink, z: Float64Array, n: number, y: Float64Array, std: number, normals: Float64Array | null, uniform: (() => number) | null,
): void {
  const k = link.p;
  const zi = new Float64Array(k);
  for (let mu = 0; mu < n; mu++) {
    for (let r = 0; r < k; r++) zi[r] = z[mu * k + r]!;
    let v = link.sample && uniform ? link.sample(zi, uniform) : link.g(zi);
    if (std > 0) v += std * normals![mu]!;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new InvalidArgumentError(`target '${link.name}' gave a non-finite label ${v} at z = [${Array.from(zi).join(", ")}]`);
    }
    y[mu] = v;
  }
}
