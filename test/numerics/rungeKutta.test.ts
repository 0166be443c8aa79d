import { describe, expect, it } from "vitest";
import { ConvergenceError, InvalidArgumentError, NonFiniteError } from "../../src/errors.js";
import { solveOde } from "../../src/numerics/rungeKutta.js";

// Every reference below is a closed-form solution of the ODE, not the solver's own output.
describe("solveOde (Dormand-Prince 5(4), adaptive)", () => {
  it("integrates y' = -2 y to the requested tolerance at every output time", () => {
    const times = [0, 0.1, 0.5, 1, 2, 5];
    for (const rtol of [1e-4, 1e-8, 1e-11]) {
      const sol = solveOde((_t, y, dy) => { dy[0] = -2 * y[0]!; }, [3], times, { rtol, atol: 1e-14 });
      times.forEach((t, i) => {
        const exact = 3 * Math.exp(-2 * t);
        // global error: a small multiple of the local tolerance over the few dozen steps taken
        expect(Math.abs(sol.y[i]![0]! - exact) / exact).toBeLessThan(50 * rtol);
      });
    }
  });

  it("tighter tolerances take more steps and give smaller errors (the controller is active)", () => {
    const run = (rtol: number) => solveOde((_t, y, dy) => { dy[0] = y[1]!; dy[1] = -y[0]!; }, [1, 0], [0, 20], { rtol, atol: rtol * 1e-3 });
    const loose = run(1e-5);
    const tight = run(1e-10);
    const err = (s: ReturnType<typeof run>) => Math.hypot(s.y[1]![0]! - Math.cos(20), s.y[1]![1]! + Math.sin(20));
    expect(tight.stats.accepted).toBeGreaterThan(3 * loose.stats.accepted);
    expect(err(tight)).toBeLessThan(err(loose) / 100);
    // fifth order: steps scale like rtol^(-1/5); 1e5 in rtol is ~10x in steps
    expect(tight.stats.accepted / loose.stats.accepted).toBeGreaterThan(5);
    expect(tight.stats.accepted / loose.stats.accepted).toBeLessThan(20);
  });

  it("follows the harmonic oscillator over 10 periods and keeps its energy", () => {
    const omega = 3;
    const times = Array.from({ length: 41 }, (_, i) => (i * 20 * Math.PI) / omega / 40);
    const sol = solveOde((_t, y, dy) => { dy[0] = y[1]!; dy[1] = -omega * omega * y[0]!; }, [1, 0], times, { rtol: 1e-10, atol: 1e-12 });
    times.forEach((t, i) => {
      expect(sol.y[i]![0]!).toBeCloseTo(Math.cos(omega * t), 7);
      expect(sol.y[i]![1]!).toBeCloseTo(-omega * Math.sin(omega * t), 7);
    });
  });

  it("dense output: 2000 output times cost no extra steps and keep the accuracy", () => {
    const f = (_t: number, y: Float64Array, dy: Float64Array) => { dy[0] = y[1]!; dy[1] = -y[0]!; };
    const few = solveOde(f, [1, 0], [0, 30], { rtol: 1e-9, atol: 1e-12 });
    const times = Array.from({ length: 2001 }, (_, i) => (30 * i) / 2000);
    const many = solveOde(f, [1, 0], times, { rtol: 1e-9, atol: 1e-12 });
    expect(many.stats.accepted).toBe(few.stats.accepted);
    expect(many.y[2000]![0]).toBe(few.y[1]![0]);
    let worst = 0;
    times.forEach((t, i) => (worst = Math.max(worst, Math.abs(many.y[i]![0]! - Math.cos(t)), Math.abs(many.y[i]![1]! + Math.sin(t)))));
    expect(worst).toBeLessThan(1e-7);
  });

  it("solves a stiff-ish logistic y' = r y (1 - y), r = 50, through its fast transition", () => {
    const r = 50;
    const y0 = 1e-3;
    const exact = (t: number) => 1 / (1 + ((1 - y0) / y0) * Math.exp(-r * t));
    const times = [0, 0.05, 0.1, 0.14, 0.2, 0.3, 1, 3];
    const sol = solveOde((_t, y, dy) => { dy[0] = r * y[0]! * (1 - y[0]!); }, [y0], times, { rtol: 1e-9, atol: 1e-12 });
    times.forEach((t, i) => expect(Math.abs(sol.y[i]![0]! - exact(t))).toBeLessThan(1e-7));
  });

  it("uses the time argument (non-autonomous y' = cos t, y = sin t) and repeated output times", () => {
    const sol = solveOde((t, _y, dy) => { dy[0] = Math.cos(t); }, [0], [0, 1, 1, 4], { rtol: 1e-10, atol: 1e-12 });
    expect(sol.y[1]![0]!).toBeCloseTo(Math.sin(1), 9);
    expect(sol.y[2]![0]!).toBe(sol.y[1]![0]!);
    expect(sol.y[3]![0]!).toBeCloseTo(Math.sin(4), 9);
  });

  it("rejects bad input with typed errors", () => {
    const f = (_t: number, y: Float64Array, dy: Float64Array) => { dy[0] = y[0]!; };
    expect(() => solveOde(f, [1], [1, 0])).toThrow(InvalidArgumentError);
    expect(() => solveOde(f, [1], [])).toThrow(InvalidArgumentError);
    expect(() => solveOde(f, [1], [0, NaN])).toThrow(InvalidArgumentError);
    expect(() => solveOde(f, [NaN], [0, 1])).toThrow(NonFiniteError);
    expect(() => solveOde(f, [1], [0, 1], { rtol: -1 })).toThrow(InvalidArgumentError);
    expect(() => solveOde(f, [1], [0, 1], { maxSteps: 0 })).toThrow(InvalidArgumentError);
    expect(() => solveOde(null as never, [1], [0, 1])).toThrow(InvalidArgumentError);
    expect(() => solveOde((_t, _y, dy) => { dy[0] = NaN; }, [1], [0, 1])).toThrow(NonFiniteError);
  });

  it("stops with a ConvergenceError at a blow-up (y' = y^2, y = 1/(1 - t)) and when out of steps", () => {
    let caught: unknown;
    try {
      solveOde((_t, y, dy) => { dy[0] = y[0]! * y[0]!; }, [1], [0, 0.5, 2]);
    } catch (e) {
      caught = e;
    }
    // either the step underflows near t = 1 or the solution overflows: never a silent answer at t = 2
    expect(caught instanceof ConvergenceError || caught instanceof NonFiniteError).toBe(true);
    if (caught instanceof ConvergenceError) {
      // t reached: the blow-up time 1, to about the tolerance
      expect(Math.abs(caught.residual - 1)).toBeLessThan(1e-4);
    }
    expect(() => solveOde((_t, y, dy) => { dy[0] = y[1]!; dy[1] = -1e4 * y[0]!; }, [1, 0], [0, 100], { maxSteps: 50 })).toThrow(ConvergenceError);
  });
});
