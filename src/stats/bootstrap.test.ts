/**
 * Moving-block bootstrap of a difference of means: coverage on simulated AR(1) windows (the reason the block
 * bootstrap exists), the iid bootstrap's under-coverage on the same data, determinism and small-input behaviour.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../core/math/rng.js";
import { meanDiffCi, MIN_N_FOR_CI, politisWhiteBlockLength } from "./bootstrap.js";

/** Stationary Gaussian AR(1) with unit innovations, started from its stationary distribution, plus `mu`. */
function ar1(rng: Rng, n: number, phi: number, mu = 0): Float64Array {
  const x = new Float64Array(n);
  let v = rng.normal() / Math.sqrt(1 - phi * phi);
  for (let i = 0; i < n; i++) {
    x[i] = mu + v;
    v = phi * v + rng.normal();
  }
  return x;
}

function covers(ci: [number, number] | null, value: number): boolean {
  if (ci === null) throw new Error("expected an interval");
  return ci[0] <= value && value <= ci[1];
}

describe("politisWhiteBlockLength", () => {
  it("short blocks for white noise, ≈ 1.74·n^(1/3) for AR(1) φ = 0.6, 1 for degenerate input", () => {
    const rng = new Rng(11);
    expect(politisWhiteBlockLength(ar1(rng, 2000, 0))).toBeLessThanOrEqual(3);
    // Population value for AR(1) φ = 0.6: (1.5·(2φ/(1−φ²))²)^(1/3)·n^(1/3) = 1.74·14.4 ≈ 25 for n = 3000;
    // the estimate is noisy, so accept a factor of ~1.6 either way.
    const l = politisWhiteBlockLength(ar1(rng, 3000, 0.6));
    expect(l).toBeGreaterThanOrEqual(15);
    expect(l).toBeLessThanOrEqual(40);
    expect(politisWhiteBlockLength([3, 3, 3, 3, 3])).toBe(1);
    expect(politisWhiteBlockLength([1, 2])).toBe(1);
  });
});

describe("meanDiffCi on autocorrelated windows", () => {
  // Two AR(1) φ = 0.6 windows of 500 values (≈ one side's steps over 6 minutes). With φ = 0.6 the variance of a mean
  // is (1 + φ)/(1 − φ) = 4 times the iid value, so an iid interval is about half as wide as it should be.
  const N = 500;
  const PHI = 0.6;
  const REPS = 200;
  const SHIFT = 0.5;

  it("95 % interval covers the true shift in 88–99 % of 200 replications; the iid bootstrap under-covers", () => {
    const rng = new Rng(1);
    let blockHits = 0;
    let iidHits = 0;
    for (let r = 0; r < REPS; r++) {
      const fresh = ar1(rng, N, PHI, 10);
      const fatigued = ar1(rng, N, PHI, 10 + SHIFT);
      if (covers(meanDiffCi(fresh, fatigued, { seed: r }).ci95, SHIFT)) blockHits++;
      // Same data, blocks of one value = the ordinary iid bootstrap (fewer resamples to keep the test fast).
      if (covers(meanDiffCi(fresh, fatigued, { seed: r, blockLength: 1, resamples: 500 }).ci95, SHIFT)) iidHits++;
    }
    const block = blockHits / REPS;
    const iid = iidHits / REPS;
    // Measured at this seed: block 0.91, iid 0.64 (2000-replication simulation: 91.9 % for n = 500, bootstrap.ts).
    expect(block).toBeGreaterThanOrEqual(0.88);
    expect(block).toBeLessThanOrEqual(0.99);
    expect(iid).toBeLessThanOrEqual(0.8);
    expect(block - iid).toBeGreaterThanOrEqual(0.15);
  });

  it("with no shift the interval contains 0 in ≥ 90 % of 400 replications (windows of 1500)", () => {
    // Coverage rises towards 95 % with the window length (≈ 92 % at n = 500, 93.4 % at n = 1500; bootstrap.ts). At
    // n = 500 and 200 replications the Monte-Carlo SD (≈ 1.9 points) would put this 90 % bar within one SD of the
    // true value, so longer windows and more replications (B = 1000 to keep it fast) make the check meaningful.
    const rng = new Rng(2);
    const reps = 400;
    let hits = 0;
    for (let r = 0; r < reps; r++) {
      const res = meanDiffCi(ar1(rng, 1500, PHI, 3), ar1(rng, 1500, PHI, 3), { seed: 1000 + r, resamples: 1000 });
      if (covers(res.ci95, 0)) hits++;
    }
    expect(hits / reps).toBeGreaterThanOrEqual(0.9); // measured at this seed: 0.93
    expect(hits / reps).toBeLessThanOrEqual(0.99);
  });
});

