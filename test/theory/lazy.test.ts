// theory/ and compare/ are pure TypeScript: usable from the lazy entry before any WASM is loaded.
import { describe, expect, it } from "vitest";
import { activeBuild, histogram, ksDistance, marchenkoPasturLaw, silversteinStieltjes, spikedWignerOutliers } from "../../src/lazy.js";

describe("theory and compare without WASM", () => {
  it("compute before ready() is called", () => {
    expect(activeBuild()).toBeNull();
    const law = marchenkoPasturLaw({ gamma: 0.5 });
    const grid = Array.from({ length: 100 }, (_, i) => law.quantile((i + 0.5) / 100));
    expect(ksDistance(grid, law).distance).toBeCloseTo(0.005, 12);
    expect(histogram(grid, { bins: 5, predict: law }).predicted!.length).toBe(5);
    expect(silversteinStieltjes({ re: 1, im: 0.05 }, { gamma: 0.5, population: [1] }).m.im).toBeCloseTo(1.29666, 5);
    expect(spikedWignerOutliers([2])[0]!.location).toBe(2.5);
  });
});
