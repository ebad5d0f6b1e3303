/** Gait-cycle curves: one stride resampled to 0–100 %, mirrored by side, and binned for windows chosen afterwards. */
import { describe, expect, it } from "vitest";
import { DEG } from "../../src/core/math/quat.js";
import { CycleCurveBins } from "../../src/fatigue/index.js";
import { CYCLE_POINTS, strideCurves } from "../../src/metrics/gait-cycle.js";
import { SampleRing, type RingSample } from "../../src/pipeline/ring.js";

const P = CYCLE_POINTS;
const RIGHT = Float64Array.of(0, 1, 0), FORWARD = Float64Array.of(0, 0, 1);

/**
 * A ring filled at `fs` with a pelvis whose obliquity is A·sin(2π t/T) (+ = right side up), anterior tilt a constant,
 * yaw B·cos(2π t/T) plus a steady turn, and vertical specific force 1 + C·cos(4π t/T). Sensor frame = body frame
 * with x up, so up is rotated by the obliquity about forward and by the tilt about right.
 */
function ring(fs: number, T: number, seconds: number, A_deg: number, tilt_deg: number, B_deg: number, C_g: number, turn_dps: number): SampleRing {
  const r = new SampleRing(Math.ceil(seconds * fs) + 8);
  r.right.set(RIGHT);
  r.forward.set(FORWARD);
  const f: RingSample = { t_s: 0, ax_g: 0, ay_g: 0, az_g: 0, ux: 0, uy: 0, uz: 0, av_g: 0, yaw_deg: 0 };
  for (let i = 0; i < seconds * fs; i++) {
    const t = i / fs;
    const obl = A_deg * Math.sin((2 * Math.PI * t) / T) * DEG;
    const tilt = tilt_deg * DEG;
    // up in sensor (= body) coordinates: right·up = sin(obliquity), forward·up = −sin(tilt)
    const ru = Math.sin(obl), fu = -Math.sin(tilt);
    f.t_s = t;
    f.ux = Math.sqrt(1 - ru * ru - fu * fu);
    f.uy = ru;
    f.uz = fu;
    const av = 1 + C_g * Math.cos((4 * Math.PI * t) / T);
    f.ax_g = av * f.ux;
    f.ay_g = av * f.uy;
    f.az_g = av * f.uz;
    f.av_g = av;
    f.yaw_deg = B_deg * Math.cos((2 * Math.PI * t) / T) + turn_dps * t;
    r.push(f);
  }
  return r;
}

describe("strideCurves", () => {
  const T = 0.7, fs = 200;
  const r = ring(fs, T, 4, 5, 8, 4, 1.2, 30);
  const neutral = { obliquity_deg: 0, anteriorTilt_deg: 6 };

  it("recovers obliquity, tilt, de-trended rotation and vertical acceleration over the stride", () => {
    const out = new Float64Array(4 * P);
    expect(strideCurves(r, 1.0, 1.0 + T, "right", neutral, true, out)).toBe(true);
    let worst = [0, 0, 0, 0];
    const rotMean = 0; // a cosine over a whole period has zero mean
    for (let p = 0; p < P; p++) {
      const t = 1.0 + (T * p) / (P - 1);
      const want = [5 * Math.sin((2 * Math.PI * t) / T), 8 - 6, 4 * Math.cos((2 * Math.PI * t) / T) - rotMean, 1.2 * Math.cos((4 * Math.PI * t) / T)];
      worst = worst.map((w, k) => Math.max(w, Math.abs(out[k * P + p]! - want[k]!)));
    }
    // linear interpolation of 200 Hz samples: < 0.05° and < 0.01 g for these smooth signals
    expect(worst[0]).toBeLessThan(0.05);
    expect(worst[1]).toBeLessThan(0.001); // constant tilt: only the asin series error (< 0.001°)
    expect(worst[2]).toBeLessThan(0.05); // the 30 deg/s turn is removed
    expect(worst[3]).toBeLessThan(0.01);
  });

  it("refuses a stride the ring no longer holds or that is too long", () => {
    const out = new Float64Array(4 * P);
    expect(strideCurves(r, 0.0, T, "right", neutral, true, out)).toBe(false); // no sample before the start
    expect(strideCurves(r, 3.5, 3.5 + T, "right", neutral, true, out)).toBe(false); // past the last sample
    expect(strideCurves(r, 1.0, 3.0, "right", neutral, true, out)).toBe(false); // 2 s is not one stride
  });

  it("leaves angles NaN without orientation, keeping the vertical signal", () => {
    const out = new Float64Array(4 * P);
    strideCurves(r, 1.0, 1.0 + T, "right", neutral, false, out);
    expect(out.subarray(0, 3 * P).every(Number.isNaN)).toBe(true);
    expect(out.subarray(3 * P).every(Number.isFinite)).toBe(true);
  });
});

