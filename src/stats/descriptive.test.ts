/** Descriptive statistics against hand-computed values, plus order properties of the type-7 quantile. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  autocovariances,
  binMeans,
  cv,
  finiteValues,
  laggedProductSums,
  mean,
  median,
  quantile,
  sd,
} from "./descriptive.js";

/** The plain one-lag sum Σ_{i=j}^{n−1} u_i·u_{i−j} in increasing i: the reference for laggedProductSums. */
function laggedProductSum(u: Float64Array, j: number): number {
  let s = 0;
  for (let i = j; i < u.length; i++) s += u[i]! * u[i - j]!;
  return s;
}

// Hand-computed expectations; 12 digits absorbs float rounding of the few operations involved.
const DIGITS = 12;

describe("mean, sd, cv, median", () => {
  it("textbook series 2 4 4 4 5 5 7 9", () => {
    const x = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(x)).toBe(5); // 40 / 8
    // deviations −3 −1 −1 −1 0 0 2 4 → SS 32 → SD √(32/7)
    expect(sd(x)).toBeCloseTo(Math.sqrt(32 / 7), DIGITS);
    expect(cv(x)).toBeCloseTo(Math.sqrt(32 / 7) / 5, DIGITS);
    expect(median(x)).toBe(4.5); // middle pair 4, 5
  });

  it("NaN entries are ignored", () => {
    const x = [Number.NaN, 1, 3, Number.NaN, 8];
    expect(mean(x)).toBe(4);
    expect(sd(x)).toBeCloseTo(Math.sqrt((9 + 1 + 16) / 2), DIGITS); // deviations −3 −1 4
    expect(median(x)).toBe(3);
    expect(Array.from(finiteValues(x))).toEqual([1, 3, 8]);
  });

  it("degenerate inputs give NaN, not a throw", () => {
    expect(Number.isNaN(mean([]))).toBe(true);
    expect(Number.isNaN(mean([Number.NaN]))).toBe(true);
    expect(Number.isNaN(sd([5]))).toBe(true);
    expect(Number.isNaN(median([]))).toBe(true);
    expect(Number.isNaN(cv([-1, 1]))).toBe(true); // zero mean
    expect(sd([7, 7, 7])).toBe(0);
  });

  it("SD keeps precision with a large offset (contact times in ms)", () => {
    const x = [1e9 + 1, 1e9 + 2, 1e9 + 3];
    expect(sd(x)).toBeCloseTo(1, 6);
  });
});

describe("quantile (Hyndman & Fan type 7)", () => {
  it("interpolates between order statistics as R's quantile(type = 7)", () => {
    const s = [1, 2, 3, 4, 5];
    expect(quantile(s, 0)).toBe(1);
    expect(quantile(s, 1)).toBe(5);
    expect(quantile(s, 0.25)).toBe(2); // h = 1
    expect(quantile(s, 0.1)).toBeCloseTo(1.4, DIGITS); // h = 0.4
    // R: quantile(c(1, 3, 7, 15), 0.3) = 2.8 (h = 0.9 → 1 + 0.9·2)
    expect(quantile([1, 3, 7, 15], 0.3)).toBeCloseTo(2.8, DIGITS);
    expect(quantile([10, 20], 0.75)).toBeCloseTo(17.5, DIGITS);
    expect(quantile([42], 0.3)).toBe(42);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
  });

  it("rejects q outside [0, 1]", () => {
    expect(() => quantile([1, 2], 1.5)).toThrow(RangeError);
    expect(() => quantile([1, 2], Number.NaN)).toThrow(RangeError);
  });

  it("is monotone in q, bounded by min and max, and its 0.5 point is the median", () => {
    const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    const unit = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 40 }), unit, unit, (xs, q1, q2) => {
        const s = Float64Array.from(xs).sort();
        const [lo, hi] = q1 <= q2 ? [q1, q2] : [q2, q1];
        const a = quantile(s, lo);
        const b = quantile(s, hi);
        expect(a).toBeLessThanOrEqual(b + 1e-9);
        expect(a).toBeGreaterThanOrEqual((s[0] as number) - 1e-9);
        expect(b).toBeLessThanOrEqual((s[s.length - 1] as number) + 1e-9);
        expect(median(xs)).toBeCloseTo(quantile(s, 0.5), 9);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe("autocovariances", () => {
  it("1 2 3 4: centred −1.5 −0.5 0.5 1.5, divisor n", () => {
    const g = autocovariances([1, 2, 3, 4], 5);
    expect(g.length).toBe(6);
    expect(g[0]).toBeCloseTo(5 / 4, DIGITS); // (2.25 + 0.25 + 0.25 + 2.25) / 4
    expect(g[1]).toBeCloseTo(1.25 / 4, DIGITS); // 0.75 − 0.25 + 0.75
    expect(g[2]).toBeCloseTo(-1.5 / 4, DIGITS); // −0.75 − 0.75
    expect(g[3]).toBeCloseTo(-2.25 / 4, DIGITS);
    expect(g[4]).toBe(0); // lags ≥ n
  });
});

describe("laggedProductSums", () => {
  it("four lags per pass give exactly the one-lag sums (same additions, same order), short series too", () => {
    const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(fc.array(finite, { minLength: 0, maxLength: 700 }), fc.integer({ min: 0, max: 13 }), (xs, maxLag) => {
        const u = Float64Array.from(xs);
        const all = laggedProductSums(u, maxLag);
        for (let j = 0; j <= maxLag; j++) expect(Object.is(all[j], laggedProductSum(u, j))).toBe(true);
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});

describe("binMeans", () => {
  it("per-minute bins from the first time; NaN values dropped; centres reported", () => {
    const t = [100, 110, 159.9, 160, 230, 231];
    const v = [1, 2, 3, 10, 5, Number.NaN];
    const b = binMeans(t, v);
    expect(Array.from(b.t_s)).toEqual([130, 190, 250]);
    expect(Array.from(b.mean)).toEqual([2, 10, 5]);
    expect(Array.from(b.count)).toEqual([3, 1, 1]);
  });

  it("an empty bin keeps the spacing and has a NaN mean", () => {
    const b = binMeans([0, 130], [1, 2], 60);
    expect(b.mean.length).toBe(3);
    expect(b.mean[0]).toBe(1);
    expect(Number.isNaN(b.mean[1] as number)).toBe(true);
    expect(b.count[1]).toBe(0);
    expect(b.mean[2]).toBe(2);
  });

  it("validates its input", () => {
    expect(() => binMeans([0, 1], [1])).toThrow(RangeError);
    expect(() => binMeans([0, 1], [1, 2], 0)).toThrow(RangeError);
    expect(() => binMeans([5, 1], [1, 2])).toThrow(/non-decreasing/);
    expect(binMeans([Number.NaN], [1]).mean.length).toBe(0);
  });
});
