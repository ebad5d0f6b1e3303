/** OLS trend with Newey–West HAC interval: exact lines, units, coverage on AR(1) noise, and edge cases. */
import { describe, expect, it } from "vitest";
import { Rng } from "../core/math/rng.js";
import { automaticHacLag, linearTrend, studentT975 } from "./trend.js";

/** Stationary Gaussian AR(1) with unit innovations. */
function ar1(rng: Rng, n: number, phi: number): Float64Array {
  const x = new Float64Array(n);
  let v = rng.normal() / Math.sqrt(1 - phi * phi);
  for (let i = 0; i < n; i++) {
    x[i] = v;
    v = phi * v + rng.normal();
  }
  return x;
}

describe("linearTrend: exact lines and units", () => {
  it("a noise-free line is recovered exactly, slope in /s and /10 min, intercept at t = 0", () => {
    // 40 per-minute means of a metric rising 0.5 unit per minute from 170 at t = 0.
    const t = Float64Array.from({ length: 40 }, (_, i) => 30 + 60 * i);
    const y = t.map((ti) => 170 + (0.5 / 60) * ti);
    const r = linearTrend(t, y);
    expect(r).not.toBeNull();
    if (r === null) return;
    expect(r.slope_per_s).toBeCloseTo(0.5 / 60, 12);
    expect(r.slope_per_10min).toBeCloseTo(5, 9); // 0.5 per minute = 5 per 10 minutes
    expect(r.intercept).toBeCloseTo(170, 9);
    expect(r.n).toBe(40);
    expect(r.ci95?.[0]).toBeCloseTo(5, 6); // zero residuals → zero-width interval
    expect(r.ci95?.[1]).toBeCloseTo(5, 6);
  });

  it("a known slope under AR(1) noise is recovered within its interval and 3 standard errors", () => {
    const rng = new Rng(21);
    const n = 3000; // per-step series, 0.35 s apart (≈ 17.5 min)
    const t = Float64Array.from({ length: n }, (_, i) => 0.35 * i);
    const noise = ar1(rng, n, 0.6);
    const y = t.map((ti, i) => 250 + 0.004 * ti + 3 * (noise[i] as number)); // +2.4 ms per 10 min
    const r = linearTrend(t, y);
    if (r === null || r.ci95 === null || r.se_per_10min === null) throw new Error("expected an interval");
    expect(Math.abs(r.slope_per_10min - 2.4)).toBeLessThan(3 * r.se_per_10min);
    expect(r.ci95[0]).toBeLessThan(2.4);
    expect(r.ci95[1]).toBeGreaterThan(2.4);
    expect(r.lag).toBeGreaterThanOrEqual(Math.floor(4 * Math.pow(n / 100, 2 / 9)));
    expect(r.prewhitenRho).toBeGreaterThan(0.4); // the φ = 0.6 dependence is seen
  });
});

describe("linearTrend: 95 % interval coverage on AR(1) φ = 0.6 noise", () => {
  it("HAC interval covers the true slope in 85–99 % of 200 replications; the iid OLS interval does not", () => {
    const rng = new Rng(22);
    const n = 300;
    const t = Float64Array.from({ length: n }, (_, i) => 2 * i); // e.g. 2-s window means over 10 minutes
    const trueSlope10 = 1.5;
    let hac = 0;
    let naive = 0;
    const reps = 200;
    for (let r = 0; r < reps; r++) {
      const e = ar1(rng, n, 0.6);
      const y = t.map((ti, i) => 5 + (trueSlope10 / 600) * ti + (e[i] as number));
      const a = linearTrend(t, y);
      // lag 0 without prewhitening = the heteroskedasticity-only (White) interval, which assumes independence.
      const b = linearTrend(t, y, { lag: 0, prewhiten: false });
      if (a?.ci95 && a.ci95[0] <= trueSlope10 && trueSlope10 <= a.ci95[1]) hac++;
      if (b?.ci95 && b.ci95[0] <= trueSlope10 && trueSlope10 <= b.ci95[1]) naive++;
    }
    // Measured at this seed: HAC 0.92, naive 0.645 (2000-replication simulation: 92 % at n = 200; trend.ts).
    expect(hac / reps).toBeGreaterThanOrEqual(0.85);
    expect(hac / reps).toBeLessThanOrEqual(0.99);
    expect(naive / reps).toBeLessThanOrEqual(0.8);
  });
});

describe("linearTrend: edge cases", () => {
  it("NaN pairs are ignored", () => {
    const t = [0, 60, 120, Number.NaN, 180, 240, 300, 360, 420, 480, 540, 600];
    const y = [1, 2, 3, 100, 4, Number.NaN, 6, 7, 8, 9, 10, 11];
    const r = linearTrend(t, y);
    expect(r?.n).toBe(10);
    expect(r?.slope_per_10min).toBeCloseTo(10, 9); // 1 per minute
  });

  it("fewer than 10 points: slope but no interval; fewer than 2 or one time: null", () => {
    const r = linearTrend([0, 1, 2], [1, 3, 5]);
    expect(r?.slope_per_s).toBeCloseTo(2, 12);
    expect(r?.ci95).toBeNull();
    expect(r?.lag).toBeNull();
    expect(linearTrend([0], [1])).toBeNull();
    expect(linearTrend([5, 5, 5], [1, 2, 3])).toBeNull();
  });

  it("validates its input", () => {
    expect(() => linearTrend([0, 1], [1])).toThrow(RangeError);
    expect(() => linearTrend([0, 2, 1], [1, 2, 3])).toThrow(/non-decreasing/);
    expect(() => linearTrend([0, 1], [1, 2], { lag: -1 })).toThrow(RangeError);
  });
});

describe("automaticHacLag and studentT975", () => {
  it("the lag follows the Newey–West rule for white noise and grows with autocorrelation", () => {
    const rng = new Rng(23);
    expect(automaticHacLag(ar1(rng, 100, 0))).toBe(4); // ⌊4·(100/100)^(2/9)⌋; plug-in ≤ 4 for |ρ̂| small
    // Andrews' plug-in for ρ = 0.9, n = 1000: 1.1447·(4·0.81/(0.01·3.61)·1000)^(1/3) ≈ 51
    const lag = automaticHacLag(ar1(rng, 1000, 0.9));
    expect(lag).toBeGreaterThan(30);
    expect(lag).toBeLessThan(80);
    expect(automaticHacLag([1, 2])).toBe(0);
  });

  it("Student-t 97.5 % quantiles against tabulated values", () => {
    // Exact values (R: qt(0.975, df)); tolerances follow the expansion's error at each df.
    expect(studentT975(1)).toBeCloseTo(12.706204736, 8);
    expect(studentT975(2)).toBeCloseTo(4.302652730, 8);
    expect(Math.abs(studentT975(3) - 3.182446305)).toBeLessThan(4e-3);
    expect(Math.abs(studentT975(10) - 2.228138852)).toBeLessThan(1e-5);
    expect(Math.abs(studentT975(30) - 2.042272456)).toBeLessThan(1e-7);
    expect(Math.abs(studentT975(1000) - 1.962339081)).toBeLessThan(1e-6);
    expect(Number.isNaN(studentT975(0))).toBe(true);
  });
});