describe("CycleCurveBins", () => {
  it("combines the bins of a window into the mean and SD of its strides, per side", () => {
    const bins = new CycleCurveBins(100);
    const strides: number[][] = [];
    for (let k = 0; k < 40; k++) {
      const c = new Float64Array(4 * P).map((_, j) => Math.sin(j / 7) + 0.1 * k + (j % 3));
      strides.push([...c]);
      bins.add(100 + 3 * k, k % 2 === 0 ? "left" : "right", c);
    }
    // window [130, 190): bins starting at 130 and 160 → strides with t in [130, 190): k = 10..29
    const got = bins.combine(130, 190, "left")!;
    const mine = strides.filter((_, k) => k >= 10 && k < 30 && k % 2 === 0);
    expect(got.strides).toBe(mine.length);
    for (const j of [0, 50, 150, 3 * P + 7]) {
      const sig = Math.floor(j / P), p = j % P;
      const name = (["pelvic_obliquity_deg", "pelvic_tilt_deg", "pelvic_rotation_deg", "vertical_acc_g"] as const)[sig]!;
      const xs = mine.map((s) => s[j]!);
      const mu = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mu) ** 2, 0) / (xs.length - 1));
      expect(got.mean[name][p]).toBeCloseTo(mu, 9);
      expect(got.sd[name][p]).toBeCloseTo(sd, 9);
    }
    expect(bins.combine(1000, 2000, "left")).toBeNull();
  });

  it("sums each bin in the order its strides came, also when strides return to a bin left earlier", () => {
    // the bin being added to is summed in the kernel and written back when another bin is used: a bin used again
    // must continue from its own sums (adding the later strides to a fresh sum and merging would round differently)
    const bins = new CycleCurveBins(0);
    const times = [1, 2, 40, 3, 4, 5, 41, 42, 70, 6, 7, 43, 44];
    const sum = new Map<number, Float64Array>(), sq = new Map<number, Float64Array>();
    times.forEach((t, k) => {
      const c = new Float64Array(4 * P).map((_, j) => Math.cos(j * 0.37 + k) * (1 + k / 3) + 1e-3 * j);
      bins.add(t, "left", c);
      const b = Math.floor(t / 30);
      if (!sum.has(b)) {
        sum.set(b, new Float64Array(4 * P));
        sq.set(b, new Float64Array(4 * P));
      }
      for (let j = 0; j < 4 * P; j++) {
        sum.get(b)![j] = sum.get(b)![j]! + c[j]!;
        sq.get(b)![j] = sq.get(b)![j]! + c[j]! * c[j]!;
      }
    });
    for (const [b, n] of [[0, 7], [1, 5], [2, 1]] as const) {
      const got = bins.combine(30 * b, 30 * b + 30, "left")!;
      expect(got.strides).toBe(n);
      for (let p = 0; p < P; p++) {
        // the same arithmetic as combine, on sums made in arrival order: equal to the bit
        const mu = sum.get(b)![p]! / n;
        expect(got.mean.pelvic_obliquity_deg[p]).toBe(mu);
        expect(got.sd.pelvic_obliquity_deg[p]).toBe(n > 1 ? Math.sqrt(Math.max(0, (sq.get(b)![p]! - n * mu * mu) / (n - 1))) : 0);
      }
    }
  });

  it("counts strides without angles for the vertical signal only", () => {
    const bins = new CycleCurveBins(0);
    const withAngles = new Float64Array(4 * P).fill(2);
    const without = new Float64Array(4 * P).fill(4);
    without.fill(Number.NaN, 0, 3 * P);
    bins.add(1, "right", withAngles);
    bins.add(2, "right", without);
    const c = bins.combine(0, 30, "right")!;
    expect(c.strides).toBe(2);
    expect(c.mean.pelvic_obliquity_deg[10]).toBe(2);
    expect(c.mean.vertical_acc_g[10]).toBe(3);
  });
});
