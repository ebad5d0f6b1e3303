/** Event matching and error statistics on hand-made cases with exact expected numbers. */
import { describe, expect, it } from "vitest";
import { contactsFromForce, errorStats, evaluateContacts, matchEvents, poolContactEvaluations } from "./evaluation.js";

// Expected values are worked out by hand; 1e-9 ms absorbs the float error of s → ms conversions.
const EPS = 9;

describe("errorStats", () => {
  it("bias, sample SD, median |e|, RMSE, max |e|", () => {
    const s = errorStats([-2, 4, 1, 5]);
    expect(s.n).toBe(4);
    expect(s.bias_ms).toBe(2); // 8 / 4
    // deviations −4, 2, −1, 3 → SS 30 → SD √(30/3) = √10
    expect(s.sd_ms).toBeCloseTo(Math.sqrt(10), 12);
    expect(s.medianAbs_ms).toBe(3); // |e| sorted 1 2 4 5
    expect(s.rmse_ms).toBeCloseTo(Math.sqrt(46 / 4), 12); // 4 + 16 + 1 + 25 = 46
    expect(s.maxAbs_ms).toBe(5);
  });

  it("odd count median, single value SD undefined, empty input all NaN", () => {
    expect(errorStats([3, -1, 7]).medianAbs_ms).toBe(3);
    const one = errorStats([-6]);
    expect(one.bias_ms).toBe(-6);
    expect(one.rmse_ms).toBe(6);
    expect(Number.isNaN(one.sd_ms)).toBe(true);
    const none = errorStats([]);
    expect(none.n).toBe(0);
    expect(Number.isNaN(none.bias_ms) && Number.isNaN(none.rmse_ms) && Number.isNaN(none.medianAbs_ms)).toBe(true);
  });
});

describe("matchEvents", () => {
  it("nearest within tolerance, one-to-one; misses and extras counted", () => {
    const ref = [1.0, 2.0, 3.0, 4.0];
    // 1.01 → ref 1.0 (+10 ms); 1.03 is an extra (ref 1.0 already taken by the nearer one);
    // 1.98 → ref 2.0 (−20 ms); ref 3.0 has nothing within 50 ms (3.06 is out); 4.0 exact.
    const det = [1.03, 1.01, 1.98, 3.06, 4.0];
    const m = matchEvents(ref, det, { tolerance_s: 0.05 });
    expect(m.nReference).toBe(4);
    expect(m.nDetected).toBe(5);
    expect(m.nMatched).toBe(3);
    expect(m.recall).toBe(0.75);
    expect(m.precision).toBe(0.6);
    expect(m.f1).toBeCloseTo(6 / 9, 12);
    expect(m.pairs.map((p) => [p.referenceIdx, p.detectedIdx])).toEqual([[0, 1], [1, 2], [3, 4]]);
    const errs = m.pairs.map((p) => p.error_ms);
    expect(errs[0]).toBeCloseTo(10, EPS);
    expect(errs[1]).toBeCloseTo(-20, EPS);
    expect(errs[2]).toBeCloseTo(0, EPS);
    expect(m.errors.bias_ms).toBeCloseTo(-10 / 3, EPS);
    expect(m.errors.rmse_ms).toBeCloseTo(Math.sqrt(500 / 3), EPS);
    expect(m.errors.medianAbs_ms).toBeCloseTo(10, EPS);
  });

  it("the tolerance is inclusive", () => {
    const m = matchEvents([1], [1.25], { tolerance_s: 0.25 });
    expect(m.nMatched).toBe(1);
    expect(matchEvents([1], [1.2500001], { tolerance_s: 0.25 }).nMatched).toBe(0);
  });

  it("greedy nearest-first: the closest pair is taken first and blocks the pairs that share an event", () => {
    // ref 1.00 and 1.06, det 1.04 and 1.09, tolerance 50 ms. Candidate distances: (1.06, 1.04) 20 ms,
    // (1.06, 1.09) 30 ms, (1.00, 1.04) 40 ms; 1.00–1.09 is out of tolerance. The nearest pair 1.06↔1.04 is taken
    // first, which blocks the other two, so ref 1.00 and det 1.09 stay unmatched.
    const m = matchEvents([1.0, 1.06], [1.04, 1.09], { tolerance_s: 0.05 });
    expect(m.nMatched).toBe(1);
    expect(m.pairs[0]).toMatchObject({ referenceIdx: 1, detectedIdx: 0 });
    expect(m.pairs[0]!.error_ms).toBeCloseTo(-20, EPS);
  });

  it("unsorted input gives the same pairs as sorted input", () => {
    const a = matchEvents([3, 1, 2], [2.01, 0.99, 3.02], { tolerance_s: 0.05 });
    expect(a.nMatched).toBe(3);
    expect(a.pairs.map((p) => [p.referenceIdx, p.detectedIdx])).toEqual([[0, 2], [1, 1], [2, 0]]);
  });

  it("window: references outside are not counted, nor are detections matched to them or unmatched outside", () => {
    const ref = [0.1, 1.0, 2.0, 2.9];
    const det = [0.12, 0.5, 1.01, 2.0, 2.95, 3.5];
    const m = matchEvents(ref, det, { tolerance_s: 0.05, window_s: [0.5, 2.5] });
    // counted references: 1.0, 2.0 (both matched). counted detections: 0.5 (unmatched, inside), 1.01, 2.0.
    expect(m.nReference).toBe(2);
    expect(m.nMatched).toBe(2);
    expect(m.nDetected).toBe(3);
    expect(m.recall).toBe(1);
    expect(m.precision).toBeCloseTo(2 / 3, 12);
  });

  it("empty inputs give NaN rates, not exceptions", () => {
    const m = matchEvents([], [], { tolerance_s: 0.05 });
    expect(m.nMatched).toBe(0);
    expect(Number.isNaN(m.recall) && Number.isNaN(m.precision)).toBe(true);
    expect(matchEvents([1], [], { tolerance_s: 0.05 }).recall).toBe(0);
    expect(() => matchEvents([1], [1], { tolerance_s: -1 })).toThrow(RangeError);
  });
});

