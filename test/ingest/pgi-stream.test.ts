/** From PGI frames to timed samples: device-clock timing with a fitted period, lost and repeated samples. */
import { describe, expect, it } from "vitest";
import { encodeDataFrame, decodeDataFrame, type PgiConfig } from "../../src/ingest/pgi.js";
import { ClockFit, PgiStream } from "../../src/ingest/pgi-stream.js";

const CFG: PgiConfig = { cfgId: 3, odr_hz: 208, accScale_mps2: 0.000488 * 9.80665, gyroScale_dps: 0.07, nPerFrame: 4 };

function frame(idx0: number, t0_us: number, n = 4, cfgId = 3): ReturnType<typeof decodeDataFrame> {
  const samples = new Int16Array(6 * n);
  for (let k = 0; k < n; k++) samples.set([2049, -1, 0, 100, -100, idx0 + k], 6 * k);
  return decodeDataFrame(encodeDataFrame({ type: 1, seq: idx0 / n, cfgId, flags: 0, idx0, t0_us, samples }));
}

describe("PgiStream", () => {
  it("scales counts to g and deg/s and times samples from the device clock", () => {
    const s = new PgiStream(CFG);
    const T = 1e6 / 208;
    const a = s.push(frame(0, 5_000_000)!)!;
    const b = s.push(frame(4, 5_000_000 + Math.round(4 * T))!)!;
    expect(a.ax_g[0]).toBeCloseTo(2049 * 0.000488, 9); // 1.0 g
    expect(a.gx_dps![0]).toBeCloseTo(7, 9);
    expect(a.t_s[0]).toBe(0);
    expect(b.t_s[0]).toBeCloseTo((4 * T) / 1e6, 6);
    expect(b.t_s[3]! - b.t_s[0]!).toBeCloseTo((3 * T) / 1e6, 5);
    expect(s.gaps).toEqual([]);
  });

  it("reports lost samples as a gap and drops repeated ones", () => {
    const s = new PgiStream(CFG);
    const T = 1e6 / 208;
    s.push(frame(0, 0)!);
    s.push(frame(12, Math.round(12 * T))!); // frames 4 and 8 lost
    expect(s.stats.lostSamples).toBe(8);
    expect(s.gaps).toHaveLength(1);
    expect(s.gaps[0]![1]).toBeCloseTo((12 * T) / 1e6, 6);
    expect(s.push(frame(12, Math.round(12 * T))!)).toBeNull(); // sent twice
    const overlap = s.push(frame(14, Math.round(14 * T))!)!; // half new
    expect(overlap.length).toBe(2);
    expect(s.stats.duplicateSamples).toBe(4 + 2);
    expect(s.push(frame(18, 0, 4, 9)!)).toBeNull(); // another configuration's frame
    expect(s.stats.foreignConfigFrames).toBe(1);
  });

  it("fits the device's real sample period (oscillator off by 300 ppm) and unwraps its 32-bit clock", () => {
    const s = new PgiStream(CFG);
    const T = (1e6 / 208) * (1 + 300e-6);
    const start = 2 ** 32 - 50_000; // wraps after 50 ms
    let last = -1;
    for (let i = 0; i < 500; i++) {
      const b = s.push(frame(4 * i, (start + Math.round(4 * i * T)) % 2 ** 32)!)!;
      expect(b.t_s[0]).toBeGreaterThan(last);
      last = b.t_s[b.length - 1]!;
    }
    expect(Math.abs(s.stats.period_s / (T / 1e6) - 1)).toBeLessThan(1e-6);
    expect(last).toBeCloseTo((1999 * T) / 1e6, 4);
  });

  it("ClockFit falls back to the nominal period until two frames are in", () => {
    const c = new ClockFit();
    expect(c.slope_us(4807.7)).toBe(4807.7);
    c.add(0, 0);
    c.add(19, 19 * 4810);
    expect(c.slope_us(4807.7)).toBeCloseTo(4810, 6);
  });
});
