/** Single mean-shift change point: location of clear steps, false positives on stationary AR(1), edge cases. */
import { describe, expect, it } from "vitest";
import { Rng } from "../core/math/rng.js";
import { singleChangePoint } from "./changepoint.js";

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

// Marginal SD of AR(1) φ = 0.5 with unit innovations: 1/√(1 − 0.25).
const SD_PHI05 = 1 / Math.sqrt(0.75);

describe("singleChangePoint: clear steps", () => {
  it("a 4-SD step in 60 per-minute means of AR(1) φ = 0.5 noise: located within ±2 windows for 20 of 20 seeds", () => {
    const k0 = 36;
    const t = Float64Array.from({ length: 60 }, (_, i) => 30 + 60 * i);
    let significant = 0;
    for (let seed = 0; seed < 20; seed++) {
      const x = ar1(new Rng(100 + seed), 60, 0.5);
      for (let i = 0; i < 60; i++) x[i] = 180 + (x[i] as number) + (i >= k0 ? -4 * SD_PHI05 : 0);
      const cp = singleChangePoint(x, { t_s: t });
      expect(cp).not.toBeNull();
      if (cp === null) return;
      expect(Math.abs(cp.index - k0)).toBeLessThanOrEqual(2);
      expect(cp.t_s).toBe(t[cp.index]);
      expect(cp.delta).toBeLessThan(-2 * SD_PHI05);
      expect(cp.before).toBeGreaterThan(cp.after);
      if (cp.significant) significant++;
    }
    // Power for this step is ≈ 93 % (module doc), so a seed or two may miss α = 0.05. Measured: 19 of 20 (p = 0.056).
    expect(significant).toBeGreaterThanOrEqual(17);
  });

  it("a noise-free step is exact and maximally significant", () => {
    const x = [...new Array<number>(12).fill(1), ...new Array<number>(18).fill(3)];
    const cp = singleChangePoint(x, { replicates: 99 });
    expect(cp?.index).toBe(12);
    expect(cp?.before).toBe(1);
    expect(cp?.after).toBe(3);
    expect(cp?.delta).toBe(2);
    expect(cp?.pValue).toBeCloseTo(1 / 100, 12);
    expect(cp?.significant).toBe(true);
    expect(cp?.t_s).toBeNull();
  });
});

describe("singleChangePoint: stationary series", () => {
  it("AR(1) φ = 0.5, 60 windows, no step: flagged in < 10 % of 100 seeds", () => {
    let flagged = 0;
    for (let seed = 0; seed < 100; seed++) {
      const cp = singleChangePoint(ar1(new Rng(500 + seed), 60, 0.5));
      if (cp?.significant === true) flagged++;
    }
    // Measured: 4 of 100 (nominal 5 %; module doc: 2–7 % over φ ∈ {0, 0.5, 0.8}, n 20–120).
    expect(flagged).toBeLessThan(10);
  });

  it("the same series with a naive white-noise threshold would be flagged far more often", () => {
    // Evidence that autocorrelation matters here: the studentised CUSUM with σ estimated as if the windows were
    // independent (the plain SD) exceeds the Brownian-bridge 95 % point 1.358 for many stationary series.
    let naive = 0;
    for (let seed = 0; seed < 100; seed++) {
      const x = ar1(new Rng(500 + seed), 60, 0.5);
      const n = x.length;
      let m = 0;
      for (const v of x) m += v;
      m /= n;
      let ss = 0;
      let s = 0;
      let max = 0;
      for (const v of x) ss += (v - m) * (v - m);
      for (let k = 0; k < n; k++) {
        s += (x[k] as number) - m;
        max = Math.max(max, Math.abs(s));
      }
      if (max / Math.sqrt((ss / (n - 1)) * n) > 1.358) naive++;
    }
    expect(naive).toBeGreaterThanOrEqual(20); // measured: 33 of 100
  });
});

describe("singleChangePoint: options and edge cases", () => {
  it("minSegment keeps the split away from the ends", () => {
    const x = [5, 5, 5, ...new Array<number>(27).fill(0)].map((v, i) => v + 0.01 * Math.sin(i));
    expect(singleChangePoint(x, { minSegment: 2 })?.index).toBe(3);
    expect(singleChangePoint(x, { minSegment: 6 })?.index).toBeGreaterThanOrEqual(6);
  });

  it("NaN windows are skipped and the index refers to the input", () => {
    const x = [1, 1, Number.NaN, 1, 1, 1, 1, 1, 1, 1, 4, 4, 4, Number.NaN, 4, 4, 4, 4, 4, 4].map((v, i) =>
      Number.isNaN(v) ? v : v + 0.05 * Math.cos(i),
    );
    const cp = singleChangePoint(x);
    expect(cp?.index).toBe(10);
    expect(cp?.n).toBe(18);
  });

  it("too short or constant → null; same seed → same p-value", () => {
    expect(singleChangePoint([1, 2, 3, 4, 5, 6, 7, 8, 9])).toBeNull(); // < 10 windows
    expect(singleChangePoint(new Array<number>(12).fill(1), { minSegment: 6 })).toBeNull(); // constant
    expect(singleChangePoint(new Array<number>(20).fill(0).map((_, i) => i), { minSegment: 11 })).toBeNull();
    const x = ar1(new Rng(3), 40, 0.3);
    expect(singleChangePoint(x)).toEqual(singleChangePoint(x));
    expect(singleChangePoint(x, { seed: 1 })?.index).toBe(singleChangePoint(x, { seed: 2 })?.index);
  });

  it("validates its options", () => {
    const x = ar1(new Rng(4), 30, 0);
    expect(() => singleChangePoint(x, { minSegment: 0 })).toThrow(RangeError);
    expect(() => singleChangePoint(x, { replicates: 5 })).toThrow(RangeError);
    expect(() => singleChangePoint(x, { alpha: 1 })).toThrow(RangeError);
    expect(() => singleChangePoint(x, { t_s: [1, 2] })).toThrow(RangeError);
  });
});