describe("evaluateContacts", () => {
  const ref = [
    { ic_s: 1.0, to_s: 1.2 },
    { ic_s: 1.3, to_s: 1.5 },
    { ic_s: 1.6, to_s: 1.8 },
  ];
  const det = [
    { ic_s: 1.01, to_s: 1.2 }, // IC +10, TO 0, CT −10
    { ic_s: 1.29, to_s: 1.53 }, // IC −10, TO +30, CT +40
    { ic_s: 1.75, to_s: 1.9 }, // IC +150: not matched (tolerance 50 ms)
  ];

  it("matches on IC and reports TO and contact-time errors of the matched contacts", () => {
    const e = evaluateContacts(ref, det, { tolerance_s: 0.05 });
    expect(e.ic.nMatched).toBe(2);
    expect(e.ic.recall).toBeCloseTo(2 / 3, 12);
    expect(e.ic.precision).toBeCloseTo(2 / 3, 12);
    expect(e.ic.errors.bias_ms).toBeCloseTo(0, EPS);
    expect(e.ic.errors.sd_ms).toBeCloseTo(Math.sqrt(200), EPS); // deviations ±10 → SS 200, n − 1 = 1
    expect(e.to.n).toBe(2);
    expect(e.to.bias_ms).toBeCloseTo(15, EPS);
    expect(e.to.rmse_ms).toBeCloseTo(Math.sqrt(450), EPS); // (0 + 900) / 2
    expect(e.contactTime.bias_ms).toBeCloseTo(15, EPS); // (−10 + 40) / 2
    expect(e.contactTime.rmse_ms).toBeCloseTo(Math.sqrt(850), EPS); // (100 + 1600) / 2
    expect(e.contactTime.medianAbs_ms).toBeCloseTo(25, EPS);
  });

  it("pooling two evaluations sums counts and pools raw errors", () => {
    const a = evaluateContacts(ref, det, { tolerance_s: 0.05 });
    const b = evaluateContacts([{ ic_s: 5, to_s: 5.2 }], [{ ic_s: 5.02, to_s: 5.2 }], { tolerance_s: 0.05 });
    const p = poolContactEvaluations([a, b]);
    expect(p.nReference).toBe(4);
    expect(p.nDetected).toBe(4);
    expect(p.nMatched).toBe(3);
    expect(p.recall).toBe(0.75);
    expect(p.ic.n).toBe(3);
    expect(p.ic.bias_ms).toBeCloseTo(20 / 3, EPS); // (10 − 10 + 20) / 3
    expect(p.contactTime.bias_ms).toBeCloseTo(10 / 3, EPS); // (−10 + 40 − 20) / 3
  });
});

describe("contactsFromForce", () => {
  it("interpolates 0.05 BW crossings, bridges short flights, drops short contacts and edge-cut contacts", () => {
    const fs = 100;
    const f = new Array<number>(100).fill(0);
    // contact 1: samples 10..39 at 1 BW, ramp edges: f[9] = 0 → f[10] = 1 crosses 0.05 at 9.05; f[39] = 1 → f[40] = 0
    // crosses at 39.95. A one-sample dip (sample 25 = 0, a 10 ms "flight") must be bridged.
    for (let i = 10; i < 40; i++) f[i] = 1;
    f[25] = 0;
    // a 50 ms blip (samples 50..54) is shorter than 100 ms: dropped.
    for (let i = 50; i < 55; i++) f[i] = 1;
    // contact cut by the end of the trace: dropped.
    for (let i = 80; i < 100; i++) f[i] = 1;
    const c = contactsFromForce(f, fs);
    expect(c).toHaveLength(1);
    expect(c[0]!.ic_s).toBeCloseTo(0.0905, 12);
    expect(c[0]!.to_s).toBeCloseTo(0.3995, 12);
  });

  it("a contact already under way at the first sample is left out", () => {
    const f = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0];
    expect(contactsFromForce(f, 100, { minContact_s: 0.05 })).toEqual([]);
  });
});
