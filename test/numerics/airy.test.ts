// Ai and Ai' (src/numerics/airy.ts) against values computed with mpmath 1.3 at 25 digits
// (mpmath.airyai(x), airyai(x, 1)), an independent arbitrary-precision implementation, and
// against two invariants: the Maclaurin series summed here, and the Airy equation Ai'' = x Ai.
import { describe, expect, it } from "vitest";
import { airyAi, airyAiPair, airyAiPrime } from "../../src/numerics/airy.js";
import { InvalidArgumentError } from "../../src/errors.js";

const MPMATH: [number, number, number][] = [
  [-25, 0.16352657883042947, 0.96237885138769741],
  [-20, -0.17640612707798469, 0.89286285673647124],
  [-17.3, -0.27613432961775748, -0.073180112630453528],
  [-12, -0.066555175054373129, 1.0231104533679707],
  [-6.5, -0.2380203019971158, -0.67495249251320217],
  [-2, 0.22740742820168558, 0.61825902074169104],
  [-0.5, 0.47572809161053959, -0.20408167033954739],
  [0.7, 0.18916240039815008, -0.19985119158228048],
  [3.3, 0.0037872884268267546, -0.0071424877858847401],
  [8, 4.6922076160992316e-8, -1.3414392979067866e-7],
  [11.99, 1.4425775225893875e-13, -5.0247939836852082e-13],
  [12.01, 1.3454638358846515e-13, -4.6903660185419248e-13],
  [20, 1.6916728686705403e-27, -7.586391625748355e-27],
  [40, 6.3657426585529149e-75, -4.030017977600678e-74],
];

describe("airyAi", () => {
  it("matches mpmath to 5e-14 relative on both sides and across the method switches (x = 12, -20)", () => {
    for (const [x, ai, aip] of MPMATH) {
      const [a, b] = airyAiPair(x);
      expect(Math.abs(a - ai) / Math.abs(ai)).toBeLessThan(5e-14);
      expect(Math.abs(b - aip) / Math.abs(aip)).toBeLessThan(5e-14);
    }
  });

  it("agrees with the Maclaurin series (DLMF 9.4.1) summed here for |x| <= 2", () => {
    // Ai(x) = c1 f(x) - c2 g(x), f = sum 3^k (1/3)_k x^(3k)/(3k)!, g = sum 3^k (2/3)_k x^(3k+1)/(3k+1)!
    const c1 = 0.355028053887817239;
    const c2 = 0.258819403792806798;
    const series = (x: number): number => {
      let f = 1, g = x, tf = 1, tg = x;
      for (let k = 1; k < 40; k++) {
        tf *= (x * x * x) / ((3 * k - 1) * (3 * k));
        tg *= (x * x * x) / ((3 * k) * (3 * k + 1));
        f += tf;
        g += tg;
      }
      return c1 * f - c2 * g;
    };
    for (let x = -2; x <= 2; x += 0.0625) expect(Math.abs(airyAi(x) - series(x))).toBeLessThan(1e-15);
  });

  it("satisfies Ai'' = x Ai (central difference of Ai')", () => {
    const h = 1e-4;
    for (const x of [-15, -7.3, -1, 0.4, 2.5, 6]) {
      const second = (airyAiPrime(x + h) - airyAiPrime(x - h)) / (2 * h);
      const scale = Math.max(Math.abs(airyAiPrime(x)), Math.abs(airyAi(x)) * Math.max(1, Math.abs(x)));
      expect(Math.abs(second - x * airyAi(x)) / scale).toBeLessThan(1e-7);
    }
  });

  it("has the limits at +Infinity and refuses NaN and -Infinity", () => {
    expect(airyAiPair(Infinity)).toEqual([0, 0]);
    expect(airyAi(200)).toBe(0);
    expect(() => airyAi(NaN)).toThrow(InvalidArgumentError);
    expect(() => airyAi(-Infinity)).toThrow(/finite/);
  });
});
