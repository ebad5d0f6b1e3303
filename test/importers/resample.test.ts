/**
 * The stream resampler against signals with known values: phases kept (no delay), band-limited content kept, content
 * above the output Nyquist removed, irregular (phone-like) timing, gaps never bridged, bad timestamps dropped.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/math/rng.js";
import { StreamResampler } from "../../src/importers/resample.js";

type Sig = (t: number) => number;
const run = (sig: Sig, times: number[], inRate: number, outRate: number, origin = 0) => {
  const out: Array<[number, number]> = [];
  const r = new StreamResampler({ inRate_hz: inRate, outRate_hz: outRate, origin_s: origin }, (k, x) => out.push([origin + k / outRate, x]));
  for (const t of times) r.push(t, sig(t), 0, 0);
  r.end();
  return { out, r };
};
const sines = (parts: Array<[number, number]>): Sig => (t) => parts.reduce((s, [f, a]) => s + a * Math.sin(2 * Math.PI * f * t + f), 0);
const jittered = (rate: number, seconds: number, jitter_s: number, seed = 1): number[] => {
  const rng = new Rng(seed);
  return Array.from({ length: Math.floor(seconds * rate) }, (_, i) => i / rate + (rng.uniform() - 0.5) * 2 * jitter_s);
};
const rms = (xs: number[]): number => Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length);

describe("StreamResampler", () => {
  it("moves a 100 Hz stream onto a shifted 100 Hz grid: 12 Hz within 0.1 %, 25 Hz within 5 %", () => {
    for (const [f, bound] of [[3, 0.0001], [12, 0.001], [25, 0.05]] as const) {
      const sig = sines([[f, 1]]);
      const { out } = run(sig, jittered(100, 20, 0), 100, 100, 0.0037);
      const inner = out.filter(([t]) => t > 0.1 && t < 19.9);
      expect(inner.length).toBeGreaterThan(1970);
      expect(rms(inner.map(([t, v]) => v - sig(t))) / Math.SQRT1_2).toBeLessThan(bound);
    }
  });

  it("takes an irregular 415 Hz phone stream to 100 Hz: gait content kept, 150 Hz removed, no delay", () => {
    const keep = sines([[2.8, 1], [8, 0.6], [22, 0.3]]);
    // a 150 Hz vibration at a fifth of the largest gait component (phone sensors low-pass below their Nyquist)
    const sig: Sig = (t) => keep(t) + 0.2 * Math.sin(2 * Math.PI * 150 * t);
    const { out, r } = run(sig, jittered(415, 30, 0.4e-3), 415, 100);
    expect(r.taps).toBeGreaterThan(101);
    const inner = out.filter(([t]) => t > 1 && t < 29);
    // 150 Hz would fold onto 50 Hz: it is gone, and the gait content is kept to 1 % of its largest part
    expect(rms(inner.map(([t, v]) => v - keep(t)))).toBeLessThan(0.01);
    // without the vibration, 0.1 %
    const clean = run(keep, jittered(415, 30, 0.4e-3), 415, 100).out.filter(([t]) => t > 1 && t < 29);
    expect(rms(clean.map(([t, v]) => v - keep(t)))).toBeLessThan(0.001);
  });

  it("places a sharp pulse at its true time (the filter delay is taken off)", () => {
    const t0 = 5.0123;
    const sig: Sig = (t) => Math.exp(-(((t - t0) / 0.02) ** 2));
    const { out } = run(sig, jittered(400, 10, 0.3e-3, 4), 400, 100);
    const w = out.reduce((s, [, v]) => s + v, 0);
    const centroid = out.reduce((s, [t, v]) => s + t * v, 0) / w;
    expect(Math.abs(centroid - t0)).toBeLessThan(0.5e-3);
  });

  it("never bridges a gap, and keeps the data on both sides", () => {
    const times = [...jittered(100, 10, 1e-3), ...jittered(100, 10, 1e-3, 2).map((t) => t + 11.5)];
    const sig = sines([[2, 1]]);
    const { out } = run(sig, times, 100, 50);
    const inHole = out.filter(([t]) => t > 10.0 && t < 11.5);
    expect(inHole).toHaveLength(0);
    expect(out.filter(([t]) => t < 10).length).toBeGreaterThan(490);
    expect(out.filter(([t]) => t > 11.5).length).toBeGreaterThan(490);
    // ends of the runs are right too (filtered with end extension): within 3 % at a slow signal
    expect(Math.max(...out.map(([t, v]) => Math.abs(v - sig(t))))).toBeLessThan(0.03);
  });

  it("drops repeated and backwards timestamps and counts them", () => {
    const times = jittered(100, 5, 0);
    const bad = [...times.slice(0, 200), times[199]!, times[150]!, ...times.slice(200)];
    const sig = sines([[1, 1]]);
    const { out, r } = run(sig, bad, 100, 100, 0.002);
    expect(r.dropped).toBe(2);
    expect(Math.max(...out.map(([t, v]) => Math.abs(v - sig(t))))).toBeLessThan(1e-3);
  });
});
