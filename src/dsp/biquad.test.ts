/** Butterworth cascade tests against analytic golden values (bilinear transform pre-warped at the cut-off). */
import { describe, expect, it } from "vitest";
import { BiquadCascade, designButterworth } from "./biquad.js";

/** Exact digital magnitude of a pre-warped bilinear Butterworth low-pass of order n. */
function lowpassGain(f_hz: number, fc_hz: number, fs_hz: number, n: number): number {
  const r = Math.tan((Math.PI * f_hz) / fs_hz) / Math.tan((Math.PI * fc_hz) / fs_hz);
  return 1 / Math.sqrt(1 + r ** (2 * n));
}

/** Same for the high-pass (the analog prototype s → ωc/s). */
function highpassGain(f_hz: number, fc_hz: number, fs_hz: number, n: number): number {
  const r = Math.tan((Math.PI * fc_hz) / fs_hz) / Math.tan((Math.PI * f_hz) / fs_hz);
  return 1 / Math.sqrt(1 + r ** (2 * n));
}

/**
 * Exact DC group delay of the pre-warped bilinear Butterworth low-pass, seconds: the analog prototype's delay
 * Σ 1/Q_k (Q_k = 1 / (2 sin((2k+1)π/(2n)))) divided by ωc, times the bilinear slope K·T/2 at DC.
 */
function lowpassDcDelay_s(fc_hz: number, fs_hz: number, n: number): number {
  let sumInvQ = 0;
  for (let k = 0; k < n / 2; k++) sumInvQ += 2 * Math.sin(((2 * k + 1) * Math.PI) / (2 * n));
  return sumInvQ / (2 * fs_hz * Math.tan((Math.PI * fc_hz) / fs_hz));
}

// Float64 identities on a handful of operations: 1e-12 relative is far above round-off, far below any design error.
const TIGHT = 1e-12;

describe("designButterworth", () => {
  it.each([2, 4, 6, 8])("low-pass order %i: unity DC gain, −3 dB at the cut-off, exact magnitude curve", (n) => {
    const f = BiquadCascade.butterworth({ type: "lowpass", order: n, cutoff_hz: 20, sampleRate_hz: 500 });
    expect(f.sectionCount).toBe(n / 2);
    expect(f.dcGain).toBeCloseTo(1, 12);
    expect(f.response(20).gain).toBeCloseTo(Math.SQRT1_2, 12);
    for (const fr of [1, 5, 12, 30, 60, 120, 240]) {
      expect(Math.abs(f.response(fr).gain - lowpassGain(fr, 20, 500, n))).toBeLessThan(TIGHT);
    }
  });

  it("high-pass: zero DC gain, −3 dB at the cut-off, unity at Nyquist", () => {
    const f = BiquadCascade.butterworth({ type: "highpass", order: 4, cutoff_hz: 0.5, sampleRate_hz: 100 });
    expect(Math.abs(f.dcGain)).toBeLessThan(TIGHT);
    expect(f.response(0.5).gain).toBeCloseTo(Math.SQRT1_2, 12);
    expect(f.response(50).gain).toBeCloseTo(1, 12);
    for (const fr of [0.1, 0.3, 2, 10]) {
      expect(Math.abs(f.response(fr).gain - highpassGain(fr, 0.5, 100, 4))).toBeLessThan(TIGHT);
    }
  });

  it("band-pass = high-pass(lower edge) · low-pass(upper edge)", () => {
    const spec = { type: "bandpass", order: 4, cutoff_hz: [1.5, 5] as const, sampleRate_hz: 200 } as const;
    const f = BiquadCascade.butterworth(spec);
    expect(f.sectionCount).toBe(4);
    expect(Math.abs(f.dcGain)).toBeLessThan(TIGHT);
    for (const fr of [0.5, 1.5, 2.7, 5, 12]) {
      const expected = highpassGain(fr, 1.5, 200, 4) * lowpassGain(fr, 5, 200, 4);
      expect(Math.abs(f.response(fr).gain - expected)).toBeLessThan(TIGHT);
    }
  });

  it("rejects odd orders, out-of-range cut-offs and swapped band edges", () => {
    expect(() => designButterworth({ type: "lowpass", order: 3, cutoff_hz: 10, sampleRate_hz: 100 })).toThrow(RangeError);
    expect(() => designButterworth({ type: "lowpass", order: 26, cutoff_hz: 10, sampleRate_hz: 100 })).toThrow(RangeError);
    expect(() => designButterworth({ type: "lowpass", order: 2, cutoff_hz: 50, sampleRate_hz: 100 })).toThrow(/cutoff_hz/);
    expect(() => designButterworth({ type: "lowpass", order: 2, cutoff_hz: [1, 2], sampleRate_hz: 100 })).toThrow(RangeError);
    expect(() => designButterworth({ type: "bandpass", order: 2, cutoff_hz: [5, 2], sampleRate_hz: 100 })).toThrow(/lower < upper/);
    expect(() => designButterworth({ type: "bandpass", order: 2, cutoff_hz: 5, sampleRate_hz: 100 })).toThrow(RangeError);
    expect(() => designButterworth({ type: "highpass", order: 2, cutoff_hz: 5, sampleRate_hz: 0 })).toThrow(RangeError);
  });

  it("returns frozen sections", () => {
    const s = designButterworth({ type: "lowpass", order: 2, cutoff_hz: 10, sampleRate_hz: 100 });
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s[0])).toBe(true);
  });
});