describe("meanDiffCi details", () => {
  it("delta, means, effect size (Δ / SD of the fresh window) and counts", () => {
    const fresh = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const fatigued = fresh.map((v) => v + 3);
    const r = meanDiffCi(fresh, fatigued);
    expect(r.delta).toBeCloseTo(3, 12);
    expect(r.meanFresh).toBeCloseTo(6.5, 12);
    expect(r.meanFatigued).toBeCloseTo(9.5, 12);
    // SD of 1..12 = √(143/12 · 12/11) = √13
    expect(r.effectSize).toBeCloseTo(3 / Math.sqrt(13), 12);
    expect(r.nFresh).toBe(12);
    expect(r.nFatigued).toBe(12);
    expect(r.ci95).not.toBeNull();
    expect(r.blockLength).toBeGreaterThanOrEqual(1);
  });

  it("same seed → identical interval; another seed → a slightly different one", () => {
    const rng = new Rng(5);
    const a = ar1(rng, 3000, 0.6);
    const b = ar1(rng, 3000, 0.6, 1);
    const r1 = meanDiffCi(a, b);
    const r2 = meanDiffCi(a, b);
    expect(r2).toEqual(r1);
    const r3 = meanDiffCi(a, b, { seed: 99 });
    const [lo1, hi1] = r1.ci95 ?? [Number.NaN, Number.NaN];
    const [lo3, hi3] = r3.ci95 ?? [Number.NaN, Number.NaN];
    expect(lo3).not.toBe(lo1);
    // Monte-Carlo differences between seeds are small against the width (B = 2000).
    expect(Math.abs(lo3 - lo1)).toBeLessThan(0.1 * (hi1 - lo1));
    expect(Math.abs(hi3 - hi1)).toBeLessThan(0.1 * (hi1 - lo1));
  });

  it("NaN entries are ignored (same result as without them)", () => {
    const rng = new Rng(6);
    const a = Array.from(ar1(rng, 200, 0.5));
    const b = Array.from(ar1(rng, 150, 0.5, 2));
    const withNaN = [...a.slice(0, 50), Number.NaN, ...a.slice(50), Number.NaN];
    expect(meanDiffCi(withNaN, b)).toEqual(meanDiffCi(a, b));
  });

  it(`fewer than ${MIN_N_FOR_CI} values on a side: delta but no interval; an empty side: no delta`, () => {
    const small = meanDiffCi([1, 2, 3, 4, 5], [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(small.delta).toBeCloseTo(7 - 3, 12);
    expect(small.ci95).toBeNull();
    expect(small.blockLength).toBeNull();
    expect(small.effectSize).toBeCloseTo(4 / Math.sqrt(2.5), 12);
    const empty = meanDiffCi([Number.NaN], [1, 2, 3]);
    expect(empty.delta).toBeNull();
    expect(empty.effectSize).toBeNull();
    expect(empty.nFresh).toBe(0);
    const flat = meanDiffCi(new Array<number>(20).fill(4), new Array<number>(20).fill(5));
    expect(flat.effectSize).toBeNull(); // fresh SD = 0
    expect(flat.ci95?.[0]).toBeCloseTo(1, 12); // no variability → a zero-width interval at Δ
    expect(flat.ci95?.[1]).toBeCloseTo(1, 12);
  });

  it("caller-given block length is used (capped at the window length) and options are validated", () => {
    const rng = new Rng(8);
    const a = ar1(rng, 40, 0.3);
    const b = ar1(rng, 30, 0.3);
    expect(meanDiffCi(a, b, { blockLength: 7 }).blockLength).toBe(7);
    const capped = meanDiffCi(a, b, { blockLength: 1000 });
    expect(capped.ci95).not.toBeNull(); // one block start per window: zero-width but defined
    expect(() => meanDiffCi(a, b, { blockLength: 0 })).toThrow(RangeError);
    expect(() => meanDiffCi(a, b, { blockLength: 2.5 })).toThrow(RangeError);
    expect(() => meanDiffCi(a, b, { resamples: 5 })).toThrow(RangeError);
  });

  it("the automatic block length never means more than 256 blocks per resample", () => {
    const rng = new Rng(9);
    const r = meanDiffCi(ar1(rng, 3000, 0), ar1(rng, 3000, 0));
    expect(r.blockLength).toBe(Math.ceil(3000 / 256)); // white noise: PW gives ~1, the floor applies
  });
});