describe("BiquadCascade", () => {
  it("impulse response sums to the DC gain (1 for low-pass, 0 for high-pass)", () => {
    for (const [type, dc] of [["lowpass", 1], ["highpass", 0]] as const) {
      const f = BiquadCascade.butterworth({ type, order: 4, cutoff_hz: 10, sampleRate_hz: 200 });
      let sum = f.step(1);
      for (let i = 0; i < 5000; i++) sum += f.step(0);
      // The tail after 5000 samples (25 s at a 10 Hz cut-off) is below 1e-12.
      expect(Math.abs(sum - dc)).toBeLessThan(1e-10);
    }
  });

  it("reset(x0) starts in the steady state of a constant input: no ringing", () => {
    const lp = BiquadCascade.butterworth({ type: "lowpass", order: 4, cutoff_hz: 20, sampleRate_hz: 500 });
    const hp = BiquadCascade.butterworth({ type: "highpass", order: 2, cutoff_hz: 0.5, sampleRate_hz: 500 });
    lp.reset(1);
    hp.reset(1);
    for (let i = 0; i < 200; i++) {
      expect(Math.abs(lp.step(1) - 1)).toBeLessThan(TIGHT);
      expect(Math.abs(hp.step(1))).toBeLessThan(TIGHT);
    }
    // Without the steady-state start a low-pass started from zero state overshoots on a 1 g step.
    lp.reset();
    let max = 0;
    for (let i = 0; i < 200; i++) max = Math.max(max, lp.step(1));
    expect(max).toBeGreaterThan(1.05);
  });

  it("a sine is passed or attenuated by exactly |H(f)| once the transient has decayed", () => {
    const fs = 500;
    const f = BiquadCascade.butterworth({ type: "lowpass", order: 4, cutoff_hz: 20, sampleRate_hz: fs });
    for (const fr of [3, 20, 80]) {
      f.reset();
      let peak = 0;
      for (let i = 0; i < 4 * fs; i++) {
        const y = f.step(Math.sin((2 * Math.PI * fr * i) / fs));
        if (i >= 2 * fs) peak = Math.max(peak, Math.abs(y));
      }
      // The sampled peak lies within (1 − cos(π f/fs)) of the true amplitude; the transient is < 1e-6 after 2 s.
      const g = lowpassGain(fr, 20, fs, 4);
      expect(peak).toBeLessThanOrEqual(g + 1e-6);
      expect(peak).toBeGreaterThanOrEqual(g * Math.cos((Math.PI * fr) / fs) - 1e-6);
    }
  });

  it("DC group delay matches the analytic value and delays a slow ramp by that much", () => {
    for (const n of [2, 4]) {
      const fs = 200;
      const f = BiquadCascade.butterworth({ type: "lowpass", order: n, cutoff_hz: 15, sampleRate_hz: fs });
      const tau = lowpassDcDelay_s(15, fs, n);
      expect(Math.abs(f.groupDelay_s() - tau)).toBeLessThan(TIGHT);
      // A ramp (pure DC + first-order term) comes out delayed by exactly the DC group delay in steady state.
      f.reset();
      let y = 0;
      const N = 4000;
      for (let i = 0; i < N; i++) y = f.step(i / fs);
      expect(Math.abs((N - 1) / fs - y - tau)).toBeLessThan(1e-9);
    }
  });

  it("high-pass DC group delay is the finite limit f → 0", () => {
    const f = BiquadCascade.butterworth({ type: "highpass", order: 2, cutoff_hz: 1, sampleRate_hz: 100 });
    const atDc = f.groupDelay_s(0);
    expect(Number.isFinite(atDc)).toBe(true);
    expect(Math.abs(atDc - f.groupDelay_s(1e-4))).toBeLessThan(1e-6);
  });

  it("response phase at DC is 0 for a low-pass", () => {
    const f = BiquadCascade.butterworth({ type: "lowpass", order: 2, cutoff_hz: 10, sampleRate_hz: 100 });
    expect(f.response(0).phase_rad).toBeCloseTo(0, 12);
  });
});
